"""Random sequences of actions by random people never break the workflow's promises."""
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from portal.workflow.engine import (
    CLOSED_STATUSES, POSITIONS, QUEUE_STATUSES, RULES, Actor, WorkflowError, decide,
    resolve_stages, submit, Stage,
)

KELURAHAN = Stage(unit_id=11, unit_kind="kelurahan", unit_name="Lubuk Baja Kota")
KECAMATAN = Stage(unit_id=1, unit_kind="kecamatan", unit_name="Lubuk Baja")
FOREIGN = Stage(unit_id=21, unit_kind="kelurahan", unit_name="Sei Panas")
OFFICERS = [Actor(kind="officer", officer_id=i, unit_id=s.unit_id, position=p)
            for i, (s, p) in enumerate((s, p) for s in (KELURAHAN, KECAMATAN, FOREIGN)
                                       for p in POSITIONS)]
ACTORS = OFFICERS + [Actor(kind="citizen"), Actor(kind="system"),
                     Actor(kind="officer", officer_id=99, is_administrator=True)]
OFFICER_STEP_ACTIONS = {"approve", "return", "refuse"}


def steps_passed(case) -> int:
    """How far along the chain of steps a case stands (0 = the first stage's Admin)."""
    return case.stage_index * len(POSITIONS) + case.step_index


class WorkflowMachine(RuleBasedStateMachine):
    """Drives one application with random actions; the invariants must always hold."""

    @initialize(flow=st.sampled_from(["KL", "KC", "KLKC"]))
    def open_case(self, flow):
        self.flow = flow
        opened = submit(resolve_stages(flow, KELURAHAN, KECAMATAN))
        self.case = opened.case
        self.history = [opened]
        self.versions = [self.case.version]
        self.kelurahan_head_approved = False

    @rule(action=st.sampled_from(sorted(RULES)), actor=st.sampled_from(ACTORS),
          fresh=st.booleans(), remark=st.sampled_from(["", "  ", "Berkas kurang lengkap"]))
    def act(self, action, actor, fresh, remark):
        before = self.case
        expected = before.version if fresh else before.version - 1
        try:
            decision = decide(before, action, actor, expected_version=expected, remark=remark)
        except WorkflowError:
            assert self.case == before
            return
        if action in OFFICER_STEP_ACTIONS:
            assert before.pending == (actor.unit_id, actor.position), "outsider acted"
        assert fresh, "a stale decision was accepted"
        assert decision.from_status == before.status
        if action == "approve":
            self.check_one_step_forward(before, decision.case)
        if action == "approve" and before.pending == (KELURAHAN.unit_id, "kepala"):
            self.kelurahan_head_approved = True
        self.case = decision.case
        self.history.append(decision)
        self.versions.append(self.case.version)

    @staticmethod
    def check_one_step_forward(before, after):
        """An approval passes the case to the very next step; the last one finishes it."""
        if after.status == "selesai":
            assert steps_passed(before) == len(before.stages) * len(POSITIONS) - 1
        else:
            assert steps_passed(after) == steps_passed(before) + 1, "a step was skipped"

    @rule(action=st.sampled_from(sorted(RULES)),
          remark=st.sampled_from(["", "Mohon lengkapi surat pengantar RT/RW"]))
    def act_as_the_expected_person(self, action, remark):
        """Mostly-valid moves, so deep states (kecamatan stage, Selesai) are reached."""
        case = self.case
        if case.pending is not None:
            unit_id, position = case.pending
        else:
            unit_id, position = case.final_stage.unit_id, "admin"
        if action in ("confirm", "cancel"):
            actor = Actor(kind="system")
        elif action == "resubmit":
            actor = Actor(kind="citizen")
        else:
            actor = Actor(kind="officer", officer_id=7, unit_id=unit_id, position=position)
        self.act(action=action, actor=actor, fresh=True, remark=remark)

    @invariant()
    def pending_at_exactly_one_step_or_none(self):
        case = self.case
        if case.status in QUEUE_STATUSES:
            unit_id, position = case.pending
            assert position in POSITIONS
            assert unit_id in {stage.unit_id for stage in case.stages}
        else:
            assert case.pending is None
        if case.status in CLOSED_STATUSES:
            assert case.pending is None

    @invariant()
    def history_is_complete_and_chained(self):
        assert self.history[0].action == "submit" and self.history[0].from_status is None
        for previous, current in zip(self.history, self.history[1:]):
            assert current.from_status == previous.to_status
        assert self.history[-1].to_status == self.case.status

    @invariant()
    def versions_strictly_increase(self):
        assert all(a < b for a, b in zip(self.versions, self.versions[1:]))
        assert len(self.versions) == len(self.history)

    @invariant()
    def klkc_reaches_the_kecamatan_only_after_the_lurah(self):
        if self.flow == "KLKC" and self.case.stage_index == 1:
            assert self.kelurahan_head_approved


WorkflowMachine.TestCase.settings = settings(max_examples=100, stateful_step_count=40,
                                             deadline=None)
TestWorkflowInvariants = WorkflowMachine.TestCase
