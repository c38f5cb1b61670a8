"""The measures P1-P8 of issue 9, each a ratio to the hello-world ceiling of the same run."""
import os
import statistics
import time
from dataclasses import dataclass
from typing import Optional

import psycopg

from bench import pages, wrk

SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
MISSING = "n/a (route missing)"


@dataclass
class Measure:
    """One row of the results table."""

    key: str
    what: str
    value: str
    target: str
    met: Optional[bool]  # None: could not be measured on this branch
    note: str = ""


def missing(key: str, what: str, target: str, note: str = "") -> Measure:
    """A measure whose page or job does not exist yet."""
    return Measure(key, what, MISSING, target, None, note)


def load_note(load: wrk.Load) -> str:
    """Throughput and latency of a wrk run, for the notes column."""
    flag = "" if load.valid else f"; {load.failed} FAILED answers - check the route"
    return (f"{load.rps:.0f} req/s, p50 {load.p50_ms:.1f} ms, p99 {load.p99_ms:.1f} ms"
            f"{flag}")


def hello(base_url: str) -> wrk.Load:
    """The ceiling: hello world at 16 connections."""
    return wrk.run(base_url, ["/"], SECONDS)


def catalogue(base_url: str, ceiling: wrk.Load) -> Measure:
    """P0: the public catalogue, the same for every visitor (served from the page cache)."""
    load = wrk.run(base_url, ["/"], SECONDS)
    ratio = load.rps / ceiling.rps
    return Measure("P0", "P0 public catalogue `/` req/s ÷ hello", f"{ratio:.2f}", "≥ 0.5",
                   load.valid and ratio >= 0.5, load_note(load))


def tracking(base_url: str, reg_nos: list[str], ceiling: wrk.Load) -> tuple[Measure, ...]:
    """P1: public tracking page, random registration numbers, 16 connections."""
    what = "P1 tracking `/lacak?no=` req/s ÷ hello; p99 at 16 conn."
    paths = [f"/lacak?no={number}" for number in reg_nos]
    status, _, _ = pages.Browser(base_url).get(paths[0])
    if status == 404:
        return (missing("P1", what, "≥ 0.30; ≤ 50 ms"),)
    load = wrk.run(base_url, paths, SECONDS)
    ratio = load.rps / ceiling.rps
    return (Measure("P1", what, f"{ratio:.2f}; p99 {load.p99_ms:.1f} ms", "≥ 0.30; ≤ 50 ms",
                    load.valid and ratio >= 0.30 and load.p99_ms <= 50, load_note(load)),)


def officer_pages(base_url: str, nip: str, password: str) -> Optional[dict]:
    """Log in by NIP and find Data Baru and a list to search; None when there is no login."""
    browser = pages.Browser(base_url)
    if pages.login(browser, nip, password, os.environ.get("BENCH_LOGIN_PATH")) is None:
        return None
    _, _, home = browser.get(os.environ.get("BENCH_ADMIN_HOME", "/admin/"))
    data_baru = os.environ.get("BENCH_DATA_BARU_PATH") or pages.link_by_text(home, "Data Baru")
    searchable = (os.environ.get("BENCH_SEARCH_PATH") or pages.link_by_text(home, "Data Selesai")
                  or data_baru)
    return {"cookie": browser.cookie_header, "data_baru": data_baru, "search": searchable}


def data_baru(base_url: str, officer: Optional[dict], ceiling: wrk.Load
              ) -> tuple[Measure, Optional[wrk.Load]]:
    """P2: the logged-in officer's Data Baru list."""
    what = "P2 officer Data Baru list req/s ÷ hello; p99"
    if not officer or not officer["data_baru"]:
        return missing("P2", what, "≥ 0.05; ≤ 100 ms", "login or Data Baru link not found"), None
    load = wrk.run(base_url, [officer["data_baru"]], SECONDS,
                   headers={"Cookie": officer["cookie"]})
    ratio = load.rps / ceiling.rps
    return Measure("P2", what, f"{ratio:.2f}; p99 {load.p99_ms:.1f} ms", "≥ 0.05; ≤ 100 ms",
                   load.valid and ratio >= 0.05 and load.p99_ms <= 100, load_note(load)), load


def search(base_url: str, officer: Optional[dict], baru: Optional[wrk.Load],
           terms: dict) -> tuple[Measure, ...]:
    """P3: search by name and by NIK, p50 ÷ Data Baru p50."""
    results = []
    for label, term in terms.items():
        what = f"P3 search by {label}: p50 ÷ Data Baru p50"
        if not officer or not officer["search"] or baru is None:
            results.append(missing("P3", what, "≤ 1.0"))
            continue
        joiner = "&" if "?" in officer["search"] else "?"
        path = f"{officer['search']}{joiner}search={term.replace(' ', '+')}"
        load = wrk.run(base_url, [path], max(5, SECONDS // 2),
                       headers={"Cookie": officer["cookie"]})
        ratio = load.p50_ms / baru.p50_ms
        results.append(Measure("P3", what, f"{ratio:.2f}", "≤ 1.0",
                               load.valid and ratio <= 1.0, f"`{term}`: {load_note(load)}"))
    return tuple(results)


def queue_query(dsn: str, unit_id: int, step: str, runs: int = 300) -> dict:
    """The Data Baru query straight on the database: its plan and p50 over `runs` runs."""
    sql = ("SELECT id, reg_no, applicant_name, status_label, created_at FROM applications"
           " WHERE pending_unit_id = %s AND pending_step = %s"
           " AND status IN ('konfirmasi', 'disetujui') ORDER BY created_at LIMIT 20")
    count_sql = ("SELECT count(*) FROM applications WHERE pending_unit_id = %s"
                 " AND pending_step = %s AND status IN ('konfirmasi', 'disetujui')")
    with psycopg.connect(dsn) as conn:
        plan = "\n".join(r[0] for r in conn.execute("EXPLAIN " + sql, (unit_id, step)))
        rows = conn.execute(count_sql, (unit_id, step)).fetchone()[0]
        timings = []
        for _ in range(runs):
            started = time.perf_counter()
            conn.execute(sql, (unit_id, step)).fetchall()
            conn.execute(count_sql, (unit_id, step)).fetchone()
            timings.append((time.perf_counter() - started) * 1000)
    return {"plan": plan, "rows": rows, "p50_ms": statistics.median(timings),
            "uses_index": "ix_applications_queue" in plan}


def rss(sizes: list[float]) -> Measure:
    """P8: resident memory of the largest web worker after the run."""
    biggest = max(sizes)
    return Measure("P8", "P8 resident memory of one web worker after the run",
                   f"{biggest:.0f} MB", "≤ 150 MB", biggest <= 150,
                   "workers: " + ", ".join(f"{s:.0f} MB" for s in sizes))
