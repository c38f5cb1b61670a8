"""The workflow as data: flows, stages, positions, statuses, and one pure decision function.

This module imports neither Flask nor the database: it takes a case and an actor and
returns the decision, so it can be tested exhaustively on its own. `portal.workflow.transitions`
applies a decision to the database in one transaction.
"""
from dataclasses import dataclass, replace
from typing import Callable, Optional

from portal.unit_names import title_in_unit, unit_title

# One stage is this chain of positions inside one unit, in order.
POSITIONS = ("admin", "kasi", "sekretaris", "kepala")

# A flow is the list of unit kinds whose stages an application passes through.
FLOWS = {
    "KL": ("kelurahan",),
    "KC": ("kecamatan",),
    "KLKC": ("kelurahan", "kecamatan"),
}

# Titles of each position, per unit kind: (full title, title used in status labels).
POSITION_TITLES = {
    ("admin", "kelurahan"): ("Admin Kelurahan", "Admin"),
    ("admin", "kecamatan"): ("Admin Kecamatan", "Admin"),
    ("kasi", "kelurahan"): ("Kasi Kelurahan", "Kasi"),
    ("kasi", "kecamatan"): ("Kasi Kecamatan", "Kasi"),
    ("sekretaris", "kelurahan"): ("Sekretaris Lurah", "Sekretaris Lurah"),
    ("sekretaris", "kecamatan"): ("Sekretaris Camat", "Sekretaris Camat"),
    ("kepala", "kelurahan"): ("Lurah", "Lurah"),
    ("kepala", "kecamatan"): ("Camat", "Camat"),
}

# Statuses as the citizen sees them.
STATUSES = {
    "terdaftar": "Terdaftar",
    "konfirmasi": "Konfirmasi",
    "disetujui": "Disetujui",
    "dikembalikan": "Dikembalikan untuk perbaikan",
    "selesai": "Selesai",
    "diserahkan": "Diserahkan",
    "ditolak": "Ditolak",
    "dibatalkan": "Dibatalkan",
}
QUEUE_STATUSES = frozenset({"konfirmasi", "disetujui"})  # waiting at an officer's step
CLOSED_STATUSES = frozenset({"diserahkan", "ditolak", "dibatalkan"})

# Events that are not a decision on a step: the label their history row (and, for a
# resubmission, the application) shows. "{who}" is the acting officer with their unit.
EVENT_LABELS = {
    "resubmit": "Diperbaiki oleh pemohon",
    "revise": "Data diperbaiki oleh {who}",
}

# Indonesian messages of the domain errors (msgids for Flask-Babel).
MESSAGES = {
    "stale": "Permohonan ini sudah diproses oleh petugas lain. Muat ulang halaman.",
    "not_allowed": "Anda tidak berwenang melakukan tindakan ini pada permohonan ini.",
    "remark_required": "Keterangan wajib diisi untuk tindakan ini.",
    "correction_required": "Centang isian atau berkas yang perlu diperbaiki, atau tulis "
                           "Keterangan untuk perbaikan lainnya.",
    "corrections_only_on_return": "Isian dan berkas yang dicentang hanya untuk Kembalikan "
                                  "untuk perbaikan. Hapus centangnya untuk tindakan ini.",
    "invalid": "Tindakan ini tidak dapat dilakukan pada status permohonan saat ini.",
    "unknown_action": "Tindakan tidak dikenal.",
}


class WorkflowError(Exception):
    """A refused transition; `code` names the reason, the message is user-facing."""

    def __init__(self, code: str):
        super().__init__(MESSAGES[code])
        self.code = code


@dataclass(frozen=True)
class Stage:
    """One unit's stage in a flow."""

    unit_id: int
    unit_kind: str
    unit_name: str

    @property
    def unit_title(self) -> str:
        """'Kelurahan Baloi Indah'."""
        return unit_title(self.unit_kind, self.unit_name)

    def title_of(self, position_title: str) -> str:
        """A position of this unit in one title: 'Admin Kelurahan Baloi Indah'."""
        return title_in_unit(position_title, self.unit_kind, self.unit_name)


@dataclass(frozen=True)
class Correction:
    """One form field or document an officer returns for correction, with a short reason."""

    key: str  # 'applicant_address', 'form_data.<name>' or 'document.<requirement key>'
    label: str
    reason: str = ""


@dataclass(frozen=True)
class Case:
    """The state of one application as far as the workflow cares."""

    status: str
    stages: tuple[Stage, ...]
    stage_index: int = 0
    step_index: int = 0
    version: int = 1
    label: str = ""  # the status label the case shows now (kept by a revision)

    @property
    def stage(self) -> Stage:
        """The stage the case is at (or last was at)."""
        return self.stages[self.stage_index]

    @property
    def position(self) -> str:
        """The position key of the step the case is at."""
        return POSITIONS[self.step_index]

    @property
    def pending(self) -> Optional[tuple[int, str]]:
        """(unit id, position) of the officer step it waits at, or None."""
        if self.status not in QUEUE_STATUSES:
            return None
        return (self.stage.unit_id, self.position)

    @property
    def final_stage(self) -> Stage:
        """The stage whose unit issues the letter."""
        return self.stages[-1]


