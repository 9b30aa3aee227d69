"""Team assessment: an assessment belongs to an agency and has members; the agency register
(ministry, province); who answered what; every existing assessment becomes a team of one

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")
NULLABLE_JSON = sa.JSON(none_as_null=True).with_variant(
    postgresql.JSONB(none_as_null=True, astext_type=sa.Text()), "postgresql"
)
STAMP = sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("agencies") as batch:
        batch.add_column(sa.Column("ministry_id", sa.String(length=20), nullable=True))
        batch.add_column(sa.Column("province_id", sa.String(length=8), nullable=True))
    with op.batch_alter_table("respondents") as batch:
        batch.add_column(sa.Column("display_name", sa.String(length=80), nullable=True))
    with op.batch_alter_table("assessments") as batch:
        batch.alter_column("respondent_id", existing_type=sa.Integer(), nullable=True)
        batch.drop_constraint("fk_assessments_respondent_id_respondents", type_="foreignkey")
        batch.create_foreign_key(
            "fk_assessments_respondent_id_respondents",
            "respondents",
            ["respondent_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("invite_code", sa.String(length=12), nullable=True))
        batch.add_column(sa.Column("started_from_id", sa.Integer(), nullable=True))
        batch.create_unique_constraint("uq_assessments_invite_code", ["invite_code"])
        batch.create_foreign_key(
            "fk_assessments_started_from_id_assessments",
            "assessments",
            ["started_from_id"],
            ["id"],
            ondelete="SET NULL",
        )
    with op.batch_alter_table("answers") as batch:
        batch.add_column(sa.Column("answered_by", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            "fk_answers_answered_by_respondents",
            "respondents",
            ["answered_by"],
            ["id"],
            ondelete="SET NULL",
        )
    op.create_table(
        "assessment_members",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("respondent_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=12), nullable=False),
        sa.Column("pillars", NULLABLE_JSON, nullable=True),
        sa.Column("joined_at", STAMP, nullable=False),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessments.id"],
            name=op.f("fk_assessment_members_assessment_id_assessments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["respondent_id"],
            ["respondents.id"],
            name=op.f("fk_assessment_members_respondent_id_respondents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment_members")),
        sa.UniqueConstraint(
            "assessment_id", "respondent_id", name=op.f("uq_assessment_members_assessment_id")
        ),
    )
    op.create_index(
        "ix_assessment_members_respondent_id", "assessment_members", ["respondent_id"]
    )
    op.create_table(
        "answer_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.String(length=60), nullable=False),
        sa.Column("value", JSON, nullable=False),
        sa.Column("respondent_id", sa.Integer(), nullable=True),
        sa.Column("at", STAMP, nullable=False),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessments.id"],
            name=op.f("fk_answer_changes_assessment_id_assessments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["respondent_id"],
            ["respondents.id"],
            name=op.f("fk_answer_changes_respondent_id_respondents"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_answer_changes")),
    )
    op.create_index(
        "ix_answer_changes_assessment_id", "answer_changes", ["assessment_id", "question_id"]
    )
    # Every assessment so far is a team of one: its respondent coordinates and answered.
    op.execute(
        "INSERT INTO assessment_members (assessment_id, respondent_id, role, joined_at) "
        "SELECT id, respondent_id, 'coordinator', started_at FROM assessments "
        "WHERE respondent_id IS NOT NULL"
    )
    op.execute(
        "UPDATE answers SET answered_by = (SELECT respondent_id FROM assessments "
        "WHERE assessments.id = answers.assessment_id)"
    )
    op.execute(
        "INSERT INTO answer_changes (assessment_id, question_id, value, respondent_id, at) "
        "SELECT answers.assessment_id, answers.question_id, answers.value, "
        "answers.answered_by, answers.updated_at FROM answers"
    )


def downgrade() -> None:
    op.drop_index("ix_answer_changes_assessment_id", table_name="answer_changes")
    op.drop_table("answer_changes")
    op.drop_index("ix_assessment_members_respondent_id", table_name="assessment_members")
    op.drop_table("assessment_members")
    with op.batch_alter_table("answers") as batch:
        batch.drop_constraint("fk_answers_answered_by_respondents", type_="foreignkey")
        batch.drop_column("answered_by")
    # An assessment whose starter deleted their data cannot go back to the old shape.
    op.execute("DELETE FROM assessments WHERE respondent_id IS NULL")
    with op.batch_alter_table("assessments") as batch:
        batch.drop_constraint("fk_assessments_started_from_id_assessments", type_="foreignkey")
        batch.drop_constraint("uq_assessments_invite_code", type_="unique")
        batch.drop_column("started_from_id")
        batch.drop_column("invite_code")
        batch.drop_column("version")
        batch.drop_constraint("fk_assessments_respondent_id_respondents", type_="foreignkey")
        batch.create_foreign_key(
            "fk_assessments_respondent_id_respondents",
            "respondents",
            ["respondent_id"],
            ["id"],
            ondelete="CASCADE",
        )
        batch.alter_column("respondent_id", existing_type=sa.Integer(), nullable=False)
    with op.batch_alter_table("respondents") as batch:
        batch.drop_column("display_name")
    with op.batch_alter_table("agencies") as batch:
        batch.drop_column("province_id")
        batch.drop_column("ministry_id")
