"""Synthetic citizens and their applications: pools drawn once from Faker, combined per row."""
import bisect
import itertools
import json
import random
from dataclasses import dataclass
from datetime import datetime

from faker import Faker

from bench.lifecycles import PLAN_WEIGHTS
from portal.workflow.regno import ALPHABET

# Relative demand per service code (identity documents and moving house dominate).
SERVICE_WEIGHTS = {
    "ktp-baru": 12, "ktp-perpanjangan": 6, "ktp-pindah": 6, "ktp-pergantian": 8,
    "kk-baru": 10, "kk-perubahan": 12, "pindah-antar-kota": 6, "pindah-antar-kecamatan": 4,
    "pindah-antar-kelurahan": 4, "domisili-tempat-tinggal": 8, "sku": 7, "skck": 6,
    "kelahiran": 5, "kematian": 2, "ahli-waris": 2, "kartu-pencari-kerja": 4,
}
SCRAMBLE = 0x5DEECE66D  # odd: id * SCRAMBLE mod 2**40 is a bijection, so reg_nos never collide
FORM_VARIANTS = 40
APPLICATION_COLUMNS = (
    "id", "reg_no", "service_id", "applicant_nik", "applicant_kk", "applicant_name",
    "applicant_email", "applicant_phone", "applicant_address", "home_unit_id", "form_data",
    "definition_snapshot", "status", "status_label", "stage_index", "step_index",
    "pending_unit_id", "pending_step", "final_unit_id", "version",
    "created_at", "updated_at", "confirmed_at", "finished_at")
HISTORY_COLUMNS = (
    "application_id", "officer_id", "actor_kind", "actor_name", "position", "position_title",
    "unit_id", "action", "remark", "from_status", "to_status", "status_label", "created_at")
DOCUMENT_COLUMNS = (
    "application_id", "requirement_key", "label", "original_name", "content_type", "size",
    "sha256", "storage_key", "uploaded_at")


@dataclass
class Pools:
    """Name and address parts; combining them gives millions of distinct people."""

    male: list
    female: list
    last: list
    streets: list


def make_pools(seed: int = 2026) -> Pools:
    """Draw a few hundred distinct names and streets from Faker's Indonesian locale."""
    fake = Faker("id_ID")
    fake.seed_instance(seed)

    def distinct(draw, count=1500):
        return sorted({draw() for _ in range(count)})

    return Pools(distinct(fake.first_name_male), distinct(fake.first_name_female),
                 distinct(fake.last_name), distinct(fake.street_name))


def field_value(rng: random.Random, field: dict, pools: Pools):
    """A plausible answer to one form field of a service."""
    kind, name = field["type"], field["name"]
    if kind == "select" and field["options"]:
        return rng.choice(field["options"])
    if kind == "number":
        return rng.randint(2008, 2025) if "tahun" in name else rng.randint(1, 6)
    if kind == "date":
        return f"{rng.randint(1960, 2024)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    if kind == "textarea":
        return f"{rng.choice(pools.streets)} No. {rng.randint(1, 150)}, Kota Batam"
    if name.startswith("nama"):
        return f"{rng.choice(pools.male + pools.female)} {rng.choice(pools.last)}"
    if name.startswith(("nik", "nomor")):
        return str(rng.randrange(10**15, 10**16))
    return f"{field['label']} {rng.randint(1, 99)}"


def reg_no(unit_short_code: str, when: datetime, application_id: int) -> str:
    """A registration number shaped like portal.workflow.regno's, unique by construction."""
    number = (application_id * SCRAMBLE) % (1 << 40)
    chars = "".join(ALPHABET[(number >> shift) & 31] for shift in range(35, -1, -5))
    return f"{unit_short_code.split('-')[-1]}-{when:%y%m}-{chars}"


class Chooser:
    """Weighted choice by bisection on precomputed cumulative weights (fast in a hot loop)."""

    def __init__(self, items: list, weights: list):
        self.items = items
        self.cumulative = list(itertools.accumulate(weights))
        self.total = self.cumulative[-1]

    def pick(self, rng: random.Random):
        """One item, drawn with the given weights."""
        return self.items[bisect.bisect(self.cumulative, rng.random() * self.total)]


@dataclass
class World:
    """What the generator needs from the seeded database, prepared for the hot loop."""

    services: Chooser  # of dicts: id, flow, snapshot_json, forms, documents
    homes: Chooser  # of dicts: id, name, short_code, kecamatan_digits, first_stage_short
    paths: dict  # (flow, home id) -> {plan kind: [Path]}
    plan_kinds: Chooser
    pools: Pools


def make_world(services: list[dict], homes: list[dict], paths: dict, seed: int) -> World:
    """Attach form-data pools and weights to the seeded services and kelurahan."""
    rng, pools = random.Random(seed), make_pools(seed)
    for service in services:
        snapshot = service["snapshot"]
        service["snapshot_json"] = json.dumps(snapshot)
        service["forms"] = [json.dumps({f["name"]: field_value(rng, f, pools)
                                        for f in snapshot["fields"]})
                            for _ in range(FORM_VARIANTS)]
        service["documents"] = [d for d in snapshot["documents"]
                                if d["mandatory"] and not d["at_counter"]]
    service_weights = [SERVICE_WEIGHTS.get(s["code"], 1) for s in services]
    home_weights = [rng.uniform(0.4, 2.0) for _ in homes]  # kelurahan differ in size
    return World(Chooser(services, service_weights), Chooser(homes, home_weights), paths,
                 Chooser(list(PLAN_WEIGHTS), list(PLAN_WEIGHTS.values())), pools)
