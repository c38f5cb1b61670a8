"""Acceptance: before "Cetak", the Admin sees the letter as a draft, clearly marked, and no
number is taken until the letter is printed."""
import html

from portal.extensions import db
from portal.models import Letter, LetterCounter


def test_the_print_page_previews_a_marked_draft_without_taking_a_number(
        client, finish_application, switch_officer, officer):
    application = finish_application("sku", applicant_name="Wahyu Pratama Draf")
    switch_officer(officer(application.final_unit.name, "admin"))
    for _ in range(2):
        page = client.get(f"/admin/surat/cetak?application_id={application.id}")
        assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Pratinjau surat (draf)" in text and "tidak ada nomor yang terpakai" in text
    draft = html.unescape(text[text.index('srcdoc="') + 8:text.index('id="pratinjau-draf"')])
    assert "DRAF: belum bernomor, bukan surat resmi" in draft
    assert "Wahyu Pratama Draf" in draft and "…/…/…/DRAF" in draft
    assert db.session.query(Letter).count() == 0
    assert db.session.query(LetterCounter).count() == 0

    printed = client.post("/admin/surat/cetak", data={"application_id": application.id})
    assert printed.status_code == 302
    letter = db.session.execute(db.select(Letter)).scalar_one()
    assert letter.sequence == 1 and "DRAF" not in letter.number
