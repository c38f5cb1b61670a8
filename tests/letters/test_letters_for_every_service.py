"""Acceptance: every one of the 23 services prints a letter that carries its data and verifies."""
import json
from pathlib import Path

from tests.fixtures.letters import pdf_qr_codes, pdf_text

from portal.files.storage import get_storage

SERVICES = [s["code"] for s in json.loads(
    (Path(__file__).parents[2] / "portal/seed/services.json").read_text(encoding="utf-8"))]


def test_the_seed_has_the_23_services_of_the_reference_system():
    assert len(SERVICES) == 23


def test_every_service_prints_a_verifiable_letter(client, finish_application, print_letter,
                                                  tmp_path):
    problems = []
    for code in SERVICES:
        application = finish_application(code, applicant_name="Siti Rahmawati")
        letter = print_letter(application)
        assert letter.render_status == "ready", (code, letter.render_error)
        download = client.get(f"/admin/surat/{letter.id}/unduh")
        assert download.status_code == 200 and download.mimetype == "application/pdf"
        pdf = download.data
        assert pdf == get_storage().read(letter.storage_key)
        text = " ".join(pdf_text(pdf).split())
        for expected in (letter.number, "Siti Rahmawati", application.applicant_nik,
                         letter.signer_name):
            if expected not in text:
                problems.append((code, expected))
        codes = pdf_qr_codes(pdf, tmp_path)
        expected_url = f"http://localhost/verifikasi/{letter.verification_token}"
        if codes != [expected_url]:
            problems.append((code, "qr", codes))
            continue
        page = client.get(expected_url.removeprefix("http://localhost"))
        if page.status_code != 200 or letter.number not in page.get_data(as_text=True):
            problems.append((code, "verification page", page.status_code))
    assert problems == []
