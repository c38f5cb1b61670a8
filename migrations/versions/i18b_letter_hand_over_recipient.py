"""The hand-over records the recipient's NIK and power of attorney ("kuasa") when the letter
goes to someone other than the applicant.

Revision ID: i18b
Revises: i25a
Create Date: 2026-12-03
"""
import sqlalchemy as sa
from alembic import op

revision = 'i18b'
down_revision = 'i25a'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("letters") as batch:
        batch.add_column(sa.Column("handed_over_nik", sa.String(16), nullable=False,
                                   server_default=""))
        batch.add_column(sa.Column("handed_over_proof_id", sa.Integer(), nullable=True))
        batch.create_foreign_key("fk_letters_handed_over_proof_id_documents", "documents",
                                 ["handed_over_proof_id"], ["id"])


def downgrade():
    with op.batch_alter_table("letters") as batch:
        batch.drop_constraint("fk_letters_handed_over_proof_id_documents", type_="foreignkey")
        batch.drop_column("handed_over_proof_id")
        batch.drop_column("handed_over_nik")
