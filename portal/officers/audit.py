"""The audit log of who viewed or changed personal data (UU 27/2022): one helper for all.

Every action written here has an Indonesian label in `ACTION_LABELS` and every kind of
object one in `OBJECT_LABELS` (tests/officers/test_audit_log_labels_every_action.py reads the
code to check). Officers' workflow decisions are recorded by one transition listener.
"""
from typing import Iterable, Optional

from flask import has_request_context, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portal.extensions import db
from portal.models import (Application, AuditEntry, CitizenAccount, Document, FamilyMember, Letter,
                           Officer, Service, Unit)

ACTION_LABELS = {
    "login": _l("Masuk"), "login_failed": _l("Gagal masuk"), "logout": _l("Keluar"),
    "login_locked": _l("Percobaan masuk dari satu alamat ditunda (sandi salah berulang)"),
    "password_changed": _l("Mengganti kata sandi sendiri"),
    "password_set_after_reset": _l("Membuat kata sandi sendiri setelah diatur ulang Administrator"),
    "view_application": _l("Melihat data permohonan"),
    "document_view": _l("Melihat berkas"), "document_download": _l("Mengunduh berkas"),
    "revise_application": _l("Memperbaiki data permohonan"),
    "application_approve": _l("Menyetujui permohonan"),
    "application_return": _l("Mengembalikan permohonan untuk perbaikan"),
    "application_refuse": _l("Menolak permohonan"),
    "application_hand_over": _l("Menyerahkan surat"),
    "pickup_handed_over": _l("Menyerahkan surat dengan kode pengambilan"),
    "letter_print": _l("Mencetak surat"), "letter_download": _l("Mengunduh surat"),
    "letter_manual": _l("Mencatat surat manual"), "letter_revoke": _l("Mencabut surat"),
    "letter_template": _l("Mengubah templat surat"),
    "view_citizen_account": _l("Melihat akun warga baru"),
    "view_family_member": _l("Melihat anggota keluarga baru"),
    "account_email_confirmed": _l("Email akun warga dikonfirmasi"),
    "account_activated": _l("Mengaktifkan akun warga"),
    "account_refused": _l("Menolak akun warga"),
    "family_member_added": _l("Warga menambahkan anggota keluarga"),
    "family_member_activated": _l("Menyetujui anggota keluarga"),
    "family_member_refused": _l("Menolak anggota keluarga"),
    "citizen_login": _l("Warga masuk"), "citizen_login_failed": _l("Warga gagal masuk"),
    "citizen_api_logout": _l("Warga keluar dari aplikasi"),
    "citizen_login_code_sent": _l("Kode masuk dikirim ke warga"),
    "citizen_login_by_code": _l("Warga masuk dengan kode"),
    "citizen_login_closed_account": _l("Warga mencoba masuk ke akun yang ditutup"),
    "citizen_password_reset": _l("Warga mengatur ulang kata sandi"),
    "citizen_password_check_failed": _l("Warga salah memasukkan kata sandi"),
    "citizen_email_change_requested": _l("Warga meminta ganti email"),
    "citizen_email_changed": _l("Warga mengganti email"),
    "citizen_phone_changed": _l("Warga mengganti No. HP"),
    "citizen_notice_choice_changed": _l("Warga mengganti saluran pemberitahuan"),
    "citizen_password_changed": _l("Warga mengganti kata sandi"),
    "citizen_account_closed": _l("Warga menutup akun"),
    "personal_data_export": _l("Warga mengunduh data pribadinya"),
    "identity_image_deleted": _l("Foto identitas dihapus (masa simpan habis)"),
    "outbox_retry": _l("Mengirim ulang pesan"),
    "complaint_answer": _l("Menjawab pengaduan"),
    "counter_lookup": _l("Mencari akun warga di loket"),
    "counter_receipt": _l("Mencetak tanda terima loket"),
    "admin_create": _l("Menambah data (konsol)"), "admin_update": _l("Mengubah data (konsol)"),
    "admin_delete": _l("Menghapus data (konsol)"),
    "admin_reset_password": _l("Mengatur ulang kata sandi petugas"),
    "audit_purged": _l("Menghapus log audit lama (masa simpan habis)"),
    "search_personal_data": _l("Mencari data pribadi (NIK, nama, No. HP)"),
    "list_personal_data": _l("Melihat daftar berisi NIK atau No. HP"),
    "export_personal_data": _l("Mengekspor daftar berisi NIK atau No. HP"),
    "view_revision_form": _l("Membuka formulir revisi (NIK dan KK lengkap)"),
    "view_letter_draft": _l("Melihat draf surat berisi data pemohon"),
    "view_letter_proxy": _l("Melihat surat dengan NIK penerima kuasa"),
    "view_complaint": _l("Melihat pengaduan dengan kontak pelapor"),
    "view_officer": _l("Melihat data petugas (NIK)"),
    "admin_reset_second_factor": _l("Mengatur ulang verifikasi dua langkah petugas"),
    "second_factor_enabled": _l("Mengaktifkan verifikasi dua langkah"),
    "second_factor_failed": _l("Kode verifikasi dua langkah salah"),
    "second_factor_recovery_used": _l("Masuk dengan kode pemulihan"),
}
OBJECT_LABELS = {
    "application": _l("Permohonan"), "applications": _l("Permohonan"),
    "document": _l("Berkas"), "documents": _l("Berkas"), "letter": _l("Surat"),
    "officer": _l("Petugas"), "officers": _l("Petugas"), "units": _l("Unit"),
    "service": _l("Layanan"), "services": _l("Layanan"),
    "citizen_account": _l("Akun warga"), "family_member": _l("Anggota keluarga"),
    "outbox": _l("Pesan keluar"), "holidays": _l("Hari libur"), "complaint": _l("Pengaduan"),
    "substitutions": _l("Pelaksana harian (Plh)"), "counter_positions": _l("Jabatan di loket"),
    "required_documents": _l("Persyaratan berkas"), "form_fields": _l("Isian formulir"),
    "audit_log": _l("Log audit"),
}
# Officers' workflow decisions, by workflow action, as they are written to the log.
TRANSITION_ACTIONS = {"approve": "application_approve", "return": "application_return",
                      "refuse": "application_refuse", "revise": "revise_application",
                      "hand_over": "application_hand_over"}
