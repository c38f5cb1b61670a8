"""Return for correction, field by field: what may be returned, what the citizen may change,
and how the changes read afterwards.

An item is one form field or one document, named by a key: an applicant column
('applicant_address'), a service field ('form_data.<name>') or a requirement
('document.<key>'). A return stores its ticked items as ReturnedItem rows of its history row;
a resubmission or an Admin's revision stores {key: {"before": …, "after": …}} in
History.changes (for a document, the names and ids of the old and the new file). Officers
read the values; the citizen only ever reads the items' names.
"""
from dataclasses import dataclass
from typing import Optional

from flask_babel import force_locale, gettext
from flask_babel import lazy_gettext as _l

from portal.i18n import DEFAULT_LOCALE
from portal.models import Application, Document, History
from portal.validators import normalize_phone
from portal.workflow.engine import Correction

APPLICANT_ITEMS = {  # column: label
    "applicant_name": _l("Nama lengkap"),
    "applicant_nik": _l("NIK"),
    "applicant_kk": _l("Nomor KK"),
    "applicant_email": _l("Email"),
    "applicant_phone": _l("Nomor HP / WhatsApp"),
    "applicant_address": _l("Alamat"),
}
# Locked unless the officer ticks them, even when a return names no item at all.
IDENTITY_ITEMS = frozenset({"applicant_nik", "applicant_kk"})
FORM_PREFIX = "form_data."
DOCUMENT_PREFIX = "document."
# How a value typed into the applicant block is stored (phones as +628…, emails lowercase).
STORED_FORMS = {"applicant_phone": lambda value: normalize_phone(value) or value,
                "applicant_email": str.lower}


@dataclass(frozen=True)
class Item:
    """A form field or document that can be returned, labelled in the reader's language."""

    key: str
    label: str

    @property
    def is_document(self) -> bool:
        """True for a requirement document, False for a form field."""
        return self.key.startswith(DOCUMENT_PREFIX)


def field_items(snapshot: dict) -> list[Item]:
    """The applicant block, then the service's own fields, in form order."""
    return [Item(key, str(label)) for key, label in APPLICANT_ITEMS.items()] + [
        Item(FORM_PREFIX + field["name"], field["label"]) for field in snapshot.get("fields", [])]


def document_items(snapshot: dict) -> list[Item]:
    """The documents uploaded online (those brought to the counter cannot be replaced here)."""
    return [Item(DOCUMENT_PREFIX + doc["key"], doc["label"])
            for doc in snapshot.get("documents", []) if not doc.get("at_counter")]


def returnable_items(snapshot: dict) -> list[Item]:
    """Every item an officer may tick when returning an application of this snapshot."""
    return field_items(snapshot) + document_items(snapshot)


def label_of(key: str, snapshot: dict, default: str = "") -> str:
    """The item's label in the reader's language ('Alamat', 'KTP-el pemohon')."""
    labels = {item.key: item.label for item in returnable_items(snapshot)}
    return labels.get(key) or default or key.split(".", 1)[-1]


def correction(key: str, reason: str, snapshot: dict) -> Correction:
    """A ticked item as the history stores it: labelled in Indonesian, whoever ticked it."""
    with force_locale(DEFAULT_LOCALE):
        return Correction(key=key, label=label_of(key, snapshot), reason=(reason or "").strip())


def last_return(application: Application) -> Optional[History]:
    """The history row of the latest return (the remark and the items to act on)."""
    returns = [row for row in application.history if row.action == "return"]
    return returns[-1] if returns else None


def open_items(application: Application) -> dict[str, str]:
    """The items the citizen may change now, with the officer's reason for each.

    A return that ticked items opens exactly those; a return with a remark alone opens
    everything but the identity numbers (NIK, KK).
    """
    returned = last_return(application)
    if returned is not None and returned.returned_items:
        return {item.item_key: item.reason for item in returned.returned_items}
    return {item.key: "" for item in returnable_items(application.definition_snapshot or {})
            if item.key not in IDENTITY_ITEMS}


def documents_to_replace(application: Application) -> list[str]:
    """Requirement keys of the documents the last return ticked: each needs a new file."""
    returned = last_return(application)
    return [item.item_key[len(DOCUMENT_PREFIX):] for item in (returned.returned_items
                                                              if returned else [])
            if item.item_key.startswith(DOCUMENT_PREFIX)]


def current_values(application: Application) -> dict[str, str]:
    """The stored value of every form field, by item key."""
    values = {key: getattr(application, key) for key in APPLICANT_ITEMS}
    values.update({FORM_PREFIX + name: value
                   for name, value in (application.form_data or {}).items()})
    return values


def stored_form(key: str, value):
    """A typed value as the application stores it (so '0812…' equals '+62812…')."""
    value = value.strip() if isinstance(value, str) else value
    return STORED_FORMS[key](value) if key in STORED_FORMS and value else value


def changed_values(application: Application, proposed: dict) -> dict[str, dict]:
    """{key: {"before", "after"}} of every proposed value that differs from the stored one."""
    stored = current_values(application)
    changes = {}
    for key, value in proposed.items():
        after, before = stored_form(key, value), stored.get(key)
        if after != before and not (after in ("", None) and before in ("", None)):
            changes[key] = {"before": before, "after": after}
    return changes


def document_changes(in_force: dict[str, Document], new: dict[str, Document]) -> dict[str, dict]:
    """{'document.<key>': the old and the new file} of every replaced or added document."""
    changes = {}
    for key, document in sorted(new.items()):
        old = in_force.get(key)
        changes[DOCUMENT_PREFIX + key] = {
            "replaced": old is not None, "before": old.original_name if old else None,
            "after": document.original_name, "replaced_id": old.id if old else None,
            "document_id": document.id}
    return changes


def apply_values(application: Application, changes: dict[str, dict]) -> None:
    """Write changed field values into the application (inside the transition)."""
    form_data = dict(application.form_data or {})
    for key, change in changes.items():
        if key.startswith(FORM_PREFIX):
            form_data[key[len(FORM_PREFIX):]] = change["after"]
        elif key in APPLICANT_ITEMS:
            setattr(application, key, change["after"])
    application.form_data = form_data


def _shown(value) -> str:
    return gettext("(kosong)") if value in ("", None) else str(value)


def change_lines(row: History, snapshot: dict) -> list[str]:
    """What a resubmission or revision changed, for officers: 'Alamat: Jl. A → Jl. B',
    'KTP-el pemohon diganti'."""
    lines = []
    for key, change in (row.changes or {}).items():
        label = label_of(key, snapshot)
        if key.startswith(DOCUMENT_PREFIX):
            lines.append(gettext("%(label)s diganti", label=label) if change.get("replaced")
                         else gettext("%(label)s diunggah", label=label))
        else:
            lines.append(f"{label}: {_shown(change.get('before'))} → {_shown(change.get('after'))}")
    return lines


def returned_labels(row: History, snapshot: dict) -> list[str]:
    """The names of the items a return ticked, in the reader's language."""
    return [label_of(item.item_key, snapshot, item.label) for item in row.returned_items]


def named_items(row: History, snapshot: dict) -> list[str]:
    """The items a history row names on the citizen's pages, never their values: what a
    return asked to correct, or what a resubmission or revision changed."""
    if row.action == "return":
        return returned_labels(row, snapshot)
    return [label_of(key, snapshot) for key in (row.changes or {})]
