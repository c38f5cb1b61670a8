"""Acceptance: docs/LAPORAN-UJI-USABILITAS.md, written by the browser tests under `make docs`,
reports every task the tests measure, on both devices, and every page the axe audit checks."""
import re
from pathlib import Path

from tests.browser.usability import CHANGES, DEVICES, TASKS, render_report

ROOT = Path(__file__).resolve().parents[1]
REPORT = ROOT / "docs" / "LAPORAN-UJI-USABILITAS.md"
AXE_TEST = ROOT / "tests" / "browser" / "test_accessibility_of_public_and_officer_pages.py"


def _audited_pages() -> list[str]:
    source = AXE_TEST.read_text(encoding="utf-8")
    return re.findall(r'audit\.(?:visit|check)\([^"]*"(?:[^"]*"\s*,\s*")?([^"]+)"\)', source)


def test_the_report_lists_every_measured_task_on_both_devices():
    report = REPORT.read_text(encoding="utf-8")
    rows = [line for line in report.splitlines() if line.startswith("| ")]
    for key, (who, what) in TASKS.items():
        measured = [row for row in rows if row.startswith(f"| {what} | {who} |")]
        assert measured, f"the report does not measure: {what}"
    for device in DEVICES.values():
        assert any(f"| {device} |" in row for row in rows), device
    assert "Tidak terukur" not in report


def test_the_report_has_the_axe_findings_of_every_audited_page_and_the_changes():
    report = REPORT.read_text(encoding="utf-8")
    pages = _audited_pages()
    assert len(pages) >= 10
    for page_name in pages:
        assert f"| {page_name} |" in report, f"no axe row for {page_name}"
    for change in CHANGES:
        assert f"- {change}" in report


def test_a_task_the_tests_did_not_measure_is_named_as_missing():
    report = render_report([{"key": "lacak", "device": "ponsel", "seconds": 1.0, "clicks": 1,
                             "pages": 2}], {})
    assert "| Melacak permohonan | Pemohon | ponsel 390 px | 1 | 1.0 | 1 | 2 |" in report
    assert "Tidak terukur pada putaran ini:" in report and "Mendaftar akun warga" in report
