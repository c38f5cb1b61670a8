"""The tracking page is kept rendered per change; what changes outside a status change (the
postal delivery, the survey answer) shows there at once, and only the resend form is new at
every visit."""
import re

from flask import g

from portal.extensions import cache, db
from portal.letters import postal
from portal.models import Service
from portal.standards import survey

ADDRESS = "Jl. Duyung No. 5, RT 002/RW 004, Lubuk Baja Kota, Batam 29432"


def test_a_postal_delivery_asked_after_the_letter_shows_at_once(app, finish_application):
    service = db.session.execute(db.select(Service).filter_by(code="sku")).scalar_one()
    service.offers_postal_delivery = True
    application = finish_application("sku")
    citizen = app.test_client()
    url = f"/lacak?no={application.reg_no}"
    assert "dapat diambil di" in citizen.get(url).get_data(as_text=True)
    postal.request_delivery(application, ADDRESS)
    db.session.commit()
    page = citizen.get(url).get_data(as_text=True)
    assert "akan dikirim melalui pos/kurir" in page and "dapat diambil di" not in page


def test_an_answered_survey_leaves_the_tracking_page_at_once(app, client, finish_application,
                                                             print_letter):
    application = finish_application("sku")
    letter = print_letter(application)
    assert client.post(f"/admin/surat/{letter.id}/serahkan", data={
        "penerima": "Siti Rahmawati", "version": application.version}).status_code == 302
    db.session.expire_all()
    for officers_value in ("csrf_token", "csp_nonce"):  # served, each request has its own g
        g.pop(officers_value, None)
    citizen = app.test_client()
    url = f"/lacak?no={application.reg_no}"
    assert "Isi survei" in citizen.get(url).get_data(as_text=True)
    assert kept_tracking_pages()
    survey.submit(application, {f"u{number}": 3 for number in range(1, 10)})
    assert "Isi survei" not in citizen.get(url).get_data(as_text=True)


def test_the_resend_form_of_a_kept_page_carries_each_visitors_own_token(make_app,
                                                                       make_application):
    application = make_application()  # Terdaftar: its page has the resend form
    app = make_app(WTF_CSRF_ENABLED=True)
    url = f"/lacak?no={application.reg_no}"
    tokens = [re.search(r'name="csrf_token" value="([^"]+)"',
                        app.test_client().get(url).get_data(as_text=True)).group(1)
              for _ in range(2)]
    assert tokens[0] != tokens[1]


def kept_tracking_pages() -> list[str]:
    """The keys of whole tracking pages now in the (in-process) cache."""
    return [key for key in cache.cache._cache if re.match(r"([\w-]+:)?track-page:", key)]


def test_an_anonymous_visitor_gets_the_kept_page_until_the_next_decision(
        client, make_application, advance):
    application = advance(make_application())
    url = f"/lacak?no={application.reg_no}"
    first = client.get(url).get_data(as_text=True)
    assert kept_tracking_pages() and client.get(url).get_data(as_text=True) == first
    advance(application, approvals=1)
    page = client.get(url).get_data(as_text=True)
    assert "Disetujui Admin Kelurahan Lubuk Baja Kota" in page and page != first


def test_a_logged_in_citizen_never_gets_the_kept_tracking_page(
        make_app, make_application, advance, citizen_account, citizen_login):
    citizen_account()
    application = advance(make_application())
    url = f"/lacak?no={application.reg_no}"
    app = make_app()
    anonymous, citizen = app.test_client(), app.test_client()
    assert citizen_login(citizen).status_code == 303
    citizen.get(url)
    with app.app_context():
        assert kept_tracking_pages() == []  # the citizen's page is not kept either
    anonymous.get(url)
    with app.app_context():
        [key] = kept_tracking_pages()
        version, _ = cache.get(key)
        cache.set(key, (version, "SALINAN BERSAMA"))
    assert "SALINAN BERSAMA" not in citizen.get(url).get_data(as_text=True)
    assert anonymous.get(url).get_data(as_text=True) == "SALINAN BERSAMA"
