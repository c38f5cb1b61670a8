"""Correcting a returned application: one code path for the citizen site and the citizen API.

Only the items the returning officer ticked are open (everything but NIK and KK when the
return named no item, see `portal.workflow.corrections.open_items`); a request that changes a
closed item is refused whole. The caller has checked the open values (the site's WTForms
form) and kept the new files as pending documents; `resubmit` stores the changes and the new
documents inside the one workflow transition, which writes them into the history.
"""
from portal.files.uploads import attach, supersede
from portal.models import Application, Document
from portal.workflow import corrections, transitions

WITHDRAWN_REMARK = "Ditarik oleh pemohon."  # stored in history, always Indonesian


def current_documents(application: Application) -> dict[str, Document]:
    """The documents in force, by requirement key (superseded ones are history)."""
    return {doc.requirement_key: doc for doc in application.documents if doc.superseded_at is None}


def locked_attempts(application: Application, opened: dict, values: dict,
                    document_keys: list[str]) -> list[str]:
    """Labels of the closed items a request tries to change: typed `values` (item key ->
    value) that differ from the stored ones, and files sent for closed documents."""
    definition = application.definition_snapshot
    closed_values = {key: value for key, value in values.items() if key not in opened}
    keys = list(corrections.changed_values(application, closed_values))
    keys += [corrections.DOCUMENT_PREFIX + key for key in document_keys
             if corrections.DOCUMENT_PREFIX + key not in opened]
    return [corrections.label_of(key, definition) for key in keys]


def missing_replacements(application: Application, new_documents: dict) -> list[str]:
    """Requirement keys of the documents the officer ticked that have no new file yet."""
    return [key for key in corrections.documents_to_replace(application)
            if key not in new_documents]


def changes(application: Application, opened: dict, values: dict, new_documents: dict) -> dict:
    """Before/after of every changed open field, and the replaced documents."""
    proposed = {key: value for key, value in values.items() if key in opened}
    found = corrections.changed_values(application, proposed)
    found.update(corrections.document_changes(current_documents(application), new_documents))
    return found


def _apply_edits(found: dict, new_documents: dict):
    def edit(application: Application) -> None:
        corrections.apply_values(application, found)
        in_force = current_documents(application)
        for key in new_documents:
            supersede(in_force.get(key))
        attach(new_documents.values(), application)
    return edit


def resubmit(application: Application, opened: dict, values: dict, new_documents: dict,
             expected_version: int) -> None:
    """Store the corrections and send the application back to the officer who returned it.

    Raises WorkflowError when the application moved on (or changed) meanwhile.
    """
    found = changes(application, opened, values, new_documents)
    transitions.perform(application.id, "resubmit", transitions.CITIZEN,
                        expected_version=expected_version, changes=found,
                        apply_changes=_apply_edits(found, new_documents))


def withdraw(application: Application, expected_version: int) -> None:
    """The citizen withdraws a returned application (Dibatalkan); raises WorkflowError."""
    transitions.perform(application.id, "cancel", transitions.CITIZEN,
                        expected_version=expected_version, remark=WITHDRAWN_REMARK)
