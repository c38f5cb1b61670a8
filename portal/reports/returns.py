"""What officers most often return for correction, per service: the fields and documents
ticked on returns (ReturnedItem rows), counted in one grouped query."""
from dataclasses import dataclass
from typing import Optional

from sqlalchemy import func, select

from portal.extensions import db
from portal.models import Application, History, ReturnedItem, Service
from portal.reports.recap import month_bounds

TOP_PER_SERVICE = 3


@dataclass(frozen=True)
class ReturnedCount:
    """How many returns of a service in the year ticked one field or document."""

    service_name: str
    label: str
    count: int


def most_returned(year: int, unit_id: Optional[int] = None,
                  per_service: int = TOP_PER_SERVICE) -> list[ReturnedCount]:
    """The items returned most often in `year` (by the officers of one unit, or of all units),
    at most `per_service` per service, services in catalogue order."""
    bounds = month_bounds(year)
    query = (select(Service.name, Service.sort_order, ReturnedItem.item_key,
                    func.max(ReturnedItem.label).label("label"), func.count().label("count"))
             .select_from(ReturnedItem)
             .join(History, History.id == ReturnedItem.history_id)
             .join(Application, Application.id == History.application_id)
             .join(Service, Service.id == Application.service_id)
             .where(History.created_at >= bounds[0], History.created_at < bounds[12])
             .group_by(Service.id, Service.name, Service.sort_order, ReturnedItem.item_key))
    if unit_id is not None:
        query = query.where(History.unit_id == unit_id)
    rows = sorted(db.session.execute(query).all(),
                  key=lambda r: (r.sort_order, r.name, -r.count, r.label))
    shown: dict[str, int] = {}
    result = []
    for row in rows:
        if shown.setdefault(row.name, 0) < per_service:
            shown[row.name] += 1
            result.append(ReturnedCount(row.name, row.label, row.count))
    return result
