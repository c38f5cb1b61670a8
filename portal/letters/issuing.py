"""Letters: gap-free numbering, issuing (printed or by hand), hand-over and revocation."""
import secrets
from datetime import date, datetime, time, timezone
from typing import Optional
from zoneinfo import ZoneInfo

from flask import current_app
from redis.exceptions import RedisError
from rq import Retry
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from portal.workflow import transitions
from portal.extensions import db
from portal.letters.signatories import Signer, approving_signer, head_title
from portal.letters.signers import signing_enabled
from portal.models import (Application, AuditEntry, History, Letter, LetterCounter, Officer,
                           Service, Unit, utcnow)
from portal.queue import enqueue_once
from portal.workflow.engine import Decision

ROMAN_MONTHS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
SHORT_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud safely
PRINTING_POSITIONS = frozenset({"admin"})
PRINTABLE_STATUSES = frozenset({"selesai"})  # a new letter; existing ones can be reprinted

MAX_ERROR_LENGTH = 2000
RENDER_JOB = "jobs.letters.render_letter"
RENDER_JOB_ID_PREFIX = "letter-render-"  # one job id per letter: the watchdog looks it up

MESSAGES = {
    "not_allowed": "Hanya Admin unit penerbit yang dapat mencetak surat permohonan ini.",
    "not_finished": "Surat hanya dapat dicetak untuk permohonan yang sudah Selesai.",
    "no_letter": "Surat permohonan ini belum dicetak.",
    "not_administrator": "Hanya Administrator yang dapat mencabut surat.",
    "reason_required": "Alasan pencabutan wajib diisi.",
    "already_revoked": "Surat ini sudah dicabut.",
    "recipient_required": "Nama penerima surat wajib diisi.",
}


class LetterError(Exception):
    """A refused letter operation; the message is user-facing (Indonesian)."""

    def __init__(self, code: str):
        super().__init__(MESSAGES[code])
        self.code = code


class RenderError(Exception):
    """wkhtmltopdf failed, hung or produced no PDF; RQ retries the job."""


def local_date(moment: datetime) -> date:
    """The office's calendar date of a naive-UTC moment (the Roman month and year)."""
    zone = ZoneInfo(current_app.config.get("BABEL_DEFAULT_TIMEZONE", "Asia/Jakarta"))
    return moment.replace(tzinfo=timezone.utc).astimezone(zone).date()


def office_noon(day: date) -> datetime:
    """Naive-UTC moment of noon at the office on `day` (letters registered by date)."""
    zone = ZoneInfo(current_app.config.get("BABEL_DEFAULT_TIMEZONE", "Asia/Jakarta"))
    noon = datetime.combine(day, time(12), tzinfo=zone)
    return noon.astimezone(timezone.utc).replace(tzinfo=None)


def letter_number(classification: str, sequence: int, unit_code: str, day: date) -> str:
    """'470/0042/LB/XI/2026': classification/sequence/unit/Roman month/year."""
    return f"{classification}/{sequence:04d}/{unit_code}/{ROMAN_MONTHS[day.month - 1]}/{day.year}"


def _locked_counter(unit_id: int, year: int) -> Optional[LetterCounter]:
    query = (select(LetterCounter).filter_by(unit_id=unit_id, year=year)
             .with_for_update().execution_options(populate_existing=True))
    return db.session.execute(query).scalar_one_or_none()


def next_sequence(unit_id: int, year: int) -> int:
    """Take the unit's next number of `year`; the counter row stays locked until commit."""
    counter = _locked_counter(unit_id, year)
    if counter is None:
        try:
            with db.session.begin_nested():
                db.session.add(LetterCounter(unit_id=unit_id, year=year, last_sequence=0))
        except IntegrityError:
            pass  # a concurrent print created the year's counter first
        counter = _locked_counter(unit_id, year)
    counter.last_sequence += 1
    return counter.last_sequence


def short_code() -> str:
    """A short verification code to type in: 'K7PM-4QXA'."""
    chars = "".join(secrets.choice(SHORT_CODE_ALPHABET) for _ in range(8))
    return f"{chars[:4]}-{chars[4:]}"


def new_token() -> str:
    """An unguessable verification token for the letter's QR link."""
    return secrets.token_urlsafe(24)


def subject_for(service: Service) -> str:
    """The letter's title: the service's letter title setting, else its name."""
    return (service.letter_title or "").strip() or service.name


