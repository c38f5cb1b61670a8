"""Acceptance (issue 18): the guides in docs/ show the screenshots `make docs` takes — every
picture a guide names exists in docs/img, and every picture there is shown by a guide."""
import re
from pathlib import Path

DOCS = Path(__file__).resolve().parents[1] / "docs"
PICTURE = re.compile(r"!\[[^\]]*\]\((img/[^)\s]+\.png)\)")


def _shown() -> set[str]:
    return {name for guide in DOCS.glob("*.md")
            for name in PICTURE.findall(guide.read_text(encoding="utf-8"))}


def test_every_picture_a_guide_shows_exists_and_every_picture_is_shown():
    shown = _shown()
    stored = {f"img/{path.name}" for path in (DOCS / "img").glob("*.png")}
    assert shown - stored == set(), "guides show pictures that do not exist"
    assert stored - shown == set(), "pictures no guide shows"


def test_the_new_login_pages_are_in_the_guides():
    shown = _shown()
    for name in ("petugas-01b-ganti-kata-sandi", "petugas-01c-verifikasi-dua-langkah",
                 "administrator-03-daftar-2fa", "administrator-04-kode-pemulihan"):
        assert f"img/{name}.png" in shown
