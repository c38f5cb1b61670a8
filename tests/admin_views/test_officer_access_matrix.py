"""Acceptance: every officer-screen endpoint × every role answers with the expected status code.

The application under test is a KLKC item from Kelurahan Lubuk Baja Kota that the four
kelurahan officers approved; it now waits for the Admin of Kecamatan Lubuk Baja. The citizen
account and the family member under test belong to Lubuk Baja Kota and wait for its Admin.
"""
import pytest

from portal.extensions import db
from portal.models import Application, CitizenAccount, FamilyMember, Officer
from portal.seed.officers import ADMINISTRATOR_NIP
from portal.workflow.engine import POSITIONS

VIEWS = ("data-baru", "in-progress", "data-selesai", "permohonan")
ENDPOINTS = ("list", "details", "edit", "delete", "action", "export", "ajax", "create",
             "document", "decide")
ANONYMOUS = "302 302 302 302 302 302 302 302 302 302"
NO_ENTRY = "403 403 403 403 403 403 403 403 403 403"
#                 list details edit delete action export ajax create document decide
INVISIBLE_ADMIN = "200  404    404  403    403    403    403  403    404      404"
INVISIBLE_OTHER = "200  404    403  403    403    403    403  403    404      404"
KELURAHAN_PASSED = {
    "admin": {"data-baru": INVISIBLE_ADMIN, "data-selesai": INVISIBLE_OTHER,
              "in-progress": "200  200    403  403    403    403    403  403    200      403"},
    "other": {"data-baru": INVISIBLE_OTHER, "data-selesai": INVISIBLE_OTHER,
              "in-progress": "200  200    403  403    403    403    403  403    200      403"},
}
KECAMATAN = {
    "admin": {"data-baru": "200  200    200  403    403    403    403  403    200      400",
              "in-progress": INVISIBLE_ADMIN, "data-selesai": INVISIBLE_OTHER},
    "other": {"data-baru": INVISIBLE_OTHER, "in-progress": INVISIBLE_OTHER,
              "data-selesai": INVISIBLE_OTHER},
}
FOREIGN = {"data-baru": INVISIBLE_ADMIN, "in-progress": INVISIBLE_ADMIN,
           "data-selesai": INVISIBLE_OTHER}
ADMINISTRATOR = {"permohonan": "200  200    403  403    403    403    403  403    200      403"}


def expected_for(role: str) -> dict:
    """The expected codes of one role, per view."""
    if role == "anonymous":
        return {view: ANONYMOUS for view in VIEWS}
    if role == "administrator":
        return {**{view: NO_ENTRY for view in VIEWS}, **ADMINISTRATOR}
    unit, position = role.split(":")
    table = {"Lubuk Baja Kota": KELURAHAN_PASSED, "Lubuk Baja": KECAMATAN}.get(unit)
    per_view = table[position if position == "admin" else "other"] if table else FOREIGN
    return {"permohonan": NO_ENTRY, **per_view}


LISTED_IN = {"Lubuk Baja Kota": "in-progress", "Lubuk Baja:admin": "data-baru",
             "administrator": "permohonan"}
ROLES = ([f"Lubuk Baja Kota:{p}" for p in POSITIONS] + [f"Lubuk Baja:{p}" for p in POSITIONS]
         + ["Baloi Indah:admin", "Batam Kota:admin", "administrator", "anonymous"])


def request_endpoint(client, view: str, endpoint: str, application, document):
    base = f"/admin/{view}"
    calls = {
        "list": lambda: client.get(f"{base}/"),
        "details": lambda: client.get(f"{base}/details/?id={application.id}"),
        "edit": lambda: client.get(f"{base}/edit/?id={application.id}"),
        "delete": lambda: client.post(f"{base}/delete/", data={"id": application.id}),
        "action": lambda: client.post(f"{base}/action/", data={"action": "delete",
                                                               "rowid": application.id}),
        "export": lambda: client.get(f"{base}/export/csv/"),
        "ajax": lambda: client.get(f"{base}/ajax/lookup/?name=service&query=a"),
        "create": lambda: client.get(f"{base}/new/"),
        "document": lambda: client.get(f"{base}/document/{document.id}"),
        "decide": lambda: client.post(f"{base}/decide/?id={application.id}", data={
            "action": "return", "remark": "", "version": application.version}),
    }
    return calls[endpoint]()


@pytest.fixture
def batam_kota_admin(demo):
    """An Admin of another kecamatan (Batam Kota)."""
    db.session.add(Officer(nip="198501012010011999", name="Petugas Batam Kota", position="admin",
                           unit=demo["Batam Kota"], email="admin.bk@layanan.local"))
    db.session.commit()


@pytest.fixture
def waiting_at_kecamatan(make_application, advance, attach_document, batam_kota_admin):
    """The KLKC application and its KTP scan."""
    application = advance(make_application("pindah-antar-kecamatan"), approvals=4)
    document = attach_document(application, b"\x89PNG\r\n\x1a\nfake", "image/png", "ktp.png")
    return application, document


def client_for(role: str, app, login_as, officer):
    """A test client logged in as the role (or anonymous)."""
    client = app.test_client()
    if role == "anonymous":
        return client
    if role == "administrator":
        person = db.session.execute(db.select(Officer).filter_by(nip=ADMINISTRATOR_NIP)).scalar_one()
    elif role == "Batam Kota:admin":
        person = db.session.execute(db.select(Officer).filter_by(nip="198501012010011999")).scalar_one()
    else:
        person = officer(*role.split(":"))
    return login_as(person, client)


