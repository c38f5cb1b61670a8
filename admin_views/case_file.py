"""The officer's reading of one application: its documents per requirement (replaced ones
beside their successors) and its history with every remark, note, return and change."""
from dataclasses import dataclass, field
from typing import Optional

from flask_babel import lazy_gettext

from portal.models import Application, Document, History
from portal.workflow import corrections

ACTION_LABELS = {"submit": lazy_gettext("Didaftarkan"), "confirm": lazy_gettext("Dikonfirmasi"),
                 "approve": lazy_gettext("Disetujui"), "return": lazy_gettext("Dikembalikan"),
                 "refuse": lazy_gettext("Ditolak"), "revise": lazy_gettext("Data diperbaiki"),
                 "resubmit": lazy_gettext("Diperbaiki pemohon"),
                 "cancel": lazy_gettext("Dibatalkan"), "hand_over": lazy_gettext("Diserahkan")}


@dataclass
class DocumentGroup:
    """One requirement's file in force and the files it replaced, newest first."""

    label: str
    current: Optional[Document] = None
    replaced: list[Document] = field(default_factory=list)


@dataclass(frozen=True)
class HistoryLine:
    """One history row as the officer's 'Cek Status Pengurusan' lists it."""

    row: History
    action_label: str
    returned: list[tuple[str, str]]  # (label, reason) of each item a return ticked
    changes: list[str]  # 'Alamat: Jl. A → Jl. B', 'KTP-el pemohon diganti'


def document_groups(application: Application) -> list[DocumentGroup]:
    """Every uploaded document by requirement, in the service's order of requirements."""
    snapshot = application.definition_snapshot or {}
    order = [doc["key"] for doc in snapshot.get("documents", [])]
    groups: dict[str, DocumentGroup] = {}
    for document in sorted(application.documents, key=lambda d: (d.uploaded_at, d.id),
                           reverse=True):
        group = groups.setdefault(document.requirement_key,
                                  DocumentGroup(document.label or document.requirement_key))
        if document.superseded_at is None and group.current is None:
            group.current = document
        else:
            group.replaced.append(document)
    rank = {key: index for index, key in enumerate(order)}
    return [groups[key] for key in sorted(groups, key=lambda k: (rank.get(k, len(rank)), k))]


def history_lines(application: Application) -> list[HistoryLine]:
    """The history with each row's returned items and changes spelled out (values included)."""
    snapshot = application.definition_snapshot or {}
    return [HistoryLine(
        row=row, action_label=str(ACTION_LABELS.get(row.action, row.action)),
        returned=[(corrections.label_of(item.item_key, snapshot, item.label), item.reason)
                  for item in row.returned_items],
        changes=corrections.change_lines(row, snapshot))
        for row in application.history]


def context(application: Application) -> dict:
    """What the Lihat Data template needs beyond the application itself."""
    groups = document_groups(application)
    return {"document_groups": groups,
            "document_count": sum(group.current is not None for group in groups),
            "history_lines": history_lines(application),
            "returnable": corrections.returnable_items(application.definition_snapshot or {})}
