"""Daily service-level job: email each head the overdue items of their unit."""
from datetime import datetime
from typing import Optional

from portal.messaging.overdue_digest import write_overdue_digests


def send_overdue_digests(moment_iso: Optional[str] = None) -> int:
    """Write today's digests to the outbox (idempotent per unit and day); returns how many."""
    moment = datetime.fromisoformat(moment_iso) if moment_iso else None
    return len(write_overdue_digests(moment))
