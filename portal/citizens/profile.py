"""The citizen's own changes: email (confirmed by a link to the new address), WhatsApp
number, how to be notified, password, and closing the account (UU 27/2022).

Every change asks for the current password first, is written to the audit log without
any secret, and queues its emails in the same transaction.
"""
from typing import Optional

from itsdangerous import BadSignature

from portal.officers import audit
from portal.citizens.accounts import EMAIL_LINK_VALID_SECONDS, link_serializer
from portal.extensions import db
from portal.officers.lockout import count_failure, is_locked
from portal.citizens.masking import mask_email
from portal.models import CitizenAccount, utcnow
from portal.models.citizen import new_session_token
from portal.messaging.citizen_notices import queue_message

EMAIL_CHANGE_SALT = "layanan.change-account-email"


def citizen_actor(account: CitizenAccount) -> str:
    """How the audit log names a citizen acting on their own account."""
    return f"warga {account.nik}"


def _audit(account: CitizenAccount, action: str, detail: Optional[dict] = None) -> None:
    audit.record(action, "citizen_account", account.id, detail, actor=citizen_actor(account))


def check_current_password(account: CitizenAccount, password: str) -> bool:
    """True when `password` is the account's; wrong ones count towards the login lockout."""
    if is_locked(account):
        return False
    if account.check_password(password or ""):
        account.failed_logins = 0
        return True
    count_failure(account)
    _audit(account, "citizen_password_check_failed")
    db.session.commit()
    return False


def request_email_change(account: CitizenAccount, new_email: str) -> None:
    """Send a confirmation link to the new address and a notice to the current one."""
    account.pending_email = new_email
    token = link_serializer(EMAIL_CHANGE_SALT).dumps({"a": account.id, "e": new_email})
    stamp = utcnow().timestamp()
    queue_message("email", new_email, "citizen_email_change_confirm",
                  {"name": account.name, "token": token},
                  key=f"account-{account.id}-email-change-{stamp}")
    queue_message("email", account.email, "citizen_email_change_notice",
                  {"name": account.name, "new_email": mask_email(new_email)},
                  key=f"account-{account.id}-email-change-notice-{stamp}")
    _audit(account, "citizen_email_change_requested", {"new_email": new_email})
    db.session.commit()


def read_email_change_link(token: str) -> Optional[CitizenAccount]:
    """The active account waiting for the address the token names, or None (bad, old, used)."""
    try:
        data = link_serializer(EMAIL_CHANGE_SALT).loads(token, max_age=EMAIL_LINK_VALID_SECONDS)
    except BadSignature:
        return None
    account = db.session.get(CitizenAccount, data.get("a")) if isinstance(data, dict) else None
    if account is None or account.status != "active" or not account.pending_email \
            or account.pending_email != data.get("e"):
        return None
    return account


def confirm_email_change(account: CitizenAccount) -> None:
    """The new address replaces the old one."""
    old, account.email, account.pending_email = account.email, account.pending_email, None
    account.email_confirmed_at = utcnow()
    _audit(account, "citizen_email_changed", {"old": old, "new": account.email})
    db.session.commit()


def change_phone(account: CitizenAccount, phone: str) -> None:
    """Store a new WhatsApp number (already normalised to +62…)."""
    old, account.phone = account.phone, phone
    _audit(account, "citizen_phone_changed", {"old": old, "new": phone})
    db.session.commit()


def change_notice_choice(account: CitizenAccount, notify_every_step: bool,
                         notify_channel: Optional[str] = None) -> None:
    """Store how the citizen wants to hear from us (the channel only when one was offered)."""
    before = {"channel": account.notify_channel, "every_step": account.notify_every_step}
    account.notify_channel = notify_channel or account.notify_channel
    account.notify_every_step = notify_every_step
    _audit(account, "citizen_notice_choice_changed",
           {"before": before, "after": {"channel": account.notify_channel,
                                        "every_step": notify_every_step}})
    db.session.commit()


def change_password(account: CitizenAccount, password: str) -> None:
    """Set a new password and end every session (the caller logs this browser in again)."""
    account.set_password(password)
    account.session_token = new_session_token()
    account.reset_token_hash = None
    account.reset_expires_at = None
    _audit(account, "citizen_password_changed")
    db.session.commit()


def close_account(account: CitizenAccount) -> None:
    """Close the account at the citizen's request: sessions end, login is refused from now on.

    Applications stay (archive rules); the identity images go later (portal.citizens.retention).
    """
    account.status = "closed"
    account.closed_at = utcnow()
    account.session_token = new_session_token()
    account.pending_email = None
    account.reset_token_hash = None
    account.reset_expires_at = None
    queue_message("email", account.email, "citizen_account_closed", {"name": account.name},
                  key=f"account-{account.id}-closed")
    _audit(account, "citizen_account_closed")
    db.session.commit()
