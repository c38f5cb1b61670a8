"""A logged-in citizen's applications: submit with uploads, list, read in full, correct a
return, download the letter. The same code paths as the citizen site's pages."""
import re

from flask import request
from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from portal.citizens import api_tokens, correction, submission
from portal.citizens.family import visible_niks
from portal.extensions import db
from portal.files.uploads import keep_uploads
from portal.models import Application
from portal.workflow import corrections
from portal.workflow.engine import MESSAGES, WorkflowError
from portal.workflow.fair_use import FairUseRefused
from public.api import bp
from public.api.auth import citizen_token, current_account, token_budget
from public.api.citizen_schemas import ApplicationListSchema, ApplicationSchema
from public.api.docs import operation, path_parameter
from public.api.errors import api_abort
from public.api.forms import api_form, refuse_unless_valid, upload_error_reporter
from public.api.routes import SERVICE_NOT_FOUND
from public.apply import application_form_class, details_of, mark_missing_documents
from public.correct import (correction_form_class, field_inputs, open_values, posted_document_keys,
                            posted_values)
from public.verification import send_citizen_copy
from public.views import find_open_service

IDEMPOTENCY_KEY = re.compile(r"[A-Za-z0-9_.:-]{8,100}")
KEY_NEEDED = _l("Header Idempotency-Key wajib diisi: 8–100 huruf, angka, titik, titik dua, "
                "garis bawah atau tanda hubung, satu kunci untuk satu permohonan.")
NOT_RETURNED = _l("Permohonan ini tidak sedang dikembalikan untuk perbaikan.")
LOCKED = _l("Bagian ini tidak diminta petugas untuk diperbaiki dan tidak dapat diubah: "
            "%(items)s. Tidak ada yang disimpan.")
REPLACE_FILE = _l("Petugas meminta berkas ini diganti: unggah berkas yang baru.")
REG_NO = path_parameter("reg_no", _l("Nomor registrasi."), "LBK-2611-7K3QX9WD")
MULTIPART_NOTE = _l(
    "Isian formulir seperti di situs: nik, kk, name, email, phone, address, home_unit (id "
    "kantor), notify_channel, notify_every_step, f_<nama isian> untuk isian layanan dan "
    "doc_<kunci persyaratan> untuk berkas (lihat GET /layanan/{code}).")


def _multipart_body() -> dict:
    return {"required": True, "description": MULTIPART_NOTE, "content": {"multipart/form-data": {
        "schema": {"type": "object", "additionalProperties": True, "properties": {
            name: {"type": "string"} for name in
            ("nik", "kk", "name", "email", "phone", "address", "home_unit")}}}}}


def own_application(reg_no: str) -> Application:
    """An application of the token's account or its verified family members, else 404."""
    found = db.session.execute(db.select(Application).filter_by(reg_no=reg_no[:40]).where(
        Application.applicant_nik.in_(visible_niks(current_account())))).scalar_one_or_none()
    if found is None:
        api_abort(404)
    return found


@bp.get("/permohonan")
@token_budget()
@citizen_token
@bp.response(200, ApplicationListSchema, description=_l("Permohonan akun."))
@operation("listMyApplications", _l("Permohonan saya"),
           _l("Semua permohonan akun dan anggota keluarganya yang terverifikasi, terbaru "
              "dahulu."), errors=(429,), secured=True)
def my_applications():
    """The account's applications, newest first."""
    found = db.session.execute(db.select(Application).where(
        Application.applicant_nik.in_(visible_niks(current_account())))
        .order_by(Application.created_at.desc())).scalars().all()
    return {"count": len(found), "applications": found}


@bp.get("/permohonan/<reg_no>")
@token_budget()
@citizen_token
@bp.response(200, ApplicationSchema, description=_l("Permohonan."))
@operation("getMyApplication", _l("Satu permohonan saya"),
           _l("Permohonan lengkap dengan seluruh riwayatnya, tanpa disamarkan. Permohonan "
              "orang lain dijawab 404."), errors=(404, 429), secured=True,
           parameters=[REG_NO])
def my_application(reg_no: str):
    """One application of the account, in full."""
    return own_application(reg_no)


def _submission_token(key: str) -> str:
    """The application's submission token: the key, scoped to the account."""
    return "api-" + api_tokens.digest(f"{current_account().id}:{key}")[:56]


@bp.post("/layanan/<code>/permohonan")
@token_budget()
@citizen_token
@bp.response(201, ApplicationSchema, description=_l("Permohonan tercatat."))
@operation("submitApplication", _l("Ajukan permohonan"),
           _l("Mengajukan permohonan dengan isian dan berkasnya (multipart/form-data), dengan "
              "aturan, kuota dan pesan yang sama dengan formulir di situs. Permintaan yang "
              "diulang dengan Idempotency-Key yang sama menghasilkan satu permohonan."),
           errors=(404, 409, 413, 422, 429), secured=True, requestBody=_multipart_body(),
           parameters=[path_parameter("code", _l("Kode layanan."), "sku"),
                       {"name": "Idempotency-Key", "in": "header", "required": True,
                        "description": KEY_NEEDED,
                        "schema": {"type": "string", "pattern": IDEMPOTENCY_KEY.pattern}}])
