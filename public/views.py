"""Public pages."""
from flask import render_template

from portal.extensions import db
from portal.models import Service
from public import bp


@bp.get("/")
def catalogue():
    """The service catalogue: every open service."""
    services = db.session.execute(
        db.select(Service).filter_by(is_open=True).order_by(Service.sort_order)).scalars().all()
    return render_template("public/catalogue.html", services=services)
