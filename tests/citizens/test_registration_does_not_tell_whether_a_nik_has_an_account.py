"""Acceptance (issue 21, finding 8): the registration page answers every NIK the same way and
limits probes per address; the owner of an existing account hears of it by their own email."""
import re

from portal.extensions import db
from portal.models import CitizenAccount, OutboxMessage

from tests.citizens.test_citizen_registers_an_account import register
from tests.fixtures.citizen import post_multipart

REGISTERED, UNKNOWN = "2171064501900001", "2171064501900002"


def _answer(response) -> str:
    """The page as a visitor reads it, without the per-request form token and nonces."""
    page = response.get_data(as_text=True)
    return re.sub(r'(value|nonce)="[^"]*"', "", page)


def test_forty_nik_probes_get_one_answer_and_the_address_is_limited(make_app, citizen_account):
    app = make_app(RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI="memory://")
    citizen_account(nik=REGISTERED)
    prober = app.test_client()
    answers = [prober.post("/akun/daftar", data={"nik": nik})
               for nik in [REGISTERED, UNKNOWN] * 20]
    served = [response for response in answers if response.status_code != 429]
    assert 0 < len(served) <= 20 and answers[-1].status_code == 429
    assert len({_answer(response) for response in served}) == 1
    assert "sudah terdaftar" not in _answer(served[0])


def test_a_registration_with_a_registered_nik_reads_like_any_other_and_tells_the_owner_once(
        client, demo, citizen_account):
    owner = citizen_account(nik=REGISTERED)  # siti@contoh.id
    fresh = register(client, demo, nik=UNKNOWN, email="budi@contoh.id", name="Budi")
    taken = [register(client, demo, nik=REGISTERED, email="budi@contoh.id", name="Budi")
             for _ in range(3)]
    assert all(_answer(response) == _answer(fresh) for response in taken)
    assert "Kami mengirim tautan konfirmasi ke budi@contoh.id" in _answer(fresh)
    accounts = db.session.execute(db.select(CitizenAccount).filter_by(nik=REGISTERED)).scalars()
    assert [account.email for account in accounts] == ["siti@contoh.id"]
    told = db.session.execute(db.select(OutboxMessage).filter_by(
        template="citizen_account_registration_attempt")).scalars().all()
    assert [(message.recipient, message.payload["name"]) for message in told] == [
        (owner.email, owner.name)]
    assert db.session.query(OutboxMessage).filter_by(recipient="budi@contoh.id").count() == 1
