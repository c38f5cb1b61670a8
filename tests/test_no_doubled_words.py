"""No page, message or letter doubles a word ("Kelurahan Kelurahan Baloi Indah").

One application per flow (KL, KC, KLKC) goes the whole way: the Admin revises it, the Kasi
returns it naming items, the citizen corrects it, every officer approves, the letter is
printed and handed over. Every officer and citizen page met on the way, every message the
outbox holds, every other message template (with the case's names) and the letter are read.
"""
import html
import re
from pathlib import Path

import pytest

from portal.extensions import db, mail
from portal.letters.html import letter_html
from portal.messaging.channels import message_context, render_part
from portal.messaging.channels.email import render_email
from portal.messaging.officer_notices import queue_digests
from portal.models import Application, Officer, OutboxMessage
from portal.workflow import transitions
from tests.fixtures.citizen import link_in
from tests.fixtures.letters import sample_form_data

MESSAGES = Path(__file__).resolve().parents[1] / "portal" / "templates" / "messages"
DOUBLED = re.compile(r"\b([^\W\d_]{2,})\s+\1\b", re.IGNORECASE)
INLINE_TAG = re.compile(r"</?(a|abbr|b|code|em|i|small|span|strong)\b[^>]*>", re.IGNORECASE)
NIK = "2171064501900001"  # the applicant's, and the citizen account's (tests/fixtures/accounts.py)
CASES = [("KL", "sku", "Lubuk Baja Kota"), ("KC", "kartu-pencari-kerja", "Lubuk Baja"),
         ("KLKC", "skck", "Lubuk Baja Kota")]


def visible_text(markup: str) -> str:
    """The words a reader sees, entities decoded: inline tags vanish, any other tag (a cell,
    a paragraph, an option) separates with a pilcrow, so only words read together meet."""
    markup = re.sub(r"<(script|style|title)\b.*?</\1>", " ¶ ", markup, flags=re.S | re.I)
    markup = INLINE_TAG.sub(" ", markup)
    return html.unescape(re.sub(r"<[^>]+>", " ¶ ", markup))


class Reader:
    """Collects what each page and message says, by where it was read."""

    def __init__(self):
        self.read: dict[str, str] = {}

    def page(self, browser, url: str, name: str = "") -> str:
        """GET `url` (which must answer 200) and remember its visible text."""
        response = browser.get(url)
        assert response.status_code == 200, (url, response.status_code)
        self.read[name or url] = visible_text(response.get_data(as_text=True))
        return response.get_data(as_text=True)

    def doubled(self) -> list[str]:
        """'where: word word' for every doubled word found."""
        return [f"{where}: {' '.join(match.group(0).split())}" for where, text in self.read.items()
                for match in DOUBLED.finditer(text)]


def _officer_at(application: Application) -> Officer:
    return db.session.execute(db.select(Officer).filter_by(
        unit_id=application.pending_unit_id, position=application.pending_step)).scalar_one()


def _decide(reader, browser, application, **data):
    page = reader.page(browser, f"/admin/data-baru/details/?id={application.id}",
                       f"Lihat Data {application.pending_step} {application.status}")
    version = re.search(r'name="version" type="hidden" value="(\d+)"', page).group(1)
    response = browser.post(f"/admin/data-baru/decide/?id={application.id}",
                            data={"version": version, **data})
    assert response.status_code == 302, response.get_data(as_text=True)
    db.session.expire_all()


def _revise(browser, application: Application) -> None:
    data = {name: getattr(application, name) for name in (
        "applicant_name", "applicant_nik", "applicant_kk", "applicant_email",
        "applicant_phone")}
    data.update({"version": application.version, "applicant_address": "Jl. Revisi No. 1"})
    data.update({"data__" + name: value for name, value in application.form_data.items()})
    response = browser.post(f"/admin/data-baru/edit/?id={application.id}", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)
    db.session.expire_all()


def _officer_reads(reader, browser, who: str) -> None:
    for url in ("/admin/", "/admin/data-baru/", "/admin/in-progress/", "/admin/data-selesai/",
                "/admin/profile/"):
        reader.page(browser, url, f"{who} {url}")


def _first_officers(reader, app, login_as, application) -> None:
    """The Admin reads and revises it and approves; the Kasi returns it naming two items."""
    admin = login_as(_officer_at(application), app.test_client())
    reader.page(admin, f"/admin/data-baru/edit/?id={application.id}", "Revisi")
    _revise(admin, application)
    _decide(reader, admin, application, action="approve", internal_note="Catatan petugas")
    kasi = login_as(_officer_at(application), app.test_client())
    _decide(reader, kasi, application, action="return", remark="Mohon diperbaiki",
            returned=["applicant_address", "document.ktp"], reason__document__ktp="Buram")


def _citizen_corrects(reader, client, application, emailed: str) -> None:
    from io import BytesIO

    from tests.fixtures.citizen import post_multipart, sample_png
    link = client.get(emailed).headers["Location"]  # the page without the token
    page = reader.page(client, link, "Perbaikan")
    token = re.search(r'name="form_token" type="hidden" value="([^"]+)"', page).group(1)
    done = post_multipart(client, link, {
        "form_token": token, "version": str(application.version),
        "address": "Jl. Perbaikan No. 2", "doc_ktp": (BytesIO(sample_png()), "ktp.png")})
    assert done.status_code == 200
    reader.read["Perbaikan terkirim"] = visible_text(done.get_data(as_text=True))
    assert client.get(emailed).status_code == 303 and client.get(link).status_code == 404
    db.session.expire_all()


