"""The citizen site on a bad connection: one photo uploaded at a time, and the service worker.

Each requirement's file goes up on its own (`upload_one`) as soon as it is chosen, stored as
pending under the form's one-time token exactly like an upload sent with the whole form, so
a dropped connection costs one photo, never the rest. The service worker (`/sw.js`, at the
site's root so it may serve every citizen page) keeps the catalogue, the service pages and
the form shell for offline use; its version follows the static files, so a change reaches
phones at their next visit.
"""
import hashlib
from pathlib import Path

from flask import abort, current_app, jsonify, make_response, render_template, request
from flask_babel import gettext as _

from portal.citizens.application_form import TOKEN
from portal.citizens.auth import current_citizen
from portal.citizens.submission import by_submission_token, uploadable
from portal.files.uploads import human_size, keep_uploads
from portal.page_cache import asset_url
from public import bp
from public.views import open_service_or_404

HERE = Path(__file__).parent
# What the service worker caches changes with these files (its own template included).
VERSIONED = (HERE / "static", HERE / "templates" / "public" / "sw.js")


def _requirement_or_404(definition: dict, key: str) -> dict:
    found = next((doc for doc in uploadable(definition) if doc["key"] == key), None)
    if found is None:
        abort(404)
    return found


@bp.post("/layanan/<code>/unggah/<key>")
def upload_one(code: str, key: str):
    """One requirement's file, kept as pending under the form token; JSON for the page."""
    service = open_service_or_404(code)
    if service.requires_account and current_citizen() is None:
        abort(403)
    requirement = _requirement_or_404(service.definition_snapshot(), key)
    token = request.form.get("form_token", "")
    if not TOKEN.fullmatch(token):
        return jsonify(error=_("Formulir kedaluwarsa. Muat ulang halaman.")), 400
    if by_submission_token(token) is not None:
        return jsonify(error=_("Permohonan ini sudah terkirim.")), 409
    errors: list[str] = []
    documents = keep_uploads(token, [requirement], request.files,
                             lambda _key, message: errors.append(message))
    stored = documents.get(key)
    if errors or stored is None:
        return jsonify(error=errors[0] if errors else _("Pilih berkas terlebih dahulu.")), 400
    return jsonify(key=key, name=stored.original_name, size=human_size(stored.size))


def static_version() -> str:
    """A short hash of the citizen site's static files: the service worker's cache name."""
    digest = hashlib.sha256()
    files = [path for place in VERSIONED
             for path in (sorted(place.glob("*")) if place.is_dir() else [place])]
    for path in files:
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:12]


@bp.get("/sw.js")
def service_worker():
    """The service worker script, with its cache version filled in."""
    version = current_app.extensions.get("layanan.static_version") or static_version()
    current_app.extensions["layanan.static_version"] = version
    assets = [asset_url(path.name) for path in sorted((HERE / "static").glob("*.*"))]
    response = make_response(render_template("public/sw.js", version=version, assets=assets))
    response.headers["Content-Type"] = "text/javascript; charset=utf-8"
    response.headers["Cache-Control"] = "no-cache"
    return response
