"""Acceptance: the console shows words, not codes: positions by their titles, statuses in
Indonesian, no `active: true` tooltips, no `__None` option, no English in the template editor;
a blank "Tambah Petugas" opens without errors."""
import re

from portal.extensions import db
from portal.messaging.citizen_notices import queue_message
from portal.messaging.outbox import relay_paused
from portal.models import Service


def table_of(html: str) -> str:
    return html.split("model-list")[1].split("</table>")[0]


def test_the_officer_list_names_positions_and_says_yes_or_no(console, login_as, administrator):
    listing = table_of(login_as(administrator).get("/admin/petugas/?page_size=100").get_data(True))
    for title in ("Admin Kelurahan", "Kasi Kecamatan", "Sekretaris Lurah", "Lurah", "Camat",
                  "Administrator"):
        assert re.search(rf'col-position">\s*{re.escape(title)}\s*<', listing), title
    assert not re.search(r'col-position">\s*(admin|kasi|sekretaris|kepala)\s*<', listing)
    assert "active: true" not in listing and "is_administrator: " not in listing
    assert 'title="Ya"' in listing and 'title="Tidak"' in listing


def test_a_blank_new_officer_form_has_no_errors_and_no_none_option(console, login_as,
                                                                     administrator):
    client = login_as(administrator)
    form = client.get("/admin/petugas/new/").get_data(as_text=True)
    assert "__None</option>" not in form and 'value="__None">—</option>' in form
    assert "is-invalid" not in form and "Wajib diisi untuk petugas unit." not in form
    refused = client.post("/admin/petugas/new/", data={"nip": "198001102010012999",
                                                       "name": "Petugas Baru", "unit": "__None",
                                                       "notify_mode": "instant"})
    assert "Wajib diisi untuk petugas unit." in refused.get_data(as_text=True)


def test_the_job_monitor_names_outbox_statuses_in_indonesian(console, login_as, administrator):
    with relay_paused():
        queue_message("email", "siti@contoh.id", "citizen_submitted", {}, "k-1")
        db.session.commit()
    html = login_as(administrator).get("/admin/pekerjaan/").get_data(as_text=True)
    assert "<td>Menunggu dikirim</td><td>1</td>" in html
    assert not re.search(r"<td>(pending|queued|sent|failed|skipped)</td>", html)


def test_the_template_editor_opens_without_english(console, login_as, administrator):
    service = Service(code="surat-baru-uji", name="Surat Baru Uji", flow="KL")
    db.session.add(service)
    db.session.commit()
    page = login_as(administrator).get(f"/admin/surat/templat/{service.id}").get_data(True)
    assert "Isi surat umum" in page and "Generic body" not in page
