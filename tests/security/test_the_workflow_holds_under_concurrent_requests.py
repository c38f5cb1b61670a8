"""Workflow integrity under concurrency (PostgreSQL, real row locks): requests lined up on a
barrier and fired at once — a double-clicked confirmation, two "Cetak" presses on one
application, two hand-overs of one letter, a confirmation racing the citizen's withdrawal — leave
exactly one outcome, one history row and one number.

Held elsewhere and not repeated here: two officers deciding at once
(tests/workflow/test_transitions.py, tests/admin_views/test_officer_decisions.py), 200
concurrent prints numbered 1 to 200 (tests/letters/test_letter_numbering.py), two submissions
racing the cool-down (tests/workflow/test_citizen_fair_use_rules.py)."""
import threading

from portal.extensions import db
from portal.letters import issuing
from portal.models import History, Letter, LetterCounter, Officer
from portal.workflow import transitions
from portal.workflow.engine import Actor, WorkflowError

ATTEMPTS = 4


def _at_once(app, attempt, times: int = ATTEMPTS) -> list:
    """Run `attempt()` in `times` threads released together; each outcome, or the error's name."""
    barrier, outcomes = threading.Barrier(times), []

    def run():
        with app.app_context():
            barrier.wait()
            try:
                outcomes.append(attempt())
            except (WorkflowError, issuing.LetterError) as error:
                outcomes.append(type(error).__name__)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    db.session.expire_all()
    return outcomes


def _history(application_id: int, action: str) -> list:
    return db.session.execute(db.select(History).filter_by(
        application_id=application_id, action=action)).scalars().all()


def test_a_confirmation_pressed_four_times_at_once_confirms_once(app, postgresql_only,
                                                                 make_application):
    application_id = make_application().id
    db.session.remove()
    outcomes = _at_once(app, lambda: transitions.perform(
        application_id, "confirm", transitions.SYSTEM).id)
    assert sum(isinstance(outcome, int) for outcome in outcomes) == 1
    assert len(_history(application_id, "confirm")) == 1


def test_cetak_pressed_four_times_at_once_makes_one_letter_with_one_number(
        app, postgresql_only, finish_application, officer):
    application = finish_application("sku")
    application_id, admin_id = application.id, officer(application.final_unit.name, "admin").id
    db.session.remove()
    numbers = _at_once(app, lambda: issuing.issue_for_application(
        application_id, db.session.get(Officer, admin_id)).number)
    letters = db.session.execute(db.select(Letter).filter_by(
        application_id=application_id)).scalars().all()
    assert len(letters) == 1 and set(numbers) == {letters[0].number}
    assert db.session.execute(db.select(LetterCounter.last_sequence)).scalar_one() == 1


def test_two_hand_overs_of_one_letter_at_once_record_one(app, postgresql_only,
                                                         finish_application, officer,
                                                         issue_letter):
    application = finish_application("sku")
    issue_letter(application)
    application_id, version = application.id, application.version
    admin_id = officer(application.final_unit.name, "admin").id
    db.session.remove()
    names = iter(["Siti Rahmawati", "Orang Lain"])
    lock = threading.Lock()

    def hand_over():
        with lock:
            recipient = next(names)
        issuing.hand_over(application_id, db.session.get(Officer, admin_id), recipient,
                          expected_version=version)
        return recipient

    outcomes = _at_once(app, hand_over, times=2)
    [winner] = [name for name in outcomes if name in ("Siti Rahmawati", "Orang Lain")]
    assert len(_history(application_id, "hand_over")) == 1
    assert issuing.letter_of(application_id).handed_over_to == winner


def test_a_confirmation_racing_the_citizens_withdrawal_leaves_one_of_them(
        app, postgresql_only, make_application):
    application = make_application()
    application_id, version = application.id, application.version
    actors = {"confirm": transitions.SYSTEM,
              "cancel": Actor(kind="citizen", name="Siti Rahmawati")}
    db.session.remove()
    actions = iter(actors)
    lock = threading.Lock()

    def decide():
        with lock:
            action = next(actions)
        transitions.perform(application_id, action, actors[action], expected_version=version)
        return action

    outcomes = _at_once(app, decide, times=2)
    assert "WorkflowError" in outcomes
    happened = [h.action for action in actors for h in _history(application_id, action)]
    assert len(happened) == 1 and happened[0] in outcomes
