"""Acceptance: the hand-over's notice (or, for a letter downloaded, an invitation of its own)
brings the citizen the SKM survey on their channel, and the tracking page shows it too; it
needs no account; each application is answered once, and a second answer is refused politely."""
import pytest
from sqlalchemy.exc import IntegrityError

from portal.citizens.secret_links import DOWNLOAD, issue_token
from portal.extensions import db, mail
from portal.models import OutboxMessage, SurveyResponse
from portal.standards import survey
from tests.fixtures.citizen import link_in, open_secret_link

ALL_THREES = {f"u{number}": "3" for number in range(1, 10)}


def _handed_over(client, finish_application, print_letter):
    application = finish_application("sku")
    letter = print_letter(application)
    response = client.post(f"/admin/surat/{letter.id}/serahkan",
                           data={"penerima": "Siti Rahmawati", "version": application.version})
    assert response.status_code == 302
    db.session.expire_all()
    return application


def _notice(application, template: str) -> OutboxMessage:
    return db.session.execute(db.select(OutboxMessage).filter_by(
        application_id=application.id, template=template)).scalar_one()


def test_the_hand_over_invites_and_the_survey_is_answered_once(app, client, finish_application,
                                                              print_letter):
    with mail.record_messages() as sent:
        application = _handed_over(client, finish_application, print_letter)
    path = link_in(sent, "/survei/")  # in the hand-over notice
    assert _notice(application, "citizen_handed_over").payload["survey_url"]
    assert db.session.query(OutboxMessage).filter_by(
        template="citizen_survey_invitation").count() == 0  # no extra message
    citizen = app.test_client()  # no account, no officer session
    tracking = citizen.get(f"/lacak?no={application.reg_no}").get_data(as_text=True)
    assert "Isi survei" in tracking and path in tracking
    landed = citizen.get(path)  # the token goes to the session, the form's page has none
    assert landed.status_code == 303
    page = citizen.get(landed.headers["Location"])
    assert page.status_code == 200
    path = landed.headers["Location"]
    text = page.get_data(as_text=True)
    assert "Penanganan Pengaduan, Saran dan Masukan" in text and "Sangat sesuai" in text

    first = citizen.post(path, data={**ALL_THREES, "u4": "4", "suggestion": "Antrean rapi."})
    assert first.status_code == 200 and "Terima kasih atas penilaian Anda" in first.get_data(
        as_text=True)
    stored = db.session.execute(db.select(SurveyResponse)).scalar_one()
    assert stored.scores() == (3, 3, 3, 4, 3, 3, 3, 3, 3)
    assert stored.unit_id == application.final_unit_id and stored.suggestion == "Antrean rapi."

    second = citizen.post(path, data={**ALL_THREES, "u1": "1"})
    assert second.status_code == 409
    assert "survei untuk permohonan ini sudah diisi" in second.get_data(as_text=True)
    assert db.session.query(SurveyResponse).count() == 1
    assert "Isi survei" not in citizen.get(f"/lacak?no={application.reg_no}").get_data(
        as_text=True)


def test_a_missing_answer_keeps_the_others_and_names_the_question(app, client,
                                                                 finish_application,
                                                                 print_letter):
    application = _handed_over(client, finish_application, print_letter)
    path = f"/survei/{survey.survey_token(application)}"
    answers = {key: value for key, value in ALL_THREES.items() if key != "u7"}
    citizen = app.test_client()
    form_page = citizen.get(path).headers["Location"]
    response = citizen.post(form_page, data={**answers, "u2": "4"})
    text = response.get_data(as_text=True)
    assert response.status_code == 400 and "Pilih salah satu jawaban." in text
    assert '<input checked id="u2-3" name="u2" required type="radio" value="4">' in text
    assert 'id="u7-error"' in text and 'id="u1-error"' not in text
    assert db.session.query(SurveyResponse).count() == 0


def test_one_answer_per_application_is_also_the_databases_rule(app, client, finish_application,
                                                              print_letter):
    application = _handed_over(client, finish_application, print_letter)
    scores = {f"u{number}": 4 for number in range(1, 10)}
    survey.submit(application, scores)
    with pytest.raises(survey.SurveyRefused) as refused:
        survey.submit(application, scores)
    assert refused.value.code == "answered"
    db.session.add(SurveyResponse(application_id=application.id, unit_id=1,
                                  service_id=application.service_id, **scores))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_no_survey_before_the_letter_and_no_survey_with_a_forged_link(app, finish_application):
    application = finish_application("skck")  # Selesai, but not downloadable nor handed over
    citizen = app.test_client()
    response = open_secret_link(citizen, f"/survei/{survey.survey_token(application)}")
    assert response.status_code == 409
    assert "setelah surat diserahkan atau diunduh" in response.get_data(as_text=True)
    assert open_secret_link(citizen, f"/survei/{application.id}").status_code == 404
    assert "Isi survei" not in citizen.get(f"/lacak?no={application.reg_no}").get_data(
        as_text=True)


def test_the_first_download_invites_once(app, finish_application, print_letter):
    application = finish_application("sku")  # the seed lets citizens download it
    print_letter(application)
    token = issue_token(application, DOWNLOAD)
    db.session.commit()
    citizen = app.test_client()
    with mail.record_messages() as sent:
        assert open_secret_link(citizen, f"/surat/unduh/{token}", press=True).status_code == 200
        assert open_secret_link(citizen, f"/surat/unduh/{token}", press=True).status_code == 200
    assert _notice(application, "citizen_survey_invitation")  # one invitation
    assert link_in(sent, "/survei/") == f"/survei/{survey.survey_token(application)}"