@dataclass(frozen=True)
class Actor:
    """Who acts: an officer (with unit and position), the citizen, or the system."""

    kind: str
    officer_id: Optional[int] = None
    unit_id: Optional[int] = None
    position: Optional[str] = None
    name: str = ""
    is_administrator: bool = False
    acting_prefix: str = ""  # "Plh." when a substitute decides for the head


@dataclass(frozen=True)
class Decision:
    """The outcome of one transition: the new case and what history must record."""

    action: str
    case: Case
    from_status: Optional[str]
    remark: str
    unit_id: Optional[int]
    position: Optional[str]
    position_title: str
    status_label: str
    event_label: str = ""  # what the history row shows; the status label unless an event
    corrections: tuple[Correction, ...] = ()

    @property
    def to_status(self) -> str:
        """The status after the transition."""
        return self.case.status


@dataclass(frozen=True)
class Rule:
    """Who may perform an action, from which statuses, and what it does."""

    actors: frozenset
    from_statuses: frozenset
    apply: Callable[[Case], Case]
    remark_required: bool = False
    takes_corrections: bool = False  # needs ticked corrections or a remark
    positions: Optional[frozenset] = None  # officer positions allowed (None: any)
    where: str = "pending_step"  # officer must be at: pending_step, pending_unit, final_unit


def position_title(position: str, unit_kind: str, short: bool = False) -> str:
    """Full ('Sekretaris Lurah') or label ('Kasi') title of a position in a unit kind."""
    full, label = POSITION_TITLES[(position, unit_kind)]
    return label if short else full


def stage_kinds(flow: str) -> tuple[str, ...]:
    """The unit kinds a flow passes through, in order."""
    return FLOWS[flow]


def _approved_by_label(case: Case, stage_index: int, step_index: int) -> str:
    stage = case.stages[stage_index]
    title = position_title(POSITIONS[step_index], stage.unit_kind, short=True)
    return f"Disetujui {title} {stage.unit_title}"


