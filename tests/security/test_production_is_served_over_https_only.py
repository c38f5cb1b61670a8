"""Production pages tell browsers to use HTTPS only (HSTS), from the app and from the nginx
sample in every place nginx adds headers; cookie flags and the CSP stay as they are."""
import re
from pathlib import Path

import pytest

from portal.security import CSP_TEMPLATE, HSTS

NGINX_SAMPLE = Path(__file__).resolve().parents[2] / "deploy" / "nginx-layanan.conf"


@pytest.fixture
def production(make_app):
    """The app as LAYANAN_ENV=production runs it (CSRF on, as in production)."""
    return make_app(LAYANAN_ENV="production", SECRET_KEY="a-long-random-production-secret",
                    WTF_CSRF_ENABLED=True, TESTING=False)


def test_production_pages_send_hsts(production):
    for path in ("/", "/admin/login/", "/healthz"):
        response = production.test_client().get(path)
        assert response.headers["Strict-Transport-Security"] == HSTS, path
    assert "max-age=31536000" in HSTS


def test_development_pages_send_no_hsts(make_app):
    response = make_app(LAYANAN_ENV="development").test_client().get("/")
    assert "Strict-Transport-Security" not in response.headers


def test_production_cookies_stay_secure_httponly_and_lax(production):
    response = production.test_client().get("/admin/login/")
    [cookie] = [value for value in response.headers.getlist("Set-Cookie")
                if value.startswith("session=")]
    flags = {part.strip().lower() for part in cookie.split(";")[1:]}
    assert {"secure", "httponly", "samesite=lax"} <= flags


def test_production_keeps_the_same_csp_with_a_fresh_nonce(production):
    client = production.test_client()
    policies = [client.get("/").headers["Content-Security-Policy"] for _ in range(2)]
    nonces = [re.search(r"'nonce-([^']+)'", policy).group(1) for policy in policies]
    assert policies[0] == CSP_TEMPLATE.format(nonce=nonces[0]) and nonces[0] != nonces[1]


def _blocks(config: str, keyword: str) -> list[str]:
    """The bodies of every `keyword … { … }` block of an nginx file (nested braces kept)."""
    bodies = []
    for match in re.finditer(rf"^\s*{keyword}\b[^{{;]*{{", config, re.M):
        depth, start = 1, match.end()
        for index in range(start, len(config)):
            depth += {"{": 1, "}": -1}.get(config[index], 0)
            if depth == 0:
                bodies.append(config[start:index])
                break
    return bodies


def test_the_nginx_sample_sends_hsts_in_the_https_server_and_every_location_adding_headers():
    config = re.sub(r"#[^\n]*", "", NGINX_SAMPLE.read_text())
    wanted = f'add_header Strict-Transport-Security "{HSTS}" always;'
    [https_server] = [body for body in _blocks(config, "server") if "listen 443" in body]
    locations = _blocks(https_server, "location")
    server_level = https_server
    for body in locations:
        server_level = server_level.replace(body, "")
    assert wanted in server_level
    with_headers = [body for body in locations if "add_header" in body]
    assert with_headers, "the sample's asset location adds headers of its own"
    for body in with_headers:
        assert wanted in body
