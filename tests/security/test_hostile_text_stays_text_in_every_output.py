"""Injection and XSS: markup, template syntax and SQL typed by a citizen or an officer come out
as the same text on the officers' pages, in the citizen's email and in the letter draft, and
searches or tracking with SQL or wildcards find nothing.

Held elsewhere and not repeated here: markup in a name printed as text in the letter PDF and
templates that cannot read files (tests/letters/test_letters_render_citizen_data_as_text.py),
spreadsheet formulas neutralised in CSV and XLSX exports
(tests/admin_views/test_admin_audit_log.py, tests/reports/test_recap_csv_opens_in_an_indonesian_spreadsheet.py),
no inline script on any page under the CSP (tests/public/test_citizen_catalogue_and_pages.py)."""
import html

import pytest

from portal.extensions import db
from portal.messaging.channels.email import render_email
from portal.models import History, OutboxMessage
from portal.workflow import transitions

MARKUP = '"><script>alert(1)</script><img src=x onerror=alert(2)>'
TEMPLATE = "{{ config.SECRET_KEY }}{{ 'ran' ~ 7*7 }}"  # run, it would print "ran49"
RAW = ("<script>alert(1)</script>", "<img src=x onerror")


def _shows_as_text(page: str, typed: str) -> None:
    for raw in RAW:
        assert raw not in page
    assert typed in html.unescape(page)  # shown, as the very text that was typed


def test_markup_typed_by_a_citizen_is_text_on_the_officers_pages(make_application, advance,
                                                                  officer, login_as):
    application = advance(make_application("sku", applicant_name="Siti " + MARKUP,
                                           applicant_address=MARKUP))
    browser = login_as(officer("Lubuk Baja Kota", "admin"))
    for url in (f"/admin/data-baru/details/?id={application.id}", "/admin/data-baru/",
                f"/admin/data-baru/edit/?id={application.id}"):
        response = browser.get(url)
        assert response.status_code == 200, url
        _shows_as_text(response.get_data(as_text=True), MARKUP)


def test_markup_in_an_officers_remark_is_text_in_the_citizens_email(make_application, officer):
    application = make_application("sku")
    transitions.perform(application.id, "confirm", transitions.SYSTEM)
    for position, action in (("admin", "approve"), ("kasi", "return")):
        transitions.perform(application.id, action,
                            transitions.actor_for(officer("Lubuk Baja Kota", position)),
                            expected_version=application.version, remark=MARKUP)
    row = db.session.execute(db.select(OutboxMessage).filter_by(
        template="citizen_returned", channel="email")).scalar_one()
    email = render_email(row)
    _shows_as_text(email.html, MARKUP)
    assert MARKUP in email.body and "\n" not in email.subject


def test_template_syntax_typed_by_a_citizen_is_printed_not_run(finish_application, officer,
                                                               login_as, app):
    application = finish_application("sku", applicant_name=TEMPLATE, applicant_address=TEMPLATE)
    browser = login_as(officer(application.final_unit.name, "admin"))
    for url in (f"/admin/surat/cetak?application_id={application.id}",
                f"/admin/data-selesai/details/?id={application.id}"):
        page = browser.get(url).get_data(as_text=True)
        assert app.config["SECRET_KEY"] not in page
        assert TEMPLATE in html.unescape(page), url  # both expressions printed, none run


@pytest.mark.parametrize("typed", ["' OR '1'='1", "%", "_", "\\", "1; DROP TABLE history"])
def test_sql_and_wildcards_in_searches_and_tracking_find_nothing(make_application, advance,
                                                                 officer, login_as, typed):
    application = advance(make_application("sku"))
    browser = login_as(officer("Lubuk Baja Kota", "admin"))
    listing = browser.get("/admin/data-baru/", query_string={"search": typed})
    assert listing.status_code == 200 and application.reg_no not in listing.get_data(True)
    tracking = browser.get("/lacak", query_string={"no": typed})
    assert tracking.status_code in (200, 404) and application.reg_no not in tracking.get_data(True)
    assert browser.get("/api/v1/lacak/" + typed.replace("\\", "%5C").replace("%", "%25")
                       ).status_code == 404
    assert db.session.query(History).filter_by(application_id=application.id).count() >= 2
