"""Security headers for every response, with a per-request CSP nonce for our own scripts."""
import secrets

from flask import Flask, current_app, g

CSP_TEMPLATE = (
    "default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'nonce-{nonce}'; "
    "img-src 'self' data: blob:; object-src 'self'; frame-src 'self'; font-src 'self' data:; "
    "frame-ancestors 'self'; base-uri 'self'; form-action 'self'"
)
# Production is served over HTTPS only (deploy/nginx-layanan.conf sends the same): browsers
# then refuse plain HTTP to the site for a year, so no first request can be downgraded.
HSTS = "max-age=31536000; includeSubDomains"


def csp_nonce() -> str:
    """The nonce of the current request (templates: {{ csp_nonce() }})."""
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(16)
    return g.csp_nonce


def _add_headers(response):
    response.headers.setdefault("Content-Security-Policy", CSP_TEMPLATE.format(nonce=csp_nonce()))
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "no-referrer")  # secret links stay here
    response.headers.setdefault("X-Frame-Options", "SAMEORIGIN")
    response.headers.setdefault("Permissions-Policy", "camera=(self), geolocation=()")
    if current_app.config.get("LAYANAN_ENV") == "production":
        response.headers.setdefault("Strict-Transport-Security", HSTS)
    return response


def init_security(app: Flask) -> None:
    """Attach the headers and expose csp_nonce() to templates."""
    app.after_request(_add_headers)
    app.jinja_env.globals["csp_nonce"] = csp_nonce
