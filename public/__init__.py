"""The citizen's face: catalogue, apply, confirm, track, correct, verify.

The anonymous citizen site lives here; `account/` holds a logged-in citizen's own pages and
`api/` the JSON API for programs. All three use the core (`portal`) and nothing of each other
but this blueprint and a few page helpers (`track`, `views`, `verification`, `notice_choice`).
`offline` keeps the site usable on a bad connection: one photo uploaded at a time, and the
service worker.
`webhooks` is the face for machines: WhatsApp providers' status callbacks, on a blueprint of
their own without CSRF.
"""
from flask import Blueprint

bp = Blueprint("public", __name__, template_folder="templates",
               static_folder="static", static_url_path="/aset")

# Routes attach to bp when their modules are imported.
from public import account, apply, correct, errors, track, views  # noqa: E402,F401
from public import complaints, notice_choice, offline, resend, survey  # noqa: E402,F401
