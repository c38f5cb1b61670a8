"""What a return asks to correct, officers' internal notes, unit names without their kind, and
resubmissions' changes in the shape revisions use.

Revision ID: i17a
Revises: i11a
Create Date: 2026-11-27
"""
import sqlalchemy as sa
from alembic import op

revision = 'i17a'
down_revision = 'i11a'
branch_labels = None
depends_on = None

UNIT_KINDS = ("kecamatan", "kelurahan")


def _bare(name: str) -> str:
    """'Kelurahan Baloi Indah' -> 'Baloi Indah' (as portal.unit_names.bare_unit_name)."""
    words = (name or "").split()
    while len(words) > 1 and words[0].lower() in UNIT_KINDS:
        words = words[1:]
    return " ".join(words)


def _strip_unit_kinds() -> None:
    """Names typed with their kind ('Kelurahan X') would read 'Kelurahan Kelurahan X'."""
    units = sa.table("units", sa.column("id", sa.Integer), sa.column("name", sa.String))
    connection = op.get_bind()
    for unit_id, name in connection.execute(sa.select(units.c.id, units.c.name)).all():
        if _bare(name) != name:
            connection.execute(units.update().where(units.c.id == unit_id)
                               .values(name=_bare(name)))


# Resubmissions used to store the correction form's names and [before, after] lists.
LEGACY_INPUTS = {"nik": "applicant_nik", "kk": "applicant_kk", "name": "applicant_name",
                 "email": "applicant_email", "phone": "applicant_phone",
                 "address": "applicant_address"}


def _reshaped(changes: dict) -> dict:
    """{key: [before, after]} and 'documents_replaced' as portal.workflow.corrections reads them."""
    result = {}
    for key, value in changes.items():
        if key == "documents_replaced":
            result.update({f"document.{name}": {"replaced": True, "before": None, "after": None}
                           for name in value})
        elif isinstance(value, list) and len(value) == 2:
            result[LEGACY_INPUTS.get(key, f"form_data.{key}")] = {"before": value[0],
                                                                  "after": value[1]}
        else:
            result[key] = value
    return result


def _reshape_resubmissions() -> None:
    """History is append-only for the application; this rewrites a storage format once."""
    history = sa.table("history", sa.column("id", sa.Integer), sa.column("action", sa.String),
                       sa.column("changes", sa.JSON))
    connection = op.get_bind()
    rows = connection.execute(sa.select(history.c.id, history.c.changes)
                              .where(history.c.action == "resubmit")).all()
    for history_id, changes in rows:
        if changes and _reshaped(changes) != changes:
            connection.execute(history.update().where(history.c.id == history_id)
                               .values(changes=_reshaped(changes)))


def upgrade():
    """Add returned_items and history.internal_note; store unit names bare; reshape changes."""
    op.create_table(
        "returned_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("history_id", sa.Integer(), nullable=False),
        sa.Column("item_key", sa.String(length=80), nullable=False),
        sa.Column("label", sa.String(length=160), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(["history_id"], ["history.id"],
                                name=op.f("fk_returned_items_history_id_history")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_returned_items")),
    )
    op.create_index(op.f("ix_returned_items_history_id"), "returned_items", ["history_id"])
    with op.batch_alter_table("history") as batch:
        batch.add_column(sa.Column("internal_note", sa.Text(), nullable=True))
    _strip_unit_kinds()
    _reshape_resubmissions()


def downgrade():
    """Drop them again (unit names stay bare: the titles read right either way)."""
    with op.batch_alter_table("history") as batch:
        batch.drop_column("internal_note")
    op.drop_table("returned_items")
