"""The messaging room: every message the portal sends, written into the outbox inside the
transaction that causes it and delivered afterwards.

It owns the outbox and its relay (`outbox`); the channels as drivers behind one interface
(`channels`: email, Meta's WhatsApp Cloud API, Fonnte, log); what providers report, as one
forward-only delivery status with its event log (`delivery`), their stored callbacks
(`callbacks`) and email as WhatsApp's fallback (`fallback`); the citizen's notices on the
channels they chose (`citizen_notices`), which transitions are milestones (`milestones`) and
their secret links (`email_links`); how notices read to officers (`notice_log`); officers'
notices and digests (`officer_notices`, `overdue_digest`). It may import the workflow room
(it listens to transitions), citizens' secret links, officers' audit log, letters' QR and
postal deliveries; delivery jobs live in `jobs/mail.py` and `jobs/delivery.py`, the webhooks
in `public/webhooks.py`.
"""
