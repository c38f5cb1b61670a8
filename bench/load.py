"""Bulk load: officers for every unit, then applications, history and documents by COPY.

Indexes and foreign keys of the three big tables are dropped during the load and rebuilt
afterwards (one sorted pass each instead of a million random inserts), exactly as defined
by the migrations: their definitions are read back from the catalogue.
"""
import multiprocessing
import random
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timezone

import psycopg

from bench import rows
from bench.lifecycles import build_paths
from bench.population import (APPLICATION_COLUMNS, DOCUMENT_COLUMNS, HISTORY_COLUMNS,
                              make_world)
from portal.workflow.engine import FLOWS, POSITIONS, Stage, resolve_stages

BIG_TABLES = ("applications", "history", "documents")
CHUNK = 20_000
THREE_YEARS = 3 * 365


@dataclass
class LoadReport:
    """What was loaded and how long each phase took (seconds)."""

    applications: int
    history: int
    documents: int
    generate_and_copy: float
    rebuild_indexes: float
    analyze: float

    @property
    def total(self) -> float:
        """Seconds from the first COPY to a queryable, analysed database."""
        return self.generate_and_copy + self.rebuild_indexes + self.analyze


def _units(conn) -> list[dict]:
    query = "SELECT id, kind, code, short_code, name, parent_id FROM units ORDER BY id"
    cols = ("id", "kind", "code", "short_code", "name", "parent_id")
    return [dict(zip(cols, row)) for row in conn.execute(query)]


def bench_nip(unit_index: int, position_index: int) -> str:
    """18 digits, born in the 1990s so they never meet the demo officers' NIPs (1980s)."""
    return (f"{1990 + unit_index % 10}{unit_index // 10 + 1:02d}{position_index + 1:02d}"
            f"202001{1 + position_index % 2}{unit_index * 4 + position_index:03d}")


def ensure_officers(conn) -> dict:
    """Give every unit its four officers (the demo seeds only Lubuk Baja); {(unit, pos): (id, name)}."""
    password_hash = conn.execute("SELECT password_hash FROM officers LIMIT 1").fetchone()[0]
    existing = {(u, p) for u, p in conn.execute(
        "SELECT unit_id, position FROM officers WHERE unit_id IS NOT NULL")}
    rng = random.Random(7)
    for index, unit in enumerate(_units(conn)):
        for p, position in enumerate(POSITIONS):
            if (unit["id"], position) in existing:
                continue
            conn.execute(
                "INSERT INTO officers (nip, name, email, position, unit_id, is_administrator,"
                " active, password_hash, session_token, notify_mode, created_at)"
                " VALUES (%s, %s, %s, %s, %s, false, true, %s, %s, 'instant', now())",
                (bench_nip(index, p), f"Petugas {position.title()} {unit['name']}",
                 f"{position}.{unit['id']}@layanan.local", position, unit["id"], password_hash,
                 rng.randbytes(16).hex()))
    conn.commit()
    return {(u, p): (i, n) for i, u, p, n in conn.execute(
        "SELECT id, unit_id, position, name FROM officers WHERE unit_id IS NOT NULL")}


def _stage(unit: dict) -> Stage:
    return Stage(unit_id=unit["id"], unit_kind=unit["kind"], unit_name=unit["name"])


def prepare_world(conn, snapshots: dict, seed: int):
    """Units, services and every lifecycle path, ready for the generator."""
    units = _units(conn)
    by_id = {u["id"]: u for u in units}
    homes = []
    for unit in units:
        if unit["kind"] != "kelurahan":
            continue
        parent = by_id[unit["parent_id"]]
        homes.append({"id": unit["id"], "name": unit["name"], "short_code": unit["short_code"],
                      "parent_short": parent["short_code"],
                      "kecamatan_digits": parent["code"].split(".")[2],
                      "stages": {flow: resolve_stages(flow, _stage(unit), _stage(parent))
                                 for flow in FLOWS}})
    officers = ensure_officers(conn)
    stage_sets = {(flow, h["id"]): h["stages"][flow] for h in homes for flow in FLOWS}
    services = [{"id": i, "code": code, "flow": flow, "snapshot": snapshots[code]}
                for i, code, flow in conn.execute("SELECT id, code, flow FROM services ORDER BY id")]
    return make_world(services, homes, build_paths(stage_sets, officers), seed)


