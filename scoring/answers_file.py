"""The answers file of ``dgr score`` (JSON; see README, "Answers format"), checked against
one framework year."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from scoring.answers import AnswerError, AnswerValue, normalize_answer
from scoring.model import AGENCY_TYPES, AgencyType, Framework


@dataclass(frozen=True)
class AnswersFile:
    agency_type: AgencyType
    answers: dict[str, AnswerValue]
    scope: tuple[str, ...] | None = None


def parse_answers_document(framework: Framework, document: Mapping[str, Any]) -> AnswersFile:
    """Validate an answers document against the framework; raise ``AnswerError``."""
    unknown_keys = set(document) - {"framework_year", "agency_type", "scope", "answers"}
    if unknown_keys:
        raise AnswerError("(document)", f"unknown keys {sorted(unknown_keys)}")
    year = document.get("framework_year", framework.year)
    if year != framework.year:
        raise AnswerError("framework_year", f"this engine scores {framework.year}, got {year}")
    agency_type = document.get("agency_type")
    if agency_type not in AGENCY_TYPES:
        raise AnswerError("agency_type", f"expected one of {list(AGENCY_TYPES)}")
    scope = document.get("scope")
    pillar_ids = [p.id for p in framework.pillars]
    if scope is not None and (
        not isinstance(scope, list) or not scope or any(s not in pillar_ids for s in scope)
    ):
        raise AnswerError("scope", f"expected a list of pillar ids from {pillar_ids}")
    raw_answers = document.get("answers", {})
    if not isinstance(raw_answers, dict):
        raise AnswerError("answers", "expected an object keyed by question id")
    questions = {qid: place.question for qid, place in framework.index.questions.items()}
    answers: dict[str, AnswerValue] = {}
    for question_id, raw in raw_answers.items():
        if question_id not in questions:
            raise AnswerError(question_id, "no such question in this framework")
        answers[question_id] = normalize_answer(questions[question_id], raw)
    return AnswersFile(agency_type, answers, tuple(scope) if scope else None)  # type: ignore[arg-type]
