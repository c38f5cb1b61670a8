"""How notices read to officers: each message of an application with channel and status.

Lihat Data lists them (admin_views), the job monitor lists the stuck and failed ones.
"""
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select

from portal.extensions import db
from portal.messaging.email_links import RESEND_PREFIX
from portal.messaging.fallback import FALLBACK_REASONS
from portal.models import OutboxMessage, utcnow

CHANNEL_LABELS = {"email": _l("Email"), "whatsapp": _l("WhatsApp")}
DELIVERY_LABELS = {
    "queued": _l("Menunggu dikirim"),
    "unknown": _l("Tidak pasti: menunggu kabar WhatsApp"),
    "accepted": _l("Diterima penyedia"),
    "sent": _l("Terkirim"),
    "delivered": _l("Sampai"),
    "read": _l("Dibaca"),
    "failed": _l("Gagal"),
}
# The outbox's own statuses (OUTBOX_STATUSES) as the job monitor shows them.
OUTBOX_STATUS_LABELS = {
    "pending": _l("Menunggu dikirim"),
    "sending": _l("Sedang dikirim"),
    "sent": _l("Terkirim"),
    "unknown": _l("Tidak pasti"),
    "failed": _l("Gagal"),
    "skipped": _l("Dilewati (tidak dikirim)"),
}
NOTICE_LABELS = {
    "citizen_submitted": _l("Permohonan diterima, tautan konfirmasi"),
    "citizen_received": _l("Permohonan diterima dari akun"),
    "citizen_confirmed": _l("Permohonan dikonfirmasi"),
    "citizen_approved": _l("Disetujui satu tahap"),
    "citizen_in_process": _l("Diproses di unit berikutnya"),
    "citizen_returned": _l("Dikembalikan untuk perbaikan"),
    "citizen_resubmitted": _l("Perbaikan diterima"),
    "citizen_refused": _l("Ditolak"),
    "citizen_cancelled": _l("Dibatalkan"),
    "citizen_letter_ready": _l("Surat sudah jadi"),
    "citizen_handed_over": _l("Surat diserahkan"),
    "citizen_pickup_booked": _l("Jadwal pengambilan"),
    "citizen_dispatched": _l("Surat dikirim, nomor resi"),
    "citizen_survey_invitation": _l("Undangan survei kepuasan"),
    "citizen_complaint_received": _l("Pengaduan diterima"),
    "citizen_complaint_answered": _l("Pengaduan dijawab"),
}
STUCK_AFTER = timedelta(minutes=10)  # longer than any send or its timeout takes


def notice_label(message: OutboxMessage) -> str:
    """What a notice was about, as officers read it."""
    if message.notice_key.startswith(RESEND_PREFIX):
        return _l("Tautan konfirmasi dikirim ulang")
    return NOTICE_LABELS.get(message.template, message.template)


def fallback_label(reason: str) -> str:
    """Why an email went instead of WhatsApp, as officers read it ('' for none)."""
    return FALLBACK_REASONS.get(reason, reason)


def notices_of(application_id: int) -> list[OutboxMessage]:
    """Every message sent to the applicant about an application, oldest first."""
    return list(db.session.execute(
        select(OutboxMessage).filter_by(application_id=application_id)
        .where(OutboxMessage.template.like("citizen_%"))
        .order_by(OutboxMessage.created_at, OutboxMessage.id)).scalars())


def needing_attention(limit: int = 50) -> list[OutboxMessage]:
    """Failed messages, and messages stuck: not sent long after being written or tried."""
    cutoff = utcnow() - STUCK_AFTER
    stuck = or_(
        OutboxMessage.status == "failed",
        OutboxMessage.status.in_(("unknown", "sending"))
        & (OutboxMessage.last_attempt_at <= cutoff),
        (OutboxMessage.status == "pending") & (OutboxMessage.created_at <= cutoff),
    )
    return list(db.session.execute(
        select(OutboxMessage).where(stuck).order_by(OutboxMessage.id.desc()).limit(limit))
        .scalars())
