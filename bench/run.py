"""`make bench`: load a million applications, serve them, measure P1-P8, write RESULTS.md."""
import os
import secrets
import sys
import tempfile
import time

import psycopg
import redis

from bench import jobs_measures, measures, report, submission
from bench.database import throwaway_database
from bench.load import THREE_YEARS, load, prepare_world, service_snapshots
from bench.measures import Measure
from bench.servers import (HELLO_APP, PORTAL_APP, gunicorn, machine_facts, rq_workers,
                           worker_rss_mb)

BIG = int(os.environ.get("BENCH_APPLICATIONS", "1000000"))
SMALL = int(os.environ.get("BENCH_SMALL_APPLICATIONS", "10000"))
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/11")
DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD", "layanan-demo-2026")
OFFICER = ("Lubuk Baja Kota", "admin")  # whose Data Baru is measured


def log(message: str) -> None:
    """Progress on stderr, with the time since start."""
    print(f"[bench {time.perf_counter() - STARTED:6.0f} s] {message}", file=sys.stderr, flush=True)


def production_env(storage_dir: str) -> dict:
    """What an operator sets in production: a real secret, Redis, file storage."""
    return {**os.environ, "LAYANAN_ENV": "production", "SECRET_KEY": secrets.token_hex(32),
            "REDIS_URL": REDIS_URL, "STORAGE_DIR": storage_dir, "DEMO_PASSWORD": DEMO_PASSWORD,
            # P5 compares a letter's rendering with raw wkhtmltopdf: letters signed by hand,
            # so the job ends with the PDF (electronic signing waits for the signer).
            "LETTER_SIGNING": "none", "PYTHONWARNINGS": "ignore"}


def fill(url: str, count: int, span_days: float):
    """Generate and COPY `count` applications; returns (LoadReport, database size)."""
    with psycopg.connect(url) as conn:
        world = prepare_world(conn, service_snapshots(url.replace(
            "postgresql://", "postgresql+psycopg://")), seed=2026)
    result = load(url, world, count, span_days)
    with psycopg.connect(url) as conn:
        size = conn.execute("SELECT pg_size_pretty(pg_database_size(current_database()))"
                            ).fetchone()[0]
    log(f"loaded {count:,} applications in {result.total:.0f} s ({size})")
    return result, size


def sample(url: str) -> dict:
    """The officer measured, tracking numbers, search terms, finished applications."""
    from portal.seed.officers import DEMO_UNITS, demo_nip

    unit_name, position = OFFICER
    with psycopg.connect(url) as conn:
        unit_id = conn.execute("SELECT id FROM units WHERE name = %s AND kind = 'kelurahan'",
                               (unit_name,)).fetchone()[0]
        reg_nos = [r[0] for r in conn.execute(
            "SELECT reg_no FROM applications TABLESAMPLE SYSTEM (1) LIMIT 2000")]
        name, nik = conn.execute("SELECT applicant_name, applicant_nik FROM applications"
                                 " WHERE home_unit_id = %s ORDER BY random() LIMIT 1",
                                 (unit_id,)).fetchone()
        finished = [r[0] for r in conn.execute(
            "SELECT id FROM applications WHERE status = 'selesai' ORDER BY random() LIMIT 60")]
    nip = demo_nip(DEMO_UNITS.index(unit_name), ("admin", "kasi", "sekretaris", "kepala").index(
        position))
    return {"unit_id": unit_id, "step": position, "nip": nip, "reg_nos": reg_nos,
            "terms": {"name": name, "NIK": nik}, "finished": finished}


def web_measures(base: str, ceiling, data: dict) -> tuple[list[Measure], object, list]:
    """P1-P4 against the portal under gunicorn; returns (measures, Data Baru load, RSS)."""
    results = [measures.catalogue(base, ceiling)]
    results += measures.tracking(base, data["reg_nos"], ceiling)
    log("P1 done")
    officer = measures.officer_pages(base, data["nip"], DEMO_PASSWORD)
    p2, baru = measures.data_baru(base, officer, ceiling)
    results.append(p2)
    results += measures.search(base, officer, baru, data["terms"])
    log("P2/P3 done")
    results.append(submission.measure(base, ceiling.rps))
    log("P4 done")
    return results, baru, officer


def scaling(url: str, env: dict, data: dict) -> list[Measure]:
    """P0-P2 again with 4 gunicorn workers, as ratios to hello world with 4 workers."""
    with gunicorn(HELLO_APP, env, workers=4) as (hello_url, _):
        ceiling = measures.hello(hello_url)
    rows = [Measure("W4", "hello world with 4 workers (req/s ÷ 2 workers' hello)", "—", "—",
                    None, measures.load_note(ceiling))]
    with gunicorn(PORTAL_APP, {**env, "DATABASE_URL": url}, "/healthz", workers=4) as (base, _):
        rows.append(measures.catalogue(base, ceiling))
        rows += measures.tracking(base, data["reg_nos"], ceiling)
        officer = measures.officer_pages(base, data["nip"], DEMO_PASSWORD)
        rows.append(measures.data_baru(base, officer, ceiling)[0])
    for row in rows[1:]:
        row.key, row.what = "W4", row.what.replace(" ÷ hello", " ÷ hello, 4 workers each")
    log("4-worker run done")
    return rows


