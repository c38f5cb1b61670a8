"""Letter HTML: the template context and rendering in a sandboxed Jinja environment.

The built-in bodies live in `letter_templates/`; an Administrator may replace a
service's body with `Service.letter_template`. Both run in the sandbox with
autoescaping, so citizen data always renders as text, and any template error is
raised as LetterTemplateError with a message for the Administrator.
"""
import base64
import re
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Optional

import segno
from flask import current_app
from jinja2 import FileSystemLoader, StrictUndefined, TemplateError, TemplateSyntaxError
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup, escape

from portal.extensions import db
from portal.letters import wording
from portal.letters.issuing import letter_number, local_date, subject_for
from portal.letters.signatories import (Signer, approving_signer, build_signer, rule_of,
                                       statement)
from portal.letters.signers import PLACE_MARKER, provider, signing_enabled
from portal.models import Application, Letter, Service, Unit, utcnow
from portal.workflow.engine import position_title

TEMPLATE_DIR = Path(__file__).resolve().parents[2] / "letter_templates"
GENERIC_BODY = "bodies/_generic.html"
MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
          "September", "Oktober", "November", "Desember")
SERVICE_CODE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
EMPTY = "-"
# The number a draft shows: the real one is taken only by "Cetak".
DRAFT_NUMBER = "…/…/…/DRAF"
# Sample values for the Administrator's preview, per field type.
SAMPLE_VALUES = {"date": "2000-01-31", "number": "3", "textarea": "Jl. Contoh No. 1\nBaris kedua"}


class LetterTemplateError(Exception):
    """A letter template that does not compile or render; the message says where and why."""


class FormValues(dict):
    """Form data for templates: a field the application lacks reads as '-', not an error."""

    def __missing__(self, key):
        return EMPTY


