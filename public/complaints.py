"""Pengaduan: a citizen's complaint or suggestion, filed without an account, and its answer."""
from flask import redirect, render_template, request, url_for
from flask_babel import format_date
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Email, InputRequired, Length, Optional

from portal.extensions import db, limiter
from portal.messaging.channels import whatsapp_enabled
from portal.models import Service, Unit
from portal.models.application import NOTIFY_CHANNELS
from portal.standards import complaints
from public import bp
from portal.citizens.application_form import REQUIRED, indonesian_mobile, one_of, strip
from public.notice_choice import CHANNEL_LABELS
from public.track import find_application, typed_number

FILING_LIMIT = "10 per hour"


class ComplaintForm(FlaskForm):
    """Who complains, how to reach them, which office, and what about."""

    kind = RadioField(_l("Jenis"), default="pengaduan", validate_choice=False,
                      choices=[SelectChoice(k, v) for k, v in complaints.KINDS.items()],
                      validators=[one_of(complaints.KINDS)])
    unit = SelectField(_l("Kantor yang dituju"), validate_choice=False)
    name = StringField(_l("Nama"), filters=[strip],
                       validators=[InputRequired(REQUIRED), Length(max=120)])
    email = EmailField(_l("Email"), filters=[strip], validators=[
        InputRequired(REQUIRED), Length(max=160), Email(message=_l("Alamat email tidak valid."))])
    phone = StringField(_l("Nomor HP / WhatsApp (tidak wajib)"), filters=[strip],
                        validators=[Optional(), indonesian_mobile],
                        render_kw={"inputmode": "tel", "type": "tel"})
    notify_channel = RadioField(
        _l("Kabari saya melalui"), default="email", validate_choice=False,
        choices=[SelectChoice(key, CHANNEL_LABELS[key]) for key in NOTIFY_CHANNELS],
        validators=[Optional(), one_of(NOTIFY_CHANNELS)])
    message = TextAreaField(_l("Isi pengaduan atau saran"), filters=[strip],
                            render_kw={"rows": 6},
                            validators=[InputRequired(REQUIRED), Length(max=4000, message=_l(
                                "Paling banyak %(max)d karakter."))])


def unit_choices() -> list[SelectChoice]:
    """Every office: kecamatan first, each kelurahan grouped under its kecamatan."""
    units = db.session.execute(db.select(Unit)).scalars().all()
    units.sort(key=lambda unit: (unit.parent.name if unit.parent else unit.name,
                                 unit.parent is not None, unit.name))
    return [SelectChoice("", _l("— Pilih —"))] + [
        SelectChoice(str(unit.id), unit.title) for unit in units]


def _form(application):
    form = ComplaintForm()
    form.unit.choices = unit_choices()
    if application is None:
        form.unit.validators = [InputRequired(REQUIRED),
                                one_of([c.value for c in form.unit.choices if c.value])]
    return form


def _file(form, application, service):
    unit = (db.session.get(Unit, complaints.unit_of(application)) if application is not None
            else db.session.get(Unit, int(form.unit.data)))
    channel = form.notify_channel.data if whatsapp_enabled() and form.phone.data else "email"
    return complaints.file_complaint(
        unit, form.message.data, form.name.data, form.email.data, form.phone.data or "",
        channel, form.kind.data, application, service)


@bp.route("/pengaduan/baru", methods=["GET", "POST"])
@limiter.limit(FILING_LIMIT, methods=["POST"])
def complaint_new():
    """The complaint form; from the tracking page it is about that application."""
    number = typed_number(request.values.get("no", ""))
    application = find_application(number) if number else None
    service = db.session.execute(db.select(Service).filter_by(
        code=request.values.get("layanan", ""), is_open=True)).scalar_one_or_none()
    form = _form(application)
    if form.validate_on_submit():
        complaint = _file(form, application, service)
        return redirect(url_for("public.complaint_status", number=complaint.number), 303)
    return render_template("public/complaint_new.html", form=form, application=application,
                           service=service, number=number), 400 if form.errors else 200


@bp.get("/pengaduan/<number>")
def complaint_status(number: str):
    """The complaint, its due date and, once given, the answer."""
    complaint = complaints.find(number)
    if complaint is None:
        return render_template("public/complaint_status.html", complaint=None), 404
    return render_template("public/complaint_status.html", complaint=complaint,
                           kinds=complaints.KINDS, format_date=format_date)
