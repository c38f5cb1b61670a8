"""Acceptance: the IKM of a set of answers is the value worked out by hand from PermenPAN-RB
14/2017 (mean of the nine element averages × 25), and its grade follows the regulation's
intervals, boundaries included."""
from decimal import Decimal
from fractions import Fraction

import pytest

from portal.standards import skm
from tests.fixtures.standards import SKM_ANSWERS as ANSWERS
from tests.fixtures.standards import SKM_HAND_AVERAGES as HAND_AVERAGES
from tests.fixtures.standards import SKM_HAND_INDEX


def test_the_index_of_five_answers_is_the_hand_computed_82_22_grade_b():
    averages = skm.element_averages(ANSWERS)
    assert averages == tuple(Fraction(value) for value in HAND_AVERAGES)
    ikm = skm.index_of(averages)
    assert ikm == Decimal(SKM_HAND_INDEX)
    grade = skm.grade_of(ikm)
    assert (grade.letter, str(grade.label)) == ("B", "Baik")
    assert [element.code for element in skm.lowest_elements(averages)] == ["U8", "U3", "U9"]


def test_the_nine_elements_carry_the_regulations_names_in_its_order():
    assert [str(element.name) for element in skm.ELEMENTS] == [
        "Persyaratan", "Sistem, Mekanisme, dan Prosedur", "Waktu Penyelesaian", "Biaya/Tarif",
        "Produk Spesifikasi Jenis Pelayanan", "Kompetensi Pelaksana", "Perilaku Pelaksana",
        "Penanganan Pengaduan, Saran dan Masukan", "Sarana dan Prasarana"]
    assert all(len(element.answers) == 4 for element in skm.ELEMENTS)


@pytest.mark.parametrize("ikm, letter, label", [
    ("100.00", "A", "Sangat Baik"), ("88.31", "A", "Sangat Baik"),
    ("88.30", "B", "Baik"), ("76.61", "B", "Baik"),
    ("76.60", "C", "Kurang Baik"), ("65.00", "C", "Kurang Baik"),
    ("64.99", "D", "Tidak Baik"), ("25.00", "D", "Tidak Baik"),
])
def test_each_grade_boundary_falls_where_the_regulation_puts_it(ikm, letter, label):
    grade = skm.grade_of(Decimal(ikm))
    assert (grade.letter, str(grade.label)) == (letter, label)


def test_the_scale_runs_from_25_to_100_and_rounds_half_up_once():
    assert skm.index_of(skm.element_averages([(4,) * 9])) == Decimal("100.00")
    assert skm.index_of(skm.element_averages([(1,) * 9])) == Decimal("25.00")
    # One 4 and eight 3s: (4 + 8 × 3) / 9 × 25 = 77.777… -> 77.78.
    one_four = (4, 3, 3, 3, 3, 3, 3, 3, 3)
    assert skm.index_of(skm.element_averages([one_four])) == Decimal("77.78")
    # Averages of 3.5322 give 88.305 exactly, which rounds half up into grade A.
    averages = (Fraction(35322, 10000),) * 9
    assert skm.index_of(averages) == Decimal("88.31")
    assert skm.grade_of(Decimal("88.305")).letter == "A"
    assert skm.element_averages([]) is None