def indonesian_date(day: Optional[date]) -> str:
    """'25 November 2026'."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}" if day else EMPTY


def _field_value(field: dict, raw) -> str:
    if raw is None or str(raw).strip() == "":
        return EMPTY
    if field.get("type") == "date":
        try:
            return indonesian_date(date.fromisoformat(str(raw)))
        except ValueError:
            return str(raw)
    return str(raw)


def _multiline(value) -> Markup:
    return Markup("<br>").join(escape(line) for line in str(value).splitlines())


def _lines(value) -> list[str]:
    return [line.strip() for line in str(value).splitlines() if line.strip()]


@lru_cache(maxsize=1)
def letter_environment() -> SandboxedEnvironment:
    """The one sandboxed environment of letters (built on first use)."""
    env = SandboxedEnvironment(loader=FileSystemLoader(str(TEMPLATE_DIR)), autoescape=True,
                               undefined=StrictUndefined)
    env.filters["multiline"] = _multiline
    env.filters["lines"] = _lines
    env.filters.update(wording.FILTERS)
    return env


@lru_cache(maxsize=1)
def logo_data_uri() -> str:
    """The letterhead logo as a data: URI (wkhtmltopdf reads no file and no network)."""
    svg = (TEMPLATE_DIR / "logo.svg").read_bytes()
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


def verification_url(token: str) -> str:
    """The public URL the QR code points to."""
    return f"{current_app.config['PUBLIC_BASE_URL'].rstrip('/')}/verifikasi/{token}"


def qr_data_uri(url: str) -> str:
    """A QR code of `url` as a PNG data: URI."""
    # A fixed mask skips segno's search for the best one (most of its time); any mask scans.
    return segno.make_qr(url, error="m", mask=4).png_data_uri(scale=6, border=2)


def unit_context(unit: Unit) -> dict:
    """How the letterhead and the opening sentence name the unit."""
    parent = unit.parent
    within = f", {parent.title}, {current_app.config['CITY_NAME']}" if parent else \
        f", {current_app.config['CITY_NAME']}"
    return {
        "title": unit.title, "name": unit.name, "kind": unit.kind, "code": unit.short_code,
        "address": unit.address, "phone": unit.phone, "email": unit.email,
        "letterhead_lines": unit.letterhead_lines or [current_app.config["CITY_NAME"],
                                                      unit.title],
        "address_lines": _lines(unit.address or ""),
        "head_title": f"{position_title('kepala', unit.kind)} {unit.name}",
        "within": within, "parent_title": parent.title if parent else "",
    }


def form_context(snapshot: dict, form_data: dict) -> tuple[FormValues, list[dict]]:
    """Form values by name (formatted) and every field as {label, value}, in form order."""
    fields = snapshot.get("fields", [])
    values = FormValues({f["name"]: _field_value(f, form_data.get(f["name"])) for f in fields})
    return values, [{"name": f["name"], "label": f["label"], "value": values[f["name"]]}
                    for f in fields]


def _letter_part(letter: Letter) -> dict:
    url = verification_url(letter.verification_token)
    return {
        "number": letter.number, "subject": letter.subject, "short_code": letter.short_code,
        "date": indonesian_date(local_date(letter.issued_at)), "verify_url": url,
        "verify_home": url.rsplit("/", 1)[0], "place": current_app.config["LETTER_PLACE"],
    }


def signer_context(signer: Signer, unit: Unit) -> dict:
    """The signature block's and the opening sentence's view of the signer."""
    return {"name": signer.name, "nip": signer.nip, "title": signer.title,
            "on_behalf_of": signer.on_behalf_of, "by_order_of": signer.by_order_of,
            "statement": statement(signer, unit)}


def stored_signer(letter: Letter) -> Signer:
    """The signer recorded on a letter."""
    return Signer(name=letter.signer_name, nip=letter.signer_nip, title=letter.signer_title,
                  on_behalf_of=letter.signer_on_behalf_of,
                  by_order_of=letter.signer_by_order_of or "")


def signature_context(electronic: bool) -> dict:
    """Whether the block holds an electronic signature, and the text a remote signer seeks."""
    return {"electronic": electronic, "marker": PLACE_MARKER if provider() == "bsre" else ""}


def applicant_context(application: Application) -> dict:
    """The applicant as letter templates see them."""
    return {"name": application.applicant_name, "nik": application.applicant_nik,
            "kk": application.applicant_kk, "address": application.applicant_address or EMPTY,
            "phone": application.applicant_phone, "email": application.applicant_email}


def letter_context(letter: Letter, signer: Optional[Signer] = None) -> dict:
    """Everything a letter template may use, as plain data (`signer`: who is about to sign)."""
    application = letter.application
    form, fields = form_context(application.definition_snapshot or {}, application.form_data or {})
    part = _letter_part(letter)
    return {
        "letter": part, "unit": unit_context(letter.unit), "form": form, "fields": fields,
        "service": {"code": letter.service.code, "name": letter.service.name},
        "applicant": applicant_context(application),
        "signer": signer_context(signer or stored_signer(letter), letter.unit),
        "signature": signature_context(letter.render_status in ("unsigned", "signing")
                                       or letter.is_signed),
        "assets": {"logo": logo_data_uri(), "qr": qr_data_uri(part["verify_url"])},
        "city": current_app.config["CITY_NAME"],
    }


def body_template_name(service_code: str) -> str:
    """The built-in body of a service, or the generic body for services added later."""
    name = f"bodies/{service_code}.html"
    known = SERVICE_CODE.match(service_code or "") and (TEMPLATE_DIR / name).is_file()
    return name if known else GENERIC_BODY


def builtin_body_source(service_code: str) -> str:
    """The text of a service's built-in body (the starting point of an override)."""
    return (TEMPLATE_DIR / body_template_name(service_code)).read_text(encoding="utf-8")


def describe_error(error: Exception) -> str:
    """An Indonesian description of a template error for the Administrator."""
    if isinstance(error, TemplateSyntaxError):
        return f"Templat surat tidak valid (baris {error.lineno}): {error.message}"
    return f"Templat surat gagal diisi: {error}"