@pytest.mark.parametrize("role", ROLES)
def test_every_endpoint_answers_each_role_as_expected(role, app, waiting_at_kecamatan, login_as,
                                                     officer):
    application, document = waiting_at_kecamatan
    version = application.version
    client = client_for(role, app, login_as, officer)
    expected = expected_for(role)
    actual = {view: " ".join(str(request_endpoint(client, view, endpoint, application,
                                                  document).status_code)
                             for endpoint in ENDPOINTS) for view in VIEWS}
    assert actual == {view: " ".join(codes.split()) for view, codes in expected.items()}
    listed_in = LISTED_IN.get(role, LISTED_IN.get(role.split(":")[0]))
    for view in VIEWS:
        response = client.get(f"/admin/{view}/")
        shown = response.status_code == 200 and application.reg_no in response.get_data(as_text=True)
        assert shown == (view == listed_in), f"{role} in {view}"
    db.session.expire_all()
    assert db.session.get(Application, application.id).version == version


# Akun Baru and Anggota Keluarga Baru: only the Admin of the account's kelurahan sees or decides.
WAITING_SCREENS = {  # screen: (fixture of the waiting record, its model, an image key)
    "akun-baru": ("waiting_account", CitizenAccount, "ktp"),
    "anggota-keluarga-baru": ("waiting_family_member", FamilyMember, "proof"),
}
WAITING_ENDPOINTS = ("list", "details", "image", "refuse", "activate", "edit", "delete")
WAITING_OWN_ADMIN = "200 200 200 400 303 403 403"  # refusing without a reason is a 400
WAITING_OTHER_KELURAHAN_ADMIN = "200 404 404 404 404 403 403"
WAITING_EXPECTED = {"Lubuk Baja Kota:admin": WAITING_OWN_ADMIN,
                    "Baloi Indah:admin": WAITING_OTHER_KELURAHAN_ADMIN,
                    "anonymous": " ".join(["302"] * len(WAITING_ENDPOINTS))}


def request_waiting_endpoint(client, screen: str, endpoint: str, record_id: int):
    """One endpoint of a waiting-record screen for the waiting record."""
    base, image = f"/admin/{screen}", WAITING_SCREENS[screen][2]
    calls = {
        "list": lambda: client.get(f"{base}/"),
        "details": lambda: client.get(f"{base}/details/?id={record_id}"),
        "image": lambda: client.get(f"{base}/image/{record_id}/{image}"),
        "refuse": lambda: client.post(f"{base}/refuse/{record_id}", data={"reason": ""}),
        "activate": lambda: client.post(f"{base}/activate/{record_id}"),
        "edit": lambda: client.get(f"{base}/edit/?id={record_id}"),
        "delete": lambda: client.post(f"{base}/delete/", data={"id": record_id}),
    }
    return calls[endpoint]()


@pytest.mark.parametrize("screen", sorted(WAITING_SCREENS))
@pytest.mark.parametrize("role", ROLES)
def test_account_and_family_member_verification_answer_each_role_as_expected(
        screen, role, request, app, batam_kota_admin, login_as, officer):
    fixture, model, _ = WAITING_SCREENS[screen]
    record_id = request.getfixturevalue(fixture).id
    client = client_for(role, app, login_as, officer)
    actual = " ".join(str(request_waiting_endpoint(client, screen, endpoint, record_id)
                          .status_code) for endpoint in WAITING_ENDPOINTS)
    assert actual == WAITING_EXPECTED.get(role, " ".join(["403"] * len(WAITING_ENDPOINTS)))
    db.session.expire_all()
    status = db.session.get(model, record_id).status
    assert status == ("active" if role == "Lubuk Baja Kota:admin" else "waiting")


# Permohonan di Loket: the unit's Admin takes walk-ins for the services starting at its kind of
# unit; a receipt belongs to the unit that registered it; other positions are refused.
COUNTER_ENDPOINTS = ("list", "klkc-form", "kc-form", "receipt")
COUNTER_EXPECTED = {
    "Lubuk Baja Kota:admin": "200 200 404 200",
    "Baloi Indah:admin": "200 200 404 404",
    "Lubuk Baja:admin": "200 404 200 404",
    "Batam Kota:admin": "200 404 200 404",
    "anonymous": "302 302 302 302",
}


@pytest.fixture
def registered_at_counter(make_application, batam_kota_admin):
    """A walk-in KLKC application the counter of Lubuk Baja Kota registered."""
    application = make_application("pindah-antar-kecamatan")
    application.channel = "loket"
    db.session.commit()
    return application


def request_counter_endpoint(client, endpoint: str, application):
    """One endpoint of the counter screens."""
    paths = {"list": "/admin/loket/", "klkc-form": "/admin/loket/pindah-antar-kecamatan/",
             "kc-form": "/admin/loket/kartu-pencari-kerja/",
             "receipt": f"/admin/loket/tanda-terima/{application.id}"}
    return client.get(paths[endpoint])


@pytest.mark.parametrize("role", ROLES)
def test_counter_screens_answer_each_role_as_expected(role, app, registered_at_counter, login_as,
                                                      officer):
    client = client_for(role, app, login_as, officer)
    actual = " ".join(str(request_counter_endpoint(client, endpoint, registered_at_counter)
                          .status_code) for endpoint in COUNTER_ENDPOINTS)
    assert actual == COUNTER_EXPECTED.get(role, " ".join(["403"] * len(COUNTER_ENDPOINTS)))
