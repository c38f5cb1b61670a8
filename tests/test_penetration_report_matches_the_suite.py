"""Acceptance: docs/LAPORAN-UJI-PENETRASI.md counts the cases of every file in tests/security
as pytest collects them (and their sum), names each of their tests, and every fixed finding
names a test that exists; open findings may name none yet."""
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
REPORT = ROOT / "docs" / "LAPORAN-UJI-PENETRASI.md"
FINDINGS = ("1", "2", "3", "4", "5", "6", "7", "7a", "8", "9", "10", "11", "12")
TEST_REFERENCE = re.compile(r"`(tests/[\w/]+\.py)::(test_\w+)`")


@pytest.fixture(scope="module")
def collected() -> list[str]:
    """Node ids of tests/security as pytest collects them (in a separate process)."""
    command = [sys.executable, "-m", "pytest", "-o", "addopts=", "-p", "no:cacheprovider",
               "--collect-only", "-q", "tests/security"]
    run = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True)
    return [line for line in run.stdout.splitlines() if "::" in line]


def _table_rows(first_cell: str) -> list[list[str]]:
    """Cells of the report's table rows whose first cell matches `first_cell` (a regex)."""
    rows = [[cell.strip() for cell in line.strip("|").split("|")]
            for line in REPORT.read_text(encoding="utf-8").splitlines()
            if line.startswith("| ")]
    return [row for row in rows if re.fullmatch(first_cell, row[0])]


def _family_rows() -> dict[str, tuple[int, int]]:
    """{file: (cases tried, cases held)} from the families table."""
    return {row[1].strip("`"): (int(row[2]), int(row[3]))
            for row in _table_rows(r"[^\d|-].*") if row[1].startswith("`tests/security/")}


def test_every_security_file_has_a_row_with_the_cases_pytest_collects(collected):
    cases = Counter(node.split("::")[0] for node in collected)
    files = {str(path.relative_to(ROOT))
             for path in (ROOT / "tests" / "security").glob("test_*.py")}
    assert set(_family_rows()) == files
    for name, (tried, held) in _family_rows().items():
        assert (tried, held) == (cases[name], cases[name]), name
    [total] = _table_rows(r"\*\*Jumlah\*\*")
    assert (int(total[2]), int(total[3])) == (len(collected), len(collected))


def test_the_report_names_every_security_test(collected):
    report = REPORT.read_text(encoding="utf-8")
    names = {re.sub(r"\[.*\]$", "", node.split("::")[-1]) for node in collected}
    assert names
    for name in sorted(names):
        assert f"`{name}`" in report, f"the report does not name {name}"


def test_every_finding_has_a_row_and_each_fixed_one_names_tests_that_exist():
    rows = {row[0]: row for row in _table_rows(r"\d+a?")}
    assert sorted(rows) == sorted(FINDINGS)
    for number, row in rows.items():
        status, proof = row[3], row[5]
        assert status in ("Terbuka", "Diperbaiki"), number
        references = TEST_REFERENCE.findall(proof)
        if status == "Diperbaiki":
            assert references, f"finding {number} is fixed but names no test"
        for path, name in references:
            source = (ROOT / path).read_text(encoding="utf-8")
            assert re.search(rf"^def {name}\(", source, re.M), f"{path}::{name} does not exist"


def test_every_test_the_report_names_exists():
    for path, name in TEST_REFERENCE.findall(REPORT.read_text(encoding="utf-8")):
        assert (ROOT / path).exists() and re.search(
            rf"^def {name}\(", (ROOT / path).read_text(encoding="utf-8"), re.M), f"{path}::{name}"