def _new_letter(unit: Unit, service: Service, issued_at: datetime, **values) -> Letter:
    day = local_date(issued_at)
    sequence = next_sequence(unit.id, day.year)
    letter = Letter(
        unit_id=unit.id, service_id=service.id, classification=service.classification_code,
        sequence=sequence, year=day.year, issued_at=issued_at,
        number=letter_number(service.classification_code, sequence, unit.short_code, day),
        verification_token=new_token(), short_code=short_code(), **values)
    db.session.add(letter)
    db.session.flush()
    return letter


def letter_of(application_id: int) -> Optional[Letter]:
    """The letter printed for an application, if any."""
    return db.session.execute(
        select(Letter).filter_by(application_id=application_id)).scalar_one_or_none()


def may_print(application: Application, officer: Officer) -> bool:
    """True for the Admin of the application's final unit."""
    return (not officer.is_administrator and officer.position in PRINTING_POSITIONS
            and officer.unit_id is not None and officer.unit_id == application.final_unit_id)


def signer_columns(signer: Signer) -> dict:
    """The letter's signature columns for `signer`."""
    return {"signer_name": signer.name, "signer_nip": signer.nip, "signer_title": signer.title,
            "signer_on_behalf_of": signer.on_behalf_of,
            "signer_by_order_of": signer.by_order_of}


def _letter_of_application(application: Application, officer_id: Optional[int]) -> Letter:
    """A finished application's letter: rendered now, or first signed when signing is on."""
    return _new_letter(
        application.final_unit, application.service, utcnow(), application_id=application.id,
        subject=subject_for(application.service), created_by_id=officer_id,
        render_status="unsigned" if signing_enabled() else "pending",
        **signer_columns(approving_signer(application)))


def _create_for(application: Application, officer: Officer) -> Letter:
    if not may_print(application, officer):
        raise LetterError("not_allowed")
    existing = letter_of(application.id)
    if existing is not None:
        return existing
    if application.status not in PRINTABLE_STATUSES:
        raise LetterError("not_finished")
    return _letter_of_application(application, officer.id)


def letter_on_finish(application: Application, decision: Decision, history: History) -> None:
    """With electronic signing, the last approval makes the letter: it waits for its signer.

    Runs inside the approval's transaction, so the letter and its number exist as soon as
    the application is Selesai (printing by hand keeps the "Cetak" step instead).
    """
    if decision.to_status == "selesai" and signing_enabled() and letter_of(application.id) is None:
        _letter_of_application(application, history.officer_id)


def issue_for_application(application_id: int, officer: Officer) -> Letter:
    """Create (or return the existing) letter of a finished application, in one transaction.

    The application row is locked first, so two clicks on "Cetak" give one letter; the
    unit's counter row is locked while its number is taken, so numbers never collide.
    """
    try:
        application = transitions.load_for_update(application_id)
        letter = _create_for(application, officer)
        audit(officer, "letter_print", letter, {"reg_no": application.reg_no})
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return letter


def audit(officer: Officer, action: str, letter: Letter, detail: dict, ip: str = "") -> None:
    """Add an audit-log row about a letter to the current transaction."""
    db.session.add(AuditEntry(
        officer_id=officer.id, actor=officer.name, action=action, object_type="letter",
        object_id=str(letter.id), detail={"number": letter.number, **detail}, ip=ip or ""))


def issue_manual(officer: Officer, service: Service, issued_on: date, subject: str,
                 ip: str = "") -> Letter:
    """Register a letter issued by hand: it takes the unit's next number, audited."""
    if officer.is_administrator or officer.position not in PRINTING_POSITIONS:
        raise LetterError("not_allowed")
    try:
        unit = db.session.get(Unit, officer.unit_id)
        head = unit.head_officer
        letter = _new_letter(
            unit, service, office_noon(issued_on), subject=subject.strip(),
            created_by_id=officer.id, render_status="manual",
            signer_name=head.name if head else "", signer_nip=head.nip if head else "",
            signer_title=head_title(unit))
        audit(officer, "letter_manual", letter,
              {"subject": letter.subject, "service": service.code,
               "issued_on": issued_on.isoformat()}, ip)
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return letter


def revoke(letter_id: int, officer: Officer, reason: str, ip: str = "") -> Letter:
    """Revoke a letter (Administrator only, with a reason), audited."""
    if not officer.is_administrator:
        raise LetterError("not_administrator")
    if not (reason or "").strip():
        raise LetterError("reason_required")
    letter = db.session.get(Letter, letter_id)
    if letter.is_revoked:
        raise LetterError("already_revoked")
    letter.revoked_at = utcnow()
    letter.revoked_reason = reason.strip()
    letter.revoked_by_id = officer.id
    audit(officer, "letter_revoke", letter, {"reason": letter.revoked_reason}, ip)
    db.session.commit()
    return letter


