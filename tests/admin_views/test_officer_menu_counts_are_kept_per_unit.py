"""The officers' menu counts are kept a few seconds per unit; every transition renews them."""
import re

import pytest

from portal.extensions import db


@pytest.fixture
def counting_app(app, demo):
    """The app, keeping menu counts (the tests' settings count afresh every time)."""
    app.config["MENU_COUNT_SECONDS"] = 60
    return app


def data_baru_count(client) -> int:
    page = client.get("/admin/data-baru/").get_data(as_text=True)
    return int(re.search(r"Data Baru \((\d+)\)", page).group(1))


def test_a_status_change_shows_in_the_menu_counts_at_once(counting_app, make_application,
                                                         advance, officer, login_as):
    admin = login_as(officer("Lubuk Baja Kota", "admin"), counting_app.test_client())
    kasi = login_as(officer("Lubuk Baja Kota", "kasi"), counting_app.test_client())
    other_unit = login_as(officer("Baloi Indah", "admin"), counting_app.test_client())
    assert [data_baru_count(client) for client in (admin, kasi, other_unit)] == [0, 0, 0]
    application = advance(make_application("sku"))  # confirmed: at the Admin's step
    assert data_baru_count(admin) == 1
    advance(application, approvals=1)
    assert (data_baru_count(admin), data_baru_count(kasi)) == (0, 1)
    assert data_baru_count(other_unit) == 0


def test_counts_are_kept_between_transitions(counting_app, make_application, advance, officer,
                                            login_as):
    admin = login_as(officer("Lubuk Baja Kota", "admin"), counting_app.test_client())
    application = advance(make_application("sku"))
    assert data_baru_count(admin) == 1
    application.pending_step = "kasi"  # behind the workflow's back: no transition, no renewal
    db.session.commit()
    assert data_baru_count(admin) == 1  # still the kept count
    assert application.reg_no not in admin.get("/admin/data-baru/").get_data(as_text=True)
