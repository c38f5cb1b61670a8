"""Retention job for RQ (or cron through `flask accounts purge-identity-images`)."""
from portal.citizens.retention import purge_expired_identity_images


def delete_expired_identity_images() -> int:
    """Delete identity images of accounts refused or closed too long ago; returns how many."""
    return purge_expired_identity_images()[1]
