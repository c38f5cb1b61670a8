"""One HTTP POST to a gateway, with explicit timeouts and an honest reading of what went wrong.

A failure before the request left us (connection refused, no route, connect timeout) may be
retried. A failure after it left (read timeout, connection dropped mid-answer) is an unknown
outcome: the gateway may have the message, so it is never sent again blindly.
"""
import requests
from flask import current_app
from urllib3.exceptions import ConnectTimeoutError, NewConnectionError

from portal.messaging.channels import SendFailure

CONNECT_TIMEOUT = 5  # seconds to open the connection; the read timeout is configurable


def _never_connected(error: requests.ConnectionError) -> bool:
    """True when the request certainly did not reach the gateway."""
    if isinstance(error, requests.ConnectTimeout):
        return True
    reason = getattr(error.args[0], "reason", None) if error.args else None
    return isinstance(reason, (NewConnectionError, ConnectTimeoutError))


def post(provider: str, url: str, **kwargs) -> requests.Response:
    """POST once (no redirects, no retries); raise SendFailure when no answer came back."""
    timeout = (CONNECT_TIMEOUT, current_app.config["WHATSAPP_HTTP_TIMEOUT"])
    try:
        return requests.post(url, timeout=timeout, allow_redirects=False, **kwargs)
    except requests.ConnectionError as error:
        kind = "temporary" if _never_connected(error) else "unknown"
        raise SendFailure(kind, f"{type(error).__name__}: {error}", provider) from None
    except requests.Timeout as error:
        raise SendFailure("unknown", f"no answer within the timeout: {error}", provider) from None
    except requests.RequestException as error:
        raise SendFailure("unknown", f"{type(error).__name__}: {error}", provider) from None


def json_of(response: requests.Response) -> dict:
    """The JSON object of an answer, or {} when it is not one."""
    try:
        data = response.json()
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def failure_for_status(provider: str, response: requests.Response, reason: str) -> SendFailure:
    """A gateway's error answer: 429 and 5xx may pass, other 4xx will not."""
    passing = response.status_code == 429 or response.status_code >= 500
    return SendFailure("temporary" if passing else "permanent",
                       f"HTTP {response.status_code}: {reason}"[:500], provider)
