"""The profile's notification choice: WhatsApp, email or both, milestones or every step.

It needs no password (it only changes how the account's own contact details are used) and
is the starting choice of the account holder's next application forms.
"""
from flask import redirect, url_for

from portal.citizens.auth import current_citizen
from portal.citizens.profile import change_notice_choice
from public import bp
from public.account.applications import citizen_required
from public.notice_choice import NoticeSettingsForm, notice_choice


@bp.post("/akun/profil/pemberitahuan")
@citizen_required
def my_notice_settings():
    """Store the account's choice and go back to the profile."""
    form = NoticeSettingsForm()
    if form.validate():
        change_notice_choice(current_citizen(), **notice_choice(form))
        return redirect(url_for("public.my_profile", selesai="pemberitahuan"), 303)
    return redirect(url_for("public.my_profile"), 303)
