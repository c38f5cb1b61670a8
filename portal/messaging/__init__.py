"""The messaging room: every message the portal sends, written into the outbox inside the
transaction that causes it and delivered afterwards.

It owns the outbox and its relay (`outbox`), the per-channel renderers and senders
(`channels`), the citizen's notices (`citizen_notices`) and their secret links
(`email_links`), officers' notices and digests (`officer_notices`, `overdue_digest`). It may
import the workflow room (it listens to transitions), citizens' secret links and letters'
QR; delivery jobs live in `jobs/mail.py`.
"""