# How an object is named for a person: its model and the words shown instead of its id.
OBJECT_NAMES = {
    "application": (Application, lambda row: f"{row.reg_no} — {row.applicant_name}"),
    "document": (Document, lambda row: f"{row.label or row.requirement_key} ({row.original_name})"),
    "letter": (Letter, lambda row: row.number),
    "officer": (Officer, lambda row: f"{row.name} ({row.nip})"),
    "unit": (Unit, lambda row: row.title),
    "service": (Service, lambda row: row.name),
    "citizen_account": (CitizenAccount, lambda row: f"{row.name} ({row.nik})"),
    "family_member": (FamilyMember, lambda row: f"{row.name} ({row.nik})"),
}


def action_label(action: str) -> str:
    """An audit action as officers read it (the stored code when it has no label yet)."""
    return str(ACTION_LABELS.get(action, action))


def object_label(object_type: str) -> str:
    """A kind of object as officers read it."""
    return str(OBJECT_LABELS.get(object_type, object_type))


def _named_kind(object_type: str) -> str:
    """The singular kind behind a table name ('officers' -> 'officer')."""
    return object_type[:-1] if object_type.endswith("s") else object_type


def object_names(entries: Iterable[AuditEntry]) -> dict[tuple[str, str], str]:
    """{(object_type, object_id): registration number, name or number} for these rows."""
    wanted: dict[str, set[int]] = {}
    for entry in entries:
        kind = _named_kind(entry.object_type or "")
        if kind in OBJECT_NAMES and (entry.object_id or "").isdigit():
            wanted.setdefault(kind, set()).add(int(entry.object_id))
    names = {}
    for kind, ids in wanted.items():
        model, name_of = OBJECT_NAMES[kind]
        for row in db.session.execute(db.select(model).where(model.id.in_(ids))).scalars():
            names[(kind, str(row.id))] = name_of(row)
    return {(entry.object_type, entry.object_id): names[key] for entry in entries
            if (key := (_named_kind(entry.object_type or ""), entry.object_id)) in names}


def _acting_officer() -> Optional[Officer]:
    if has_request_context() and current_user and current_user.is_authenticated:
        return current_user
    return None


def record(action: str, object_type: str = "", object_id="", detail: Optional[dict] = None,
           officer: Optional[Officer] = None, actor: str = "") -> AuditEntry:
    """Add one audit row to the current transaction; the caller's commit keeps it."""
    officer = officer or _acting_officer()
    entry = AuditEntry(
        officer_id=officer.id if officer is not None else None,
        actor=actor or (f"{officer.name} ({officer.nip})" if officer is not None else ""),
        action=action, object_type=object_type, object_id=str(object_id or ""),
        detail=detail, ip=(request.remote_addr or "")[:45] if has_request_context() else "",
    )
    db.session.add(entry)
    return entry


def transition_listener(application, decision, history) -> None:
    """Record an officer's decision, return, refusal, revision or hand-over in its transaction."""
    action = TRANSITION_ACTIONS.get(decision.action)
    if action is None or history.officer_id is None:
        return
    detail = {"reg_no": application.reg_no, "status": decision.to_status,
              "remark": decision.remark or "", "changes": history.changes}
    record(action, "application", application.id,
           {key: value for key, value in detail.items() if value},
           officer=db.session.get(Officer, history.officer_id))
