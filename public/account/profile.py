"""The citizen's profile page: change email (after a link to the new address), WhatsApp
number and password; each form asks for the current password."""
from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal.citizens import auth as citizen_auth
from portal.citizens import profile as citizen_profile
from portal.citizens.auth import current_citizen
from public import bp
from public.secret_landing import forget, park, parked
from public.account.applications import citizen_required
from public.account.profile_forms import (EmailChangeForm, PasswordChangeForm, PhoneChangeForm,
                                  password_confirmed)

# What the page says after a change (?selesai=…).
DONE = {
    "email": _l("Tautan konfirmasi sudah dikirim ke alamat email baru. Email akun baru berganti "
                "setelah tautan itu dibuka; sampai saat itu email lama tetap dipakai."),
    "wa": _l("Nomor WhatsApp sudah diganti."),
    "sandi": _l("Kata sandi sudah diganti. Sesi di perangkat lain sudah diakhiri."),
    "pemberitahuan": _l("Pilihan pemberitahuan sudah disimpan."),
}
# Each form has its own prefix, so the three can share one page.
PREFIXES = {"email_form": "email", "phone_form": "wa", "password_form": "sandi"}
EMAIL_CHANGE = "email_change"  # the secret link's purpose in the session


def _profile_page(status: int = 200, **posted):
    """The profile page; the posted form (if any) keeps its input and errors."""
    empty = {"email_form": EmailChangeForm, "phone_form": PhoneChangeForm,
             "password_form": PasswordChangeForm}
    forms = {name: posted.get(name) or form_class(prefix=PREFIXES[name], formdata=None)
             for name, form_class in empty.items()}
    return render_template("public/account/profile.html", account=current_citizen(),
                           done=DONE.get(request.args.get("selesai", "")), **forms), status


def _done(what: str):
    return redirect(url_for("public.my_profile", selesai=what), 303)


@bp.get("/akun/profil")
@citizen_required
def my_profile():
    """The account's data, the three change forms and the data-rights links."""
    return _profile_page()


@bp.post("/akun/profil/email")
@citizen_required
def my_profile_email():
    """Ask for a new email address; it takes effect when the link sent to it is opened."""
    account, form = current_citizen(), EmailChangeForm(prefix=PREFIXES["email_form"])
    if password_confirmed(form, account):
        new_email = form.new_email.data.lower()
        if new_email != account.email:
            citizen_profile.request_email_change(account, new_email)
            return _done("email")
        form.new_email.errors.append(_("Alamat ini sudah menjadi email akun Anda."))
    return _profile_page(400, email_form=form)


@bp.post("/akun/profil/wa")
@citizen_required
def my_profile_phone():
    """Change the WhatsApp number."""
    account, form = current_citizen(), PhoneChangeForm(prefix=PREFIXES["phone_form"])
    if password_confirmed(form, account):
        citizen_profile.change_phone(account, form.phone.data)
        return _done("wa")
    return _profile_page(400, phone_form=form)


@bp.post("/akun/profil/sandi")
@citizen_required
def my_profile_password():
    """Change the password; other sessions end, this browser stays logged in."""
    account, form = current_citizen(), PasswordChangeForm(prefix=PREFIXES["password_form"])
    if password_confirmed(form, account):
        citizen_profile.change_password(account, form.password.data)
        citizen_auth.log_in(account)
        return _done("sandi")
    return _profile_page(400, password_form=form)


@bp.get("/akun/email-baru/<token>")
def confirm_email_change(token: str):
    """The link sent to the new address: kept for this browser, shown without the token."""
    return park(EMAIL_CHANGE, token, "public.email_change_page")


@bp.route("/akun/email-baru", methods=["GET", "POST"])
def email_change_page():
    """The new address's confirmation page; its button (a POST) makes it the account's email."""
    account = citizen_profile.read_email_change_link(parked(EMAIL_CHANGE))
    if account is None:
        return render_template("public/account/email_changed.html", account=None), 404
    if request.method == "GET":
        return render_template("public/account/email_changed.html", account=account,
                               ready=True)
    citizen_profile.confirm_email_change(account)
    forget(EMAIL_CHANGE)
    return render_template("public/account/email_changed.html", account=account)
