"""What an officer screen answers to someone it is not for."""
from flask import abort, redirect, request, url_for
from flask_login import current_user


class OfficerScreen:
    """Mixin for officer screens: anonymous visitors go to the login page, other officers get 403."""

    def inaccessible_callback(self, name, **kwargs):
        """Anonymous users go to the login page; others are refused."""
        if not current_user.is_authenticated:
            return redirect(url_for("login.index", next=request.full_path.rstrip("?")))
        return abort(403)
