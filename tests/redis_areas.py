"""Each test area's own Redis database, different per pass so both passes can run at once.

Database 0 is left to `make run`, 11 to the bench (`BENCH_REDIS_URL`). TEST_REDIS_PORT points
a run at another Redis server, so two checkouts can run their suites side by side.
"""
import os

AREAS = ("health", "outage", "worker", "hanging", "monitor", "browser", "periodic")
DATABASES = {"sqlite": (1, 2, 3, 4, 5, 6, 7), "postgresql": (8, 9, 10, 12, 13, 14, 15)}


def redis_url(area: str) -> str:
    """The Redis URL of one test area on this pass (TEST_DATABASE)."""
    databases = DATABASES[os.environ.get("TEST_DATABASE", "sqlite")]
    port = os.environ.get("TEST_REDIS_PORT", "6379")
    return f"redis://127.0.0.1:{port}/{databases[AREAS.index(area)]}"
