"""About 200 demo applications over every service and status, driven through the real workflow."""
import io
import random
from datetime import date, datetime, timedelta

from PIL import Image, ImageDraw

from portal.workflow import corrections, transitions
from portal.extensions import db
from portal.models import Application, Document, Officer, Service, Unit, frozen_clock, utcnow
from portal.workflow.regno import new_reg_no
from portal.files.storage import get_storage
from portal.workflow.engine import POSITIONS

DEMO_ANCHOR = datetime(2026, 11, 20, 9, 0)  # fixed, so a second run recreates nothing
DEMO_COUNT = 207  # 9 x 23: every service gets every target status at least once
TARGETS = ("terdaftar", "konfirmasi", "disetujui", "dikembalikan", "selesai",
           "diserahkan", "ditolak", "dibatalkan", "disetujui")
FIRST_NAMES = ("Andi", "Bayu", "Citra", "Dian", "Eka", "Fajar", "Gita", "Hadi", "Intan",
               "Joko", "Kartika", "Lukman", "Mega", "Nanda", "Oki", "Putri", "Rizky",
               "Sari", "Taufik", "Utami", "Wahyu", "Yuni", "Zainal", "Ratna")
LAST_NAMES = ("Siregar", "Nasution", "Simanjuntak", "Pratama", "Saputra", "Wijaya",
              "Hasibuan", "Lubis", "Harahap", "Kurniawan", "Sitompul", "Purba", "Tanjung")
STREETS = ("Jl. Raja Ali Haji", "Jl. Imam Bonjol", "Jl. Sultan Abdul Rahman",
           "Jl. Teuku Umar", "Jl. Duyung", "Jl. Baloi", "Jl. Pelita")
SAMPLE_TEXT = {
    "tempat_lahir": ("Batam", "Tanjungpinang", "Medan", "Padang", "Pekanbaru"),
    "pekerjaan": ("Karyawan swasta", "Wiraswasta", "Pelajar/Mahasiswa", "Ibu rumah tangga"),
    "jenis_usaha": ("Warung makan", "Toko kelontong", "Bengkel motor", "Laundry"),
    "nama_usaha": ("Warung Berkah", "Toko Sumber Rezeki", "Bengkel Jaya", "Laundry Bersih"),
}


def _text(rng: random.Random, field: dict) -> str:
    name = field["name"]
    if name in SAMPLE_TEXT:
        return rng.choice(SAMPLE_TEXT[name])
    if name.startswith("nama"):
        return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
    if name.startswith("nik") or name.startswith("nomor"):
        return "".join(rng.choice("0123456789") for _ in range(16))
    return f"{field['label']} {rng.randint(1, 99)}"


def _value(rng: random.Random, field: dict, today: date):
    kind = field["type"]
    if kind == "select":
        return rng.choice(field["options"])
    if kind == "number":
        return rng.randint(2008, 2024) if "tahun" in field["name"] else rng.randint(1, 6)
    if kind == "date":
        years = 20 + rng.randint(0, 40) if "lahir" in field["name"] else 0
        return (today - timedelta(days=365 * years + rng.randint(1, 300))).isoformat()
    if kind == "textarea":
        return f"{rng.choice(STREETS)} No. {rng.randint(1, 120)}, Kota Batam"
    return _text(rng, field)


def _sample_image(label: str) -> bytes:
    image = Image.new("RGB", (320, 200), "white")
    ImageDraw.Draw(image).text((12, 90), f"CONTOH - {label}"[:48], fill="black")
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _documents(snapshot: dict) -> list[Document]:
    docs = []
    for req in snapshot["documents"]:
        if not req["mandatory"] or req["at_counter"]:
            continue
        data = _sample_image(req["label"])
        key, digest = get_storage().save(data, "png")
        docs.append(Document(requirement_key=req["key"], label=req["label"],
                             original_name=f"{req['key']}.png", content_type="image/png",
                             size=len(data), sha256=digest, storage_key=key))
    return docs


def _plan(rng: random.Random, target: str, flow_steps: int) -> list[str]:
    """The actions that bring a new application to `target`."""
    last = flow_steps - 1
    plans = {
        "terdaftar": [],
        "dibatalkan": ["cancel"],
        "konfirmasi": ["confirm"],
        "disetujui": ["confirm"] + ["approve"] * rng.randint(1, last),
        "dikembalikan": ["confirm"] + ["approve"] * rng.randint(0, last) + ["return"],
        "ditolak": ["confirm"] + ["approve"] * (len(POSITIONS) - 1) + ["refuse"],
        "selesai": ["confirm"] + ["approve"] * flow_steps,
        "diserahkan": ["confirm"] + ["approve"] * flow_steps + ["hand_over"],
    }
    return plans[target]


