"""The outbox's indexes hold its pending rows only

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

PENDING_ROWS = sa.text("status = 'pending'")


def upgrade() -> None:
    op.drop_index("ix_outbox_line_user_id_id", table_name="outbox")
    op.drop_index("ix_outbox_status_next_attempt_at", table_name="outbox")
    op.create_index(
        "ix_outbox_pending_due",
        "outbox",
        ["next_attempt_at"],
        postgresql_where=PENDING_ROWS,
        sqlite_where=PENDING_ROWS,
    )
    op.create_index(
        "ix_outbox_pending_user",
        "outbox",
        ["line_user_id", "id"],
        postgresql_where=PENDING_ROWS,
        sqlite_where=PENDING_ROWS,
    )


def downgrade() -> None:
    op.drop_index("ix_outbox_pending_user", table_name="outbox")
    op.drop_index("ix_outbox_pending_due", table_name="outbox")
    op.create_index("ix_outbox_status_next_attempt_at", "outbox", ["status", "next_attempt_at"])
    op.create_index("ix_outbox_line_user_id_id", "outbox", ["line_user_id", "id"])
