"""Acceptance: on a phone, a citizen registers an account with the signature drawn on the page."""
import io

from PIL import Image

from portal.extensions import db
from portal.models import CitizenAccount, Unit
from portal.files.storage import get_storage
from tests.fixtures.citizen import sample_png

NIK = "2171064501900077"
PASSWORD = "Kopi-Tarik-Nagoya-2026"


def _image(name: str) -> dict:
    return {"name": name, "mimeType": "image/png", "buffer": sample_png()}


def _fill_the_form(live, page) -> None:
    with live.app.app_context():
        home = db.session.execute(db.select(Unit).filter_by(name="Lubuk Baja Kota")).scalar_one()
    page.fill("#nik", NIK)
    page.fill("#kk", "2171060101200077")
    page.fill("#name", "Nur Aisyah")
    page.fill("#email", "nur.aisyah@contoh.id")
    page.fill("#phone", "0812-7000-7777")
    page.fill("#address", "Jl. Imam Bonjol No. 7")
    page.select_option("#home_unit", str(home.id))
    page.fill("#password", PASSWORD)
    page.fill("#password_again", PASSWORD)
    for key in ("ktp", "kk", "selfie"):
        page.set_input_files(f"#doc_{key}", _image(f"{key}.png"))


def _draw(page, points: list[tuple[float, float]]) -> None:
    """One stroke with the mouse through `points` (fractions of the canvas' width and height)."""
    pad = page.get_by_role("img", name="Kotak tanda tangan")
    pad.scroll_into_view_if_needed()
    box = pad.bounding_box()
    at = [(box["x"] + x * box["width"], box["y"] + y * box["height"]) for x, y in points]
    page.mouse.move(*at[0])
    page.mouse.down()
    for point in at[1:]:
        page.mouse.move(*point, steps=8)
    page.mouse.up()


def _stored_signature(live) -> bytes:
    with live.app.app_context():
        account = db.session.execute(db.select(CitizenAccount).filter_by(nik=NIK)).scalar_one()
        assert account.signature_document.content_type == "image/png"
        return get_storage().read(account.signature_document.storage_key)


def test_a_citizen_draws_the_signature_with_the_mouse_and_registers(live_server, phone,
                                                                    usability):
    live, page = live_server, phone
    usability.watch(page)
    with usability.task(page, "daftar-akun", "ponsel"):
        page.goto(live.url + "/akun/daftar")
        _fill_the_form(live, page)
        drawn = page.locator("input[name=drawn_signature]")
        _draw(page, [(0.1, 0.5), (0.3, 0.2)])
        assert drawn.input_value().startswith("data:image/png;base64,")
        page.get_by_role("button", name="Hapus").click()
        assert drawn.input_value() == ""
        _draw(page, [(0.1, 0.7), (0.3, 0.2), (0.5, 0.8), (0.9, 0.3)])
        assert drawn.input_value().startswith("data:image/png;base64,")
        page.get_by_role("button", name="Daftar").click()
        page.get_by_role("heading", name="Pendaftaran diterima").wait_for()

    data = _stored_signature(live)
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    with Image.open(io.BytesIO(data)) as signature:
        grey = signature.convert("L")
        assert grey.size == (600, 200)
        dark = sum(grey.histogram()[:128])
    assert dark > 300  # the stroke drawn across the pad, not an empty picture
