"""Demo officers: one per position for Kecamatan Lubuk Baja and each of its kelurahan."""
from flask import current_app

from portal.extensions import db
from portal.models import Officer, Unit
from portal.officers.second_factor import seal
from portal.workflow.engine import POSITIONS

DEMO_UNITS = ("Lubuk Baja", "Baloi Indah", "Batu Selicin", "Kampung Pelita",
              "Lubuk Baja Kota", "Tanjung Uma")
DEMO_NAMES = (
    "Rahmat Hidayat", "Siti Aminah", "Budi Santoso", "Hj. Nurhayati",
    "Dewi Lestari", "Agus Salim", "Fitri Handayani", "Syahrial",
    "Indra Gunawan", "Rina Marlina", "Hendra Saputra", "Yusnidar",
    "Putri Ayu Lestari", "Ahmad Fauzi", "Sri Wahyuni", "Zulkifli",
    "Maya Sari", "Doni Prasetyo", "Nurul Huda", "Rudi Hartono",
    "Wulan Sari", "Iskandar Muda", "Lina Marpaung", "Tengku Fadli",
)
ADMINISTRATOR_NIP = "197001012000011001"


def demo_nip(unit_index: int, position_index: int) -> str:
    """A well-formed 18-digit NIP: birth date, appointment month, gender, serial."""
    serial = unit_index * len(POSITIONS) + position_index + 1
    gender = 1 + serial % 2
    return (f"19{80 + unit_index}{position_index + 1:02d}{10 + unit_index:02d}"
            f"20{10 + position_index:02d}01{gender}{serial:03d}")


def _ensure(existing: dict[str, Officer], nip: str, password: str, **values) -> Officer:
    officer = existing.get(nip)
    if officer is None:
        officer = Officer(nip=nip, **values)
        officer.set_password(password)
        db.session.add(officer)
    return officer


def seed_officers(units: dict[str, Unit], password: str) -> list[Officer]:
    """Create the missing demo officers and the Administrator; set each unit's head."""
    existing = {row.nip: row for row in db.session.execute(db.select(Officer)).scalars()}
    administrator = _ensure(existing, ADMINISTRATOR_NIP, password,
                            name="Administrator Diskominfo", email="admin@layanan.local",
                            is_administrator=True)
    if not administrator.has_second_factor:  # the Administrator must have one: a known demo key
        administrator.totp_secret_sealed = seal(current_app.config["DEMO_TOTP_SECRET"])
    officers = [administrator]
    for u, unit_name in enumerate(DEMO_UNITS):
        unit = units[unit_name]
        for p, position in enumerate(POSITIONS):
            officer = _ensure(existing, demo_nip(u, p), password, name=DEMO_NAMES[u * 4 + p],
                              email=f"{position}.{unit.short_code.lower()}@layanan.local",
                              position=position, unit=unit)
            officers.append(officer)
            if position == "kepala" and unit.head_officer is None:
                unit.head_officer = officer
    db.session.flush()
    return officers