def render_html(context: dict, service_code: str, override: Optional[str] = None,
                style_nonce: str = "", draft: bool = False) -> str:
    """The complete letter HTML; raises LetterTemplateError instead of rendering blank.

    A `draft` is marked as such on every page (the preview before "Cetak").
    """
    env = letter_environment()
    try:
        if override and override.strip():
            body = env.from_string(override).render(context)
        else:
            body = env.get_template(body_template_name(service_code)).render(context)
        if not body.strip():
            raise LetterTemplateError("Templat surat menghasilkan isi kosong.")
        return env.get_template("base.html").render(
            context, body=Markup(body), style_nonce=style_nonce, draft=draft,
            zoom=current_app.config["WKHTMLTOPDF_ZOOM"])
    except TemplateError as error:
        raise LetterTemplateError(describe_error(error)) from error
    except (AttributeError, TypeError, ValueError, KeyError, IndexError) as error:
        raise LetterTemplateError(describe_error(error)) from error


def letter_html(letter: Letter, signer: Optional[Signer] = None, style_nonce: str = "") -> str:
    """The HTML of a stored letter, with its service's override if one is set."""
    return render_html(letter_context(letter, signer), letter.service.code,
                       letter.service.letter_template, style_nonce=style_nonce)


def _sample_unit(service: Service) -> Unit:
    kind = "kelurahan" if service.flow == "KL" else "kecamatan"
    return db.session.execute(db.select(Unit).filter_by(kind=kind).order_by(Unit.id)
                              .limit(1)).scalar_one()


def sample_context(service: Service) -> dict:
    """A context with sample data, for the Administrator's preview of a template."""
    unit = _sample_unit(service)
    snapshot = service.definition_snapshot()
    sample = {f["name"]: (f["options"][0] if f["options"] else
                          SAMPLE_VALUES.get(f["type"], f"Contoh {f['label'].lower()}"))
              for f in snapshot["fields"]}
    form, fields = form_context(snapshot, sample)
    today = local_date(utcnow())
    url = verification_url("CONTOH")
    head = unit.head_officer
    return {
        "letter": {"number": letter_number(service.classification_code, 1, unit.short_code,
                                           today),
                   "subject": subject_for(service), "short_code": "CONT-OH23",
                   "date": indonesian_date(today), "verify_url": url,
                   "verify_home": url.rsplit("/", 1)[0],
                   "place": current_app.config["LETTER_PLACE"]},
        "unit": unit_context(unit), "form": form, "fields": fields,
        "service": {"code": service.code, "name": service.name},
        "applicant": {"name": "Contoh Nama Pemohon", "nik": "2171060101900001",
                      "kk": "2171060101200001", "address": "Jl. Contoh No. 1, Kota Batam",
                      "phone": "+6281200000000", "email": "pemohon@contoh.id"},
        "signer": signer_context(build_signer(
            rule_of(service), unit, head.name if head else "Nama Penandatangan",
            head.nip if head else "-"), unit),
        "signature": signature_context(False),
        "assets": {"logo": logo_data_uri(), "qr": qr_data_uri(url)},
        "city": current_app.config["CITY_NAME"],
    }


def draft_html(application: Application, style_nonce: str = "") -> str:
    """The letter a finished application will get, as a marked draft: no number is taken."""
    unit = application.final_unit
    form, fields = form_context(application.definition_snapshot or {}, application.form_data or {})
    url = verification_url("DRAF")
    context = {
        "letter": {"number": DRAFT_NUMBER, "subject": subject_for(application.service),
                   "short_code": "DRAF-DRAF", "date": indonesian_date(local_date(utcnow())),
                   "verify_url": url, "verify_home": url.rsplit("/", 1)[0],
                   "place": current_app.config["LETTER_PLACE"]},
        "unit": unit_context(unit), "form": form, "fields": fields,
        "service": {"code": application.service.code, "name": application.service.name},
        "applicant": applicant_context(application),
        "signer": signer_context(approving_signer(application), unit),
        "signature": signature_context(signing_enabled()),
        "assets": {"logo": logo_data_uri(), "qr": qr_data_uri(url)},
        "city": current_app.config["CITY_NAME"],
    }
    return render_html(context, application.service.code, application.service.letter_template,
                       style_nonce=style_nonce, draft=True)
