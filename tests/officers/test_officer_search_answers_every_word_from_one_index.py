"""Acceptance: a search by name finds middle-of-name pieces, and on PostgreSQL all its words are
answered by one trigram index scan (migration i24a2), not one scan per column and word."""
import importlib.util
from pathlib import Path

import pytest
from sqlalchemy import select, text

from portal.extensions import db
from portal.models import Application
from portal.officers.search import search_condition

MIGRATION = (Path(__file__).resolve().parents[2] / "migrations" / "versions"
             / "i24a2_one_trigram_index_for_the_officers_search.py")


def _searched_text_of_the_migration() -> str:
    spec = importlib.util.spec_from_file_location("i24a2", MIGRATION)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.SEARCHED_TEXT


@pytest.fixture
def search_index(postgresql_only, demo):
    """The index exactly as the migration creates it (tests build the schema without it)."""
    db.session.execute(text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
    db.session.execute(text("CREATE INDEX ix_applications_trgm_search ON applications USING gin "
                            f"({_searched_text_of_the_migration()} gin_trgm_ops)"))
    db.session.commit()
    yield
    db.session.rollback()
    db.session.execute(text("DROP INDEX IF EXISTS ix_applications_trgm_search"))
    db.session.commit()


def test_a_piece_from_the_middle_of_a_name_finds_the_application(
        make_application, advance, officer, login_as):
    wanted = advance(make_application(applicant_name="Siti Rahmawati Lubis"))
    other = advance(make_application(applicant_name="Budi Santoso"))
    browser = login_as(officer("Lubuk Baja Kota", "admin"))
    listing = browser.get("/admin/data-baru/?search=ahmawat+lub").get_data(as_text=True)
    assert wanted.reg_no in listing and other.reg_no not in listing


def test_every_word_of_a_name_search_is_answered_by_one_index_scan(search_index):
    query = select(Application.id).where(search_condition("Hani Ayu Wastuti 0812-3456"))
    sql = query.compile(db.engine, compile_kwargs={"literal_binds": True})
    db.session.execute(text("SET LOCAL enable_seqscan = off"))
    plan = "\n".join(row[0] for row in db.session.execute(text(f"EXPLAIN {sql}")))
    assert plan.count("Bitmap Index Scan on ix_applications_trgm_search") == 1, plan
    assert "BitmapOr" not in plan and "BitmapAnd" not in plan
