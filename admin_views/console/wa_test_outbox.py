""""Kotak keluar WhatsApp (uji)": the WhatsApp texts the `log` driver "sent", newest first.

With WHATSAPP_DRIVER=log (`make run`, demos, training) nothing leaves the machine; this
page shows the Administrator exactly what citizens would have received on WhatsApp.
"""
from flask import current_app
from flask_admin import expose
from sqlalchemy import select

from admin_views.console.base import AdministratorView
from portal.extensions import db
from portal.messaging.channels import log as log_driver
from portal.messaging.channels.whatsapp_text import text
from portal.models import OutboxMessage
from portal.officers import audit

PAGE_SIZE = 50


class WhatsAppTestOutboxView(AdministratorView):
    """The log driver's outbox; in the menu only while that driver is configured."""

    def is_visible(self) -> bool:
        """Shown in the menu while WHATSAPP_DRIVER is `log`."""
        return current_app.config.get("WHATSAPP_DRIVER") == log_driver.NAME

    @expose("/")
    def index(self):
        """The latest messages with their full text."""
        rows = db.session.execute(
            select(OutboxMessage).filter_by(channel="whatsapp", provider=log_driver.NAME)
            .order_by(OutboxMessage.id.desc()).limit(PAGE_SIZE)).scalars().all()
        audit.record("list_personal_data", "outbox", "",  # recipients' full phone numbers
                     {"screen": "console_wa_outbox.index", "ids": [m.id for m in rows]})
        db.session.commit()
        return self.render("console/wa_test_outbox.html", messages=[(m, text(m)) for m in rows],
                           active=self.is_visible())