def submit(code: str):
    """Submit an application once per idempotency key."""
    service = find_open_service(code)
    if service is None:
        api_abort(404, SERVICE_NOT_FOUND)
    key = request.headers.get("Idempotency-Key", "")
    if not IDEMPOTENCY_KEY.fullmatch(key):
        api_abort(422, KEY_NEEDED, {"Idempotency-Key": KEY_NEEDED})
    token = _submission_token(key)
    earlier = submission.by_submission_token(token)
    if earlier is not None:
        return earlier, 201
    definition = service.definition_snapshot()
    form = api_form(application_form_class(service, definition))
    valid = form.validate()
    documents = keep_uploads(token, submission.uploadable(definition), request.files,
                             upload_error_reporter(form))
    from_account = submission.stand_ins(definition, current_account(), form.nik.data, documents)
    complete = mark_missing_documents(form, definition, {**documents, **from_account})
    refuse_unless_valid(form, valid=valid and complete)
    form.form_token.data = token
    try:
        return submission.submit(service, definition, details_of(form, definition), documents,
                                 current_account()), 201
    except FairUseRefused as refused:
        api_abort(409, str(refused))


def _correction_form(application: Application, opened: dict):
    """The correction form of the open items; inputs not sent keep their stored value."""
    snapshot = application.definition_snapshot
    values = corrections.current_values(application)
    defaults = {name: values.get(key) or "" for name, key in field_inputs(snapshot).items()
                if key in opened and name not in request.form}
    return api_form(correction_form_class(snapshot, opened), defaults)


def _refuse_locked(application: Application, opened: dict) -> None:
    locked = correction.locked_attempts(application, opened,
                                        posted_values(application, request.form),
                                        posted_document_keys(application, request.files))
    if locked:
        api_abort(422, gettext(str(LOCKED), items=", ".join(locked)))


def _new_documents(application: Application, opened: dict, form) -> dict:
    requirements = [doc for doc in submission.uploadable(application.definition_snapshot)
                    if corrections.DOCUMENT_PREFIX + doc["key"] in opened]
    draft = "fix-" + api_tokens.digest(f"{application.id}:{application.version}")[:56]
    documents = keep_uploads(draft, requirements, request.files, upload_error_reporter(form))
    for key in correction.missing_replacements(application, documents):
        if f"doc_{key}" in form and not form[f"doc_{key}"].errors:
            form[f"doc_{key}"].errors.append(REPLACE_FILE)
    return documents


@bp.post("/permohonan/<reg_no>/perbaikan")
@token_budget()
@citizen_token
@bp.response(200, ApplicationSchema, description=_l("Perbaikan terkirim."))
@operation("correctMyApplication", _l("Perbaiki permohonan yang dikembalikan"),
           _l("Mengirim perbaikan (multipart/form-data, nama isian seperti pada to_correct): "
              "hanya isian dan berkas yang dicentang petugas yang dapat diubah; isian terbuka "
              "yang tidak dikirim tetap seperti semula. Permohonan kembali ke petugas yang "
              "mengembalikannya."), errors=(404, 409, 413, 422, 429), secured=True,
           parameters=[REG_NO], requestBody=_multipart_body())
def correct(reg_no: str):
    """Correct the open items of a returned application and resubmit it."""
    application = own_application(reg_no)
    if application.status != "dikembalikan":
        api_abort(409, NOT_RETURNED)
    opened = corrections.open_items(application)
    _refuse_locked(application, opened)
    form = _correction_form(application, opened)
    valid = form.validate()
    documents = _new_documents(application, opened, form)
    refuse_unless_valid(form, valid=valid)
    try:
        correction.resubmit(application, opened, open_values(form, application, opened),
                            documents, application.version)
    except WorkflowError as error:
        api_abort(409, gettext(MESSAGES[error.code]))
    return db.session.get(Application, application.id)


@bp.get("/permohonan/<reg_no>/surat")
@token_budget()
@citizen_token
@operation("downloadMyLetter", _l("Unduh surat"),
           _l("Berkas PDF surat (bertanda tangan elektronik bila kantor memakainya), bila "
              "layanan mengizinkan warga mengunduhnya; selain itu 404."), errors=(404, 429),
           secured=True, parameters=[REG_NO],
           responses={"200": {"description": _l("Berkas PDF surat."), "content": {
               "application/pdf": {"schema": {"type": "string", "format": "binary"}}}}})
def my_letter(reg_no: str):
    """The letter PDF of one of the account's applications."""
    response = send_citizen_copy(own_application(reg_no))
    response.headers["Cache-Control"] = "private, no-store"
    return response
