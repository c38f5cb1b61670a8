"""Acceptance: an officer finds an applicant by phone number however it is typed (08…, 8…, 62…, +62…)."""
import pytest


@pytest.mark.parametrize("term", ["081234567890", "0812-3456-7890", "0812 3456 7890", "81234567890",
                                  "6281234567890", "+62 812-3456-7890", "Cahya 0812 3456 7890"])
def test_search_finds_the_applicant_by_phone_as_typed(make_application, advance, officer, login_as, term):
    wanted = advance(make_application(applicant_name="Cahya Permata", applicant_phone="+6281234567890"))
    other = advance(make_application(applicant_phone="+6281399998888"))
    response = login_as(officer("Lubuk Baja Kota", "admin")).get("/admin/data-baru/", query_string={"search": term})
    listing = response.get_data(as_text=True)
    assert wanted.reg_no in listing and other.reg_no not in listing


def test_a_different_number_typed_with_08_finds_nobody(make_application, advance, officer, login_as):
    wanted = advance(make_application(applicant_phone="+6281234567890"))
    response = login_as(officer("Lubuk Baja Kota", "admin")).get("/admin/data-baru/?search=081234567899")
    assert wanted.reg_no not in response.get_data(as_text=True)