def hand_over(application_id: int, officer: Officer, recipient: str,
              expected_version: int, proxy_nik: str = "", proxy_proof=None) -> Letter:
    """"Serahkan": record who received the letter and move the application to Diserahkan.

    Someone collecting for the applicant leaves their NIK and the power of attorney
    (`proxy_proof`, a stored Document); the public timeline only says "dengan surat kuasa".
    """
    recipient = (recipient or "").strip()
    if not recipient:
        raise LetterError("recipient_required")
    letter = letter_of(application_id)
    if letter is None:
        raise LetterError("no_letter")

    def record(application: Application) -> None:
        letter.handed_over_to = recipient
        letter.handed_over_at = utcnow()
        letter.handed_over_nik = proxy_nik
        if proxy_proof is not None:
            proxy_proof.application_id = application.id
            letter.handed_over_proof = proxy_proof

    remark = f"Diserahkan kepada {recipient}" + (" dengan surat kuasa" if proxy_nik else "")
    transitions.perform(application_id, "hand_over", transitions.actor_for(officer),
                        expected_version=expected_version, remark=remark, apply_changes=record)
    return letter


def render_is_due(letter: Letter) -> bool:
    """True while a printed letter has no stored file yet."""
    return not letter.is_manual and letter.render_status in ("pending", "failed")


def masked_name(name: str) -> str:
    """'Siti Rahmawati' -> 'S*** R********': enough to recognise, not to harvest."""
    return " ".join(word[0] + "*" * (len(word) - 1) for word in (name or "").split())


def find_by_verification(token: str) -> Optional[Letter]:
    """The letter whose QR link carries `token`, or None."""
    if not token or len(token) > 64:
        return None
    return db.session.execute(
        select(Letter).filter_by(verification_token=token)).scalar_one_or_none()


def typed_short_code(code: str) -> str:
    """A short code as people type it ('ktla 64z3', 'KTLA64Z3') as stored ('KTLA-64Z3'), or ''."""
    chars = "".join(c for c in (code or "").upper() if c.isalnum())
    return f"{chars[:4]}-{chars[4:]}" if len(chars) == 8 else ""


def find_by_short_code(code: str) -> Optional[Letter]:
    """The letter of a typed short code ('ktla 64z3', 'KTLA-64Z3'), or None."""
    if not (stored := typed_short_code(code)):
        return None
    return db.session.execute(select(Letter).filter_by(short_code=stored)).scalar_one_or_none()


def citizen_copy(application: Application) -> Optional[Letter]:
    """The finished letter a citizen may download, when the service allows it."""
    letter = letter_of(application.id)
    if (letter is None or not application.service.allow_citizen_download
            or letter.is_revoked or letter.render_status != "ready"):
        return None
    return letter


def record_render_failure(letter_id: int, message: str, attempted: bool = True) -> None:
    """Record a failed (or never started) rendering, with the error the officer will see."""
    db.session.rollback()
    letter = db.session.get(Letter, letter_id)
    letter.render_status = "failed"
    letter.render_error = message[:MAX_ERROR_LENGTH]
    letter.render_attempts += 1 if attempted else 0
    db.session.commit()


def render_job_id(letter_id: int) -> str:
    """The RQ job id of a letter's rendering (the same for every attempt)."""
    return f"{RENDER_JOB_ID_PREFIX}{letter_id}"


def schedule_render(letter_id: int) -> None:
    """Queue a letter's PDF job on `pdf` with back-off retries (inline without Redis), unless
    it already waits or runs: pressing "Proses ulang" twice renders it once.

    Never raises: a failed inline run or an unreachable Redis is recorded on the letter,
    where the officer sees it and may try again.
    """
    intervals = list(current_app.config["LETTER_RENDER_RETRY_INTERVALS"])
    try:
        enqueue_once(RENDER_JOB, letter_id, queue="pdf", job_id=render_job_id(letter_id),
                retry=Retry(max=len(intervals), interval=intervals) if intervals else None,
                job_timeout=current_app.config["WKHTMLTOPDF_TIMEOUT"] + 60)
    except RenderError:
        pass  # inline run: the job already recorded the failure on the letter
    except RedisError as error:
        record_render_failure(letter_id, f"Antrean pekerjaan tidak tersedia: {error}",
                              attempted=False)
