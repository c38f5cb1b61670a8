"""A throwaway PostgreSQL database: created, migrated and seeded the way an operator would."""
import os
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
ADMIN_DSN = os.environ.get("BENCH_PG_ADMIN_DSN", "host=127.0.0.1 port=5432 user=postgres dbname=postgres")
PG_URL = os.environ.get("BENCH_PG_URL", "postgresql://postgres@127.0.0.1:5432")


def url_of(name: str) -> str:
    """SQLAlchemy/psycopg URL of a database on the bench server."""
    return f"{PG_URL}/{name}"


def flask(args: list[str], env: dict) -> str:
    """Run a `flask --app portal` command against the bench database; return its output."""
    command = [sys.executable, "-m", "flask", "--app", "portal", *args]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"flask {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout.strip()


@contextmanager
def throwaway_database(prefix: str, env: dict):
    """Create, migrate (`flask db upgrade`) and seed (`seed-demo --no-applications`) a database.

    Yields (url, seconds taken); drops the database afterwards unless BENCH_KEEP_DB is set.
    """
    name = f"{prefix}_{int(time.time())}_{os.getpid()}"
    with psycopg.connect(ADMIN_DSN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    started = time.perf_counter()
    try:
        app_env = {**env, "DATABASE_URL": url_of(name)}
        flask(["db", "upgrade"], app_env)
        flask(["seed-demo", "--no-applications"], app_env)
        yield url_of(name), time.perf_counter() - started
    finally:
        if not os.environ.get("BENCH_KEEP_DB"):
            with psycopg.connect(ADMIN_DSN, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
