"""The SKM survey of one application: when the citizen is invited, and its one answer.

The citizen is invited once the letter is in their hands: the hand-over's notice (or the
dispatch's, by post) carries the survey link, so no extra message is sent; a citizen who
downloads a finished letter gets one invitation of its own. Both go on the channels they
chose, and the tracking page shows the link too. The link carries a signed, purpose-bound token of the
application, so the survey needs no account; the answer keeps the application only to allow
one answer per application (a unique column) and reports never show it.
"""
from typing import Optional

from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy.exc import IntegrityError

from portal.extensions import db
from portal.letters.issuing import citizen_copy
from portal.messaging.channels import public_url
from portal.messaging.citizen_notices import notice_exists, notify_applicant
from portal.messaging.milestones import notice_key
from portal.models import Application, OutboxMessage, SurveyResponse
from portal.models.standards import ELEMENT_COLUMNS
from portal.standards.skm import SCORES

TOKEN_SALT = "survei-kepuasan-masyarakat"
INVITATION = "citizen_survey_invitation"
# Transitions after which the letter is in the citizen's hands.
INVITING_ACTIONS = frozenset({"hand_over"})
# Indonesian messages of a refused answer (msgids for Flask-Babel).
MESSAGES = {
    "answered": _l("Terima kasih, survei untuk permohonan ini sudah diisi. Setiap permohonan "
                   "hanya dapat dinilai satu kali."),
    "not_open": _l("Survei dapat diisi setelah surat diserahkan atau diunduh."),
    "incomplete": _l("Pilih satu jawaban untuk setiap pertanyaan."),
}


class SurveyRefused(Exception):
    """An answer that is not taken; `code` names the reason, the message is user-facing."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code

    def __str__(self) -> str:
        return str(MESSAGES[self.code])


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=TOKEN_SALT)


def survey_token(application: Application) -> str:
    """The token of the application's survey link (good for nothing else)."""
    return _serializer().dumps(application.id)


def application_of(token: str) -> Optional[Application]:
    """The application a survey token names, or None for a forged or mangled one."""
    try:
        application_id = _serializer().loads(token or "")
    except BadSignature:
        return None
    return db.session.get(Application, application_id) if isinstance(application_id, int) else None


def survey_url(application: Application) -> str:
    """The absolute link of the application's survey."""
    return public_url("public.survey_page", token=survey_token(application))


def is_open_for(application: Application) -> bool:
    """The letter is in the citizen's hands: handed over, or theirs to download."""
    if application.status == "diserahkan":
        return True
    return application.status == "selesai" and citizen_copy(application) is not None


def has_answered(application_id: int) -> bool:
    """True once the application's survey was answered."""
    return db.session.execute(db.select(SurveyResponse.id).filter_by(
        application_id=application_id)).first() is not None


def invite(application: Application) -> list[OutboxMessage]:
    """Invite the downloading applicant, once per application (the caller commits).

    After a hand-over the citizen was invited with its notice already.
    """
    key = f"survey-{application.id}"
    if application.status != "selesai" or notice_exists(key) or has_answered(application.id):
        return []
    payload = {"reg_no": application.reg_no, "service": application.service.name,
               "status_label": application.status_label, "survey_url": survey_url(application)}
    return notify_applicant(application, INVITATION, payload, key)


def survey_invitation_listener(application: Application, decision, history) -> None:
    """Transition listener: put the survey link into the hand-over notice's rows."""
    if decision.action not in INVITING_ACTIONS:
        return
    key, link = notice_key(history), survey_url(application)
    for message in db.session.new:
        if isinstance(message, OutboxMessage) and message.notice_key == key:
            message.payload = {**(message.payload or {}), "survey_url": link}


def _checked_scores(scores: dict) -> dict:
    if set(scores) != set(ELEMENT_COLUMNS) or any(v not in SCORES for v in scores.values()):
        raise SurveyRefused("incomplete")
    return scores


def submit(application: Application, scores: dict, suggestion: str = "") -> SurveyResponse:
    """Store the application's one answer: {'u1': 1…4, …, 'u9': 1…4} and a suggestion."""
    if not is_open_for(application):
        raise SurveyRefused("not_open")
    if has_answered(application.id):
        raise SurveyRefused("answered")
    response = SurveyResponse(
        application_id=application.id, service_id=application.service_id,
        unit_id=application.final_unit_id or application.home_unit_id,
        suggestion=(suggestion or "").strip()[:2000], **_checked_scores(scores))
    db.session.add(response)
    try:
        db.session.commit()
    except IntegrityError:  # the same answer sent twice at once: the first one counts
        db.session.rollback()
        raise SurveyRefused("answered") from None
    return response
