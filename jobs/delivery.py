"""Provider callbacks, applied in the background: one job per stored webhook call."""
from portal.messaging import callbacks


def apply_callback(callback_id: int) -> str:
    """Apply the statuses of one stored callback (idempotent); returns what happened."""
    return callbacks.apply(callback_id)
