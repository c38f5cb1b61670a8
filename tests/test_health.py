"""The IT office checks /healthz to see whether the database and Redis answer."""
from tests.redis_areas import redis_url



def test_healthz_reports_database_ok_and_redis_not_configured(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok", "redis": "not configured"}


def test_healthz_reports_redis_down_as_degraded(make_app):
    app = make_app(REDIS_URL="redis://127.0.0.1:1/0")
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    body = response.get_json()
    assert body["status"] == "degraded" and body["database"] == "ok"
    assert body["redis"].startswith("error")


def test_healthz_with_real_redis(make_app):
    app = make_app(REDIS_URL=redis_url("health"))
    assert app.test_client().get("/healthz").get_json()["redis"] == "ok"
