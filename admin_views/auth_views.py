"""The home dashboard, the officer's profile (password, notifications) and logout."""
from flask import flash, redirect, request, session, url_for
from flask_admin import AdminIndexView, BaseView, expose
from flask_babel import gettext
from flask_login import current_user, login_user, logout_user

from admin_views.access import OfficerScreen
from admin_views.forms import NotifyModeForm, PasswordChangeForm
from admin_views.second_factor_pages import enrolment, recovery_codes_page
from portal.officers import audit
from portal.officers.auth import end_all_sessions, password_problems
from portal.officers.second_factor import remaining_recovery_codes
from portal.reports.dashboard import officer_summary, received_this_month, unit_totals
from portal.reports.recap import CHANNEL_TITLES
from portal.extensions import db
from portal.workflow.engine import position_title

# Where each kind of user lands after login.
LANDING = {True: "semua_permohonan.index_view", False: "data_baru.index_view"}


class HomeView(AdminIndexView):
    """/admin/: the home dashboard — my queue in numbers, or every unit's for the Administrator."""

    @expose("/")
    def index(self):
        """The login page for strangers; the dashboard of the signed-in user's role otherwise."""
        if not current_user.is_authenticated:
            return redirect(url_for("login.index"))
        channel = request.args.get("kanal", "")
        channel = channel if channel in CHANNEL_TITLES else None
        common = {"channel": channel, "channels": CHANNEL_TITLES}
        if current_user.is_administrator:
            return self.render("layanan_admin/home.html", totals=unit_totals(channel=channel),
                               summary=None, received=received_this_month(),
                               work_url=url_for(LANDING[True]), **common)
        return self.render("layanan_admin/home.html",
                           summary=officer_summary(current_user, channel=channel),
                           received=received_this_month(current_user.unit_id),
                           totals=None, work_url=url_for(LANDING[False]), **common)


class ProfileView(OfficerScreen, BaseView):
    """Profil Petugas: change one's own password, choose notifications, log out."""

    def is_accessible(self) -> bool:
        """Any logged-in officer."""
        return bool(current_user.is_authenticated)

    def _render(self, password_form=None, notify_form=None):
        officer = current_user
        title = position_title(officer.position, officer.unit.kind) if officer.unit else ""
        return self.render(
            "layanan_admin/profile.html", officer=officer, position_title=title,
            recovery_codes_left=remaining_recovery_codes(officer),
            password_form=password_form or PasswordChangeForm(formdata=None),
            notify_form=notify_form or NotifyModeForm(formdata=None,
                                                      notify_mode=current_user.notify_mode))

    @expose("/")
    def index(self):
        """The profile page."""
        return self._render()

    @expose("/password/", methods=("POST",))
    def change_password(self):
        """Old password required; the new one is 12+ characters and not the NIP."""
        form = PasswordChangeForm()
        officer = current_user._get_current_object()
        if form.validate():
            if not officer.check_password(form.old_password.data):
                form.old_password.errors.append(gettext("Kata sandi lama salah."))
            form.new_password.errors.extend(
                str(problem) for problem in password_problems(officer, form.new_password.data))
        if not form.is_submitted() or any(field.errors for field in form):
            return self._render(password_form=form), 400
        officer.set_password(form.new_password.data)  # ends every other session
        audit.record("password_changed", "officer", officer.id)
        db.session.commit()
        login_user(officer)  # this session continues with the new token
        flash(gettext("Kata sandi berhasil diubah. Sesi lain telah diakhiri."), "success")
        return redirect(url_for(".index"))

    @expose("/2fa/", methods=("GET", "POST"))
    def second_factor(self):
        """Turn on the second factor (optional for unit officers; the Administrator has it)."""
        officer = current_user._get_current_object()
        if officer.has_second_factor:
            flash(gettext("Verifikasi dua langkah sudah aktif."), "info")
            return redirect(url_for(".index"))
        back_to_profile = url_for(".index")
        return enrolment(self, officer, url_for(".second_factor"),
                         lambda codes: recovery_codes_page(self, codes, next_link=back_to_profile))

    @expose("/notifications/", methods=("POST",))
    def change_notifications(self):
        """Instant email per new item, or one daily digest."""
        form = NotifyModeForm()
        if not form.validate():
            return self._render(notify_form=form), 400
        current_user.notify_mode = form.notify_mode.data
        db.session.commit()
        flash(gettext("Pengaturan pemberitahuan disimpan."), "success")
        return redirect(url_for(".index"))

    @expose("/logout/", methods=("POST",))
    def logout(self):
        """End the session server-side: the old cookie no longer logs anyone in."""
        officer = current_user._get_current_object()
        end_all_sessions(officer)
        audit.record("logout", "officer", officer.id)
        db.session.commit()
        logout_user()
        session.clear()
        flash(gettext("Anda telah keluar."), "info")
        return redirect(url_for("login.index"))

