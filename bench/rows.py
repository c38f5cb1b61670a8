"""The hot loop: one application with its history and documents, as tuples ready for COPY."""
import random
from datetime import datetime, timedelta

from bench.lifecycles import GAP_HOURS
from bench.population import World, reg_no

HOUR = timedelta(hours=1)


def person(rng: random.Random, world: World, home: dict, application_id: int) -> tuple:
    """(nik, kk, name, email, phone, address) of one applicant living in `home`."""
    pools = world.pools
    woman = rng.random() < 0.5
    given = pools.female if woman else pools.male
    first = rng.choice(given)
    middle = [rng.choice(given)] if rng.random() < 0.4 else []
    name = " ".join([first, *middle, rng.choice(pools.last)])
    day = rng.randint(1, 28) + (40 if woman else 0)
    birth = f"{day:02d}{rng.randint(1, 12):02d}{rng.randint(0, 99):02d}"
    region = "2171" + home["kecamatan_digits"]
    nik = f"{region}{birth}{application_id % 10000:04d}"
    kk = f"{region}{rng.randrange(10**9, 10**10)}"
    email = f"{first.lower().replace(' ', '')}{application_id}@contoh.id"
    phone = f"+628{rng.randrange(10**9, 10**10)}"
    address = (f"{rng.choice(pools.streets)} No. {rng.randint(1, 200)}, RT 0{rng.randint(10, 20)}"
               f"/RW 00{rng.randint(1, 9)}, Kelurahan {home['name']}")
    return nik, kk, name, email, phone, address


def timeline(rng: random.Random, steps, created: datetime, now: datetime) -> list[datetime]:
    """When each step happened; steps that would lie in the future have not happened yet."""
    moments, moment = [], created
    for step in steps:
        low, high = GAP_HOURS[step.gap]
        moment = moment + HOUR * rng.uniform(low, high)
        if moment > now:
            break
        moments.append(moment)
    return moments


def history_rows(application_id: int, path, moments: list, created: datetime) -> list[tuple]:
    """The submission row and one row per step that has happened."""
    rows = [(application_id, None, "citizen", "Pemohon", None, "", None, "submit", "", None,
             "terdaftar", path.submit_label, created)]
    for step, moment in zip(path.steps, moments):
        rows.append((application_id, step.officer_id, step.actor_kind, step.actor_name,
                     step.position, step.position_title, step.unit_id, step.action, step.remark,
                     step.from_status, step.to_status, step.status_label, moment))
    return rows


def document_rows(rng: random.Random, application_id: int, service: dict,
                  created: datetime) -> list[tuple]:
    """Metadata of the uploaded requirement files (the bytes are not part of the bench)."""
    return [(application_id, doc["key"], doc["label"], f"{doc['key']}.jpg", "image/jpeg",
             rng.randint(80_000, 900_000), rng.randbytes(32).hex(),
             f"{rng.randbytes(20).hex()}.jpg", created)
            for doc in service["documents"]]


def _state(path, moments: list) -> tuple:
    """(status, label, stage, step, pending unit, pending step, confirmed, finished)."""
    done = path.steps[:len(moments)]
    confirmed = next((m for s, m in zip(done, moments) if s.action == "confirm"), None)
    finished = next((m for s, m in zip(done, moments) if s.to_status == "selesai"), None)
    if not done:
        return "terdaftar", path.submit_label, 0, 0, None, None, confirmed, finished
    last = done[-1]
    return (last.to_status, last.status_label, last.stage_index, last.step_index,
            last.pending_unit_id, last.pending_step, confirmed, finished)


def application(rng: random.Random, world: World, application_id: int, now: datetime,
                span_days: float) -> tuple[tuple, list, list]:
    """One application row, its history rows and its document rows."""
    service, home = world.services.pick(rng), world.homes.pick(rng)
    created = now - timedelta(days=rng.random() * span_days)
    variants = world.paths[(service["flow"], home["id"])][world.plan_kinds.pick(rng)]
    path = variants[rng.randrange(len(variants))]
    moments = timeline(rng, path.steps, created, now)
    status, label, stage, step, pending_unit, pending_step, confirmed, finished = _state(
        path, moments)
    first_stage_code = home["short_code"] if service["flow"] != "KC" else home["parent_short"]
    row = (application_id, reg_no(first_stage_code, created, application_id), service["id"],
           *person(rng, world, home, application_id), home["id"],
           service["forms"][rng.randrange(len(service["forms"]))], service["snapshot_json"],
           status, label, stage, step, pending_unit, pending_step, path.final_unit_id,
           1 + 1 + len(moments), created,
           moments[-1] if moments else created, confirmed, finished)
    return (row, history_rows(application_id, path, moments, created),
            document_rows(rng, application_id, service, created))
