"""The officer's and Administrator's face, built with Flask-Admin inside create_app."""
from flask_admin import Admin
from flask_admin.theme import Bootstrap4Theme

from portal.security import csp_nonce


def init_admin(app) -> Admin:
    """Build a fresh Admin for this app and register every view."""
    admin = Admin(app, name="Layanan", url="/admin",
                  theme=Bootstrap4Theme(base_template="admin/base.html", swatch="default"),
                  csp_nonce_generator=csp_nonce)
    from admin_views.letters import LetterView; admin.add_view(LetterView(name="Surat", endpoint="letters", url="/admin/surat"))  # noqa: E501,E702 - issue 6
    return admin
