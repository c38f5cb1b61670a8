"""Every path an application can take, precomputed once with the real workflow engine.

Generating a million applications cannot afford a million runs of `workflow.decide`, but
there are only a few thousand distinct paths (flow x home kelurahan x plan): each is run
once through the engine here, and the loader stamps times and people onto them.
"""
from dataclasses import dataclass
from typing import Optional

from portal.workflow import engine as workflow
from portal.workflow.engine import POSITIONS, Actor, Stage

CITIZEN = Actor(kind="citizen", name="Pemohon")
SYSTEM = Actor(kind="system", name="Sistem")
REMARKS = {"return": "Mohon unggah ulang KK yang lebih jelas.",
           "refuse": "Pemohon tidak berdomisili di wilayah ini."}

# How applications end, with their share of all applications (a city's three-year mix).
PLAN_WEIGHTS = {
    "handed_over": 70, "finished": 4, "returned_fixed": 8, "returned_abandoned": 3,
    "refused": 3, "unconfirmed": 9, "withdrawn": 3,
}
# Delay before each action, in hours: (low, high), drawn uniformly.
GAP_HOURS = {
    "confirm": (0.02, 20), "approve": (0.3, 30), "return": (0.3, 30), "refuse": (0.3, 30),
    "resubmit": (20, 96), "hand_over": (20, 240), "cancel_citizen": (1, 48),
    "cancel_system": (48, 48), "cancel_abandoned": (168, 168),
}


@dataclass(frozen=True)
class Step:
    """One history row of a path and the application's columns after it."""

    action: str
    gap: str  # key of GAP_HOURS
    officer_id: Optional[int]
    actor_kind: str
    actor_name: str
    position: Optional[str]
    position_title: str
    unit_id: Optional[int]
    remark: str
    from_status: Optional[str]
    to_status: str
    status_label: str
    stage_index: int
    step_index: int
    pending_unit_id: Optional[int]
    pending_step: Optional[str]


@dataclass(frozen=True)
class Path:
    """A whole life of an application: the submission, then its steps."""

    final_unit_id: int
    submit_label: str
    steps: tuple[Step, ...]


def plans(approvals: int, stages: int) -> dict[str, list[list[tuple[str, str]]]]:
    """Every (action, gap) sequence per plan kind; variants differ in where they turn."""
    confirm = [("confirm", "confirm")]
    approve = [("approve", "approve")]
    by_kind = {
        "handed_over": [confirm + approve * approvals + [("hand_over", "hand_over")]],
        "finished": [confirm + approve * approvals],
        "unconfirmed": [[("cancel", "cancel_system")]],
        "withdrawn": [[("cancel", "cancel_citizen")]],
        "returned_fixed": [confirm + approve * k + [("return", "return"), ("resubmit", "resubmit")]
                           + approve * (approvals - k) + [("hand_over", "hand_over")]
                           for k in range(approvals)],
        "returned_abandoned": [confirm + approve * k + [("return", "return"),
                                                        ("cancel", "cancel_abandoned")]
                               for k in range(approvals)],
        "refused": [confirm + approve * (len(POSITIONS) * (s + 1) - 1) + [("refuse", "refuse")]
                    for s in range(stages)],
    }
    return by_kind


def _actor(action: str, gap: str, case, officers: dict) -> Actor:
    if action == "confirm" or gap in ("cancel_system", "cancel_abandoned"):
        return SYSTEM
    if action in ("cancel", "resubmit"):
        return CITIZEN
    if action == "hand_over":
        unit_id, position = case.final_stage.unit_id, "admin"
    else:
        unit_id, position = case.pending
    officer_id, name = officers[(unit_id, position)]
    return Actor(kind="officer", officer_id=officer_id, unit_id=unit_id, position=position,
                 name=name)


def walk(stages: tuple[Stage, ...], plan: list[tuple[str, str]], officers: dict) -> Path:
    """Run one plan through the real engine and record every step."""
    opened = workflow.submit(stages)
    case, steps = opened.case, []
    for action, gap in plan:
        actor = _actor(action, gap, case, officers)
        decision = workflow.decide(case, action, actor, expected_version=case.version,
                                   remark=REMARKS.get(action, ""))
        case = decision.case
        pending = case.pending or (None, None)
        steps.append(Step(action, gap, actor.officer_id, actor.kind, actor.name,
                          decision.position, decision.position_title, decision.unit_id,
                          decision.remark, decision.from_status, case.status,
                          decision.status_label, case.stage_index, case.step_index, *pending))
    return Path(stages[-1].unit_id, opened.status_label, tuple(steps))


def build_paths(stage_sets: dict, officers: dict) -> dict:
    """{(flow, home unit id): {plan kind: [Path, ...]}} for every flow and home kelurahan."""
    paths = {}
    for key, stages in stage_sets.items():
        approvals = len(stages) * len(POSITIONS)
        paths[key] = {kind: [walk(stages, plan, officers) for plan in variants]
                      for kind, variants in plans(approvals, len(stages)).items()}
    return paths
