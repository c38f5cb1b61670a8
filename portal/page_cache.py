"""Pages that are the same for every visitor, kept rendered (Flask-Caching), and HTTP caching.

The catalogue and the service pages are rendered once per content version and language. The
content version is one cache key, read with the page in one round trip: any change to a
service, its documents or fields, a unit or a letter template replaces it
(`invalidate_public_pages`, called by the Administrator console's one base view, and any
write to a console table), so every rendered page is left behind at once. A page is never
taken from nor put into the cache for a logged-in visitor, nor when its rendering used the
session (a CSRF token) or the request's CSP nonce, so one citizen's data can never reach
another.
"""
import hashlib
import secrets
from functools import wraps
from pathlib import Path

from flask import Flask, current_app, g, has_request_context, request, session
from redis.exceptions import RedisError

from portal.extensions import cache
from portal.queue import note_redis_failure, redis_options, redis_skipped

VERSION_KEY = "public-pages:version"
# Session keys that make a visitor someone: a citizen's login, an officer's login.
PERSONAL_SESSION_KEYS = ("citizen", "_user_id")
# Cache-Control of the public pages, by endpoint; others keep Flask's default.
CACHE_CONTROL = {
    "public.catalogue": "no-cache",  # shared content, revalidated by ETag at every visit
    "public.service_page": "no-cache",
    "public.track": "private, no-cache",  # masked, but one person's: no shared caches
}
ONE_YEAR = 365 * 24 * 3600
# Tables whose rows show on the tracking page after the letter and change outside transitions
# (the letter's rendering or revocation, the postal delivery, the survey answer).
AFTER_LETTER_TABLES = frozenset({"letters", "postal_deliveries", "survey_responses"})
# Tables the Administrator keeps that officer pages read at every request (holidays, counter
# positions, the services filter, stand-ins): kept in each process per content version, which any
# write to them renews.
CONSOLE_TABLES = frozenset({"holidays", "counter_positions", "services", "substitutions"})


def init_page_cache(app: Flask) -> None:
    """Redis when REDIS_URL is set (shared by every worker), else one process's memory."""
    redis_url = app.config.get("REDIS_URL")
    settings = {"CACHE_TYPE": "RedisCache", "CACHE_REDIS_URL": redis_url,
                "CACHE_OPTIONS": redis_options(app.config)} if redis_url else {
        "CACHE_TYPE": "SimpleCache"}
    settings.update(CACHE_KEY_PREFIX=app.config["PAGE_CACHE_PREFIX"],
                    CACHE_DEFAULT_TIMEOUT=app.config["PAGE_CACHE_SECONDS"])
    cache.init_app(app, config=settings)
    app.extensions["layanan.code_version"] = _code_version(app)
    from sqlalchemy import event

    from portal.extensions import db

    for hook in (_forget_tracking_of_flushed_rows, _renew_version_for_flushed_rows):
        if not event.contains(db.session, "after_flush", hook):
            event.listen(db.session, "after_flush", hook)


def _code_version(app: Flask) -> str:
    """A digest of the templates and translations this process serves (a deploy changes it)."""
    digest = hashlib.sha256()
    roots = [Path(app.root_path).parent / name for name in ("public", "portal")]
    for root in roots:
        for path in sorted(root.rglob("*")):
            if path.suffix in (".html", ".mo"):
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _safely(operation, default=None):
    """Run a cache operation; a cache that is down only means rendering afresh (and, for a
    few seconds, not asking it: see `portal.queue.redis_skipped`)."""
    if redis_skipped():
        return default
    try:
        return operation()
    except (RedisError, OSError) as error:
        note_redis_failure(error)
        return default


def _new_version() -> str:
    """A fresh content version, stored for every worker."""
    version = secrets.token_hex(6)
    _safely(lambda: cache.set(VERSION_KEY, version, timeout=0))
    return version


def content_version() -> str:
    """The current version of what the Administrator keeps (services, units, templates, ...)."""
    version = _safely(lambda: cache.get(VERSION_KEY))
    return version if version is not None else _new_version()


def versioned_lookup(key: str):
    """The entry under `key` if it was kept for the current content version, else None, and
    that version: one cache round trip (both keys in one `get_many`)."""
    version, entry = _safely(lambda: cache.get_many(VERSION_KEY, key), (None, None))
    if version is None:
        return None, _new_version()
    if not isinstance(entry, tuple) or entry[0] != version:
        return None, version
    return entry[1], version


