"""Officers' search over applications: every word literally, a whole NIK exactly on its index.

A word is looked for in one text, the searched columns joined by spaces (`SEARCHED_TEXT`):
a word holds no space, so it is found there exactly when one column contains it, and on
PostgreSQL one trigram index on that expression (migration i24a2) answers every word of the
box in a single index scan instead of one scan per column and word.
"""
import re

from sqlalchemy import String, and_, literal_column
from sqlalchemy.sql.elements import ColumnElement

from portal.models import Application
from portal.validators import normalize_phone

# A whole NIK is looked up exactly on its b-tree index instead of five trigram scans.
FULL_NIK = re.compile(r"\d{16}")
# A piece of a phone number as people type it: digits, maybe a leading "+", dashes or dots.
PHONE_PIECE = re.compile(r"\+?\d[\d\-.()]*")
# A whole number without its trunk prefix, as typed "812 3456 7890": 8 and 9 to 12 digits in all.
NATIONAL_NUMBER = re.compile(r"8\d{8,11}")
SEPARATOR = literal_column("' '", String)  # inline, so PostgreSQL matches the index expression
# Exactly the expression of ix_applications_trgm_search (migration i24a2).
SEARCHED_TEXT = (Application.reg_no + SEPARATOR + Application.applicant_name + SEPARATOR
                 + Application.applicant_email + SEPARATOR + Application.applicant_nik
                 + SEPARATOR + Application.applicant_phone)


def contains_pattern(term: str) -> str:
    """A LIKE pattern for text containing `term`, its `%`, `_` and `\\` taken literally."""
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def stored_phone(typed: str) -> str | None:
    """A whole phone number as typed (08…, 8…, 62…, +62…) in its stored form +628…, or None."""
    digits = re.sub(r"[\-.()]", "", typed)
    if NATIONAL_NUMBER.fullmatch(digits):
        digits = "0" + digits
    return normalize_phone(digits)


def phone_words(words: list[str]) -> list[str]:
    """The words, each phone number (whole or in pieces: "0812 3456 7890") as it is stored."""
    joined, start = [], 0
    while start < len(words):
        end = start
        while end < len(words) and PHONE_PIECE.fullmatch(words[end]):
            end += 1
        phone_end = next((stop for stop in range(end, start, -1)
                          if stored_phone("".join(words[start:stop]))), None)
        if phone_end is None:
            joined.append(words[start])
            start += 1
        else:
            joined.append(stored_phone("".join(words[start:phone_end])))
            start = phone_end
    return joined


def word_condition(word: str) -> ColumnElement:
    """Where one search word may appear: a whole NIK exactly, else anywhere in SEARCHED_TEXT."""
    if FULL_NIK.fullmatch(word):
        return Application.applicant_nik == word
    return SEARCHED_TEXT.ilike(contains_pattern(word), escape="\\")


def search_condition(search: str) -> ColumnElement | None:
    """Every word of the search box, all of which must match; None for an empty box."""
    words = phone_words(search.split())
    return and_(*(word_condition(word) for word in words)) if words else None
