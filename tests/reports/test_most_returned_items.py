"""The recap counts what officers most often return for correction, per service."""
from datetime import datetime

from portal.models import frozen_clock
from portal.reports.returns import ReturnedCount, most_returned
from portal.workflow import corrections, transitions

MOMENT = datetime(2026, 11, 10, 3)


def _return(application, officer, keys: list[str]) -> None:
    snapshot = application.definition_snapshot
    with frozen_clock(MOMENT):
        transitions.perform(application.id, "confirm", transitions.SYSTEM)
        transitions.perform(
            application.id, "return", transitions.actor_for(officer),
            expected_version=application.version,
            corrections=tuple(corrections.correction(key, "", snapshot) for key in keys))


def _returned_cases(make_application, officer):
    admin = officer("Lubuk Baja Kota", "admin")
    for keys in (["document.ktp"], ["document.ktp", "applicant_address"], ["document.ktp"],
                 ["form_data.keperluan"], ["document.pas_foto"]):
        _return(make_application("skck"), admin, keys)
    _return(make_application("sku"), admin, ["document.kk"])


def test_the_three_most_returned_items_per_service_in_catalogue_order(make_application, officer,
                                                                      demo):
    _returned_cases(make_application, officer)
    counts = most_returned(2026)
    skck = [line for line in counts if line.service_name.startswith("Surat Keterangan Catatan")]
    assert skck[0] == ReturnedCount(skck[0].service_name, "KTP-el pemohon", 3)
    assert [line.count for line in skck] == [3, 1, 1] and len(skck) == 3
    assert ("Surat Keterangan Usaha", "Kartu Keluarga (KK)", 1) in [
        (line.service_name, line.label, line.count) for line in counts]
    assert counts.index(skck[0]) < [line.service_name for line in counts].index(
        "Surat Keterangan Usaha")  # SKCK (3rd in the catalogue) before SKU (6th)
    assert most_returned(2026, demo["Baloi Indah"].id) == []
    assert most_returned(2025) == []


def test_the_recap_page_shows_the_most_returned_items(console, client, login_as, administrator,
                                                      make_application, officer):
    _returned_cases(make_application, officer)
    login_as(administrator)
    html = client.get("/admin/rekap/?tahun=2026").get_data(as_text=True)
    table = html[html.index('id="paling-sering-dikembalikan"'):]
    assert "Paling sering dikembalikan untuk perbaikan" in html
    assert "<td>KTP-el pemohon</td><td>3</td>" in table
