"""Settings come from defaults, instance/config.py and the environment; production is guarded."""
import pytest

from portal import create_app
from portal.config import DEFAULT_SECRET_KEY, env_overrides


def test_production_refuses_the_default_secret_key(tmp_path):
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app({"LAYANAN_ENV": "production", "SECRET_KEY": DEFAULT_SECRET_KEY,
                    "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.db"})


def test_production_with_a_real_secret_gets_secure_cookies(tmp_path):
    app = create_app({"LAYANAN_ENV": "production", "SECRET_KEY": "a-long-random-secret",
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.db"})
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_environment_variables_override_defaults():
    values = env_overrides({"DATABASE_URL": "postgresql://u@h/db", "MAIL_PORT": "2525",
                            "REDIS_URL": "", "PUBLIC_BASE_URL": "https://layanan.batam.go.id"})
    assert values == {"SQLALCHEMY_DATABASE_URI": "postgresql://u@h/db", "MAIL_PORT": 2525,
                      "PUBLIC_BASE_URL": "https://layanan.batam.go.id"}


def test_defaults_point_into_the_instance_folder_and_run_jobs_inline(monkeypatch):
    for name in ("DATABASE_URL", "REDIS_URL", "STORAGE_DIR"):
        monkeypatch.delenv(name, raising=False)
    app = create_app({"TESTING": True})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{app.instance_path}/layanan.db"
    assert app.config["STORAGE_DIR"].startswith(app.instance_path)
    assert app.config["REDIS_URL"] is None


def test_postgresql_urls_use_psycopg_3(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql://postgres@127.0.0.1/x")
    app = create_app({"TESTING": True})
    assert app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql+psycopg://")


def test_behind_nginx_the_client_address_and_scheme_come_from_the_proxy(make_app):
    app = make_app(TRUSTED_PROXIES=1)

    @app.get("/_whoami")
    def whoami():
        from flask import request
        return f"{request.remote_addr} {request.scheme}"

    response = app.test_client().get("/_whoami", headers={
        "X-Forwarded-For": "36.80.1.2", "X-Forwarded-Proto": "https"})
    assert response.get_data(as_text=True) == "36.80.1.2 https"