def job_measures(url: str, env: dict, finished: list[int]) -> list[Measure]:
    """P5 and P6 with real RQ workers on the bench's Redis database."""
    from portal import create_app

    def app_factory(extra=None):
        return create_app({"SQLALCHEMY_DATABASE_URI": url.replace(
            "postgresql://", "postgresql+psycopg://"), "REDIS_URL": REDIS_URL,
            "STORAGE_DIR": env["STORAGE_DIR"], "SECRET_KEY": env["SECRET_KEY"],
            "LETTER_SIGNING": env["LETTER_SIGNING"], **(extra or {})})

    worker_env = {**env, "DATABASE_URL": url}
    results = [jobs_measures.p6(app_factory, worker_env, rq_workers)]
    log("P6 done")
    results.append(jobs_measures.p5(app_factory(), finished[:10]))
    results.append(jobs_measures.p5_workers(app_factory(), rq_workers, worker_env,
                                            (finished[10:30], finished[30:50])))
    log("P5 done")
    return results


def data_baru_at(url: str, env: dict, data: dict, ceiling) -> object:
    """The Data Baru page's wrk run against another data set (for P7), or None."""
    with gunicorn(PORTAL_APP, {**env, "DATABASE_URL": url}, "/healthz") as (base, _):
        officer = measures.officer_pages(base, data["nip"], DEMO_PASSWORD)
        return measures.data_baru(base, officer, ceiling)[1]


def p7(big_plan: dict, small_plan: dict, big_page, small_page) -> list[Measure]:
    """P7: Data Baru p50 at the big data set ÷ at the small one (page, and the bare query)."""
    what = f"P7 Data Baru p50 at {BIG:,} ÷ at {SMALL:,}"
    rows = []
    if big_page is None or small_page is None:
        rows.append(measures.missing("P7", what + " (page)", "≤ 1.5"))
    else:
        ratio = big_page.p50_ms / small_page.p50_ms
        rows.append(Measure("P7", what + " (page)", f"{ratio:.2f}", "≤ 1.5", ratio <= 1.5,
                            f"{big_page.p50_ms:.1f} ms ÷ {small_page.p50_ms:.1f} ms"))
    ratio = big_plan["p50_ms"] / small_plan["p50_ms"]
    rows.append(Measure("P7", what + " (query, index scan on ix_applications_queue)",
                        f"{ratio:.2f}", "≤ 1.5",
                        ratio <= 1.5 and big_plan["uses_index"] and small_plan["uses_index"],
                        f"{big_plan['p50_ms']:.2f} ms ÷ {small_plan['p50_ms']:.2f} ms; "
                        f"{big_plan['rows']} vs {small_plan['rows']} rows in the queue"))
    return rows


def measure_big(env: dict, notes: list) -> dict:
    """Everything measured on the big data set."""
    out = {}
    with throwaway_database("layanan_bench_big", env) as (url, setup_seconds):
        log(f"database migrated and seeded in {setup_seconds:.0f} s")
        out["load"] = fill(url, BIG, THREE_YEARS)
        data = out["data"] = sample(url)
        with gunicorn(HELLO_APP, env) as (hello_url, _):
            ceiling = out["ceiling"] = measures.hello(hello_url)
        log(f"hello: {measures.load_note(ceiling)}")
        with gunicorn(PORTAL_APP, {**env, "DATABASE_URL": url}, "/healthz") as (base, pid):
            out["web"], out["page"], officer = web_measures(base, ceiling, data)
            out["rss"] = worker_rss_mb(pid)
        out["scaling"] = scaling(url, env, data)
        out["plan"] = measures.queue_query(url, data["unit_id"], data["step"])
        out["jobs"] = job_measures(url, env, data["finished"])
        if officer is None:
            notes.append("No officer login page was found: P2, P3 and P7 (page) wait for "
                         "the officer screens (pin with BENCH_LOGIN_PATH if renamed).")
    return out


def measure_small(env: dict, data: dict, ceiling) -> dict:
    """The same inflow over a short span: the portal in its first days (for P7)."""
    out = {}
    with throwaway_database("layanan_bench_small", env) as (url, _):
        out["load"] = fill(url, SMALL, THREE_YEARS * SMALL / BIG)
        out["plan"] = measures.queue_query(url, data["unit_id"], data["step"])
        out["page"] = data_baru_at(url, env, data, ceiling)
    return out


def main() -> int:
    """Run the whole bench and write bench/RESULTS.md."""
    redis.Redis.from_url(REDIS_URL).flushdb()  # only the bench's own database number
    notes = ["Rate limits are switched off for the bench server "
             "(`create_app({'RATELIMIT_ENABLED': False})`): all load comes from one address.",
             f"Data set: {BIG:,} applications (BENCH_APPLICATIONS), {SMALL:,} for P7; "
             f"{measures.SECONDS} s per wrk run (BENCH_SECONDS).",
             "W4 rows: P0-P2 with 4 gunicorn workers, each against hello world with 4 workers "
             "on the same 2 cores."]
    with tempfile.TemporaryDirectory(prefix="layanan-bench-") as storage:
        env = production_env(storage)
        big = measure_big(env, notes)
        small = measure_small(env, big["data"], big["ceiling"])
    notes.append("Machine load (1-minute load average) at start and end: "
                 f"{LOAD_AT_START:.1f} and {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores.")
    results = (big["web"] + big["jobs"] + p7(big["plan"], small["plan"], big["page"],
                                               small["page"]) + [measures.rss(big["rss"])])
    results.sort(key=lambda m: m.key)
    results += big["scaling"]
    path = report.write(
        machine_facts(), {f"{BIG:,} over three years": big["load"],
                          f"{SMALL:,}, same daily inflow": small["load"]},
        measures.load_note(big["ceiling"]), results,
        {f"{BIG:,} applications": big["plan"], f"{SMALL:,} applications": small["plan"]},
        notes, time.perf_counter() - STARTED)
    log(f"wrote {path}")
    return 0


STARTED = time.perf_counter()
LOAD_AT_START = os.getloadavg()[0]

if __name__ == "__main__":
    raise SystemExit(main())
