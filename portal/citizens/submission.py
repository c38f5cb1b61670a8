"""Submitting an application: the one path the website, the counter (loket) and the API share.

Whoever takes the application in, the same rules apply in the same order: every mandatory
document is there (uploaded, seen at the counter, or standing in from a verified account),
the fair-use rules (`portal.workflow.fair_use`) are claimed inside the transaction, and the
application is registered by the one transition function, once per form token even when the
same form arrives twice. A refusal raises `FairUseRefused` with the message the citizen reads.
"""
from dataclasses import dataclass, field
from typing import Callable, Optional

from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from portal.citizens import account_documents
from portal.citizens.application_form import document_fields, service_values
from portal.extensions import db
from portal.files.uploads import attach
from portal.models import (Application, CitizenAccount, Document, FamilyMember, Officer, Service,
                           Unit, utcnow)
from portal.workflow import fair_use, transitions
from portal.workflow.engine import Actor
from portal.workflow.regno import new_reg_no

FairUseRefused = fair_use.FairUseRefused
CHANNELS = ("online", "loket")  # how an application came in (Application.channel)


@dataclass
class Intake:
    """One submission as the face collected it: the validated form and what came with it."""

    service: Service
    definition: dict
    form: object  # a form of application_form.build_form_class, validated
    home_unit: Unit
    documents: dict[str, Document]  # pending uploads by requirement key
    from_account: dict[str, Document] = field(default_factory=dict)  # account stand-ins
    seen_at_counter: tuple[str, ...] = ()  # requirement keys an officer saw on paper
    vouched: bool = False  # a verified account or an officer vouches: no confirmation link
    channel: str = "online"
    registered_by: Optional[Actor] = None  # the counter officer; None: the citizen
    columns: dict = field(default_factory=dict)  # further columns (e.g. the notice choice)
    # Rows of the face's own choices added in the same transaction (e.g. a postal delivery).
    prepare: Optional[Callable[[Application], None]] = None


def by_submission_token(token: str) -> Optional[Application]:
    """The application an earlier POST of the same form created, if any."""
    return db.session.execute(
        db.select(Application).filter_by(submission_token=token)).scalar_one_or_none()


def check_documents(form, definition: dict, present: dict,
                    seen_at_counter: tuple[str, ...] = ()) -> bool:
    """Every mandatory document is there and no upload was refused (errors go on the fields)."""
    complete = True
    for requirement, upload_field in document_fields(form, definition):
        key = requirement["key"]
        if upload_field.errors:
            complete = False
        elif requirement["mandatory"] and key not in present and key not in seen_at_counter:
            upload_field.errors.append(_("Dokumen ini wajib diunggah."))
            complete = False
    return complete


def first_unit(service: Service, home_unit: Unit) -> Unit:
    """The unit of the application's first stage (it registers it and counts its quota)."""
    return db.session.get(Unit, transitions.stages_for(service.flow, home_unit)[0].unit_id)


def _new_application(intake: Intake) -> Application:
    form = intake.form
    return Application(
        reg_no=new_reg_no(first_unit(intake.service, intake.home_unit).short_code, utcnow()),
        submission_token=form.form_token.data, service=intake.service,
        home_unit=intake.home_unit, applicant_nik=form.nik.data, applicant_kk=form.kk.data,
        applicant_name=form.name.data, applicant_email=(form.email.data or "").lower(),
        applicant_phone=form.phone.data or "", applicant_address=form.address.data,
        form_data=service_values(form, intake.definition),
        definition_snapshot=intake.definition, channel=intake.channel,
        seen_at_counter=list(intake.seen_at_counter) or None, **intake.columns)


def submit(intake: Intake) -> Application:
    """Register the application once, even when the same form arrives twice at once.

    Raises FairUseRefused (nothing stored) when the service's fair-use rules refuse it.
    """
    application = _new_application(intake)
    if intake.prepare is not None:
        intake.prepare(application)
    fair_use.claim(intake.service, application.applicant_nik,
                   first_unit(intake.service, intake.home_unit).id)
    attach(intake.documents.values(), application)
    copies = account_documents.copy_into(application, intake.definition, intake.from_account)
    try:
        transitions.register(application, vouched=intake.vouched, actor=intake.registered_by)
    except IntegrityError:
        account_documents.discard(copies)
        earlier = by_submission_token(intake.form.form_token.data)
        if earlier is None:
            raise
        return earlier
    return application


# The history remark of the Admin's own step, approved as the counter intake's check.
COUNTER_CHECK_REMARK = "Persyaratan diperiksa di loket saat pemohon datang."


def submit_at_counter(intake: Intake, officer: Officer) -> Application:
    """Register a walk-in application; the Admin who took it has checked it, so their step is done.

    The Admin's approval is an ordinary transition with its own history row, recorded as
    the counter check. Other allowed positions leave the application at the first step.
    """
    intake.channel, intake.registered_by = "loket", transitions.actor_for(officer)
    application = submit(intake)
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
