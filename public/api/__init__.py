"""The JSON API for programs (`/api/v1`): one flat flask-smorest blueprint whose OpenAPI 3.1
document is generated from its routes and marshmallow schemas, its reference page for people,
and the citizen's login for programs (bearer tokens).

It does what the citizen pages do, through the same core functions (`portal.citizens.
submission`, `correction`, `family`, `pickup`, `api_tokens`) and the same page helpers of
the citizen site (`public.track`, `public.views`, `public.verification`, `public.apply`,
`public.correct`); `init_api` is called by `create_app`.
"""
from flask import Flask
from flask_babel import lazy_gettext as _l
from flask_smorest import Api, Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1", template_folder="templates")

API_VERSION = "1.1.0"  # /api/v1 stays compatible: changes are additive (docs/API.md)
OPENAPI_VERSION = "3.1.0"
BEARER_SCHEME = {"type": "http", "scheme": "bearer",
                 "description": _l("Token dari POST /api/v1/masuk.")}


class CitizenApi(Api):
    """flask-smorest's Api, minus its error handlers: `public.errors` answers every error
    (JSON under /api/, the friendly HTML pages elsewhere)."""

    DEFAULT_ERROR_RESPONSE_NAME = None

    def _register_error_handlers(self):
        """Leave error handling to `public.errors` (one table of codes and messages)."""


def init_api(app: Flask) -> CitizenApi:
    """Build the API's spec for this app and register its blueprint (CSRF-exempt: no cookies)."""
    from portal.extensions import csrf
    from public.api import account, applications, routes, session  # noqa: F401 - add routes
    from public.api.schemas import ErrorSchema

    CitizenApi.ERROR_SCHEMA = ErrorSchema
    api = CitizenApi(app, spec_kwargs={"title": "Layanan API", "version": API_VERSION,
                                       "openapi_version": OPENAPI_VERSION})
    api.spec.components.security_scheme("bearerAuth", BEARER_SCHEME)
    api.register_blueprint(bp)
    csrf.exempt(bp)
    return api
