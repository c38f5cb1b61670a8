"""Acceptance: a refused console form lists every reason at the top and focuses the first bad
field; a blank form opens without errors; the service code is made from the name or lower-cased;
a refused registration says plainly that the passwords must be typed again."""
import re

from portal.extensions import db
from portal.models import Service
from tests.admin_views.test_admin_services_editor import NEW_SERVICE
from tests.citizens.test_citizen_registers_an_account import register


def summary_of(html: str) -> list[tuple[str, str]]:
    """(field id, text) of each reason in the error summary above the form."""
    box = html.split('id="ringkasan-kesalahan"')[1].split("</div>")[0]
    return re.findall(r'<li><a href="#([^"]+)" class="alert-link">(.*?)</li>', box)


def test_a_refused_service_lists_every_reason_at_the_top_and_focuses_the_first(
        console, login_as, administrator):
    client = login_as(administrator)
    response = client.post("/admin/layanan/new/", data={
        **NEW_SERVICE, "code": "sku", "service_level_days": "0", "fields-1-options": ""})
    html = response.get_data(as_text=True)
    assert [field for field, _ in summary_of(html)] == ["code", "service_level_days",
                                                        "fields-1-options"]
    reasons = " ".join(text for _, text in summary_of(html))
    assert "Kode layanan ini sudah dipakai layanan lain." in reasons
    assert "Isian formulir 2" in reasons and "minimal satu opsi" in reasons
    assert html.index("ringkasan-kesalahan") < html.index('<form action="" method="POST"')
    with client.get(re.search(r'src="([^"]*form-errors\.js[^"]*)"', html).group(1)) as script:
        assert script.status_code == 200 and b".focus()" in script.data


def test_a_blank_form_shows_no_errors(console, login_as, administrator):
    client = login_as(administrator)
    for path in ("/admin/petugas/new/", "/admin/unit/new/", "/admin/layanan/new/"):
        form = client.get(path).get_data(as_text=True)
        assert "is-invalid" not in form and "ringkasan-kesalahan" not in form, path


def test_the_service_code_comes_from_the_name_or_is_lower_cased(console, login_as, administrator):
    client = login_as(administrator)
    assert client.post("/admin/layanan/new/", data={**NEW_SERVICE, "code": ""}).status_code == 302
    other = {**NEW_SERVICE, "code": "Surat  Lain", "name": "Surat Lain"}
    assert client.post("/admin/layanan/new/", data=other).status_code == 302
    codes = set(db.session.execute(db.select(Service.code)).scalars())
    assert {"surat-keterangan-tidak-mampu", "surat-lain"} <= codes


def test_a_refused_registration_says_the_passwords_must_be_typed_again(client, demo):
    response = register(client, demo, phone="12345")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "ketik ulang kata sandi" in page and 'id="ketik-ulang-sandi"' in page
    assert not re.search(r'name="password"[^>]*value="[^"]+"', page)