def keep_versioned(key: str, version: str, value, timeout=None) -> None:
    """Keep `value` under `key` for this content version (a new version leaves it behind)."""
    _safely(lambda: cache.set(key, (version, value), timeout=timeout))


def invalidate_public_pages() -> None:
    """Leave every rendered public page and tracking timeline behind."""
    _new_version()


def per_content_version(name: str, compute):
    """compute()'s plain data (no ORM rows), kept in this process until the content version
    changes; the version is read once per request. Outside a request: compute()."""
    if not has_request_context():
        return compute()
    version = request.environ.get("layanan.content_version")
    if version is None:
        version = request.environ["layanan.content_version"] = content_version()
    kept = current_app.extensions.setdefault("layanan.per_content_version", {})
    if kept.get(name, (None,))[0] != version:
        kept[name] = (version, compute())
    return kept[name][1]


def _renew_version_for_flushed_rows(session, flush_context) -> None:
    """after_flush: a write to a console table renews the content version, now and again at
    commit (a reader may have kept the state before it meanwhile)."""
    if any(getattr(row, "__tablename__", None) in CONSOLE_TABLES
           for row in (*session.new, *session.dirty, *session.deleted)):
        from sqlalchemy import event

        _new_version()
        event.listen(session, "after_commit", lambda _session: _new_version(), once=True)


def tracking_key(reg_no: str, locale: str) -> str:
    """The cache key of one application's rendered tracking parts in one language."""
    return f"track:{current_app.extensions['layanan.code_version']}:{locale}:{reg_no}"


def tracking_page_key(reg_no: str, locale: str) -> str:
    """The cache key of one application's whole tracking page, as anonymous visitors get it."""
    return f"track-page:{current_app.extensions['layanan.code_version']}:{locale}:{reg_no}"


def tracking_lookup(key: str, render):
    """The cached tracking parts under `key`, else `render()`'s (kept unless None)."""
    parts, version = versioned_lookup(key)
    if parts is None:
        parts = render()
        if parts is not None:
            keep_versioned(key, version, parts, current_app.config["TRACKING_CACHE_SECONDS"])
    return parts


def forget_tracking(application, decision=None, history=None) -> None:
    """Transition listener: the application's tracking page is rendered afresh."""
    forget_tracking_of([application.reg_no])


def forget_tracking_of(reg_nos) -> None:
    """The tracking pages of these registration numbers are rendered afresh."""
    from portal.i18n import SUPPORTED_LOCALES

    _forget_now_and_after_commit([key(reg_no, locale) for reg_no in reg_nos
                                  for locale in SUPPORTED_LOCALES
                                  for key in (tracking_key, tracking_page_key)])


def _forget_tracking_of_flushed_rows(session, flush_context) -> None:
    """after_flush: forget the tracking pages whose part after the letter a row changed."""
    from sqlalchemy import select

    from portal.models import Application

    ids = {getattr(row, "application_id", None)
           for row in (*session.new, *session.dirty, *session.deleted)
           if getattr(row, "__tablename__", None) in AFTER_LETTER_TABLES} - {None}
    if ids:
        forget_tracking_of(session.connection().execute(
            select(Application.reg_no).where(Application.id.in_(ids))).scalars().all())


def _forget_now_and_after_commit(keys: list[str]) -> None:
    """Delete keys now and again when the transaction commits (a reader may have refilled them
    from the state before it)."""
    from sqlalchemy import event

    from portal.extensions import db

    _safely(lambda: cache.delete_many(*keys))
    event.listen(db.session(), "after_commit",
                 lambda session: _safely(lambda: cache.delete_many(*keys)), once=True)


def unit_generation(unit_id) -> str:
    """The generation of one unit's work lists (every transition touching the unit renews it)."""
    key = f"menu-gen:{unit_id}"
    generation = _safely(lambda: cache.get(key))
    if generation is None:
        generation = secrets.token_hex(4)
        _safely(lambda: cache.set(key, generation, timeout=0))
    return generation


def menu_counts_cached(officer, positions: tuple, compute) -> dict:
    """An officer's menu counts, kept MENU_COUNT_SECONDS per generation of their unit."""
    seconds = current_app.config["MENU_COUNT_SECONDS"]
    if not seconds:
        return compute()
    unit = "all" if officer.is_administrator else officer.unit_id
    key = f"menu:{unit}:{unit_generation(unit)}:{officer.id}:{','.join(positions)}"
    counts = _safely(lambda: cache.get(key))
    if counts is None:
        counts = compute()
        _safely(lambda: cache.set(key, counts, timeout=seconds))
    return counts


