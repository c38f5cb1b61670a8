"""Access matrix: every Administrator screen refuses every other role."""
import pytest

from portal.workflow.engine import POSITIONS

# (method, url) of every console endpoint; {id} is an existing row of the screen's table.
ENDPOINTS = [
    ("GET", "/admin/layanan/"), ("GET", "/admin/layanan/new/"),
    ("GET", "/admin/layanan/edit/?id={service}"), ("GET", "/admin/layanan/details/?id={service}"),
    ("GET", "/admin/unit/"), ("GET", "/admin/unit/edit/?id={unit}"),
    ("GET", "/admin/petugas/"), ("GET", "/admin/petugas/edit/?id={officer}"),
    ("GET", "/admin/petugas/reset-password/?id={officer}"),
    ("POST", "/admin/petugas/reset-password/?id={officer}"),
    ("GET", "/admin/hari-libur/"), ("GET", "/admin/hari-libur/new/"),
    ("GET", "/admin/plh/"), ("GET", "/admin/plh/new/"),
    ("GET", "/admin/log-audit/"), ("GET", "/admin/log-audit/export/csv/"),
    ("GET", "/admin/pekerjaan/"), ("POST", "/admin/pekerjaan/retry/"),
    ("POST", "/admin/pekerjaan/delete/"),
]
RECAP_ENDPOINTS = [("GET", "/admin/rekap/"), ("GET", "/admin/rekap/unduh.csv"),
                   ("GET", "/admin/rekap/unduh.xlsx")]
ROLES = [*POSITIONS, "administrator", "anonymous"]


@pytest.fixture
def as_role(console, client, login_as, officer, administrator):
    def log_in(role):
        if role == "administrator":
            login_as(administrator)
        elif role != "anonymous":
            login_as(officer("Lubuk Baja Kota", role))
        return client

    return log_in


def fill(url, demo, officer):
    from portal.extensions import db
    from portal.models import Service

    lurah = officer("Lubuk Baja Kota", "kepala")
    service = db.session.execute(db.select(Service)).scalars().first()
    return url.format(service=service.id, unit=lurah.unit_id, officer=lurah.id)


def expected(role, allowed_positions=()):
    if role == "administrator" or role in allowed_positions:
        return "allowed"
    return "login" if role == "anonymous" else 403


def outcome(response):
    if response.status_code in (200, 302) and "login" not in response.location_or_empty:
        return "allowed"
    if response.status_code == 401 or (response.status_code == 302
                                       and "login" in response.location_or_empty):
        return "login"
    return response.status_code


def call(client, method, url):
    response = client.open(url, method=method)
    response.location_or_empty = response.headers.get("Location", "")
    return response


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("method, url", ENDPOINTS)
def test_only_the_administrator_opens_console_screens(as_role, demo, officer, role, method, url):
    client = as_role(role)
    assert outcome(call(client, method, fill(url, demo, officer))) == expected(role)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("method, url", RECAP_ENDPOINTS)
def test_the_recap_is_for_the_administrator_and_the_lurah_or_camat(as_role, role, method, url):
    client = as_role(role)
    assert outcome(call(client, method, url)) == expected(role, ("kepala",))