def queue_label(case: Case) -> str:
    """Label of a case waiting in a queue: the last approval before its current step."""
    flat = case.stage_index * len(POSITIONS) + case.step_index
    if flat == 0:
        return STATUSES["konfirmasi"]
    previous = flat - 1
    return _approved_by_label(case, previous // len(POSITIONS), previous % len(POSITIONS))


def status_label(case: Case) -> str:
    """The status text the citizen sees for a case."""
    if case.status in QUEUE_STATUSES:
        return queue_label(case)
    title = position_title(case.position, case.stage.unit_kind, short=True)
    if case.status == "dikembalikan":
        return f"Dikembalikan untuk perbaikan oleh {title} {case.stage.unit_title}"
    if case.status == "ditolak":
        return f"Ditolak {title} {case.stage.unit_title}"
    return STATUSES[case.status]


def _confirm(case: Case) -> Case:
    return replace(case, status="konfirmasi", stage_index=0, step_index=0)


def _approve(case: Case) -> Case:
    if case.step_index + 1 < len(POSITIONS):
        return replace(case, status="disetujui", step_index=case.step_index + 1)
    if case.stage_index + 1 < len(case.stages):
        return replace(case, status="disetujui", stage_index=case.stage_index + 1, step_index=0)
    return replace(case, status="selesai")


def _resubmit(case: Case) -> Case:
    flat = case.stage_index * len(POSITIONS) + case.step_index
    return replace(case, status="konfirmasi" if flat == 0 else "disetujui")


def _to(status: str) -> Callable[[Case], Case]:
    return lambda case: replace(case, status=status)


def _unchanged(case: Case) -> Case:
    return case


OFFICER = frozenset({"officer"})
QUEUE = QUEUE_STATUSES
RULES = {
    "confirm": Rule(frozenset({"citizen", "system"}), frozenset({"terdaftar"}), _confirm),
    "approve": Rule(OFFICER, QUEUE, _approve),
    "return": Rule(OFFICER, QUEUE, _to("dikembalikan"), takes_corrections=True),
    "refuse": Rule(OFFICER, QUEUE, _to("ditolak"), remark_required=True,
                   positions=frozenset({"kepala"})),
    "revise": Rule(OFFICER, QUEUE, _unchanged, positions=frozenset({"admin"}),
                   where="pending_unit"),
    "resubmit": Rule(frozenset({"citizen"}), frozenset({"dikembalikan"}), _resubmit),
    "cancel": Rule(frozenset({"citizen", "system"}), frozenset({"terdaftar", "dikembalikan"}),
                   _to("dibatalkan")),
    "hand_over": Rule(OFFICER, frozenset({"selesai"}), _to("diserahkan"),
                      positions=frozenset({"admin"}), where="final_unit"),
}


def _officer_may_act(rule: Rule, case: Case, actor: Actor) -> bool:
    if actor.is_administrator or actor.unit_id is None:
        return False
    if rule.positions is not None and actor.position not in rule.positions:
        return False
    if rule.where == "final_unit":
        return actor.unit_id == case.final_stage.unit_id
    if rule.where == "pending_unit":
        return case.pending is not None and case.pending[0] == actor.unit_id
    return case.pending == (actor.unit_id, actor.position)


def _check_corrections(rule: Rule, remark: str, corrections: tuple) -> None:
    if corrections and not rule.takes_corrections:
        raise WorkflowError("corrections_only_on_return")
    if rule.takes_corrections and not corrections and not remark:
        raise WorkflowError("correction_required")


def _check(rule: Rule, case: Case, actor: Actor, expected_version, remark: str,
           corrections: tuple) -> None:
    if expected_version is not None and expected_version != case.version:
        raise WorkflowError("stale")
    if actor.kind not in rule.actors:
        raise WorkflowError("not_allowed")
    if case.status not in rule.from_statuses:
        raise WorkflowError("invalid")
    if actor.kind == "officer" and not _officer_may_act(rule, case, actor):
        raise WorkflowError("not_allowed")
    if rule.remark_required and not remark.strip():
        raise WorkflowError("remark_required")
    _check_corrections(rule, remark, corrections)


def _labels(action: str, case: Case, new_case: Case, who: str) -> tuple[str, str]:
    """(status label of the application, label of the history row) after `action`."""
    if action == "revise":
        return case.label or status_label(case), EVENT_LABELS[action].format(who=who)
    label = EVENT_LABELS.get(action) or status_label(new_case)
    return label, label


def decide(case: Case, action: str, actor: Actor, *, expected_version: Optional[int] = None,
           remark: str = "", corrections: tuple[Correction, ...] = ()) -> Decision:
    """Perform `action` on `case` as `actor`: the one place where a status changes.

    `expected_version` is the version the actor saw; officers must always pass it.
    `corrections` are the fields and documents a return asks the citizen to correct.
    Raises WorkflowError when the transition is not allowed.
    """
    rule = RULES.get(action)
    if rule is None:
        raise WorkflowError("unknown_action")
    if actor.kind == "officer" and expected_version is None:
        raise WorkflowError("stale")
    remark, corrections = (remark or "").strip(), tuple(corrections)
    _check(rule, case, actor, expected_version, remark, corrections)
    new_case = replace(rule.apply(case), version=case.version + 1)
    acting_stage = case.stage if actor.kind == "officer" else None
    title = ""
    if acting_stage is not None:
        title = (actor.acting_prefix + " " if actor.acting_prefix else "") + position_title(
            actor.position, acting_stage.unit_kind)
    who = acting_stage.title_of(title) if acting_stage else ""
    label, event_label = _labels(action, case, new_case, who)
    return Decision(
        action=action, case=replace(new_case, label=label), from_status=case.status,
        remark=remark, unit_id=acting_stage.unit_id if acting_stage else None,
        position=actor.position if acting_stage else None, position_title=title,
        status_label=label, event_label=event_label, corrections=corrections,
    )


# The history remark of a submission from a logged-in, verified citizen account.
VOUCHED_REMARK = "Diajukan dari akun warga terverifikasi: tidak perlu konfirmasi."
# The history remark of a walk-in application an officer registered at the counter.
COUNTER_REMARK = "Diterima di loket: pemohon datang langsung, identitas diperiksa petugas."


def submit(stages: tuple[Stage, ...], vouched: bool = False,
           at_counter: bool = False) -> Decision:
    """Open a new case: the citizen's submission, status Terdaftar until confirmed.

    A submission `vouched` for by a verified account, or taken `at_counter` by an officer,
    needs no confirmation: it enters the first officer's queue at once (Konfirmasi).
    """
    status = "konfirmasi" if vouched or at_counter else "terdaftar"
    label = status_label(Case(status=status, stages=stages))
    case = Case(status=status, stages=stages, label=label)
    remark = COUNTER_REMARK if at_counter else VOUCHED_REMARK if vouched else ""
    return Decision(action="submit", case=case, from_status=None,
                    remark=remark, unit_id=None, position=None,
                    position_title="", status_label=label, event_label=label)


def resolve_stages(flow: str, home: Stage, parent: Optional[Stage]) -> tuple[Stage, ...]:
    """The stages of `flow` for an applicant whose home unit is `home` (with its parent)."""
    by_kind = {home.unit_kind: home}
    if parent is not None:
        by_kind.setdefault(parent.unit_kind, parent)
    try:
        return tuple(by_kind[kind] for kind in stage_kinds(flow))
    except KeyError as missing:
        raise ValueError(f"flow {flow} needs a {missing.args[0]} for this applicant") from None
