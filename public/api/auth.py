"""Who calls the API: the bearer token of a citizen's program login, and the request budgets
(per token, and per address for logins)."""
from functools import wraps

from flask import current_app, g, request
from flask_limiter.util import get_remote_address

from portal.citizens import api_tokens
from portal.extensions import limiter
from portal.models import ApiToken, CitizenAccount
from public.api.errors import api_abort

SECURITY = [{"bearerAuth": []}]


def bearer_token() -> str:
    """The token of the `Authorization: Bearer …` header, or ''."""
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


def _token_key() -> str:
    token = bearer_token()
    return "token:" + api_tokens.digest(token) if token else "address:" + get_remote_address()


def token_budget():
    """Decorator: API_RATE_LIMIT requests per token (per address for calls without one)."""
    return limiter.shared_limit(lambda: current_app.config["API_RATE_LIMIT"], scope="api-token",
                                key_func=_token_key)


def login_budget():
    """Decorator: API_LOGIN_RATE_LIMIT login attempts per address."""
    return limiter.shared_limit(lambda: current_app.config["API_LOGIN_RATE_LIMIT"],
                                scope="api-login", key_func=get_remote_address)


def citizen_token(view):
    """Refuse (401) a request without a valid token; else remember the token in `g`."""
    @wraps(view)
    def wrapper(*args, **kwargs):
        row = api_tokens.find(bearer_token())
        if row is None:
            api_abort(401)
        g.api_token = row
        return view(*args, **kwargs)
    return wrapper


def current_token() -> ApiToken:
    """The valid token of this request (inside a `citizen_token` view)."""
    return g.api_token


def current_account() -> CitizenAccount:
    """The citizen account whose token made this request."""
    return g.api_token.account
