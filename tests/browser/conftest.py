"""Browser fixtures: a live server, the real RQ worker, an SMTP catcher and Chromium.

These tests run on the PostgreSQL pass of `make test` only (or with BROWSER_TESTS=1), to keep CI
time down. They share the session's test database and leave it empty behind them.
"""
import gc
import os
import subprocess
import sys
import threading
from functools import partial
from pathlib import Path

import pytest

from tests.conftest import TEST_PASSWORD, _empty_all_tables, test_config
from tests.fixtures.background import wait_until as wait_until_within
from tests.redis_areas import redis_url

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = redis_url("browser")
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 768}

if os.environ.get("TEST_DATABASE") != "postgresql" and not os.environ.get("BROWSER_TESTS"):
    collect_ignore_glob = ["test_*.py"]

# When Chromium cancels a request for a static file (it navigates on before the download ends),
# werkzeug's development server leaves that file for the garbage collector. That is an artifact
# of the test server, not of the app (production serves static files through nginx), so these
# two warnings, and only these, are not errors in the browser tests.
SERVER_ARTIFACTS = ("ignore::ResourceWarning", "ignore::pytest.PytestUnraisableExceptionWarning")

# A busy 2-core CI machine can take longer than Playwright's 30 s default for one step.
ACTION_TIMEOUT_MS = 90_000


def pytest_collection_modifyitems(items):
    """Mark the browser tests with SERVER_ARTIFACTS."""
    for item in items:
        if "tests/browser/" in item.nodeid:
            for rule in SERVER_ARTIFACTS:
                item.add_marker(pytest.mark.filterwarnings(rule))


class LiveServer:
    """The app served over real HTTP, with where its mail goes and where screenshots go."""

    def __init__(self, app, url, inbox, shots):
        self.app, self.url, self.inbox, self.shots = app, url, inbox, shots

    def screenshot(self, page, name: str) -> None:
        """Save a PNG of the page's viewport for the guides (docs/img under `make docs`).

        A page that refreshes itself (the letter waiting for its PDF) can be mid-reload;
        Chromium then refuses the capture, so wait for the new page and try again.
        """
        from playwright.sync_api import Error

        for attempt in range(3):
            page.wait_for_load_state("load")
            try:
                page.screenshot(path=str(self.shots / f"{name}.png"))
                return
            except Error:
                if attempt == 2:
                    raise
                page.wait_for_timeout(500)


@pytest.fixture(scope="package")
def smtp_catcher():
    """The real SMTP server of tests/conftest.py, for the whole browser package."""
    from tests.smtp_sink import SmtpInbox, free_port, import_aiosmtpd

    inbox, port = SmtpInbox(), free_port()
    controller = import_aiosmtpd().Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield port, inbox
    controller.stop()


def _clear_redis_database() -> None:
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()


def _start_worker(env: dict, log: Path) -> subprocess.Popen:
    """`python -m jobs.worker` with the live server's settings, its output in `log`."""
    with log.open("wb") as output:
        return subprocess.Popen([sys.executable, "-m", "jobs.worker"], cwd=ROOT,
                                env={**os.environ, **env}, stdout=output,
                                stderr=subprocess.STDOUT)


@pytest.fixture(scope="package")
def live_server(_schema, database_url, smtp_catcher, tmp_path_factory):
    """Demo units, services and officers served on a free port, jobs run by a real worker."""
    from werkzeug.serving import make_server

    from portal import create_app
    from portal.extensions import db
    from portal.seed import seed_demo

    port, inbox = smtp_catcher
    files = tmp_path_factory.mktemp("live")
    config = {**test_config(database_url, files), "REDIS_URL": REDIS_URL,
              "WTF_CSRF_ENABLED": True, "MAIL_SUPPRESS_SEND": False,
              "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": port}
    app = create_app(config)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    url = f"http://127.0.0.1:{server.port}"
    app.config["PUBLIC_BASE_URL"] = url
    _clear_redis_database()
    with app.app_context():
        seed_demo(TEST_PASSWORD, with_applications=False)
    worker = _start_worker({"DATABASE_URL": database_url, "STORAGE_DIR": config["STORAGE_DIR"],
                            "REDIS_URL": REDIS_URL, "MAIL_SERVER": "127.0.0.1",
                            "MAIL_PORT": str(port), "SECRET_KEY": config["SECRET_KEY"],
                            "PUBLIC_BASE_URL": url}, files / "worker.log")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    shots = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path_factory.mktemp("shots"))
    shots.mkdir(parents=True, exist_ok=True)
    yield LiveServer(app, url, inbox, shots)
    worker.terminate()
    worker.wait(timeout=20)
    server.shutdown()
    thread.join(timeout=10)
    with app.app_context():
        _empty_all_tables()
        db.engine.dispose()
    _clear_redis_database()
    gc.collect()  # files the server left open are reported here, inside the browser tests


@pytest.fixture(scope="package")
def usability():
    """The usability log the tests feed; under `make docs` it becomes the report."""
    from tests.browser.usability import UsabilityLog

    log = UsabilityLog()
    yield log
    if os.environ.get("USABILITY_REPORT"):
        log.write(Path(os.environ["USABILITY_REPORT"]))


@pytest.fixture(scope="package")
def browser():
    """Debian's Chromium driven by Playwright (never `playwright install`)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def phone(browser):
    """A fresh page in a 390×844 phone viewport (its own cookies)."""
    context = browser.new_context(viewport=PHONE, locale="id-ID", accept_downloads=True)
    context.set_default_timeout(ACTION_TIMEOUT_MS)
    yield context.new_page()
    context.close()


@pytest.fixture
def desk(browser):
    """A fresh page in a 1366×768 office laptop screen (its own cookies)."""
    context = browser.new_context(viewport=LAPTOP, locale="id-ID",
                                  accept_downloads=True)
    context.set_default_timeout(ACTION_TIMEOUT_MS)
    yield context.new_page()
    context.close()


# A browser story waits longer: a page, a worker and a letter run on two loaded cores.
wait_until = partial(wait_until_within, timeout=60.0, interval=0.3)


def fits_the_screen(page, strict: bool = True) -> int:
    """How many px the page is wider than its viewport (0: no sideways scrolling).

    `strict` fails at once, naming the page; otherwise the caller collects the widths.
    """
    page.wait_for_load_state("load")
    extra = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    if strict:
        assert extra <= 0, f"{page.url} is {extra} px wider than the screen"
    return max(extra, 0)
