"""Family members page: list, add (at most five), and whom the apply form is for."""
import secrets

from flask import redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import FileField, HiddenField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length

from portal.citizens import family
from portal.citizens.auth import current_citizen
from portal.files.uploads import keep_uploads
from public import bp
from portal.citizens.application_form import REQUIRED, TOKEN, one_of, sixteen_digits, strip
from public.account.applications import citizen_required


class FamilyMemberForm(FlaskForm):
    """One family member."""

    form_token = HiddenField()
    nik = StringField(_l("NIK (16 digit)"), filters=[strip],
                      validators=[InputRequired(REQUIRED), sixteen_digits])
    name = StringField(_l("Nama lengkap"), filters=[strip],
                       validators=[InputRequired(REQUIRED), Length(max=120)])
    relationship_label = SelectField(
        _l("Hubungan"),
        choices=[SelectChoice("", _l("— Pilih —"))] + [SelectChoice(r) for r in family.RELATIONSHIPS],
        validate_choice=False, validators=[InputRequired(REQUIRED), one_of(family.RELATIONSHIPS)])
    kk = StringField(_l("Nomor Kartu Keluarga (16 digit)"), filters=[strip],
                     validators=[InputRequired(REQUIRED), sixteen_digits])
    doc_proof = FileField(_l("Bukti hubungan keluarga (bila KK berbeda)"))


@bp.route("/akun/keluarga", methods=["GET", "POST"])
@citizen_required
def family_members():
    """The account's family members and the form to add one."""
    account = current_citizen()
    form = FamilyMemberForm()
    if not TOKEN.fullmatch(form.form_token.data or ""):
        form.form_token.data = secrets.token_urlsafe(24)
    refusal = None
    if request.method == "POST":
        valid = form.validate()
        documents = keep_uploads(form.form_token.data, [family.PROOF_REQUIREMENT], request.files,
                                 lambda key, message: form.doc_proof.errors.append(message))
        if valid and not form.doc_proof.errors:
            try:
                family.add_member(account.id, form.nik.data, form.name.data,
                                  form.relationship_label.data, form.kk.data,
                                  documents.get("proof"))
                return redirect(url_for("public.family_members"), 303)
            except family.FamilyRefused as refused:
                refusal = str(refused)
        account = current_citizen()
    return render_template("public/account/family.html", account=account, form=form,
                           refusal=refusal, maximum=family.MAX_FAMILY_MEMBERS,
                           proof_requirement=family.PROOF_REQUIREMENT)


def applicant_choices() -> list[tuple[str, str]]:
    """Whom the logged-in citizen may apply for: themself ('') and each verified family member."""
    account = current_citizen()
    if account is None:
        return []
    members = [(str(member.id), f"{member.relationship_label}: {member.name}")
               for member in account.family if member.status == "active"]
    return [("", _l("Saya sendiri (%(name)s)", name=account.name))] + members if members else []


@bp.context_processor
def _family_helpers() -> dict:
    return {"applicant_choices": applicant_choices}
