"""The workflow engine, flow by flow: who may do what, and what the citizen then sees."""
import pytest

from portal.workflow.engine import (
    POSITIONS, Actor, Case, Correction, Stage, WorkflowError, decide, resolve_stages, submit,
)

KELURAHAN = Stage(unit_id=11, unit_kind="kelurahan", unit_name="Lubuk Baja Kota")
KECAMATAN = Stage(unit_id=1, unit_kind="kecamatan", unit_name="Lubuk Baja")
OTHER_KELURAHAN = Stage(unit_id=12, unit_kind="kelurahan", unit_name="Baloi Indah")
CITIZEN = Actor(kind="citizen")
SYSTEM = Actor(kind="system")


def officer(stage: Stage, position: str, **extra) -> Actor:
    return Actor(kind="officer", officer_id=100, unit_id=stage.unit_id, position=position, **extra)


def run(case: Case, action: str, actor: Actor, remark: str = "") -> Case:
    return decide(case, action, actor, expected_version=case.version, remark=remark).case


def confirmed(stages) -> Case:
    return run(submit(stages).case, "confirm", SYSTEM)


FLOW_TABLE = [
    ("KL", (KELURAHAN,), [
        (KELURAHAN, "admin", "Disetujui Admin Kelurahan Lubuk Baja Kota"),
        (KELURAHAN, "kasi", "Disetujui Kasi Kelurahan Lubuk Baja Kota"),
        (KELURAHAN, "sekretaris", "Disetujui Sekretaris Lurah Kelurahan Lubuk Baja Kota"),
        (KELURAHAN, "kepala", "Selesai"),
    ]),
    ("KC", (KECAMATAN,), [
        (KECAMATAN, "admin", "Disetujui Admin Kecamatan Lubuk Baja"),
        (KECAMATAN, "kasi", "Disetujui Kasi Kecamatan Lubuk Baja"),
        (KECAMATAN, "sekretaris", "Disetujui Sekretaris Camat Kecamatan Lubuk Baja"),
        (KECAMATAN, "kepala", "Selesai"),
    ]),
    ("KLKC", (KELURAHAN, KECAMATAN), [
        (KELURAHAN, "admin", "Disetujui Admin Kelurahan Lubuk Baja Kota"),
        (KELURAHAN, "kasi", "Disetujui Kasi Kelurahan Lubuk Baja Kota"),
        (KELURAHAN, "sekretaris", "Disetujui Sekretaris Lurah Kelurahan Lubuk Baja Kota"),
        (KELURAHAN, "kepala", "Disetujui Lurah Kelurahan Lubuk Baja Kota"),
        (KECAMATAN, "admin", "Disetujui Admin Kecamatan Lubuk Baja"),
        (KECAMATAN, "kasi", "Disetujui Kasi Kecamatan Lubuk Baja"),
        (KECAMATAN, "sekretaris", "Disetujui Sekretaris Camat Kecamatan Lubuk Baja"),
        (KECAMATAN, "kepala", "Selesai"),
    ]),
]


@pytest.mark.parametrize("flow, stages, chain", FLOW_TABLE, ids=[row[0] for row in FLOW_TABLE])
def test_each_flow_passes_every_step_in_order_to_selesai(flow, stages, chain):
    assert resolve_stages(flow, KELURAHAN, KECAMATAN) == stages
    case = confirmed(stages)
    assert (case.status, case.pending) == ("konfirmasi", (stages[0].unit_id, "admin"))
    for stage, position, label in chain:
        assert case.pending == (stage.unit_id, position)
        decision = decide(case, "approve", officer(stage, position), expected_version=case.version)
        assert decision.status_label == label
        case = decision.case
    assert case.status == "selesai" and case.pending is None


@pytest.mark.parametrize("flow, stages, chain", FLOW_TABLE, ids=[row[0] for row in FLOW_TABLE])
def test_nobody_but_the_pending_step_may_approve(flow, stages, chain):
    case = confirmed(stages)
    everyone = [officer(s, p) for s in (KELURAHAN, KECAMATAN, OTHER_KELURAHAN) for p in POSITIONS]
    for stage, position, _label in chain:
        for actor in everyone:
            if (actor.unit_id, actor.position) == (stage.unit_id, position):
                continue
            with pytest.raises(WorkflowError) as refused:
                decide(case, "approve", actor, expected_version=case.version)
            assert refused.value.code == "not_allowed"
        case = run(case, "approve", officer(stage, position))


