"""The web view's links: each user's link generation and the read-only share links

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "web_access",
        sa.Column("respondent_id", sa.Integer(), nullable=False),
        sa.Column("generation", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["respondent_id"],
            ["respondents.id"],
            name=op.f("fk_web_access_respondent_id_respondents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("respondent_id", name=op.f("pk_web_access")),
    )
    op.create_table(
        "web_shares",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("respondent_id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessments.id"],
            name=op.f("fk_web_shares_assessment_id_assessments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["respondent_id"],
            ["respondents.id"],
            name=op.f("fk_web_shares_respondent_id_respondents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_web_shares")),
    )
    op.create_index("ix_web_shares_respondent_id", "web_shares", ["respondent_id"])


def downgrade() -> None:
    op.drop_index("ix_web_shares_respondent_id", table_name="web_shares")
    op.drop_table("web_shares")
    op.drop_table("web_access")
