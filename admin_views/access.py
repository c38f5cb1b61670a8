"""What every officer screen shares: the answer to someone it is not for, times in office time,
the counted menu entry."""
from datetime import date, datetime

from flask import abort, redirect, request, url_for
from flask_admin.model import typefmt
from flask_babel import gettext
from flask_login import current_user
from markupsafe import Markup

from portal.local_time import day_text, moment_text
from portal.officers.scope import my_positions, per_request
from portal.extensions import db
from portal.page_cache import menu_counts_cached


def _moment(view, value: datetime, name: str) -> str:
    return moment_text(value)


def _day(view, value: date, name: str) -> str:
    return day_text(value)


def _yes_no(view, value: bool, name: str) -> str:
    """A tick or a dash, titled and read out as Ya / Tidak (not Flask-Admin's 'active: true')."""
    word = gettext("Ya") if value else gettext("Tidak")
    icon = "fa-check-circle" if value else "fa-minus-circle"
    return Markup('<span class="fa {}" title="{}" aria-hidden="true"></span>'
                  '<span class="sr-only">{}</span>').format(icon, word, word)


# Moments in the office's zone to the minute, days day-first (a datetime is also a date: first).
READABLE_TIMES = {datetime: _moment, date: _day}


class OfficerScreen:
    """Mixin for officer screens: anonymous visitors go to the login page, other officers get 403.

    Lists, details and exports of its model views show times through `portal.local_time`.
    """

    column_type_formatters = {**typefmt.BASE_FORMATTERS, bool: _yes_no, **READABLE_TIMES}
    column_type_formatters_detail = {**typefmt.DETAIL_FORMATTERS, bool: _yes_no, **READABLE_TIMES}
    column_type_formatters_export = {**typefmt.EXPORT_FORMATTERS, **READABLE_TIMES}

    def inaccessible_callback(self, name, **kwargs):
        """Anonymous users go to the login page; others are refused."""
        if not current_user.is_authenticated:
            return redirect(url_for("login.index", next=request.full_path.rstrip("?")))
        return abort(403)


class CountedInMenu:
    """Mixin for scoped list screens: the menu entry counts the rows, e.g. 'Akun Baru (3)'.

    Pass `name=LazyString(self.menu_name)` to the view's constructor.
    """

    menu_label = ""
    # Archives (every finished application of a unit, or of the city) are not counted:
    # counting them would scan the archive on every page an officer opens.
    counted_in_menu = True

    def menu_name(self) -> str:
        """The label, with the number of rows in scope for an officer who may open the screen
        (worked out once per request: the menu, the title and the tabs all ask)."""
        return per_request(f"menu-name:{self.endpoint}", self._counted_menu_name)

    def _counted_menu_name(self) -> str:
        if (not self.counted_in_menu or not current_user or not current_user.is_authenticated
                or not self.is_accessible()):
            return str(self.menu_label)
        counts = per_request("menu_counts", lambda: menu_counts_cached(
            current_user, my_positions(current_user), lambda: menu_counts(self.admin)))
        return f"{self.menu_label} ({counts[self.endpoint]})"


def menu_counts(admin) -> dict[str, int]:
    """Every counted menu entry the user may open, counted in one database round trip."""
    views = [view for view in admin._views if isinstance(view, CountedInMenu)
             and view.counted_in_menu and view.is_accessible()]
    row = db.session.query(*(view.get_count_query().scalar_subquery() for view in views)).one()
    return {view.endpoint: count for view, count in zip(views, row)}


class ScopedRows:
    """Mixin for a model view: the list, its count and every single record pass through
    `scope()`, the SQL condition of the rows the logged-in officer may see, so an officer of
    another unit reaching for an id gets a 404."""

    def scope(self):
        """The SQL condition of the rows this officer may see (subclasses say which)."""
        raise NotImplementedError

    def get_query(self):
        """Only the rows in scope."""
        return super().get_query().filter(self.scope())

    def get_count_query(self):
        """Counted like the rows."""
        return super().get_count_query().filter(self.scope())

    def get_one(self, id):
        """One row in scope, or 404."""
        if not str(id).isdigit():
            abort(404)
        found = self.get_query().filter(self.model.id == int(id)).one_or_none()
        if found is None:
            abort(404)
        return found
