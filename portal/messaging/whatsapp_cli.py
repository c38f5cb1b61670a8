"""`flask whatsapp templates`: the WhatsApp templates an office registers at Meta, to paste."""
import click
from flask import current_app
from flask.cli import AppGroup

from portal.messaging.channels.wa_cloud import template_name
from portal.messaging.channels.whatsapp_text import WHATSAPP_NOTICES, meta_body

whatsapp_cli = AppGroup("whatsapp", help="WhatsApp notices.")


@whatsapp_cli.command("templates")
def templates_command() -> None:
    """Print each notice's template: name, category, language, body and its variables."""
    language = current_app.config["WA_CLOUD_TEMPLATE_LANGUAGE"]
    for notice, variables in WHATSAPP_NOTICES.items():
        click.echo(f"=== {template_name(notice)}  (pemberitahuan: {notice})")
        click.echo(f"Kategori: Utility · Bahasa: {language}")
        click.echo("Variabel: " + ", ".join(f"{{{{{number}}}}} {name}"
                                             for number, name in enumerate(variables, 1)))
        click.echo(meta_body(notice))
        click.echo("")


def register(app) -> None:
    """Attach `flask whatsapp templates`."""
    app.cli.add_command(whatsapp_cli)
