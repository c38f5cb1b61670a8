"""Submitting an application: one code path for the citizen site and the citizen API.

The caller has checked the form (the site's WTForms form, which the API fills from its
multipart request too) and kept the uploads as pending documents; this module checks the
documents, applies the fair-use rules, registers the application once per submission token
(a retried request returns the application the first one created) and gives it its own
copies of the account's KTP/KK images where nothing was uploaded.
"""
from dataclasses import dataclass
from typing import Optional

from sqlalchemy.exc import IntegrityError

from portal.citizens import account_documents
from portal.extensions import db
from portal.models import (Application, CitizenAccount, Document, FamilyMember, Officer,
                           Service, Unit, utcnow)
from portal.workflow import fair_use, transitions
from portal.workflow.engine import Actor
from portal.workflow.regno import new_reg_no
from portal.files.uploads import attach
from portal.letters import postal


@dataclass(frozen=True)
class Details:
    """What the applicant typed: identity, contact, address, home unit, the service's fields."""

    token: str  # the submission token: the form's one-time token or the API's idempotency key
    home_unit_id: int
    nik: str
    kk: str
    name: str
    email: str
    phone: str
    address: str
    form_data: dict
    notice: dict  # the notice-choice columns (notify_channel, notify_every_step)
    delivery_address: Optional[str] = None  # set when the letter is to be sent by post


@dataclass(frozen=True)
class Counter:
    """A walk-in application: the officer who took it, the documents they saw on paper."""

    actor: Actor
    seen: tuple[str, ...] = ()


def uploadable(definition: dict) -> list[dict]:
    """The required documents the citizen uploads (the rest are shown at the counter)."""
    return [doc for doc in definition["documents"] if not doc.get("at_counter")]


def by_submission_token(token: str) -> Optional[Application]:
    """The application an earlier request with the same submission token created, if any."""
    if not token:
        return None
    return db.session.execute(
        db.select(Application).filter_by(submission_token=token)).scalar_one_or_none()


def stand_ins(definition: dict, account: Optional[CitizenAccount], nik: str,
              documents: dict) -> dict[str, Document]:
    """The account's KTP/KK images for requirements nothing was uploaded for."""
    images = account_documents.stand_ins(definition, account, nik or "")
    return {key: image for key, image in images.items() if key not in documents}


def missing_documents(definition: dict, documents: dict) -> list[str]:
    """Keys of the mandatory uploads that are neither uploaded nor stood in for."""
    return [doc["key"] for doc in uploadable(definition)
            if doc["mandatory"] and doc["key"] not in documents]


def first_unit_id(service: Service, home_unit_id: int) -> int:
    """The unit of the application's first stage (its daily quota is counted there)."""
    home = db.session.get(Unit, home_unit_id)
    return transitions.stages_for(service.flow, home)[0].unit_id


def _new_application(service: Service, definition: dict, details: Details) -> Application:
    first_unit = db.session.get(Unit, first_unit_id(service, details.home_unit_id))
    return Application(
        reg_no=new_reg_no(first_unit.short_code, utcnow()), submission_token=details.token,
        service=service, home_unit=db.session.get(Unit, details.home_unit_id),
        applicant_nik=details.nik, applicant_kk=details.kk, applicant_name=details.name,
        applicant_email=details.email.lower(), applicant_phone=details.phone,
        applicant_address=details.address, form_data=details.form_data,
        definition_snapshot=definition, **details.notice)


def submit(service: Service, definition: dict, details: Details, documents: dict,
           account: Optional[CitizenAccount], counter: Optional[Counter] = None) -> Application:
    """Register the application once, even when the same submission arrives twice at once.

    `account` is the logged-in citizen (vouching: no confirmation link); `counter` says an
    officer took it in at the counter (loket). Raises FairUseRefused when the service's
    fair-use rules refuse it.
    """
    from_account = stand_ins(definition, account, details.nik, documents)
    application = _new_application(service, definition, details)
    if counter is not None:
        application.channel = "loket"
        application.seen_at_counter = list(counter.seen) or None
    if details.delivery_address is not None:
        postal.request_delivery(application, details.delivery_address)
    fair_use.claim(service, application.applicant_nik, first_unit_id(service,
                                                                      details.home_unit_id))
    attach(documents.values(), application)
    copies = account_documents.copy_into(application, definition, from_account)
    try:
        transitions.register(application, vouched=account is not None,
                             actor=counter.actor if counter is not None else None)
    except IntegrityError:
        account_documents.discard(copies)
        earlier = by_submission_token(details.token)
        if earlier is None:
            raise
        return earlier
    return application


FairUseRefused = fair_use.FairUseRefused
# The history remark of the Admin's own step, approved as the counter intake's check.
COUNTER_CHECK_REMARK = "Persyaratan diperiksa di loket saat pemohon datang."


def submit_at_counter(service: Service, definition: dict, details: Details, documents: dict,
                      account: Optional[CitizenAccount], seen: tuple[str, ...],
                      officer: Officer) -> Application:
    """Register a walk-in application; the Admin who took it has checked it, so their step is done.

    The Admin's approval is an ordinary transition with its own history row, recorded as
    the counter check. Other allowed positions leave the application at the first step.
    """
    counter = Counter(actor=transitions.actor_for(officer), seen=seen)
    application = submit(service, definition, details, documents, account, counter)
    if (application.status == "konfirmasi" and application.pending_step == officer.position
            and application.pending_unit_id == officer.unit_id):
        transitions.perform(application.id, "approve", transitions.actor_for(officer),
                            expected_version=application.version, remark=COUNTER_CHECK_REMARK)
    return application


def known_applicant(nik: str) -> tuple[Optional[CitizenAccount], dict]:
    """The active account that holds this NIK (its own or a verified family member's), and
    the applicant values it prefills: the same data the website prefills from the account."""
    account = db.session.execute(db.select(CitizenAccount).filter_by(
        nik=nik, status="active")).scalars().first()
    member = None
    if account is None:
        member = db.session.execute(db.select(FamilyMember).filter_by(
            nik=nik, status="active")).scalars().first()
        account = member.account if member and member.account.status == "active" else None
    if account is None:
        return None, {}
    values = {name: getattr(account, name) for name in ("nik", "kk", "name", "email", "phone",
                                                        "address")}
    if member is not None:
        values.update(nik=member.nik, kk=member.kk, name=member.name)
    return account, values
