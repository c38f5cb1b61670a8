"""`flask` commands for operators: demo data, officer accounts, citizen account retention."""
import json

import click
from flask import current_app
from flask.cli import AppGroup

from portal.extensions import db
from portal.models import Application, Officer, Service, Unit
from portal.citizens.retention import purge_expired_identity_images
from portal.sweeps import register as register_sweeps
from portal.validators import is_nip
from portal.workflow.engine import POSITIONS

officers_cli = AppGroup("officers", help="Manage officer accounts.")
accounts_cli = AppGroup("accounts", help="Citizen accounts.")


@click.command("seed-demo")
@click.option("--no-applications", is_flag=True, help="Skip the sample applications.")
def seed_demo_command(no_applications: bool) -> None:
    """Load the Kota Batam demo data (idempotent)."""
    from portal.seed import seed_demo

    seed_demo(current_app.config["DEMO_PASSWORD"], with_applications=not no_applications)
    _demo_signing_certificate()
    counts = {m.__tablename__: db.session.query(m).count()
              for m in (Unit, Officer, Service, Application)}
    click.echo(f"Demo data ready: {json.dumps(counts)}")


def _demo_signing_certificate() -> None:
    """Give the local signer a demo certificate in instance/signing/ unless one is installed."""
    from pathlib import Path

    from portal.letters.certificates import ensure_demo_keystore

    config = current_app.config
    if config.get("LETTER_SIGNING") != "local" or config.get("LAYANAN_ENV") == "production":
        return
    keystore, roots = Path(config["SIGNING_PKCS12_PATH"]), config["SIGNING_TRUST_ROOTS"]
    if roots and ensure_demo_keystore(keystore, Path(roots[0]), config["DEMO_SIGNING_PASSPHRASE"]):
        click.echo(f"Demo signing certificate: {keystore} (passphrase: DEMO_SIGNING_PASSPHRASE)")


def _officer_row(officer: Officer) -> dict:
    return {
        "nip": officer.nip, "name": officer.name, "position": officer.position,
        "unit_code": officer.unit.code if officer.unit else None,
        "unit_name": officer.unit.title if officer.unit else None,
        "active": officer.active, "is_administrator": officer.is_administrator,
        "email": officer.email,
    }


@officers_cli.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
def list_officers(as_json: bool) -> None:
    """List officer accounts."""
    rows = [_officer_row(o) for o in db.session.execute(
        db.select(Officer).order_by(Officer.unit_id, Officer.nip)).scalars()]
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for row in rows:
        role = "Administrator" if row["is_administrator"] else row["position"]
        click.echo(f"{row['nip']}  {row['name']:<28} {role:<12} {row['unit_name'] or '-'}")


def _validate_nip(ctx, param, value):
    if not is_nip(value):
        raise click.BadParameter("NIP harus 18 digit angka.")
    return value


@officers_cli.command("create")
@click.option("--nip", prompt="NIP (18 digit)", callback=_validate_nip)
@click.option("--name", prompt="Nama lengkap")
@click.option("--email", default="", prompt="Email")
@click.option("--administrator/--no-administrator", default=False, prompt="Administrator?")
@click.option("--position", type=click.Choice(POSITIONS), default=None)
@click.option("--unit-code", default=None, help="Kode unit, e.g. 21.71.06")
@click.password_option(prompt="Kata sandi (min. 12 karakter)")
def create_officer(nip, name, email, administrator, position, unit_code, password) -> None:
    """Create an officer (how the first Administrator of a real install is made)."""
    if len(password) < 12:
        raise click.BadParameter("Kata sandi minimal 12 karakter.", param_hint="--password")
    if db.session.execute(db.select(Officer).filter_by(nip=nip)).first():
        raise click.ClickException(f"NIP {nip} sudah terdaftar.")
    unit = None
    if not administrator:
        unit = db.session.execute(db.select(Unit).filter_by(code=unit_code)).scalar_one_or_none()
        if unit is None or position is None:
            raise click.ClickException("Petugas unit memerlukan --position dan --unit-code yang valid.")
    officer = Officer(nip=nip, name=name, email=email, is_administrator=administrator,
                      position=None if administrator else position, unit=unit)
    officer.set_password(password)
    db.session.add(officer)
    db.session.commit()
    click.echo(f"Petugas {name} ({nip}) dibuat.")


@accounts_cli.command("purge-identity-images")
def purge_identity_images_command() -> None:
    """Delete identity images of accounts refused or closed over ACCOUNT_RETENTION_DAYS ago."""
    accounts, images = purge_expired_identity_images()
    click.echo(f"Deleted {images} identity image(s) of {accounts} account(s).")


def register(app) -> None:
    """Attach the commands to the app's CLI."""
    app.cli.add_command(seed_demo_command)
    app.cli.add_command(officers_cli)
    app.cli.add_command(accounts_cli)
    register_sweeps(app)
