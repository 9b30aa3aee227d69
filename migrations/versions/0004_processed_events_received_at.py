"""Index processed_events.received_at: old event ids are purged by age

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-21
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_processed_events_received_at", "processed_events", ["received_at"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_processed_events_received_at", table_name="processed_events")
