"""Loading the logged-in officer for Flask-Login; the id carries a session token."""
from typing import Optional

from portal.extensions import db
from portal.models import Officer


def load_officer(user_id: str) -> Optional[Officer]:
    """Return the active officer of a session id 'row:token', or None if it was revoked."""
    row_id, _, token = (user_id or "").partition(":")
    if not row_id.isdigit() or not token:
        return None
    officer = db.session.get(Officer, int(row_id))
    if officer is None or not officer.active or officer.session_token != token:
        return None
    return officer
