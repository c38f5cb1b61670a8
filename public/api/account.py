"""A logged-in citizen's family members and pickup appointments, as on the account pages."""
from flask import request
from flask_babel import lazy_gettext as _l

from portal.citizens import family, pickup
from portal.files.uploads import keep_uploads
from portal.models import utcnow
from portal.workflow.fair_use import local_day
from public.account.family import FamilyMemberForm
from public.api import bp
from public.api.applications import REG_NO, own_application
from public.api.auth import citizen_token, current_account, token_budget
from public.api.citizen_schemas import (BookingRequestSchema, FamilyMemberSchema, FamilySchema,
                                        PickupSchema)
from public.api.docs import operation
from public.api.errors import api_abort
from public.api.forms import api_form, refuse_unless_valid

SIXTEEN_DIGITS = {"type": "string", "pattern": "^[0-9]{16}$"}
FAMILY_BODY = {"required": True, "content": {"multipart/form-data": {"schema": {
    "type": "object", "required": ["nik", "name", "relationship_label", "kk"],
    "properties": {"nik": SIXTEEN_DIGITS, "name": {"type": "string", "maxLength": 120},
                   "relationship_label": {"type": "string", "enum": list(family.RELATIONSHIPS)},
                   "kk": SIXTEEN_DIGITS,
                   "doc_proof": {"type": "string", "format": "binary"}}}}}}


def _family() -> dict:
    return {"maximum": family.MAX_FAMILY_MEMBERS, "members": current_account().family}


@bp.get("/keluarga")
@token_budget()
@citizen_token
@bp.response(200, FamilySchema, description=_l("Anggota keluarga."))
@operation("listFamily", _l("Anggota keluarga"),
           _l("Anggota keluarga akun; yang berstatus active dapat diajukan permohonannya."),
           errors=(429,), secured=True)
def family_members():
    """The account's family members."""
    return _family()


@bp.post("/keluarga")
@token_budget()
@citizen_token
@bp.response(201, FamilyMemberSchema, description=_l("Anggota ditambahkan."))
@operation("addFamilyMember", _l("Tambah anggota keluarga"),
           _l("Menambah anggota (paling banyak lima). Dengan KK akun: langsung aktif; dengan KK "
              "lain perlu bukti (doc_proof) dan menunggu pemeriksaan petugas."),
           errors=(409, 413, 422, 429), secured=True, requestBody=FAMILY_BODY)
def add_family_member():
    """Add a family member with the account page's checks."""
    form = api_form(FamilyMemberForm)
    valid = form.validate()
    token = "family-" + str(current_account().id) + "-" + utcnow().strftime("%Y%m%d%H%M%S%f")
    documents = keep_uploads(token, [family.PROOF_REQUIREMENT], request.files,
                             lambda key, message: form.doc_proof.errors.append(message))
    refuse_unless_valid(form, valid=valid)
    try:
        return family.add_member(current_account().id, form.nik.data, form.name.data,
                                 form.relationship_label.data, form.kk.data,
                                 documents.get("proof")), 201
    except family.FamilyRefused as refused:
        api_abort(409, str(refused))


def _pickup(application) -> dict:
    booking = pickup.booking_of(application)
    days = pickup.bookable_days(local_day(utcnow()))
    places = pickup.free_places(application.final_unit, days) if application.final_unit else {}
    return {"letter_ready": pickup.letter_is_ready(application),
            "booking": {"day": booking.day.isoformat(), "slot": booking.slot,
                        "code": booking.code, "office": booking.unit.title if booking.unit
                        else ""} if booking else None,
            "slots": [{"day": day.isoformat(), "slot": slot, "free": max(free, 0)}
                      for (day, slot), free in places.items()]}


@bp.get("/permohonan/<reg_no>/pengambilan")
@token_budget()
@citizen_token
@bp.response(200, PickupSchema, description=_l("Jadwal pengambilan."))
@operation("getPickup", _l("Jadwal pengambilan"),
           _l("Jadwal pengambilan surat yang dipesan dan tempat yang masih tersedia."),
           errors=(404, 429), secured=True, parameters=[REG_NO])
def pickup_options(reg_no: str):
    """The booking and the free slots of the next working days."""
    return _pickup(own_application(reg_no))


@bp.post("/permohonan/<reg_no>/pengambilan")
@token_budget()
@citizen_token
@bp.arguments(BookingRequestSchema)
@bp.response(200, PickupSchema, description=_l("Jadwal dipesan."))
@operation("bookPickup", _l("Pesan jadwal pengambilan"),
           _l("Memesan (atau memindah) jadwal pengambilan setelah surat terbit; kodenya juga "
              "dikirim ke pemohon."), errors=(404, 409, 422, 429), secured=True,
           parameters=[REG_NO])
def book_pickup(choice: dict, reg_no: str):
    """Book a pickup slot with the account page's rules."""
    application = own_application(reg_no)
    try:
        pickup.book(application, choice["day"], choice["slot"])
    except pickup.BookingRefused as refused:
        api_abort(409, str(refused))
    return _pickup(application)


@bp.delete("/permohonan/<reg_no>/pengambilan")
@token_budget()
@citizen_token
@bp.response(200, PickupSchema, description=_l("Jadwal dibatalkan."))
@operation("cancelPickup", _l("Batalkan jadwal pengambilan"),
           _l("Membatalkan jadwal, paling lambat sehari sebelumnya."), errors=(404, 409, 429),
           secured=True, parameters=[REG_NO])
def cancel_pickup(reg_no: str):
    """Cancel the booked appointment."""
    application = own_application(reg_no)
    try:
        pickup.cancel(application)
    except pickup.BookingRefused as refused:
        api_abort(409, str(refused))
    return _pickup(application)
