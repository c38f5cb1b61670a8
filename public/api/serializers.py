"""What the API tells about services, applications and letters: the citizen pages' facts as JSON.

Each function shows what the matching HTML page shows and no more; the OpenAPI schemas
(public/api/openapi.py) forbid any other property, so a new fact must be documented to appear.
"""
from datetime import datetime, timezone
from typing import Optional

from flask_babel import lazy_gettext as _l

from portal.letters.html import indonesian_date, verification_url
from portal.letters.issuing import local_date, masked_name
from portal.messaging.channels import public_url
from portal.models import Application, FormField, History, Letter, RequiredDocument, Service, Unit
from portal.workflow.corrections import named_items
from portal.workflow.status_text import status_text
from portal.files.uploads import accepted_names, human_size
from public.track import masked_applicant
from public.views import FLOW_LABELS

# A letter's validity as the verification page states it.
LETTER_STATES = {
    False: ("valid", _l("SAH: surat ini tercatat dan berlaku.")),
    True: ("revoked", _l("TIDAK BERLAKU: surat ini telah dicabut.")),
}


def utc_time(moment: datetime) -> str:
    """ISO 8601 in UTC of a naive-UTC moment, e.g. '2026-11-03T02:15:00Z'."""
    return moment.replace(tzinfo=timezone.utc).isoformat(timespec="seconds").replace(
        "+00:00", "Z")


def unit_json(unit: Optional[Unit]) -> Optional[dict]:
    """An office by its code and its letterhead title."""
    return {"code": unit.code, "name": unit.title} if unit is not None else None


def document_json(document: RequiredDocument) -> dict:
    """One requirement: what to upload (or bring to the counter), in which kinds, how large."""
    return {
        "key": document.key, "label": document.label, "mandatory": document.mandatory,
        "at_counter": document.at_counter, "accepted_types": document.accepted_list,
        "accepted_types_label": accepted_names(document.accepted_list),
        "max_size_kb": document.max_size_kb,
        "max_size_label": human_size(document.max_size_kb * 1024),
    }


def field_json(field: FormField) -> dict:
    """One input of the application form."""
    return {"name": field.name, "label": field.label, "type": field.type,
            "required": field.required, "options": field.option_list,
            "help_text": field.help_text}


def service_json(service: Service) -> dict:
    """A service as its page describes it, with the web addresses of its page and form."""
    return {
        "code": service.code, "name": service.name, "description": service.description,
        "flow": {"code": service.flow, "label": str(FLOW_LABELS[service.flow])},
        "service_level_days": service.service_level_days,
        "requires_account": service.requires_account,
        "documents": [document_json(document) for document in service.documents],
        "fields": [field_json(field) for field in service.fields],
        "links": {"page": public_url("public.service_page", code=service.code),
                  "apply": public_url("public.apply", code=service.code)},
    }


def timeline_row_json(row: History, snapshot: dict) -> dict:
    """One step of an application's history, as the tracking page lists it."""
    return {"time": utc_time(row.created_at), "status": row.to_status,
            "status_label": status_text(row.status_label or row.to_status),
            "position_title": row.position_title, "unit": unit_json(row.unit),
            "acting_title": row.acting_title, "remark": row.remark,
            "items": named_items(row, snapshot)}


def tracking_json(application: Application) -> dict:
    """The tracking page's facts: status, service, offices, masked applicant, timeline."""
    finished = application.status == "selesai"
    return {
        "reg_no": application.reg_no,
        "service": {"code": application.service.code, "name": application.service.name},
        "status": {"code": application.status, "label": status_text(application.status_label)},
        "applicant": masked_applicant(application),
        "home_unit": unit_json(application.home_unit),
        "pickup_unit": unit_json(application.final_unit) if finished else None,
        "timeline": [timeline_row_json(row, application.definition_snapshot or {})
                     for row in application.history],
    }


def signer_json(letter: Letter) -> dict:
    """Who signed the letter, as printed under it."""
    return {"name": letter.signer_name, "nip": letter.signer_nip or None,
            "title": letter.signer_title, "on_behalf_of": letter.signer_on_behalf_of or None}


def letter_json(letter: Letter) -> dict:
    """The verification page's facts about a printed letter; the applicant's name masked."""
    state, label = LETTER_STATES[letter.is_revoked]
    issued_on = local_date(letter.issued_at)
    applicant = letter.application.applicant_name if letter.application else ""
    return {
        "number": letter.number, "subject": letter.subject,
        "service": {"code": letter.service.code, "name": letter.service.name},
        "issuing_unit": unit_json(letter.unit),
        "issued_on": issued_on.isoformat(), "issued_on_text": indonesian_date(issued_on),
        "signer": signer_json(letter),
        "applicant": masked_name(applicant) or None,
        "status": {"code": state, "label": str(label)},
        "revoked_reason": letter.revoked_reason if letter.is_revoked else None,
        "sha256": letter.sha256 or None,
        "verification_url": verification_url(letter.verification_token),
    }
