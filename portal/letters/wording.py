"""Letter filters that compose words from citizen input without doubling or dangling them.

A template that writes `form.bentuk_usaha ~ " " ~ form.nama_perusahaan` prints "PT PT Maju
Bersama" when the citizen already typed the company type; `" orang"` after an empty number
prints "- orang". These filters join parts the way a clerk would.
"""
import re

EMPTY = "-"


def _blank(value) -> bool:
    return value is None or str(value).strip() in ("", EMPTY)


def _words(value: str) -> list[str]:
    return re.findall(r"[A-Za-z0-9]+", value.upper())


def prefixed(name, prefix) -> str:
    """'Maju Bersama'|prefixed('PT') -> 'PT Maju Bersama'; 'PT. Maju'|prefixed('PT') unchanged."""
    if _blank(name):
        return EMPTY
    name = str(name).strip()
    if _blank(prefix):
        return name
    prefix = str(prefix).strip()
    wanted = _words(prefix)
    if _words(name)[:len(wanted)] == wanted:
        return name
    return f"{prefix} {name}"


def counted(number, unit) -> str:
    """'3'|counted('orang') -> '3 orang'; '3 orang' stays; an empty value stays '-'."""
    if _blank(number):
        return EMPTY
    number = str(number).strip()
    if _words(number)[-len(_words(unit)):] == _words(unit):
        return number
    return f"{number} {unit}"


def joined(parts, separator: str = ", ") -> str:
    """['Batam', '17 Mei 1990']|joined -> 'Batam, 17 Mei 1990'; empty parts are left out."""
    kept = [str(part).strip() for part in parts if not _blank(part)]
    return separator.join(kept) if kept else EMPTY


def after_word(value, word) -> str:
    """'karena'|... : 'Hilang'|after_word('karena') -> 'karena hilang'; 'Karena rusak' kept once."""
    if _blank(value):
        return f"{word} {EMPTY}"
    text = str(value).strip()
    if _words(text)[:1] == _words(word):
        text = text[len(word):].strip()
    return f"{word} {text[:1].lower()}{text[1:]}"


FILTERS = {"prefixed": prefixed, "counted": counted, "joined": joined, "after_word": after_word}
