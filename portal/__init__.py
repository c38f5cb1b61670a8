"""Layanan: the application factory. Nothing happens at import time."""
import os
from typing import Optional

from flask import Flask

from portal.config import (Defaults, check_production_safety, check_whatsapp, env_overrides,
                           fill_instance_paths, fill_public_base_url)
from portal.log_redaction import install_log_redaction
from portal.security import init_security


def create_app(config: Optional[dict] = None) -> Flask:
    """Build the app: defaults, then instance/config.py, then environment, then `config`."""
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_object(Defaults)
    app.config.from_pyfile("config.py", silent=True)
    app.config.update(env_overrides())
    if config:
        app.config.update(config)
    os.makedirs(app.instance_path, exist_ok=True)
    fill_instance_paths(app.config, app.instance_path)
    fill_public_base_url(app.config)
    check_production_safety(app.config)
    check_whatsapp(app.config)
    install_log_redaction()
    trust_proxies(app)
    register_extensions(app)
    init_security(app)
    register_workflow_listeners(app)
    register_blueprints(app)
    register_commands(app)
    return app


def trust_proxies(app: Flask) -> None:
    """Behind nginx, take client address and scheme from the proxy's X-Forwarded-* headers."""
    hops = int(app.config.get("TRUSTED_PROXIES") or 0)
    if hops:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)


def register_extensions(app: Flask) -> None:
    """Bind every extension to the app."""
    from portal import models  # noqa: F401 - registers the tables on the metadata
    from portal.officers.auth import load_officer
    from portal.extensions import babel, csrf, db, limiter, login_manager, mail, migrate
    from portal.form_messages import init_form_messages
    from portal.i18n import select_locale
    from portal.local_time import init_local_time
    from portal.page_cache import init_http_caching, init_page_cache
    from portal.queue import redis_options
    from portal.workflow.status_text import init_status_text

    db.init_app(app)
    migrate.init_app(app, db, render_as_batch=True,
                     directory=os.path.join(os.path.dirname(__file__), "..", "migrations"))
    login_manager.init_app(app)
    login_manager.user_loader(load_officer)
    mail.init_app(app)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    init_form_messages(app)
    init_status_text(app)
    init_local_time(app)
    app.config.setdefault("RATELIMIT_STORAGE_URI", _limiter_storage(app))
    if app.config["REDIS_URL"]:
        app.config.setdefault("RATELIMIT_STORAGE_OPTIONS", redis_options(app.config))
    limiter.init_app(app)
    init_page_cache(app)
    init_http_caching(app)


def _limiter_storage(app: Flask) -> str:
    """Rate-limit counters live in Redis when configured, else in memory."""
    return app.config["REDIS_URL"] or "memory://"


def register_workflow_listeners(app: Flask) -> None:
    """Hooks that run inside every workflow transition's transaction."""
    from portal.letters.issuing import letter_on_finish
    from portal.messaging.email_links import citizen_link_listener
    from portal.messaging.milestones import citizen_status_listener
    from portal.messaging.officer_notices import officer_work_listener
    from portal.messaging.outbox import init_outbox
    from portal.officers.audit import transition_listener
    from portal.standards.survey import survey_invitation_listener
    from portal.workflow.sla import record_clock
    from portal.page_cache import forget_tracking, renew_menu_counts
    from portal.workflow.transitions import on_transition

    on_transition(app, citizen_status_listener)
    on_transition(app, citizen_link_listener)  # after the status listener: adds links to its row
    on_transition(app, officer_work_listener)
    on_transition(app, record_clock)
    on_transition(app, transition_listener)  # officers' decisions in the audit log
    on_transition(app, forget_tracking)
    on_transition(app, renew_menu_counts)
    on_transition(app, letter_on_finish)  # with electronic signing: the letter waits for its signer
    on_transition(app, survey_invitation_listener)  # after the hand-over notice
    init_outbox(app)


def register_blueprints(app: Flask) -> None:
    """Attach the faces: health check, citizen site, its JSON API, providers' webhooks,
    officer and admin screens."""
    from admin_views import init_admin
    from portal.health import bp as health_bp
    from public import bp as public_bp
    from public.api import init_api
    from public.verification import bp as verification_bp
    from public.webhooks import bp as webhooks_bp

    app.register_blueprint(health_bp)
    app.register_blueprint(public_bp)
    app.register_blueprint(verification_bp)
    init_api(app)
    app.register_blueprint(webhooks_bp)
    init_admin(app)


def register_commands(app: Flask) -> None:
    """Add the `flask` CLI commands."""
    from portal.cli import register
    from portal.messaging.officer_notices import officer_digest_command
    from portal.messaging.whatsapp_cli import register as register_whatsapp
    from portal.officers.audit_cli import register as register_audit
    from portal.workflow.sla_cli import register as register_sla

    register(app)
    app.cli.add_command(officer_digest_command)
    register_sla(app)
    register_whatsapp(app)
    register_audit(app)
