"""Catalogue of services and each service's page."""
from typing import Optional

from flask import abort, render_template, request
from flask_babel import format_datetime, get_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_
from sqlalchemy.orm import selectinload

from portal.extensions import db
from portal.models import Service
from portal.files.uploads import accepted_names, human_size
from portal.page_cache import shared_page
from portal.standards.sheet import standard_of
from public import bp

# Who decides, per flow, as the citizen reads it.
FLOW_LABELS = {
    "KL": _l("Diproses dan diputuskan di kantor kelurahan"),
    "KC": _l("Diproses dan diputuskan di kantor kecamatan"),
    "KLKC": _l("Diproses di kantor kelurahan, lalu diputuskan di kantor kecamatan"),
}
FLOW_SHORT = {"KL": _l("Kelurahan"), "KC": _l("Kecamatan"), "KLKC": _l("Kelurahan → Kecamatan")}


@bp.app_context_processor
def _public_helpers() -> dict:
    return {"flow_label": FLOW_LABELS.get, "flow_short": FLOW_SHORT.get,
            "accepted_names": accepted_names, "human_size": human_size,
            "format_datetime": format_datetime, "get_locale": get_locale}


def find_open_service(code: str) -> Optional[Service]:
    """The open service with this code; None for closed and unknown ones."""
    return db.session.execute(
        db.select(Service).filter_by(code=code, is_open=True)).scalar_one_or_none()


def open_service_or_404(code: str) -> Service:
    """The open service with this code, or a 404 page."""
    service = find_open_service(code)
    if service is None:
        abort(404)
    return service


def search_text() -> str:
    """The catalogue's search words from `?q=`, trimmed to a sane length."""
    return request.args.get("q", "").strip()[:100]


def search_services(text: str, with_fields: bool = False) -> list[Service]:
    """Open services whose name or description has every word of `text`; fields on request."""
    loads = [selectinload(Service.documents)]
    if with_fields:  # the API lists each service's form fields; the catalogue page does not
        loads.append(selectinload(Service.fields))
    query = (db.select(Service).filter_by(is_open=True).options(*loads)
             .order_by(Service.sort_order, Service.name))
    for word in text.lower().split()[:6]:
        query = query.where(or_(func.lower(Service.name).contains(word, autoescape=True),
                                func.lower(Service.description).contains(word, autoescape=True)))
    return list(db.session.execute(query).scalars())


@bp.get("/")
@shared_page
def catalogue():
    """The service catalogue: every open service, with a search box."""
    text = search_text()
    return render_template("public/catalogue.html", services=search_services(text), query=text)


@bp.get("/layanan/<code>")
@shared_page
def service_page(code: str):
    """One service: what it is, what to bring, who decides, how long it takes, its standard."""
    service = open_service_or_404(code)
    return render_template("public/service.html", service=service, standard=standard_of(service))


@bp.get("/layanan/<code>/standar-pelayanan")
def service_standard(code: str):
    """The service standard as a printable sheet (the office's maklumat)."""
    service = open_service_or_404(code)
    return render_template("public/service_standard.html", service=service,
                           standard=standard_of(service))