def _approve_to_the_end(reader, app, login_as, application) -> list:
    browsers = []
    while application.status != "selesai":
        browser = login_as(_officer_at(application), app.test_client())
        _decide(reader, browser, application, action="approve")
        browsers.append(browser)
    return browsers


def _print_and_hand_over(reader, app, login_as, application) -> None:
    from portal.letters.issuing import letter_of

    admin = login_as(db.session.execute(db.select(Officer).filter_by(
        unit_id=application.final_unit_id, position="admin")).scalar_one(), app.test_client())
    reader.page(admin, f"/admin/surat/cetak?application_id={application.id}", "Cetak")
    assert admin.post("/admin/surat/cetak", data={"application_id": application.id}
                      ).status_code == 302
    db.session.expire_all()
    letter = letter_of(application.id)
    reader.read["Surat"] = visible_text(letter_html(letter))
    reader.page(admin, f"/admin/surat/{letter.id}", "Surat (petugas)")
    reader.page(admin, "/admin/surat/", "Daftar surat")
    assert admin.post(f"/admin/surat/{letter.id}/serahkan", data={
        "penerima": "Siti Rahmawati", "version": application.version}).status_code == 302
    db.session.expire_all()
    _officer_reads(reader, admin, "Admin penerbit")
    reader.page(admin, f"/admin/data-selesai/details/?id={application.id}", "Lihat Data (selesai)")
    extra = ["/admin/pengambilan/"] + (["/admin/akun-baru/", "/admin/anggota-keluarga-baru/"]
                                       if application.final_unit.kind == "kelurahan" else [])
    for url in extra:
        reader.page(admin, url, f"Admin penerbit {url}")
    return letter


def _heads_read_the_recap(reader, app, login_as, application) -> None:
    head = db.session.execute(db.select(Officer).filter_by(
        unit_id=application.final_unit_id, position="kepala")).scalar_one()
    administrator = db.session.execute(db.select(Officer).filter_by(
        is_administrator=True)).scalar_one()
    for officer in (head, administrator):
        browser = login_as(officer, app.test_client())
        reader.page(browser, "/admin/rekap/", f"Rekap ({officer.name})")
        reader.page(browser, "/admin/", f"Beranda ({officer.name})")


def _public_reads(reader, client, application, letter) -> None:
    for url in ("/", "/akun/permohonan", "/akun/profil", f"/layanan/{application.service.code}",
                f"/layanan/{application.service.code}/ajukan", f"/lacak?no={application.reg_no}",
                f"/api/v1/lacak/{application.reg_no}", f"/verifikasi/{letter.verification_token}",
                f"/api/v1/verifikasi/{letter.short_code}"):
        reader.page(client, url)


def _messages(reader, application) -> None:
    """Every outbox message as sent, then every other template with this case's names."""
    queue_digests()
    payloads = {}
    for message in db.session.execute(db.select(OutboxMessage)).scalars():
        email = render_email(message)
        payloads.setdefault(message.template, message)
        reader.read[f"{message.template} #{message.id}"] = visible_text(
            " ".join((email.subject, email.body, email.html or "")))
    sample = next(m for m in payloads.values() if m.template == "citizen_returned")
    context = {**message_context(sample), "unit": application.final_unit.title,
               "office": application.final_unit.title, "member": "Budi Santoso",
               "reason": "Foto buram", "token": "contoh-token", "code": "AB12CD",
               "day": "2026-11-10", "slot": "09.00–10.00", "new_email": "baru@contoh.id",
               "head_name": "Kepala", "officer_name": "Petugas", "count": 1, "items": []}
    for template in sorted(p.name.split(".")[0] for p in MESSAGES.glob("*.subject.txt")):
        if template not in payloads:
            reader.read[f"template {template}"] = visible_text(" ".join(
                render_part(template, part, context) for part in ("subject.txt", "txt", "html")))


@pytest.mark.parametrize("flow, service_code, home", CASES)
def test_no_page_message_or_letter_doubles_a_word(flow, service_code, home, app, client,
                                                  make_application, login_as, citizen_account,
                                                  citizen_login):
    reader = Reader()
    citizen_account(nik=NIK)  # the applicant's account: "Permohonan saya" is read too
    assert citizen_login(client, nik=NIK).status_code == 303
    application = make_application(service_code, home=home, applicant_nik=NIK)
    application.form_data = sample_form_data(application.definition_snapshot)
    db.session.commit()
    transitions.perform(application.id, "confirm", transitions.SYSTEM)
    with mail.record_messages() as sent:
        _first_officers(reader, app, login_as, application)
    reader.page(client, f"/lacak?no={application.reg_no}", "Lacak (dikembalikan)")
    _citizen_corrects(reader, client, application, link_in(sent, "/perbaikan/"))
    for index, browser in enumerate(_approve_to_the_end(reader, app, login_as, application)):
        _officer_reads(reader, browser, f"Petugas {index}")
    letter = _print_and_hand_over(reader, app, login_as, application)
    _heads_read_the_recap(reader, app, login_as, application)
    _public_reads(reader, client, application, letter)
    _messages(reader, application)
    assert any("Kelurahan" in text or "Kecamatan" in text for text in reader.read.values())
    assert reader.doubled() == []
