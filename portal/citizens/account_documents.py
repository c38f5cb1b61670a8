"""The citizen account's KTP and KK images standing in for an application's upload.

A requirement marked as the applicant's own KTP or KK (`RequiredDocument.identity`) is
filled from the images an officer checked when activating the account: both for the
account holder, only the KK for a verified family member on the same KK. The application
gets its own copy of the file, so a later change of the account, or the retention job
deleting the account's images, leaves the application whole.
"""
from typing import Optional

from portal.models import Application, CitizenAccount, Document
from portal.models.service import IDENTITY_KINDS
from portal.files.storage import get_storage
from portal.files.processing import shown_bytes
from portal.files.uploads import KINDS, CleanFile, store


def identity_images(account: Optional[CitizenAccount], nik: str) -> dict[str, Document]:
    """The account's images (by kind: 'ktp', 'kk') that may stand for applicant `nik`'s."""
    if account is None or account.status != "active":
        return {}
    if nik == account.nik:
        kinds = IDENTITY_KINDS
    elif any(member.nik == nik and member.status == "active" and member.kk == account.kk
             for member in account.family):
        kinds = ("kk",)  # a family member's own KTP is not the holder's
    else:
        kinds = ()
    images = account.identity_documents()
    return {kind: images[kind] for kind in kinds if kind in images}


def kind_of(document: Document) -> Optional[str]:
    """The file kind ('pdf', 'jpg', 'png') of a stored document."""
    return next((name for name, kind in KINDS.items()
                 if kind.content_type == document.content_type), None)


def _fits(requirement: dict, document: Document) -> bool:
    return (kind_of(document) in requirement["accepted_types"]
            and document.size <= requirement["max_size_kb"] * 1024)


def stand_ins(definition: dict, account: Optional[CitizenAccount],
              nik: str) -> dict[str, Document]:
    """Requirement key → the account image that fills it (of an accepted kind and size)."""
    images = identity_images(account, nik)
    return {requirement["key"]: images[requirement["identity"]]
            for requirement in definition["documents"]
            if not requirement.get("at_counter") and requirement.get("identity") in images
            and _fits(requirement, images[requirement["identity"]])}


def copy_into(application: Application, definition: dict,
              images: dict[str, Document]) -> list[Document]:
    """Give the application its own copy of each image (in the caller's transaction)."""
    requirements = {requirement["key"]: requirement for requirement in definition["documents"]}
    copies = []
    for key, source in images.items():
        clean = CleanFile(data=shown_bytes(source),
                          kind=KINDS[kind_of(source)], original_name=source.original_name)
        copies.append(store(clean, requirements[key], application=application))
    return copies


def discard(copies: list[Document]) -> None:
    """Delete the stored bytes of copies whose transaction was rolled back."""
    for document in copies:
        get_storage().delete(document.storage_key)
