"""Building blocks of the API's marshmallow schemas: required, described, strict.

Every answer schema lists its properties as required and forbids any other (marshmallow's
`unknown = RAISE` becomes `additionalProperties: false`), so the tests and Schemathesis that
check real answers against the document catch an undocumented or missing fact.
"""
from datetime import datetime, timezone

from marshmallow import Schema, fields, validate


class Strict(Schema):
    """An object with exactly its declared properties."""


def utc_time(moment: datetime) -> str:
    """ISO 8601 in UTC of a naive-UTC moment, e.g. '2026-11-03T02:15:00Z'."""
    return moment.replace(tzinfo=timezone.utc).isoformat(timespec="seconds").replace(
        "+00:00", "Z")


def _described(description, extra: dict) -> dict:
    return {"description": description, **extra}


def text(description, enum=None, nullable: bool = False, attribute=None,
         **extra) -> fields.String:
    """A required string (read from `attribute` when named); `enum` restricts it, `extra`
    adds OpenAPI keywords (format, pattern …)."""
    return fields.String(required=True, allow_none=nullable, attribute=attribute,
                         validate=validate.OneOf(enum) if enum is not None else None,
                         metadata=_described(description, extra))


def integer(description, minimum: int = 0) -> fields.Integer:
    """A required whole number of at least `minimum`."""
    return fields.Integer(required=True, validate=validate.Range(min=minimum),
                          metadata={"description": description})


def flag(description) -> fields.Boolean:
    """A required boolean."""
    return fields.Boolean(required=True, metadata={"description": description})


def listing(items, description, **options) -> fields.List:
    """A required array of `items` (a field or a schema class)."""
    inner = fields.Nested(items) if isinstance(items, type) else items
    return fields.List(inner, required=True, metadata={"description": description}, **options)


def nested(schema, description, nullable: bool = False) -> fields.Nested:
    """A required object of another schema (or null, when `nullable`)."""
    return fields.Nested(schema, required=True, allow_none=nullable,
                         metadata={"description": description})


def strings(description, required: bool = True, **options) -> fields.Dict:
    """An object of string values by name."""
    return fields.Dict(keys=fields.String(), values=fields.String(), required=required,
                       metadata={"description": description}, **options)
