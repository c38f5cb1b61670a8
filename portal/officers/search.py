"""Officers' search over applications: every word literally, a whole NIK exactly on its index."""
import re

from sqlalchemy import and_, or_
from sqlalchemy.sql.elements import ColumnElement

from portal.models import Application

# A whole NIK is looked up exactly on its b-tree index instead of five trigram scans.
FULL_NIK = re.compile(r"\d{16}")
# NIKs and normalised phone numbers hold only digits and a leading "+".
NUMBER_WORD = re.compile(r"\+?\d+")
TEXT_COLUMNS = (Application.reg_no, Application.applicant_name, Application.applicant_email)
NUMBER_COLUMNS = (Application.applicant_nik, Application.applicant_phone)


def contains_pattern(term: str) -> str:
    """A LIKE pattern for text containing `term`, its `%`, `_` and `\\` taken literally."""
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def word_condition(word: str) -> ColumnElement:
    """Where one search word may appear; a word with letters is not looked for among numbers."""
    if FULL_NIK.fullmatch(word):
        return Application.applicant_nik == word
    columns = TEXT_COLUMNS + (NUMBER_COLUMNS if NUMBER_WORD.fullmatch(word) else ())
    pattern = contains_pattern(word)
    return or_(*(column.ilike(pattern, escape="\\") for column in columns))


def search_condition(search: str) -> ColumnElement | None:
    """Every word of the search box, all of which must match; None for an empty box."""
    words = search.split()
    return and_(*(word_condition(word) for word in words)) if words else None
