"""In English, statuses and the words that mean two things in Indonesian read as an English reader expects."""
import re

from flask_babel import force_locale

from portal.workflow.status_text import status_text
from portal.workflow.engine import EVENT_LABELS, STATUSES


def test_tracking_in_english_words_every_status_in_english(client, returned_by_kasi):
    application = returned_by_kasi

    page = client.get(f"/lacak?no={application.reg_no}&lang=en").get_data(as_text=True)
    for text in ("Registered", "Confirmed, awaiting verification",
                 "Approved by Admin Kelurahan Lubuk Baja Kota",
                 "Returned for correction by Kasi Kelurahan Lubuk Baja Kota"):
        assert text in page
    for indonesian in ("Terdaftar", "Disetujui Admin", "Dikembalikan untuk perbaikan"):
        assert indonesian not in page


def test_tracking_in_indonesian_keeps_the_stored_wording(client, returned_by_kasi):
    page = client.get(f"/lacak?no={returned_by_kasi.reg_no}&lang=id").get_data(as_text=True)
    assert "Dikembalikan untuk perbaikan oleh Kasi Kelurahan Lubuk Baja Kota" in page
    assert "Returned for correction" not in page


def test_the_api_labels_statuses_in_the_language_asked_for(
        client, returned_by_kasi, forget_language):
    english = client.get(f"/api/v1/lacak/{returned_by_kasi.reg_no}?lang=en").get_json()
    assert english["status"]["label"] == "Returned for correction by Kasi Kelurahan Lubuk Baja Kota"
    assert [row["status_label"] for row in english["timeline"]][:3] == [
        "Registered", "Confirmed, awaiting verification",
        "Approved by Admin Kelurahan Lubuk Baja Kota"]
    forget_language()
    indonesian = client.get(f"/api/v1/lacak/{returned_by_kasi.reg_no}").get_json()
    assert indonesian["status"]["label"].startswith("Dikembalikan untuk perbaikan oleh Kasi")


def test_an_officer_reading_english_sees_letters_list_and_english_statuses(
        make_application, advance, officer, login_as):
    application = advance(make_application(), approvals=1)
    browser = login_as(officer("Lubuk Baja Kota", "admin"))

    queue = browser.get("/admin/in-progress/?lang=en").get_data(as_text=True)
    assert "Approved by Admin Kelurahan Lubuk Baja Kota" in queue
    assert re.search(r'href="/admin/surat/">\s*Letters</a>', queue)
    details = browser.get(f"/admin/in-progress/details/?id={application.id}").get_data(as_text=True)
    assert ">List</a>" in details and ">Daftar</a>" not in details
    assert "Approved by Admin Kelurahan Lubuk Baja Kota" in details


def test_every_status_of_the_workflow_has_an_english_wording(app):
    with app.test_request_context(), force_locale("en"):
        untranslated = [label for label in STATUSES.values() if status_text(label) == label]
    assert untranslated == []


def test_every_event_label_of_the_workflow_has_an_english_wording(app):
    with app.test_request_context(), force_locale("en"):
        labels = [label.format(who="Admin Kelurahan Lubuk Baja Kota")
                  for label in EVENT_LABELS.values()]
        assert [label for label in labels if status_text(label) == label] == []
        assert status_text(labels[-1]) == "Data corrected by Admin Kelurahan Lubuk Baja Kota"
