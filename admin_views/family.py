"""Anggota Keluarga Baru: family members not on the account's KK, for the Admin of the account's
kelurahan to verify against the uploaded proof and the account's KK image."""
from flask_babel import lazy_gettext
from flask_login import current_user
from sqlalchemy import and_

from admin_views.verification import WaitingRecordView
from portal.citizens import family
from portal.models import CitizenAccount, FamilyMember


def _holder(view, context, model, name):
    return str(model.account)


class NewFamilyMemberView(WaitingRecordView):
    """Waiting family members of accounts of the logged-in Admin's kelurahan."""

    record_model = FamilyMember
    audit_kind = "family_member"
    view_action = "view_family_member"
    menu_label = lazy_gettext("Anggota Keluarga Baru")
    activated_message = lazy_gettext("Anggota keluarga %(name)s diverifikasi.")
    refused_message = lazy_gettext("Anggota keluarga %(name)s ditolak.")
    details_template = "layanan_admin/family_member_details.html"
    column_list = ("name", "nik", "relationship_label", "holder", "created_at")
    column_searchable_list = ("nik", "name")
    column_formatters = {"holder": _holder}
    column_labels = {"nik": lazy_gettext("NIK"), "name": lazy_gettext("Nama"),
                     "relationship_label": lazy_gettext("Hubungan"),
                     "holder": lazy_gettext("Pemilik akun"),
                     "created_at": lazy_gettext("Didaftarkan")}

    def scope(self):
        """Waiting members of accounts whose kelurahan is the officer's."""
        return and_(FamilyMember.status == "waiting",
                    FamilyMember.account.has(CitizenAccount.home_unit_id == current_user.unit_id))

    def images(self, record: FamilyMember) -> dict:
        """The uploaded proof and the account's KK image, to compare."""
        found = {"proof": record.proof_document, "kk": record.account.kk_document}
        return {key: document for key, document in found.items() if document is not None}

    def activate(self, record: FamilyMember) -> None:
        """The account holder may apply for the member from now on; they are emailed."""
        family.activate_member(record, current_user)

    def refuse(self, record: FamilyMember, reason: str) -> None:
        """The reason is emailed to the account holder."""
        family.refuse_member(record, current_user, reason)
