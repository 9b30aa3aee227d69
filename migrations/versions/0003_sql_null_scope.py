"""Whole-framework assessments: scope and result stored as SQL NULL, not JSON null

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-21
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def _json_null(column: str) -> str:
    if op.get_bind().dialect.name == "postgresql":
        return f"{column} = 'null'::jsonb"
    return f"{column} = 'null'"


def upgrade() -> None:
    for column in ("scope", "result"):
        op.execute(sa.text(f"UPDATE assessments SET {column} = NULL WHERE {_json_null(column)}"))


def downgrade() -> None:
    # SQL NULL is what the model writes now; nothing to undo.
    pass
