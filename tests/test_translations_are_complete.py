"""Acceptance: no untranslated words. Every Indonesian msgid in the code has its English, every
word of Flask-Admin's own catalogue has its Indonesian, and officer screens show no English."""
import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

import flask_admin

ROOT = Path(__file__).resolve().parent.parent
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None, "_l": None,
            "pgettext": ((1, "c"), 2), "lazy_pgettext": ((1, "c"), 2)}
FLASK_ADMIN = Path(flask_admin.__file__).parent
FLASK_ADMIN_SOURCES = [("**.py", "python"), ("templates/bootstrap4/**.html", "jinja2")]


def catalogue(path: Path):
    with path.open("rb") as po_file:
        return read_po(po_file)


def translated(message) -> bool:
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    return all(strings) and not message.fuzzy


def msgids(directory: Path, method_map, options=None) -> set:
    """(context, msgid) of every message the sources there ask to translate."""
    found = set()
    for _, _, message, _, context in extract_from_dir(str(directory), method_map, options or {},
                                                      keywords=KEYWORDS):
        found.add((context, message[0] if isinstance(message, tuple) else message))
    return found


def test_every_msgid_of_the_code_has_its_english():
    with (ROOT / "babel.cfg").open(encoding="utf-8") as config:
        method_map, options = parse_mapping_cfg(config)
    wanted = msgids(ROOT, method_map, options)
    english = {(m.context, m.id if isinstance(m.id, str) else m.id[0]): m
               for m in catalogue(ROOT / "portal/translations/en/LC_MESSAGES/messages.po") if m.id}
    assert len(wanted) > 500
    missing = sorted(msgid for key in wanted for msgid in [key[1]]
                     if key not in english or not translated(english[key]))
    assert missing == []


def flask_admin_words() -> set:
    return {msgid for _, msgid in msgids(FLASK_ADMIN, FLASK_ADMIN_SOURCES)}


def test_every_word_of_flask_admin_has_its_indonesian():
    indonesian = {m.id if isinstance(m.id, str) else m.id[0]: m for m in catalogue(
        ROOT / "admin_views/translations/id/LC_MESSAGES/admin.po") if m.id}
    words = flask_admin_words()
    assert len(words) > 80
    assert sorted(word for word in words if word not in indonesian
                  or not translated(indonesian[word])) == []


def visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


SCREENS = ("/admin/", "/admin/data-baru/", "/admin/in-progress/", "/admin/data-selesai/",
           "/admin/akun-baru/", "/admin/anggota-keluarga-baru/", "/admin/pengambilan/",
           "/admin/surat/", "/admin/profile/")
CONSOLE = ("/admin/layanan/", "/admin/layanan/new/", "/admin/unit/", "/admin/unit/new/",
           "/admin/petugas/", "/admin/petugas/new/", "/admin/hari-libur/", "/admin/plh/",
           "/admin/plh/new/", "/admin/log-audit/", "/admin/pekerjaan/", "/admin/rekap/")


@pytest.mark.parametrize("who, paths", [("admin", SCREENS), ("administrator", CONSOLE)])
def test_officer_screens_show_no_english_words_of_flask_admin(
        console, login_as, officer, administrator, make_application, advance, who, paths):
    advance(make_application())
    client = login_as(administrator if who == "administrator" else officer("Lubuk Baja Kota", "admin"))
    english = sorted((word for word in flask_admin_words()
                      if len(word) > 3 and "%" not in word and word[0].isupper()), key=len,
                     reverse=True)
    shown = {}
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        text = visible_text(response.get_data(as_text=True))
        found = [word for word in english if re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text)]
        if found:
            shown[path] = found
    assert shown == {}
