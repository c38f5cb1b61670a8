"""WhatsApp providers' callbacks: Meta's signed webhook and Fonnte's secret-path webhook.

Providers are machines, not browsers: no CSRF token, no session. Each callback is checked
(Meta: the HMAC-SHA256 signature of the raw body; Fonnte: the secret in the path), stored,
answered 200 at once, and applied by a background job (`portal.messaging.callbacks`).
"""
from flask import Blueprint, abort, request

from portal.extensions import csrf
from portal.messaging.callbacks import MAX_BODY_BYTES, body_json, receive
from portal.messaging.channels import wa_cloud, wa_fonnte

bp = Blueprint("webhooks", __name__, url_prefix="/webhooks/wa")
csrf.exempt(bp)


def _raw_body() -> bytes:
    """The body exactly as sent (the signature covers these bytes), within a sane size."""
    if (request.content_length or 0) > MAX_BODY_BYTES:
        abort(413)
    return request.get_data(cache=False)


@bp.get("/meta")
def meta_verification():
    """Meta's subscription check: echo `hub.challenge` when the verify token is ours."""
    challenge = wa_cloud.subscription_challenge(request.args)
    if challenge is None:
        abort(403)
    return challenge, 200, {"Content-Type": "text/plain; charset=utf-8"}


@bp.post("/meta")
def meta_callback():
    """A signed status callback; a bad signature is refused and nothing is stored."""
    raw = _raw_body()
    if not wa_cloud.signature_valid(raw, request.headers.get("X-Hub-Signature-256", "")):
        abort(403)
    receive(wa_cloud.NAME, raw)
    return "", 200


@bp.post("/fonnte/<secret>")
def fonnte_callback(secret: str):
    """A status callback on the secret path; any other path is simply not found."""
    if not wa_fonnte.secret_matches(secret):
        abort(404)
    raw = _raw_body()
    if not body_json(raw):
        abort(400)
    receive(wa_fonnte.NAME, raw)
    return "", 200