def test_klkc_does_not_reach_the_kecamatan_before_the_lurah_approves():
    case = confirmed((KELURAHAN, KECAMATAN))
    for position in ("admin", "kasi", "sekretaris"):
        case = run(case, "approve", officer(KELURAHAN, position))
        assert case.pending[0] == KELURAHAN.unit_id
    case = run(case, "approve", officer(KELURAHAN, "kepala"))
    assert case.pending == (KECAMATAN.unit_id, "admin")


def test_return_needs_a_remark_or_ticked_items_and_resubmission_reenters_at_the_same_step():
    case = run(confirmed((KELURAHAN,)), "approve", officer(KELURAHAN, "admin"))
    kasi = officer(KELURAHAN, "kasi")
    with pytest.raises(WorkflowError) as refused:
        decide(case, "return", kasi, expected_version=case.version, remark="  ")
    assert refused.value.code == "correction_required"
    returned = decide(case, "return", kasi, expected_version=case.version, remark="KK buram")
    assert returned.status_label == "Dikembalikan untuk perbaikan oleh Kasi Kelurahan Lubuk Baja Kota"
    assert returned.case.pending is None and returned.remark == "KK buram"
    ticked = (Correction("document.kk", "Kartu Keluarga (KK)", "buram"),)
    by_items = decide(case, "return", kasi, expected_version=case.version, corrections=ticked)
    assert by_items.corrections == ticked and by_items.remark == ""
    again = run(returned.case, "resubmit", CITIZEN)
    assert again.pending == (KELURAHAN.unit_id, "kasi")
    assert again.status == "disetujui"


def test_ticked_items_belong_to_a_return_only():
    case = confirmed((KELURAHAN,))
    ticked = (Correction("applicant_address", "Alamat"),)
    with pytest.raises(WorkflowError) as refused:
        decide(case, "approve", officer(KELURAHAN, "admin"), expected_version=case.version,
               corrections=ticked)
    assert refused.value.code == "corrections_only_on_return"


def test_a_resubmission_and_a_revision_read_as_their_own_events():
    case = run(confirmed((KELURAHAN,)), "approve", officer(KELURAHAN, "admin"))
    revised = decide(case, "revise", officer(KELURAHAN, "admin"), expected_version=case.version)
    assert revised.event_label == "Data diperbaiki oleh Admin Kelurahan Lubuk Baja Kota"
    assert revised.status_label == "Disetujui Admin Kelurahan Lubuk Baja Kota"  # unchanged
    returned = run(case, "return", officer(KELURAHAN, "kasi"), remark="KK buram")
    again = decide(returned, "resubmit", CITIZEN, expected_version=returned.version)
    assert again.status_label == again.event_label == "Diperbaiki oleh pemohon"
    assert again.case.pending == (KELURAHAN.unit_id, "kasi")


def test_return_at_the_first_step_resubmits_to_konfirmasi():
    case = confirmed((KELURAHAN,))
    case = run(case, "return", officer(KELURAHAN, "admin"), remark="Foto KTP tidak terbaca")
    case = run(case, "resubmit", CITIZEN)
    assert (case.status, case.pending) == ("konfirmasi", (KELURAHAN.unit_id, "admin"))


def test_only_the_head_may_refuse_finally_and_needs_a_remark():
    case = confirmed((KELURAHAN,))
    with pytest.raises(WorkflowError) as refused:
        decide(case, "refuse", officer(KELURAHAN, "admin"), expected_version=case.version,
               remark="tidak memenuhi syarat")
    assert refused.value.code == "not_allowed"
    for position in ("admin", "kasi", "sekretaris"):
        case = run(case, "approve", officer(KELURAHAN, position))
    with pytest.raises(WorkflowError):
        decide(case, "refuse", officer(KELURAHAN, "kepala"), expected_version=case.version)
    final = decide(case, "refuse", officer(KELURAHAN, "kepala"), expected_version=case.version,
                   remark="Bukan warga kelurahan ini")
    assert final.to_status == "ditolak" and final.case.pending is None
    assert final.status_label == "Ditolak Lurah Kelurahan Lubuk Baja Kota"


