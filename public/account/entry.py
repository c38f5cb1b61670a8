"""Citizen accounts: register with identity images, confirm the email, log in, reset."""
import secrets

from flask import current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from wtforms.fields.choices import SelectChoice

from portal.citizens import accounts as citizen_accounts
from portal.citizens import auth as citizen_auth
from portal.officers.auth import is_safe_next
from portal.extensions import db, limiter
from portal.login_limits import login_limits
from portal.models import CitizenAccount, Unit
from portal.messaging.citizen_notices import queue_message
from portal.files.uploads import attach, keep_uploads, pending_documents
from public import bp
from public.secret_landing import forget, park, parked
from public.account.forms import (ForgotPasswordForm, LoginForm, NewPasswordForm,
                                  registration_form_class)

ACCOUNT_EMAIL, RESET = "account_email", "password_reset"  # the secret links' purposes


def kelurahan_choices() -> list[SelectChoice]:
    """Every kelurahan, grouped by kecamatan."""
    units = db.session.execute(db.select(Unit).filter_by(kind="kelurahan")).scalars().all()
    units.sort(key=lambda unit: (unit.parent.name if unit.parent else "", unit.name))
    return [SelectChoice("", _("— Pilih —"))] + [
        SelectChoice(str(unit.id), unit.title, optgroup=unit.parent.title if unit.parent else None)
        for unit in units]


def _check_identity_images(form, documents: dict) -> bool:
    complete = True
    for key, _label in citizen_accounts.IDENTITY_UPLOADS:
        field = form[f"doc_{key}"]
        if field.errors:
            complete = False
        elif key not in documents:
            field.errors.append(_("Dokumen ini wajib diunggah."))
            complete = False
    return complete


def _create_account(form, documents: dict) -> None:
    account = CitizenAccount(
        nik=form.nik.data, kk=form.kk.data, name=form.name.data, email=form.email.data.lower(),
        phone=form.phone.data, address=form.address.data, home_unit_id=int(form.home_unit.data),
        status="unconfirmed")
    account.set_password(form.password.data)
    attach(documents.values(), None)
    for key, document in documents.items():
        setattr(account, f"{key}_document", document)
    db.session.add(account)
    db.session.flush()
    citizen_accounts.send_email_link(account)
    db.session.commit()


def _registered(form):
    """The one answer to every complete registration, whether the NIK had an account or not."""
    unit = db.session.get(Unit, int(form.home_unit.data))
    return render_template("public/account/registered.html", name=form.name.data,
                           email=form.email.data.lower(), unit=unit.title)


def _register(form, documents: dict) -> None:
    """Create the account; for a NIK that has one, tell its owner instead."""
    if citizen_accounts.status_of_nik(form.nik.data) is not None:
        # Hash the password all the same: the answer takes as long as a new account's.
        CitizenAccount().set_password(form.password.data)
        citizen_accounts.tell_owner_of_registration(form.nik.data)
        return
    try:
        _create_account(form, documents)
    except IntegrityError:  # the same NIK registered a moment ago
        db.session.rollback()
        citizen_accounts.tell_owner_of_registration(form.nik.data)


@bp.route("/akun/daftar", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["REGISTRATION_RATE_LIMIT"], methods=["POST"])
def register():
    """Registration; on errors every value and accepted image stays. Every complete
    registration gets the same answer, so the page never tells whether a NIK has an account."""
    form = registration_form_class(kelurahan_choices())()
    if not form.token_is_valid():
        form.form_token.data = secrets.token_urlsafe(24)
    documents = pending_documents(form.form_token.data)
    if request.method == "POST":
        valid = form.validate()
        documents = keep_uploads(form.form_token.data, citizen_accounts.identity_requirements(),
                                 request.files,
                                 lambda key, message: form[f"doc_{key}"].errors.append(message),
                                 drawings={"signature": form.drawn_signature.data})
        if _check_identity_images(form, documents) and valid:
            _register(form, documents)
            return _registered(form)
    return render_template("public/account/register.html", form=form, documents=documents,
                           requirements=citizen_accounts.identity_requirements())


@bp.get("/akun/konfirmasi/<token>")
def confirm_account_email(token: str):
    """The link from the registration email: kept for this browser, shown without the token."""
    return park(ACCOUNT_EMAIL, token, "public.account_email_page")


@bp.route("/akun/konfirmasi", methods=["GET", "POST"])
def account_email_page():
    """The confirmation page of the registration email; its button (a POST) confirms."""
    account = citizen_accounts.read_email_link(parked(ACCOUNT_EMAIL))
    if account is None:
        return render_template("public/account/email_confirmed.html", account=None), 404
    if request.method == "GET":
        return render_template("public/account/email_confirmed.html", account=account,
                               ready=True)
    citizen_accounts.confirm_email(account)
    forget(ACCOUNT_EMAIL)
    return render_template("public/account/email_confirmed.html", account=account)


@bp.route("/akun/masuk", methods=["GET", "POST"])
@login_limits("CITIZEN")
def account_login():
    """NIK + password login of an active account (POSTs limited per address and network)."""
    form = LoginForm()
    error = None
    if form.validate_on_submit():
        try:
            account = citizen_auth.authenticate(form.nik.data, form.password.data)
        except citizen_auth.AccountClosed:
            account, error = None, citizen_auth.ACCOUNT_CLOSED_MESSAGE
        else:
            error = citizen_auth.LOGIN_FAILED
        if account is not None:
            citizen_auth.log_in(account)
            target = request.args.get("next")
            if not is_safe_next(target):
                target = url_for("public.my_applications")
            return redirect(target, 303)
    return render_template("public/account/login.html", form=form, error=error)


@bp.post("/akun/keluar")
def account_logout():
    """End the citizen's session on this browser."""
    citizen_auth.log_out()
    return redirect(url_for("public.catalogue"), 303)


@bp.route("/akun/lupa-sandi", methods=["GET", "POST"])
@limiter.limit("10 per hour", methods=["POST"])
def forgot_password():
    """Email a single-use reset link; the page never tells whether the NIK exists."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        account = db.session.execute(db.select(CitizenAccount).filter_by(
            nik=form.nik.data)).scalar_one_or_none()
        if account is not None and account.status == "active":
            token = citizen_auth.issue_reset_token(account)
            queue_message("email", account.email, "citizen_password_reset",
                          {"name": account.name, "token": token},
                          key=f"account-{account.id}-reset-{account.reset_token_hash}")
            db.session.commit()
        return render_template("public/account/forgot.html", form=form, sent=True)
    return render_template("public/account/forgot.html", form=form, sent=False)


@bp.get("/akun/sandi-baru/<token>")
def reset_password(token: str):
    """The reset link from the email: kept for this browser, shown without the token."""
    return park(RESET, token, "public.new_password")


@bp.route("/akun/sandi-baru", methods=["GET", "POST"])
def new_password():
    """Choose a new password with the emailed link (once, before it expires)."""
    account = citizen_auth.account_of_reset_token(parked(RESET))
    if account is None:
        return render_template("public/account/reset.html", form=None), 404
    form = NewPasswordForm()
    if form.validate_on_submit():
        if citizen_accounts.password_is_weak(form.password.data, account.nik, account.name,
                                             account.email):
            form.password.errors.append(_("Kata sandi terlalu mudah ditebak."))
        else:
            citizen_auth.reset_password(account, form.password.data)
            forget(RESET)
            return render_template("public/account/reset.html", form=None, done=True)
    return render_template("public/account/reset.html", form=form)
