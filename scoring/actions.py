"""What an official should do to meet one criterion: the condition's action text (written
in the data) with its placeholders filled from the answers by the question's kind."""

from __future__ import annotations

import re
from collections.abc import Mapping

from scoring.answers import AnswerValue
from scoring.conditions import UNSURE_PART, ConditionState
from scoring.model import Condition, CriteriaType, Option, Question
from scoring.questions import kind_of

UNSURE_ACTION = 'ตรวจสอบเรื่อง "{question}" ที่ตอบว่าไม่แน่ใจหรือข้ามไว้ แล้วตอบใหม่เมื่อทราบคำตอบ'


def action_text(
    condition: Condition,
    question: Question,
    state: ConditionState,
    answers: Mapping[str, AnswerValue],
    criteria_type: CriteriaType,
) -> str:
    if state is UNSURE_PART:
        return UNSURE_ACTION.format(question=question.text.rstrip("?").rstrip())
    values = kind_of(question).unmet_values(question, condition, state, answers, criteria_type)
    return _NONE_YET.sub("(ตอนนี้ยังไม่มี)", condition.action.format_map(values))


# "(ตอนนี้ 0 กระบวนการ)" reads as a machine's count; an official writes "ยังไม่มี".
_NONE_YET = re.compile(r"\(ตอนนี้ 0 [^()]*\)")


def option_action(option: Option) -> str:
    """Reaching a single-choice option (from-choice rules): its action, else its text."""
    return option.action or f"ให้ได้ตามข้อ: {option.text}"
