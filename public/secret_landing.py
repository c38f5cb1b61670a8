"""Secret links land once: the token leaves the address bar for the session, then a POST acts.

A link from an email (`/konfirmasi/<token>`) keeps its token in this browser's session and
answers 303 to the same page without the token (`/konfirmasi`), so the token stays out of
the browser history, later access-log lines and Referer headers. The page shows a button;
only its POST does anything, so a mail scanner that opens the link changes nothing.
"""
from flask import redirect, session, url_for

SESSION_PREFIX = "secret_link."


def park(purpose: str, token: str, endpoint: str, **values):
    """Keep the link's token in the session and send the browser to its page without it."""
    session[SESSION_PREFIX + purpose] = token[:200]
    return redirect(url_for(endpoint, **values), 303)


def parked(purpose: str) -> str:
    """The token this browser arrived with for `purpose`, or ''."""
    return session.get(SESSION_PREFIX + purpose, "")


def forget(purpose: str) -> None:
    """Drop the token once it has done its work."""
    session.pop(SESSION_PREFIX + purpose, None)