def renew_menu_counts(application, decision=None, history=None) -> None:
    """Transition listener: the menu counts of the units the application concerns are renewed."""
    units = {"all", application.home_unit_id, application.final_unit_id,
             application.pending_unit_id}
    _forget_now_and_after_commit([f"menu-gen:{unit}" for unit in units if unit is not None])


def is_personal_request() -> bool:
    """True for a logged-in citizen or officer: their pages are never shared."""
    return any(key in session for key in PERSONAL_SESSION_KEYS)


def used_the_session() -> bool:
    """True when the rendering put something of this session into the page (a CSRF token,
    a flashed message) or changed the session."""
    return "csrf_token" in g or session.modified


def _shareable_request(arguments: frozenset = frozenset({"lang"})) -> bool:
    """A plain GET (no search words: those would fill the cache) of an anonymous visitor."""
    plain = set(request.args) <= arguments
    return request.method == "GET" and plain and not is_personal_request()


def _served_shared(key: str, render, timeout=None):
    """The page kept under `key` for this content version, else render()'s, kept when it is
    a 200 that used nothing of this visitor (session, CSRF token, CSP nonce)."""
    body, version = versioned_lookup(key)
    if body is not None:
        return body
    response = current_app.make_response(render())
    if (response.status_code == 200 and not used_the_session() and "csp_nonce" not in g
            and not is_personal_request()):
        keep_versioned(key, version, response.get_data(as_text=True), timeout)
    return response


def shared_page(view):
    """Decorator: serve the view's HTML from the cache, per content version, language and URL."""

    @wraps(view)
    def cached_view(*args, **kwargs):
        if not _shareable_request():
            return view(*args, **kwargs)
        from portal.i18n import select_locale

        code_version = current_app.extensions["layanan.code_version"]
        key = f"page:{code_version}:{select_locale()}:{request.full_path}"
        return _served_shared(key, lambda: view(*args, **kwargs))

    return cached_view


def shared_tracking_page(reg_no: str, render):
    """The whole tracking page of `reg_no` for an anonymous visitor, kept per change like its
    parts (forgotten with them); a waiting application's page (its resend form carries the
    visitor's CSRF token) and every other visitor get render()'s."""
    if not _shareable_request(frozenset({"no", "lang"})):
        return render()
    from portal.i18n import select_locale

    return _served_shared(tracking_page_key(reg_no, select_locale()), render,
                          current_app.config["TRACKING_CACHE_SECONDS"])


def add_http_caching(response):
    """ETag + 304 and the endpoint's Cache-Control on public pages; a year for fingerprinted
    static files (`?v=` equal to the file's digest)."""
    endpoint = request.endpoint or ""
    if endpoint.endswith(".static") and request.args.get("v"):
        if request.args["v"] == asset_digest(endpoint, request.view_args.get("filename", "")):
            response.cache_control.public = True
            response.cache_control.max_age = ONE_YEAR
            response.cache_control.immutable = True
        return response
    policy = CACHE_CONTROL.get(endpoint)
    if policy is None or request.method != "GET" or response.status_code != 200:
        return response
    response.headers["Cache-Control"] = policy
    if not response.is_streamed:
        response.add_etag()
        if request.if_none_match.contains(response.get_etag()[0]):
            response.status_code = 304  # Werkzeug sends a 304 without its body
    return response


def asset_digest(static_endpoint: str, filename: str) -> str:
    """A short digest of a static file's content, computed once per process and file."""
    digests = current_app.extensions.setdefault("layanan.asset_digests", {})
    key = (static_endpoint, filename)
    if key not in digests:
        digests[key] = _file_digest(static_endpoint, filename)
    return digests[key]


def _file_digest(static_endpoint: str, filename: str) -> str:
    blueprint_name = static_endpoint.rpartition(".")[0]
    owner = current_app.blueprints.get(blueprint_name, current_app)
    folder = owner.static_folder
    path = Path(folder or "") / filename
    if not folder or not path.is_file():
        return ""
    return hashlib.sha256(path.read_bytes()).hexdigest()[:10]


def asset_url(filename: str, endpoint: str = "public.static") -> str:
    """The URL of a static file with its content digest: cached for a year, new on change."""
    from flask import url_for

    return url_for(endpoint, filename=filename, v=asset_digest(endpoint, filename) or None)


def init_http_caching(app: Flask) -> None:
    """Attach the HTTP caching headers and the `asset_url` template helper."""
    app.after_request(add_http_caching)
    app.jinja_env.globals["asset_url"] = asset_url
