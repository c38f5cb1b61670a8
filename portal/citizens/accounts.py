"""Citizen accounts: registration, the email confirmation link, activation or refusal by an officer.

Every message to the citizen goes through the outbox in the same transaction as the change.
"""
from typing import Optional

from flask import current_app
from flask_babel import lazy_gettext
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy.exc import IntegrityError
from zxcvbn import zxcvbn

from portal.officers import audit
from portal.messaging.email_links import ClockSigner
from portal.extensions import db
from portal.models import CitizenAccount, Officer, OutboxMessage, utcnow
from portal.messaging.citizen_notices import notify_account, queue_message

EMAIL_LINK_SALT = "layanan.confirm-account-email"
EMAIL_LINK_VALID_SECONDS = 48 * 3600
MIN_PASSWORD_LENGTH = 8
MIN_PASSWORD_SCORE = 3  # zxcvbn: 0 (guessed at once) … 4 (very hard to guess)
# The four identity images asked at registration: (key, label). Accepted as images only.
IDENTITY_UPLOADS = (
    ("ktp", "Foto KTP"),
    ("kk", "Foto Kartu Keluarga"),
    ("signature", "Tanda tangan (gambar)"),
    ("selfie", "Foto diri sambil memegang KTP"),
)
IDENTITY_MAX_KB = 5120
# How each account status (models.citizen.ACCOUNT_STATUSES) reads to the citizen.
ACCOUNT_STATUS_LABELS = {
    "unconfirmed": lazy_gettext("Menunggu konfirmasi email"),
    "waiting": lazy_gettext("Menunggu pemeriksaan petugas"),
    "active": lazy_gettext("Aktif"),
    "refused": lazy_gettext("Ditolak"),
    "closed": lazy_gettext("Ditutup"),
}


def identity_requirements() -> list[dict]:
    """The identity images as upload requirements (the shape `portal.files.uploads` expects)."""
    return [{"key": key, "label": label, "mandatory": True, "accepted_types": ["jpg", "png"],
             "max_size_kb": IDENTITY_MAX_KB, "at_counter": False}
            for key, label in IDENTITY_UPLOADS]


def password_is_weak(password: str, *personal: str) -> bool:
    """True when the password is short or easily guessed (zxcvbn, with the user's own data)."""
    if len(password or "") < MIN_PASSWORD_LENGTH:
        return True
    hints = [value for value in personal if value]
    return zxcvbn(password[:100], user_inputs=hints)["score"] < MIN_PASSWORD_SCORE


def status_of_nik(nik: str) -> Optional[str]:
    """The status of the account with this NIK (refused and closed ones included), or None."""
    return db.session.execute(
        db.select(CitizenAccount.status).filter_by(nik=nik)).scalar_one_or_none()


def link_serializer(salt: str = EMAIL_LINK_SALT) -> URLSafeTimedSerializer:
    """Signs the account's email links; each kind of link has its own salt."""
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=salt,
                                  signer=ClockSigner)


def email_link_token(account: CitizenAccount) -> str:
    """A signed token confirming `account.email` (a changed address needs a new link)."""
    return link_serializer().dumps({"a": account.id, "e": account.email})


def read_email_link(token: str) -> Optional[CitizenAccount]:
    """The account whose current email the token confirms, or None (bad, expired, outdated)."""
    try:
        data = link_serializer().loads(token, max_age=EMAIL_LINK_VALID_SECONDS)
    except BadSignature:
        return None
    account = db.session.get(CitizenAccount, data.get("a")) if isinstance(data, dict) else None
    if account is None or account.email != data.get("e"):
        return None
    return account


def send_email_link(account: CitizenAccount) -> None:
    """Queue the confirmation email (the caller commits)."""
    queue_message("email", account.email, "citizen_account_confirm",
                  {"name": account.name, "token": email_link_token(account)},
                  key=f"account-{account.id}-confirm-{utcnow().timestamp()}")


def tell_owner_of_registration(nik: str) -> None:
    """Someone registered with a NIK that has an account: its owner hears of it by email (once
    a day); the registration page answers as for any other NIK. Commits."""
    account = db.session.execute(
        db.select(CitizenAccount).filter_by(nik=nik)).scalar_one_or_none()
    key = f"account-{account.id}-registration-{utcnow().date().isoformat()}" if account else ""
    if not (account and account.email) or db.session.execute(
            db.select(OutboxMessage.id).filter_by(idempotency_key=key)).first():
        return
    queue_message("email", account.email, "citizen_account_registration_attempt",
                  {"name": account.name}, key=key)
    try:
        db.session.commit()
    except IntegrityError:  # told a moment ago by a parallel request
        db.session.rollback()


def confirm_email(account: CitizenAccount) -> None:
    """Record the confirmed email; an unconfirmed account now waits for activation."""
    account.email_confirmed_at = account.email_confirmed_at or utcnow()
    if account.status == "unconfirmed":
        account.status = "waiting"
    audit.record("account_email_confirmed", "citizen_account", account.id,
                 actor=f"warga {account.nik}")
    db.session.commit()


def activate(account: CitizenAccount, officer: Officer) -> None:
    """The officer activates a waiting account; the citizen is told on their channels."""
    record_decision(account, officer, "active", "")
    notify_account(account, "citizen_account_activated", {"name": account.name},
                   key=f"account-{account.id}-activated")
    audit.record("account_activated", "citizen_account", account.id, officer=officer)
    db.session.commit()


def refuse(account: CitizenAccount, officer: Officer, reason: str) -> None:
    """The officer refuses a waiting account with a reason, which the citizen is told."""
    record_decision(account, officer, "refused", reason)
    notify_account(account, "citizen_account_refused", {"name": account.name, "reason": reason},
                   key=f"account-{account.id}-refused")
    audit.record("account_refused", "citizen_account", account.id, {"reason": reason},
                 officer=officer)
    db.session.commit()


def record_decision(record, officer: Officer, status: str, reason: str) -> None:
    """Move a waiting account or family member to `status`, noting who decided, when and why.

    The row is locked first, so two officers deciding at the same moment cannot both pass.
    """
    db.session.refresh(record, with_for_update=True)
    if record.status != "waiting":
        raise ValueError(f"{record} is {record.status}, not waiting")
    record.status = status
    record.refusal_reason = reason
    record.decided_by_id = officer.id
    record.decided_at = utcnow()
