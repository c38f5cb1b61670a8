"""Demo data for Kota Batam: units, services, officers and sample applications."""
from portal.extensions import db
from portal.seed.applications import seed_applications
from portal.seed.officers import DEMO_UNITS, seed_officers
from portal.seed.services import seed_services
from portal.seed.units import seed_units


def seed_demo(password: str, with_applications: bool = True) -> dict:
    """Load everything that is missing; running it again changes nothing."""
    units = seed_units()
    seed_services()
    seed_officers(units, password)
    db.session.commit()
    if with_applications:
        kecamatan = units[DEMO_UNITS[0]]
        seed_applications(list(kecamatan.children))
    db.session.commit()
    return units
