"""Demo data for Kota Batam: units, services, officers and sample applications."""
from sqlalchemy import func, update

from portal.extensions import db
from portal.models import OutboxMessage
from portal.messaging.outbox import relay_paused
from portal.seed.applications import seed_applications
from portal.seed.officers import DEMO_UNITS, seed_officers
from portal.seed.services import seed_services
from portal.seed.units import seed_units

DEMO_MESSAGE_NOTE = "data contoh: tidak dikirim"


def _skip_demo_messages(after_id: int) -> None:
    """Messages the demo history produced go to made-up people: keep them, never send them."""
    db.session.execute(
        update(OutboxMessage).where(OutboxMessage.id > after_id, OutboxMessage.status == "pending")
        .values(status="skipped", last_error=DEMO_MESSAGE_NOTE))


def seed_demo(password: str, with_applications: bool = True) -> dict:
    """Load everything that is missing; running it again changes nothing."""
    units = seed_units()
    seed_services()
    seed_officers(units, password)
    db.session.commit()
    if with_applications:
        last_message = db.session.scalar(db.select(func.coalesce(func.max(OutboxMessage.id), 0)))
        with relay_paused():
            seed_applications(list(units[DEMO_UNITS[0]].children))
            _skip_demo_messages(last_message)
    db.session.commit()
    return units