def _person(rng: random.Random, index: int, home: Unit) -> dict:
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    born = date(1960, 1, 1) + timedelta(days=rng.randint(0, 16000))
    kecamatan_digits = home.code.split(".")[2] if home.code.count(".") >= 2 else "06"
    return {
        "applicant_name": f"{first} {last}",
        "applicant_nik": f"2171{kecamatan_digits}{born:%d%m%y}{index + 1:04d}",
        "applicant_kk": f"2171{kecamatan_digits}{rng.randint(10**9, 10**10 - 1)}",
        "applicant_email": f"{first.lower()}.{last.lower()}{index}@contoh.id",
        "applicant_phone": f"+628{rng.randint(10**9, 10**10 - 1)}",
        "applicant_address": f"{rng.choice(STREETS)} No. {rng.randint(1, 200)}, "
                             f"RT 00{rng.randint(1, 9)}/RW 00{rng.randint(1, 9)}, "
                             f"Kelurahan {home.name}",
    }


def _act(application: Application, action: str, officers: dict) -> None:
    if action in ("confirm", "cancel"):
        actor = transitions.CITIZEN if action == "cancel" else transitions.SYSTEM
        transitions.perform(application.id, action, actor)
        return
    unit_id = application.final_unit_id if action == "hand_over" else application.pending_unit_id
    position = "admin" if action == "hand_over" else application.pending_step
    actor = transitions.actor_for(officers[(unit_id, position)])
    remark = {"return": "Mohon unggah ulang KK yang lebih jelas.",
              "refuse": "Pemohon tidak berdomisili di wilayah ini."}.get(action, "")
    transitions.perform(application.id, action, actor, expected_version=application.version,
                        remark=remark, corrections=_returned_kk(application, action))


def _returned_kk(application: Application, action: str) -> tuple:
    """A demo return ticks the KK document when the service asks for one."""
    snapshot = application.definition_snapshot
    key = corrections.DOCUMENT_PREFIX + "kk"
    if action != "return" or key not in {i.key for i in corrections.document_items(snapshot)}:
        return ()
    return (corrections.correction(key, "Foto buram", snapshot),)


def _create_one(rng, index, service, home, officers, now) -> None:
    target = TARGETS[index % len(TARGETS)]
    steps = len(transitions.stages_for(service.flow, home)) * len(POSITIONS)
    plan = _plan(rng, target, steps)
    moment = now - timedelta(days=rng.randint(1, 150), minutes=rng.randint(0, 600))
    first_stage = transitions.stages_for(service.flow, home)[0]
    reg_no = new_reg_no(db.session.get(Unit, first_stage.unit_id).short_code, moment,
                        choose=rng.choice)
    person = _person(rng, index, home)
    gaps = [timedelta(hours=rng.randint(1, 30)) for _ in plan]
    snapshot = service.definition_snapshot()
    form_data = {f["name"]: _value(rng, f, moment.date()) for f in snapshot["fields"]}
    if db.session.execute(db.select(Application.id).filter_by(reg_no=reg_no)).first():
        return
    application = Application(reg_no=reg_no, service=service, home_unit=home,
                              form_data=form_data, definition_snapshot=snapshot, **person)
    application.documents = _documents(snapshot)
    with frozen_clock(moment):
        transitions.register(application)
    for action, gap in zip(plan, gaps):
        moment = min(moment + gap, utcnow())
        with frozen_clock(moment):
            _act(application, action, officers)


def seed_applications(homes: list[Unit], count: int = DEMO_COUNT) -> None:
    """Create the demo applications that do not exist yet (deterministic, so idempotent)."""
    rng = random.Random(2026)
    services = db.session.execute(db.select(Service).order_by(Service.sort_order)).scalars().all()
    officers = {(o.unit_id, o.position): o for o in
                db.session.execute(db.select(Officer).where(Officer.unit_id.is_not(None))).scalars()}
    now = DEMO_ANCHOR
    for index in range(count):
        service = services[index % len(services)]
        home = homes[rng.randrange(len(homes))]
        _create_one(rng, index, service, home, officers, now)
