"""Kota Batam's kecamatan and kelurahan, loaded from the shipped Kemendagri list."""
import csv
from collections import defaultdict
from pathlib import Path

from portal.extensions import db
from portal.models import Unit

WILAYAH_CSV = Path(__file__).with_name("batam-wilayah.csv")

# Letter-number abbreviations of each kecamatan.
KECAMATAN_SHORT = {
    "Belakang Padang": "BP", "Batu Ampar": "BA", "Sekupang": "SKP", "Nongsa": "NGS",
    "Bulang": "BLG", "Lubuk Baja": "LB", "Sei Beduk": "SB", "Galang": "GLG",
    "Bengkong": "BKG", "Batam Kota": "BK", "Sagulung": "SGL", "Batu Aji": "BAJ",
}


def read_wilayah() -> dict[tuple[str, str], list[str]]:
    """{(kecamatan code, kecamatan name): [kelurahan names]} in file order."""
    regions: dict[tuple[str, str], list[str]] = defaultdict(list)
    with open(WILAYAH_CSV, newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            regions[(row["kecamatan_code"], row["kecamatan"])].append(row["kelurahan"])
    return regions


def initials(name: str) -> str:
    """'Lubuk Baja Kota' -> 'LBK'; one-word names keep three letters ('Kabil' -> 'KAB')."""
    words = name.replace("-", " ").split()
    return "".join(w[0] for w in words).upper() if len(words) > 1 else name[:3].upper()


def letterhead(*lines: str) -> str:
    """The letterhead block, one line per level of government."""
    return "\n".join(["PEMERINTAH KOTA BATAM", *[line.upper() for line in lines]])


def _upsert(existing: dict[str, Unit], code: str, **values) -> Unit:
    unit = existing.get(code)
    if unit is None:
        unit = Unit(code=code, **values)
        db.session.add(unit)
    return unit


def _kelurahan_short(kec_short: str, name: str, taken: set) -> str:
    base = f"{kec_short}-{initials(name)}"
    short, n = base, 2
    while short in taken:
        short, n = f"{base}{n}", n + 1
    taken.add(short)
    return short


def _upsert_kecamatan(existing: dict[str, Unit], kec_code: str, kec_name: str,
                      kelurahan_names: list[str], taken: set) -> dict[str, Unit]:
    """The kecamatan and its kelurahan, by name, created where missing."""
    kec_short = KECAMATAN_SHORT[kec_name]
    kecamatan = _upsert(
        existing, kec_code, kind="kecamatan", short_code=kec_short, name=kec_name,
        address=f"Kantor Camat {kec_name}, Kota Batam, Kepulauan Riau",
        letterhead=letterhead(f"Kecamatan {kec_name}"))
    units = {kec_name: kecamatan}
    for index, name in enumerate(kelurahan_names, start=1):
        units[name] = _upsert(
            existing, f"{kec_code}.{1000 + index}", kind="kelurahan", parent=kecamatan,
            short_code=_kelurahan_short(kec_short, name, taken), name=name,
            address=f"Kantor Lurah {name}, Kecamatan {kec_name}, Kota Batam",
            letterhead=letterhead(f"Kecamatan {kec_name}", f"Kelurahan {name}"))
    return units


def seed_units() -> dict[str, Unit]:
    """Create the missing units; return every unit by name (kecamatan and kelurahan)."""
    units, taken = {}, set()
    existing = {unit.code: unit for unit in db.session.execute(db.select(Unit)).scalars()}
    with db.session.no_autoflush:
        for (kec_code, kec_name), kelurahan_names in sorted(read_wilayah().items()):
            units.update(_upsert_kecamatan(existing, kec_code, kec_name, kelurahan_names, taken))
    db.session.flush()
    return units
