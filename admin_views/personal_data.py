"""Console screens that show a full NIK, KK, phone number or identity image leave an audit row
(UU 27/2022): searches, lists with such columns, and the pages and forms that show one record.
tests/admin_views/test_every_personal_data_screen_is_audited.py sweeps every such screen."""
from flask import request

from portal.extensions import db
from portal.officers import audit


class AuditedPersonalData:
    """Mixin for Flask-Admin model views: searches, list pages and single-record pages that
    show personal data write one audit row each, committed before the page is sent."""

    audit_kind = ""  # the audit log's object type of a row
    audit_searches = True  # the search box finds people by NIK, name, phone or email
    audit_lists = False  # every list page shows full NIKs or phone numbers
    audited_pages: dict = {}  # Flask-Admin page (e.g. "edit_view") -> audit action on GET

    def get_list(self, page, sort_column, sort_desc, search, filters, execute=True,
                 page_size=None):
        """A page of rows; a search, or a list of personal data, is audited with the rows."""
        count, rows = super().get_list(page, sort_column, sort_desc, search, filters,
                                       execute=execute, page_size=page_size)
        if execute and ((search and self.audit_searches) or self.audit_lists):
            rows = list(rows)
            audit.record("search_personal_data" if search else "list_personal_data",
                         self.audit_kind, "", {"screen": self.endpoint, "search": search or "",
                                               "ids": [row.id for row in rows]})
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