def test_a_stale_version_is_refused():
    case = confirmed((KELURAHAN,))
    with pytest.raises(WorkflowError) as refused:
        decide(case, "approve", officer(KELURAHAN, "admin"), expected_version=case.version - 1)
    assert refused.value.code == "stale"
    assert "sudah diproses" in str(refused.value)


def test_officers_must_say_which_version_they_saw():
    case = confirmed((KELURAHAN,))
    with pytest.raises(WorkflowError) as refused:
        decide(case, "approve", officer(KELURAHAN, "admin"))
    assert refused.value.code == "stale"


def test_the_administrator_decides_nothing():
    case = confirmed((KELURAHAN,))
    admin = Actor(kind="officer", officer_id=1, unit_id=None, is_administrator=True)
    for action in ("approve", "return", "refuse", "revise"):
        with pytest.raises(WorkflowError):
            decide(case, action, admin, expected_version=case.version, remark="x")


def test_hand_over_by_the_admin_of_the_final_unit_only():
    case = confirmed((KELURAHAN, KECAMATAN))
    for stage in (KELURAHAN, KECAMATAN):
        for position in POSITIONS:
            case = run(case, "approve", officer(stage, position))
    with pytest.raises(WorkflowError):
        decide(case, "hand_over", officer(KELURAHAN, "admin"), expected_version=case.version)
    with pytest.raises(WorkflowError):
        decide(case, "hand_over", officer(KECAMATAN, "kasi"), expected_version=case.version)
    done = run(case, "hand_over", officer(KECAMATAN, "admin"))
    assert done.status == "diserahkan"


def test_revise_is_for_the_admin_while_the_case_is_at_their_unit():
    case = run(confirmed((KELURAHAN, KECAMATAN)), "approve", officer(KELURAHAN, "admin"))
    revised = decide(case, "revise", officer(KELURAHAN, "admin"), expected_version=case.version)
    assert revised.case.status == case.status and revised.case.pending == case.pending
    assert revised.case.version == case.version + 1
    for actor in (officer(KELURAHAN, "kasi"), officer(KECAMATAN, "admin")):
        with pytest.raises(WorkflowError):
            decide(case, "revise", actor, expected_version=case.version)


def test_cancel_unconfirmed_or_returned_but_not_in_progress():
    fresh = submit((KELURAHAN,)).case
    assert run(fresh, "cancel", SYSTEM).status == "dibatalkan"
    in_queue = confirmed((KELURAHAN,))
    with pytest.raises(WorkflowError) as refused:
        decide(in_queue, "cancel", CITIZEN)
    assert refused.value.code == "invalid"
    returned = run(in_queue, "return", officer(KELURAHAN, "admin"), remark="lengkapi")
    assert run(returned, "cancel", CITIZEN).status == "dibatalkan"


def test_citizens_cannot_approve_and_unknown_actions_are_refused():
    case = confirmed((KELURAHAN,))
    with pytest.raises(WorkflowError) as refused:
        decide(case, "approve", CITIZEN, expected_version=case.version)
    assert refused.value.code == "not_allowed"
    with pytest.raises(WorkflowError) as unknown:
        decide(case, "delete", SYSTEM)
    assert unknown.value.code == "unknown_action"


def test_plh_substitute_is_recorded_in_the_position_title():
    case = confirmed((KELURAHAN,))
    for position in ("admin", "kasi", "sekretaris"):
        case = run(case, "approve", officer(KELURAHAN, position))
    stand_in = officer(KELURAHAN, "kepala", acting_prefix="Plh.")
    decision = decide(case, "approve", stand_in, expected_version=case.version)
    assert decision.position_title == "Plh. Lurah"


def test_kc_service_resolves_to_the_kecamatan_of_the_applicant():
    assert resolve_stages("KC", KELURAHAN, KECAMATAN) == (KECAMATAN,)
    assert resolve_stages("KC", KECAMATAN, None) == (KECAMATAN,)
    with pytest.raises(ValueError):
        resolve_stages("KL", KECAMATAN, None)
