"""Acceptance (issue 21, finding 7a): each secret link opens its own door only, and a
correction link stops working once the citizen has resubmitted."""
from portal.extensions import db
from portal.models import Officer, OutboxMessage
from portal.workflow import transitions
from tests.fixtures.citizen import open_secret_link


def _correction_token(application) -> str:
    notice = db.session.execute(db.select(OutboxMessage).filter_by(
        application_id=application.id, template="citizen_returned")).scalars().first()
    return notice.payload["correction_token"]


def _approver(application) -> Officer:
    return db.session.execute(db.select(Officer).filter_by(
        unit_id=application.pending_unit_id, position=application.pending_step)).scalar_one()


def _returned_and_resubmitted(make_application):
    """Confirmed, returned by the first officer, resubmitted by the citizen: its correction token."""
    application = make_application(service_code="sku")
    transitions.perform(application.id, "confirm", transitions.SYSTEM)
    transitions.perform(application.id, "return", transitions.actor_for(_approver(application)),
                        expected_version=application.version, remark="Foto KTP buram.")
    token = _correction_token(application)
    transitions.perform(application.id, "resubmit", transitions.CITIZEN,
                        expected_version=application.version)
    return application, token


def _finish(application) -> None:
    while application.status != "selesai":
        transitions.perform(application.id, "approve", transitions.actor_for(_approver(application)),
                            expected_version=application.version)


def test_a_used_correction_link_no_longer_opens_the_correction_page(client, make_application):
    application, token = _returned_and_resubmitted(make_application)
    assert open_secret_link(client, f"/perbaikan/{token}").status_code == 404


def test_a_correction_link_does_not_download_the_finished_letter(client, make_application,
                                                                 print_letter):
    application, token = _returned_and_resubmitted(make_application)
    _finish(application)
    application.service.allow_citizen_download = False  # no download link goes out with it
    db.session.commit()
    print_letter(application)
    application.service.allow_citizen_download = True  # the Administrator allows it later
    db.session.commit()
    response = open_secret_link(client, f"/surat/unduh/{token}", press=True)
    assert response.status_code == 404 and response.mimetype != "application/pdf"
