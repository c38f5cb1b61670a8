"""Officer login: NIP and password, then the pages of `LOGIN_STEPS` the officer must pass
before the session is logged in (second factor, enrolling one, a new own password)."""
from dataclasses import dataclass
from datetime import timedelta
from typing import Callable, Optional

from flask import redirect, request, session, url_for
from flask_admin import BaseView, expose
from flask_babel import gettext
from flask_login import current_user, login_user

from admin_views.forms import LoginForm, NewPasswordForm, SecondFactorForm
from admin_views.second_factor_pages import NO_STORE, enrolment, recovery_codes_page
from portal.extensions import db
from portal.login_limits import login_limits
from portal.models import Officer, utcnow
from portal.officers import audit, second_factor
from portal.officers.auth import LOGIN_FAILED, authenticate, complete_login, is_safe_next, \
    load_officer, password_problems
from portal.officers.login_throttle import count_failure, is_locked

PENDING = "pending_login"  # session key: the officer between password and full login
PENDING_FOR = timedelta(minutes=10)


@dataclass(frozen=True)
class LoginStep:
    """A page between the password and the logged-in session, shown when `needed`."""

    name: str
    needed: Callable[[Officer], bool]
    endpoint: str


LOGIN_STEPS = (
    LoginStep("second_factor", lambda officer: officer.has_second_factor,
              "login.second_factor"),
    LoginStep("enrol_second_factor",
              lambda officer: officer.is_administrator and not officer.has_second_factor,
              "login.enrol_second_factor"),
    LoginStep("new_password", lambda officer: officer.must_change_password, "login.new_password"),
)


def pending_officer() -> Optional[Officer]:
    """The officer whose password was right in this session a short while ago, if any."""
    pending = session.get(PENDING) or {}
    started = pending.get("started", 0)
    if utcnow().timestamp() - started > PENDING_FOR.total_seconds():
        return None
    return load_officer(pending.get("officer", ""))


def begin_login(officer: Officer, target: str):
    """A fresh session that remembers the officer until every needed step is passed."""
    session.clear()  # nothing from before login survives
    session[PENDING] = {"officer": officer.get_id(), "next": target, "passed": [],
                        "started": utcnow().timestamp()}
    return continue_login(officer)


def mark_passed(officer: Officer, *steps: str) -> dict:
    """Remember passed steps (and the officer's current session token) in the session."""
    pending = dict(session[PENDING], officer=officer.get_id())
    pending["passed"] = pending["passed"] + list(steps)
    session[PENDING] = pending
    return pending


def continue_login(officer: Officer, *passed: str):
    """Go to the next needed step; after the last one log the session in and go to `next`."""
    pending = mark_passed(officer, *passed)
    for step in LOGIN_STEPS:
        if step.name not in pending["passed"] and step.needed(officer):
            return redirect(url_for(step.endpoint))
    session.pop(PENDING)
    complete_login(officer)
    login_user(officer)
    target = pending["next"]
    return redirect(target if is_safe_next(target) else url_for("admin.index"))


class LoginView(BaseView):
    """Halaman login: NIP and password, then the login steps."""

    def is_visible(self) -> bool:
        """Not a menu item."""
        return False

    @expose("/", methods=("GET", "POST"))
    @login_limits("OFFICER")
    def index(self):
        """Show the form (POSTs limited per address and network); on success start the steps."""
        form = LoginForm(next=request.args.get("next", ""))
        if current_user.is_authenticated and request.method == "GET":
            return redirect(url_for("admin.index"))
        if form.validate_on_submit():
            officer = authenticate(form.nip.data, form.password.data)
            if officer is not None:
                return begin_login(officer, form.next.data)
            form.password.errors.append(str(LOGIN_FAILED))
        return self.render("layanan_admin/login.html", form=form)

    @expose("/kode/", methods=("GET", "POST"))
    @login_limits("OFFICER")
    def second_factor(self):
        """Verifikasi dua langkah: a fresh code of the app or an unused recovery code; wrong
        codes count towards this address's lock like wrong passwords."""
        officer = pending_officer()
        if officer is None or not officer.has_second_factor:
            return redirect(url_for(".index"))
        form = SecondFactorForm()
        if form.validate_on_submit():
            locked = is_locked(officer)
            if not locked and second_factor.check(officer, form.code.data):
                db.session.commit()  # the step (or recovery code) is used up
                return continue_login(officer, "second_factor")
            if not locked:
                count_failure(officer)
            audit.record("second_factor_failed", "officer", officer.id, officer=officer)
            db.session.commit()
            form.code.errors.append(gettext(
                "Kode salah atau sudah dipakai. Tunggu kode berikutnya di aplikasi, atau pakai "
                "satu kode pemulihan."))
        status = 400 if form.is_submitted() else 200
        return self.render("layanan_admin/login_second_factor.html", form=form), status

    @expose("/daftar-2fa/", methods=("GET", "POST"))
    def enrol_second_factor(self):
        """The Administrator without a second factor enrols one before going any further."""
        officer = pending_officer()
        if officer is None or officer.has_second_factor:
            return redirect(url_for(".index"))

        def finished(codes):
            mark_passed(officer, "enrol_second_factor", "second_factor")
            return recovery_codes_page(self, codes, next_form_action=url_for(".resume"))

        return enrolment(self, officer, url_for(".enrol_second_factor"), finished)

    @expose("/lanjut/", methods=("POST",))
    def resume(self):
        """Onwards from the recovery codes to the next step, or into the console."""
        officer = pending_officer()
        if officer is None:
            return redirect(url_for(".index"))
        return continue_login(officer)

    @expose("/sandi-baru/", methods=("GET", "POST"))
    def new_password(self):
        """Ganti kata sandi: the officer's own password replaces the one an Administrator chose."""
        officer = pending_officer()
        if officer is None or not officer.must_change_password:
            return redirect(url_for(".index"))
        form = NewPasswordForm()
        if form.validate_on_submit():
            form.new_password.errors.extend(
                str(problem) for problem in password_problems(officer, form.new_password.data))
        if not form.is_submitted() or any(field.errors for field in form):
            status = 400 if form.is_submitted() else 200
            return self.render("layanan_admin/login_new_password.html", form=form,
                               officer=officer), status, NO_STORE
        officer.set_password(form.new_password.data)
        officer.must_change_password = False
        audit.record("password_set_after_reset", "officer", officer.id, officer=officer)
        db.session.commit()
        return continue_login(officer, "new_password")
