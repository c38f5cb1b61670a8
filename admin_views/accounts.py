"""Akun Baru: new citizen accounts for the Admin of the citizen's kelurahan to activate or refuse."""
from flask_babel import lazy_gettext
from flask_login import current_user
from sqlalchemy import and_

from admin_views.verification import WaitingRecordView
from portal.citizens import accounts as citizen_accounts
from portal.models import CitizenAccount


class NewAccountView(WaitingRecordView):
    """Waiting citizen accounts of the logged-in Admin's kelurahan."""

    record_model = CitizenAccount
    audit_kind = "citizen_account"
    view_action = "view_citizen_account"
    menu_label = lazy_gettext("Akun Baru")
    activated_message = lazy_gettext("Akun %(name)s diaktifkan.")
    refused_message = lazy_gettext("Pendaftaran akun %(name)s ditolak.")
    details_template = "layanan_admin/account_details.html"
    column_list = ("nik", "name", "email", "phone", "created_at")
    column_searchable_list = ("nik", "name", "email")
    column_labels = {"nik": lazy_gettext("NIK"), "name": lazy_gettext("Nama"),
                     "email": lazy_gettext("Email"), "phone": lazy_gettext("No. HP"),
                     "created_at": lazy_gettext("Mendaftar")}

    def scope(self):
        """Waiting accounts whose kelurahan is the officer's."""
        return and_(CitizenAccount.status == "waiting",
                    CitizenAccount.home_unit_id == current_user.unit_id)

    def images(self, record: CitizenAccount) -> dict:
        """The four identity images."""
        return record.identity_documents()

    def activate(self, record: CitizenAccount) -> None:
        """The account can log in from now on; the citizen is emailed."""
        citizen_accounts.activate(record, current_user)

    def refuse(self, record: CitizenAccount, reason: str) -> None:
        """The reason is emailed to the citizen."""
        citizen_accounts.refuse(record, current_user, reason)
