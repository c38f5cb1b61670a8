"""The officer's and Administrator's face, built with Flask-Admin inside create_app."""
from flask import Blueprint
from flask_admin import Admin
from flask_admin.theme import Bootstrap4Theme
from flask_babel import lazy_gettext, lazy_pgettext

from portal.officers.auth import forget_cached_officer
from portal.extensions import login_manager
from portal.security import csp_nonce


def init_admin(app) -> Admin:
    """Build a fresh Admin for this app and register every view."""
    from admin_views.console import register_console

    admin = _new_admin(app)
    register_office_views(admin)
    register_console(admin, app)
    _register_login(admin, app)
    return admin


def _new_admin(app) -> Admin:
    """The Admin with our theme, strict CSP nonce and Indonesian catalogues."""
    from admin_views.auth_views import HomeView
    from admin_views.language import TRANSLATIONS, prime_admin_catalogues

    app.register_blueprint(Blueprint("layanan_admin", __name__, template_folder="templates",
                                     static_folder="static", static_url_path="/admin/aset"))
    admin = Admin(app, name="Layanan", url="/admin",
                  theme=Bootstrap4Theme(base_template="layanan_admin/base.html", swatch="default"),
                  index_view=HomeView(name=lazy_gettext("Beranda"), url="/admin"),
                  csp_nonce_generator=csp_nonce, translations_path=TRANSLATIONS)
    prime_admin_catalogues(admin)
    return admin


def register_office_views(admin: Admin) -> None:
    """The office's daily screens: queues, signing, profile, counter, letters, complaints."""
    from admin_views.accounts import NewAccountView
    from admin_views.auth_views import ProfileView
    from admin_views.counter import CounterView
    from admin_views.family import NewFamilyMemberView
    from admin_views.letters import LetterView
    from admin_views.pickups import PickupView
    from admin_views.queues import QUEUE_VIEWS
    from admin_views.signatures import SignatureView
    from admin_views.standards import ComplaintView, PostalDeliveryView
    from portal.extensions import db
    from portal.models import Complaint, PostalDelivery

    for view_class, endpoint, url in QUEUE_VIEWS:
        admin.add_view(view_class(endpoint=endpoint, url=url))
    admin.add_view(SignatureView(endpoint="signatures", url="/admin/tanda-tangan"))
    admin.add_view(ProfileView(name=lazy_gettext("Profil Petugas"), endpoint="profile",
                               url="profile"))
    admin.add_view(CounterView(name=lazy_gettext("Permohonan di Loket"), endpoint="counter",
                               url="/admin/loket"))
    admin.add_view(NewAccountView(endpoint="new_accounts", url="/admin/akun-baru"))
    admin.add_view(NewFamilyMemberView(endpoint="new_family_members",
                                       url="/admin/anggota-keluarga-baru"))
    admin.add_view(PickupView(name=lazy_gettext("Pengambilan"), endpoint="pickups",
                              url="/admin/pengambilan"))
    admin.add_view(LetterView(name=lazy_pgettext("menu", "Surat"), endpoint="letters",
                              url="/admin/surat"))
    admin.add_view(PostalDeliveryView(PostalDelivery, db, name=lazy_gettext("Pengiriman"),
                                      endpoint="postal_deliveries", url="/admin/pengiriman"))
    admin.add_view(ComplaintView(Complaint, db, name=lazy_gettext("Pengaduan"),
                                 endpoint="complaints", url="/admin/pengaduan"))


def _register_login(admin: Admin, app) -> None:
    """The login screen last (hidden from the menu), and flask-login pointed at it."""
    from admin_views.login import LoginView

    admin.add_view(LoginView(name=lazy_gettext("Masuk"), endpoint="login", url="login"))
    app.before_request(forget_cached_officer)
    login_manager.login_view = "login.index"
    login_manager.login_message = lazy_gettext("Silakan masuk terlebih dahulu.")
