"""Acceptance: where a service offers it, the citizen asks for the letter by post when
applying; the unit Admin records the dispatch with the courier's tracking number, which the
citizen is told and sees on the tracking page."""
from portal.extensions import db, mail
from portal.letters import postal
from portal.models import Application, OutboxMessage, PostalDelivery, Service
from tests.fixtures.citizen import link_in

ADDRESS = "Jl. Duyung No. 5, RT 002/RW 004, Lubuk Baja Kota, Batam 29432"


def _offer_post(code: str = "sku") -> None:
    service = db.session.execute(db.select(Service).filter_by(code=code)).scalar_one()
    service.offers_postal_delivery = True
    db.session.commit()


def test_the_citizen_chooses_the_post_on_the_form_and_needs_an_address(client, apply_online):
    assert "Dikirim melalui pos/kurir" not in client.get("/layanan/sku/ajukan").get_data(
        as_text=True)
    _offer_post()
    assert "Dikirim melalui pos/kurir" in client.get("/layanan/sku/ajukan").get_data(
        as_text=True)
    refused, nothing = apply_online(client, "sku", handover="post", delivery_address=" ")
    assert refused.status_code == 200 and nothing is None
    assert 'id="delivery_address-error"' in refused.get_data(as_text=True)
    response, application = apply_online(client, "sku", handover="post",
                                         delivery_address=ADDRESS)
    assert response.status_code == 303
    assert postal.delivery_of(application.id).address == ADDRESS
    tracking = client.get(f"/lacak?no={application.reg_no}").get_data(as_text=True)
    assert "akan dikirim melalui pos/kurir" in tracking
    _, collected = apply_online(client, "sku", handover="pickup")
    assert postal.delivery_of(collected.id) is None


def _finished_by_post(finish_application, print_letter) -> tuple[Application, PostalDelivery]:
    _offer_post()
    application = finish_application("sku")
    delivery = postal.request_delivery(application, ADDRESS)
    db.session.commit()
    print_letter(application)  # logs the client in as the issuing unit's Admin
    return application, delivery


def test_the_admin_records_the_dispatch_and_the_citizen_sees_the_tracking_number(
        app, client, finish_application, print_letter):
    application, delivery = _finished_by_post(finish_application, print_letter)
    listing = client.get("/admin/pengiriman/").get_data(as_text=True)
    assert application.reg_no in listing and "Belum dikirim" in listing
    with mail.record_messages() as mails:
        sent = client.post(f"/admin/pengiriman/edit/?id={delivery.id}",
                           data={"courier": "Pos Indonesia", "tracking_number": "P2612030001"})
    assert sent.status_code == 302
    db.session.expire_all()
    assert application.status == "diserahkan" and delivery.dispatched_at is not None
    assert application.history[-1].remark == "Dikirim melalui Pos Indonesia, nomor resi P2612030001"
    templates = set(db.session.execute(db.select(OutboxMessage.template).filter_by(
        application_id=application.id)).scalars())
    assert "citizen_dispatched" in templates and "citizen_handed_over" not in templates
    notice = db.session.execute(db.select(OutboxMessage).filter_by(
        template="citizen_dispatched")).scalar_one()
    assert notice.payload["tracking_number"] == "P2612030001"
    assert link_in(mails, "/survei/")  # the dispatch invites to the survey
    page = app.test_client().get(f"/lacak?no={application.reg_no}").get_data(as_text=True)
    assert 'id="nomor-resi">P2612030001' in page and "Pos Indonesia" in page


def test_a_dispatch_needs_courier_and_number_and_stays_in_its_unit(
        client, login_as, officer, finish_application, print_letter):
    application, delivery = _finished_by_post(finish_application, print_letter)
    empty = client.post(f"/admin/pengiriman/edit/?id={delivery.id}",
                        data={"courier": "JNE", "tracking_number": " "}, follow_redirects=True)
    assert "Nomor resi wajib diisi." in empty.get_data(as_text=True)
    db.session.expire_all()
    assert application.status == "selesai" and delivery.dispatched_at is None
    login_as(officer("Batu Selicin", "admin"))
    assert application.reg_no not in client.get("/admin/pengiriman/").get_data(as_text=True)
    assert client.post(f"/admin/pengiriman/edit/?id={delivery.id}", data={
        "courier": "JNE", "tracking_number": "X1"}).status_code == 404
