"""The 23 services of the reference system, loaded from services.json."""
import json
from pathlib import Path

from portal.extensions import db
from portal.models import FormField, RequiredDocument, Service

SERVICES_JSON = Path(__file__).with_name("services.json")


def _build(order: int, spec: dict) -> Service:
    service = Service(
        code=spec["code"], name=spec["name"], flow=spec["flow"],
        classification_code=spec["classification_code"],
        service_level_days=spec["service_level_days"], description=spec["description"],
        signer_mode=spec["signer_mode"], letter_title=spec["letter_title"],
        allow_citizen_download=spec["allow_citizen_download"],
        sort_order=order, is_open=True,
    )
    for position, field in enumerate(spec["fields"]):
        service.fields.append(FormField(
            name=field["name"], label=field["label"], type=field["type"],
            options="\n".join(field["options"]), required=field["required"],
            help_text=field["help_text"], position=position))
    for position, doc in enumerate(spec["documents"]):
        service.documents.append(RequiredDocument(
            key=doc["key"], label=doc["label"], mandatory=doc["mandatory"],
            accepted_types=doc["accepted_types"], at_counter=doc["at_counter"],
            identity=doc.get("identity", ""), position=position))
    return service


def seed_services() -> list[Service]:
    """Create the missing services (existing ones are left as the Administrator edited them)."""
    specs = json.loads(SERVICES_JSON.read_text(encoding="utf-8"))
    existing = {s.code: s for s in db.session.execute(db.select(Service)).scalars()}
    services = []
    for order, spec in enumerate(specs, start=1):
        service = existing.get(spec["code"])
        if service is None:
            service = _build(order, spec)
            db.session.add(service)
        services.append(service)
    db.session.flush()
    return services
