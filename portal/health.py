"""`/healthz`: the state of the database and, when configured, Redis, as JSON."""
from flask import Blueprint, jsonify
from sqlalchemy import text

from portal.extensions import db
from portal.queue import redis_connection

bp = Blueprint("health", __name__)


def _database_state() -> str:
    try:
        db.session.execute(text("SELECT 1"))
        return "ok"
    except Exception as error:  # noqa: BLE001 - any failure means "down"
        db.session.rollback()
        return f"error: {type(error).__name__}"


def _redis_state() -> str:
    connection = redis_connection()
    if connection is None:
        return "not configured"
    try:
        connection.ping()
        return "ok"
    except Exception as error:  # noqa: BLE001
        return f"error: {type(error).__name__}"


@bp.get("/healthz")
def healthz():
    """Report each dependency; 503 when a configured one is down."""
    checks = {"database": _database_state(), "redis": _redis_state()}
    healthy = all(state in ("ok", "not configured") for state in checks.values())
    body = {"status": "ok" if healthy else "degraded", **checks}
    return jsonify(body), 200 if healthy else 503
