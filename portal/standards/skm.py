"""The SKM survey as PermenPAN-RB 14/2017 writes it: nine elements, four answers, four grades.

Each element's average (NRR) is the sum of its scores over the number of respondents; the
index is the mean of the nine averages (each weighted 1/9) times 25, so it runs from 25 to
100. The regulation's intervals then give the quality grade. Everything here is a table or
plain arithmetic on exact fractions: rounding happens once, to two decimals, half up.
"""
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Iterable, Optional, Sequence

from flask_babel import lazy_gettext as _l

from portal.models.standards import ELEMENT_COLUMNS

SCORES = (1, 2, 3, 4)
SCALE_FACTOR = 25
TWO_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class Element:
    """One survey element: its code (U1 …), name, question and the four answers (1 … 4)."""

    column: str
    code: str
    name: str
    question: str
    answers: tuple


ELEMENTS = tuple(Element(column, f"U{index}", name, question, answers)
                 for index, (column, (name, question, answers)) in enumerate(zip(ELEMENT_COLUMNS, (
    (_l("Persyaratan"),
     _l("Bagaimana pendapat Saudara tentang kesesuaian persyaratan pelayanan dengan jenis "
        "pelayanannya?"),
     (_l("Tidak sesuai"), _l("Kurang sesuai"), _l("Sesuai"), _l("Sangat sesuai"))),
    (_l("Sistem, Mekanisme, dan Prosedur"),
     _l("Bagaimana pemahaman Saudara tentang kemudahan prosedur pelayanan di unit ini?"),
     (_l("Tidak mudah"), _l("Kurang mudah"), _l("Mudah"), _l("Sangat mudah"))),
    (_l("Waktu Penyelesaian"),
     _l("Bagaimana pendapat Saudara tentang kecepatan waktu dalam memberikan pelayanan?"),
     (_l("Tidak cepat"), _l("Kurang cepat"), _l("Cepat"), _l("Sangat cepat"))),
    (_l("Biaya/Tarif"),
     _l("Bagaimana pendapat Saudara tentang kewajaran biaya/tarif dalam pelayanan?"),
     (_l("Sangat mahal"), _l("Cukup mahal"), _l("Murah"), _l("Gratis"))),
    (_l("Produk Spesifikasi Jenis Pelayanan"),
     _l("Bagaimana pendapat Saudara tentang kesesuaian produk pelayanan antara yang tercantum "
        "dalam standar pelayanan dengan hasil yang diberikan?"),
     (_l("Tidak sesuai"), _l("Kurang sesuai"), _l("Sesuai"), _l("Sangat sesuai"))),
    (_l("Kompetensi Pelaksana"),
     _l("Bagaimana pendapat Saudara tentang kompetensi/kemampuan petugas dalam pelayanan?"),
     (_l("Tidak kompeten"), _l("Kurang kompeten"), _l("Kompeten"), _l("Sangat kompeten"))),
    (_l("Perilaku Pelaksana"),
     _l("Bagaimana pendapat Saudara tentang perilaku petugas dalam pelayanan terkait "
        "kesopanan dan keramahan?"),
     (_l("Tidak sopan dan ramah"), _l("Kurang sopan dan ramah"), _l("Sopan dan ramah"),
      _l("Sangat sopan dan ramah"))),
    (_l("Penanganan Pengaduan, Saran dan Masukan"),
     _l("Bagaimana pendapat Saudara tentang penanganan pengaduan pengguna layanan?"),
     (_l("Tidak ada"), _l("Ada tetapi tidak berfungsi"), _l("Berfungsi kurang maksimal"),
      _l("Dikelola dengan baik"))),
    (_l("Sarana dan Prasarana"),
     _l("Bagaimana pendapat Saudara tentang kualitas sarana dan prasarana?"),
     (_l("Buruk"), _l("Cukup"), _l("Baik"), _l("Sangat Baik"))),
)), start=1))


@dataclass(frozen=True)
class Grade:
    """A quality grade and the IKM interval (inclusive, two decimals) that earns it."""

    letter: str
    lowest: Decimal
    highest: Decimal
    label: str


# PermenPAN-RB 14/2017, the conversion table of IKM values to service quality.
GRADES = (
    Grade("A", Decimal("88.31"), Decimal("100.00"), _l("Sangat Baik")),
    Grade("B", Decimal("76.61"), Decimal("88.30"), _l("Baik")),
    Grade("C", Decimal("65.00"), Decimal("76.60"), _l("Kurang Baik")),
    Grade("D", Decimal("25.00"), Decimal("64.99"), _l("Tidak Baik")),
)


def rounded(value: Fraction) -> Decimal:
    """An exact value rounded half up to two decimals, as the report prints it."""
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(
        TWO_PLACES, rounding=ROUND_HALF_UP)


def averages_of_sums(sums: Sequence[int], count: int) -> Optional[tuple[Fraction, ...]]:
    """Each element's average score (NRR) from its sum over `count` responses; None when none."""
    if not count:
        return None
    return tuple(Fraction(int(total), count) for total in sums)


def element_averages(responses: Iterable[Sequence[int]]) -> Optional[tuple[Fraction, ...]]:
    """Each element's average score (NRR) over the responses' nine scores; None when none."""
    rows = list(responses)
    sums = [sum(row[index] for row in rows) for index in range(len(ELEMENTS))]
    return averages_of_sums(sums, len(rows))


def index_of(averages: Sequence[Fraction]) -> Decimal:
    """The IKM: the mean of the element averages (each weighted 1/9) times 25, two decimals."""
    weight = Fraction(1, len(averages))
    return rounded(sum(average * weight for average in averages) * SCALE_FACTOR)


def grade_of(ikm: Decimal) -> Grade:
    """The regulation's grade of an IKM value (rounded to two decimals first)."""
    value = ikm.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)
    return next(grade for grade in GRADES if grade.lowest <= value <= grade.highest)


def lowest_elements(averages: Sequence[Fraction], count: int = 3) -> list[Element]:
    """The elements with the lowest averages, lowest first (ties in the regulation's order)."""
    ranked = sorted(range(len(averages)), key=lambda index: (averages[index], index))
    return [ELEMENTS[index] for index in ranked[:count]]
