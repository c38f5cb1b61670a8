"""The `log` WhatsApp driver for `make run` and demos: no provider account needed.

It writes the filled-in WhatsApp text to the application log and counts it as delivered;
the Administrator reads the same texts on "Kotak keluar WhatsApp (uji)", which stands for the
citizen's phone: the row keeps its sealed links working there. Production refuses this driver (portal/config.py), since nothing would reach the citizen.
"""
import logging

from portal.messaging.channels import Driver, Receipt
from portal.messaging.channels.whatsapp_text import text
from portal.models import OutboxMessage

log = logging.getLogger("layanan.whatsapp")

NAME = "log"


def send(message: OutboxMessage) -> Receipt:
    """Log the text; the 'provider id' is ours, so callbacks and the test page can name it."""
    log.info("WhatsApp (log) to %s, %s:\n%s", message.recipient, message.template, text(message))
    return Receipt(provider=NAME, message_ids=(f"log-{message.id}",), status="delivered",
                   read_from_the_row=True)


DRIVER = Driver(name=NAME, send=send)