def service_snapshots(database_url: str) -> dict:
    """{service code: definition snapshot}, built by the app's own model method."""
    from portal import create_app
    from portal.extensions import db
    from portal.models import Service

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url})
    with app.app_context():
        snapshots = {s.code: s.definition_snapshot()
                     for s in db.session.execute(db.select(Service)).scalars()}
        db.engine.dispose()
    return snapshots


def _copy(cursor, table: str, columns: tuple, batch: list) -> None:
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in batch:
            copy.write_row(row)


def _load_range(args) -> tuple[int, int, int]:
    """Child process: generate and COPY applications [first, last) in chunks."""
    dsn, world, first, last, now, span_days, seed = args
    rng = random.Random(seed)
    counts = [0, 0, 0]
    with psycopg.connect(dsn) as conn, conn.cursor() as cursor:
        cursor.execute("SET synchronous_commit = off")
        for start in range(first, last, CHUNK):
            apps, history, documents = [], [], []
            for application_id in range(start, min(start + CHUNK, last)):
                app_row, history_rows, document_rows = rows.application(
                    rng, world, application_id, now, span_days)
                apps.append(app_row)
                history.extend(history_rows)
                documents.extend(document_rows)
            _copy(cursor, "applications", APPLICATION_COLUMNS, apps)
            _copy(cursor, "history", HISTORY_COLUMNS, history)
            _copy(cursor, "documents", DOCUMENT_COLUMNS, documents)
            conn.commit()
            counts = [counts[0] + len(apps), counts[1] + len(history), counts[2] + len(documents)]
    return tuple(counts)


def _secondary_definitions(conn) -> tuple[list[str], list[str]]:
    """(drop statements, create statements) for every FK, unique and index but the PKs."""
    constraints = conn.execute(
        "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid), contype"
        " FROM pg_constraint WHERE contype IN ('f', 'u') AND (conrelid::regclass::text = ANY(%s)"
        " OR confrelid::regclass::text = ANY(%s)) ORDER BY contype DESC",
        (list(BIG_TABLES), list(BIG_TABLES))).fetchall()
    owned = {name for _, name, _, _ in constraints}
    indexes = [(name, definition) for name, definition in conn.execute(
        "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s)"
        " AND indexname NOT LIKE 'pk\\_%%'", (list(BIG_TABLES),)) if name not in owned]
    drops = [f'ALTER TABLE {table} DROP CONSTRAINT "{name}"' for table, name, _, _ in constraints]
    drops += [f'DROP INDEX "{name}"' for name, _ in indexes]
    creates = [definition for _, definition in indexes]
    creates += [f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}'
                for table, name, definition, _ in reversed(constraints)]
    return drops, creates


def _rebuild(dsn: str, creates: list[str]) -> None:
    """Indexes two at a time (one per core), then the constraints that need them."""
    def run(statement):
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute("SET maintenance_work_mem = '512MB'")
            conn.execute(statement)

    indexes = [s for s in creates if s.startswith("CREATE")]
    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(run, indexes))
    for statement in creates[len(indexes):]:
        run(statement)


def load(dsn: str, world, count: int, span_days: float = THREE_YEARS,
         processes: int = 2, seed: int = 2026) -> LoadReport:
    """Load `count` applications spread over the last `span_days` days into an empty schema."""
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    with psycopg.connect(dsn, autocommit=True) as conn:
        drops, creates = _secondary_definitions(conn)
        for statement in drops:
            conn.execute(statement)
    started = time.perf_counter()
    bounds = [1 + count * i // processes for i in range(processes + 1)]
    jobs = [(dsn, world, bounds[i], bounds[i + 1], now, span_days, seed + i)
            for i in range(processes)]
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        counts = [sum(c) for c in zip(*pool.map(_load_range, jobs))]
    copied = time.perf_counter()
    _rebuild(dsn, creates)
    rebuilt = time.perf_counter()
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("SELECT setval(pg_get_serial_sequence('applications', 'id'), %s)", (count,))
        conn.execute("VACUUM ANALYZE applications, history, documents, officers")
    return LoadReport(*counts, copied - started, rebuilt - copied,
                      time.perf_counter() - rebuilt)
