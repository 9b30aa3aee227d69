"""The questions of an issue: yes/no, single choice, checklist and number."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from scoring.model_base import CriteriaType, Id, ThaiText, ThaiTextModel


class Option(ThaiTextModel):
    """One answer of a single-choice question, or one item of a checklist."""

    id: Id
    text: ThaiText
    # Short label for a LINE quick-reply button (≤ 20 characters).
    label: Annotated[str, StringConstraints(min_length=1, max_length=20)] | None = None
    # Checklist items asked only under some agency criteria (Digital Policy's 12 vs 9).
    criteria_types: tuple[CriteriaType, ...] | None = None
    # Single-choice questions whose rule is ``from_choice``: the level/stage this option gives.
    level: int | None = Field(default=None, ge=1, le=5)
    # from_choice options above the lowest level: what to do to reach this option.
    action: ThaiText | None = None


class Preset(ThaiTextModel):
    """A quick-reply shortcut for a number question, e.g. "ยังไม่ได้ประเมิน" = 0."""

    label: Annotated[str, StringConstraints(min_length=1, max_length=20)]
    value: float


class QuestionBase(ThaiTextModel):
    id: Id
    text: ThaiText
    # What counts and how to answer, shown with the question.
    help: ThaiText | None = None
    # Offer "ไม่แน่ใจ"; an unsure answer leaves the issue unscored (reported as skipped).
    allow_unsure: bool = True


class YesNoQuestion(QuestionBase):
    type: Literal["yes_no"]
    # Offer "กำลังดำเนินการ" as a partial answer (counts as less than half met).
    allow_partial: bool = False


class SingleChoiceQuestion(QuestionBase):
    type: Literal["single_choice"]
    options: tuple[Option, ...] = Field(min_length=2, max_length=12)


class ChecklistQuestion(QuestionBase):
    type: Literal["checklist"]
    items: tuple[Option, ...] = Field(min_length=1, max_length=20)

    def items_for(self, criteria_type: CriteriaType) -> tuple[Option, ...]:
        return tuple(
            item
            for item in self.items
            if item.criteria_types is None or criteria_type in item.criteria_types
        )


Unit = Literal["percent", "count", "duration"]


class NumberQuestion(QuestionBase):
    type: Literal["number"]
    unit: Unit
    minimum: float = 0.0
    maximum: float | None = None
    integer: bool = False
    presets: tuple[Preset, ...] = ()
    # The Thai unit noun of a count ("ระบบ", "ชุดข้อมูล"), to name amounts and read "3 ระบบ".
    unit_label: ThaiText | None = Field(default=None, max_length=20)


Question = Annotated[
    YesNoQuestion | SingleChoiceQuestion | ChecklistQuestion | NumberQuestion,
    Field(discriminator="type"),
]
