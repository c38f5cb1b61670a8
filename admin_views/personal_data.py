"""Console screens that show a full NIK, KK, phone number or identity image leave an audit row
(UU 27/2022): searches, lists with such columns, and the pages and forms that show one record.
tests/admin_views/test_every_personal_data_screen_is_audited.py sweeps every such screen."""
from flask import request

from portal.extensions import db
from portal.officers import audit


def _list_action(search: str) -> str:
    """The audit action of a list page: exported, searched or only shown."""
    if (request.endpoint or "").endswith(".export"):
        return "export_personal_data"
    return "search_personal_data" if search else "list_personal_data"


class AuditedPersonalData:
    """Mixin for Flask-Admin model views: searches, list pages and single-record pages that
    show personal data write one audit row each, committed before the page is sent."""

    audit_kind = ""  # the audit log's object type of a row
    audit_searches = True  # the search box finds people by NIK, name, phone or email
    audit_lists = False  # every list page shows full NIKs or phone numbers
    audited_pages: dict = {}  # Flask-Admin page (e.g. "edit_view") -> audit action on GET

    def get_list(self, page, sort_column, sort_desc, search, filters, execute=True,
                 page_size=None):
        """A page of rows; a search, a list of personal data or its export is audited."""
        count, rows = super().get_list(page, sort_column, sort_desc, search, filters,
                                       execute=execute, page_size=page_size)
        if (search and self.audit_searches) or self.audit_lists:
            detail = {"screen": request.endpoint, "search": search or ""}
            if execute:  # without it, Flask-Admin's export runs the query itself
                rows = list(rows)
                detail["ids"] = [row.id for row in rows]
            audit.record(_list_action(search), self.audit_kind, "", detail)
            db.session.commit()
        return count, rows

    def render(self, template, **kwargs):
        """Render a page; a page of `audited_pages` showing one record is audited first."""
        action = self.audited_pages.get((request.endpoint or "").rsplit(".", 1)[-1])
        model = kwargs.get("model")
        if action and model is not None and request.method == "GET":
            audit.record(action, self.audit_kind, model.id, {"screen": request.endpoint})
            db.session.commit()
        return super().render(template, **kwargs)
