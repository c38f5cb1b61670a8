"""Electronically signed letters, Plh./Plt. stand-ins for any post, letter titles as settings.

Revision ID: i20a
Revises: i17a
Create Date: 2026-12-01
"""
import sqlalchemy as sa
from alembic import op

revision = 'i20a'
down_revision = 'i17a'
branch_labels = None
depends_on = None

# Services whose letters were titled "Surat Pengantar …" by a list in the code until now.
COVER_LETTER_SERVICES = ("kartu-pencari-kerja", "skck", "ktp-baru", "ktp-perpanjangan",
                         "ktp-pindah", "ktp-pergantian", "kk-baru", "kk-perubahan")


def _letter_columns() -> list:
    return [
        sa.Column("signer_by_order_of", sa.String(160), nullable=False, server_default=""),
        sa.Column("signed_by_id", sa.Integer(), nullable=True),
        sa.Column("signed_at", sa.DateTime(), nullable=True),
        sa.Column("signature_provider", sa.String(10), nullable=False, server_default=""),
        sa.Column("signature_reference", sa.String(120), nullable=False, server_default=""),
        sa.Column("signing_started_at", sa.DateTime(), nullable=True),
        sa.Column("sign_error", sa.Text(), nullable=False, server_default=""),
        sa.Column("sign_error_code", sa.String(30), nullable=False, server_default=""),
    ]


def _letters_up():
    with op.batch_alter_table("letters") as batch:
        for column in _letter_columns():
            batch.add_column(column)
        batch.alter_column("render_status", existing_type=sa.String(10), type_=sa.String(20),
                           existing_nullable=False)
        batch.create_foreign_key("fk_letters_signed_by_id_officers", "officers",
                                 ["signed_by_id"], ["id"])


def _substitutions_up():
    with op.batch_alter_table("substitutions") as batch:
        batch.add_column(sa.Column("kind", sa.String(3), nullable=False, server_default="plh"))
        batch.add_column(sa.Column("unit_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("position", sa.String(20), nullable=False,
                                   server_default="kepala"))
        batch.alter_column("head_officer_id", existing_type=sa.Integer(), nullable=True)
        batch.create_foreign_key("fk_substitutions_unit_id_units", "units", ["unit_id"], ["id"])
        batch.create_index("ix_substitutions_unit_id", ["unit_id"])
    # Every existing stand-in replaced a head: it holds that head's post in the head's unit.
    op.execute("UPDATE substitutions SET unit_id = (SELECT officers.unit_id FROM officers "
               "WHERE officers.id = substitutions.head_officer_id)")


def upgrade():
    """Signature columns on letters, NIK on officers, letter titles, stand-ins by post."""
    _letters_up()
    _substitutions_up()
    with op.batch_alter_table("officers") as batch:
        batch.add_column(sa.Column("nik", sa.String(16), nullable=False, server_default=""))
    with op.batch_alter_table("services") as batch:
        batch.add_column(sa.Column("letter_title", sa.String(160), nullable=False,
                                   server_default=""))
    services = sa.table("services", sa.column("code", sa.String), sa.column("name", sa.String),
                        sa.column("letter_title", sa.String))
    op.execute(services.update().where(services.c.code.in_(COVER_LETTER_SERVICES))
               .values(letter_title=sa.literal("Surat Pengantar ") + services.c.name))


def downgrade():
    """Back to heads' Plh. only and unsigned letters."""
    with op.batch_alter_table("services") as batch:
        batch.drop_column("letter_title")
    with op.batch_alter_table("officers") as batch:
        batch.drop_column("nik")
    op.execute("DELETE FROM substitutions WHERE head_officer_id IS NULL")
    with op.batch_alter_table("substitutions") as batch:
        batch.drop_constraint("fk_substitutions_unit_id_units", type_="foreignkey")
        batch.drop_index("ix_substitutions_unit_id")
        batch.alter_column("head_officer_id", existing_type=sa.Integer(), nullable=False)
        for name in ("position", "unit_id", "kind"):
            batch.drop_column(name)
    with op.batch_alter_table("letters") as batch:
        batch.drop_constraint("fk_letters_signed_by_id_officers", type_="foreignkey")
        batch.alter_column("render_status", existing_type=sa.String(20), type_=sa.String(10),
                           existing_nullable=False)
        for column in reversed(_letter_columns()):
            batch.drop_column(column.name)
