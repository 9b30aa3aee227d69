"""Asking the questions: apply an answer, go back, skip, pause, and finish with the result."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy.orm import Session

from bot import store, texts
from bot.flow import Step, first_open_step, step_of, steps_for
from bot.messages import Message, plain, say, text
from bot.question_messages import question_messages
from bot.result_messages import next_steps_messages, result_card
from bot.writes import AnswerWrite, stored_form
from scoring import score
from scoring.answers import AnswerValue
from scoring.assessment import AssessmentResult
from scoring.cohort import peer_figures
from scoring.model import Framework
from scoring.rules import criteria_type_for
from storage.knowledge_sync import text_overrides
from storage.models import Assessment, Respondent

ASKING = "asking"


@dataclass
class Turn:
    """Everything one event's handling needs. ``computing_result`` is called when a result
    starts being computed (the webhook shows LINE's loading animation meanwhile)."""

    session: Session
    framework: Framework
    respondent: Respondent
    state: store.ChatState
    computing_result: Callable[[], None] = field(default=lambda: None)
    # Stored answers of the assessment being asked, read once per event.
    _answers: dict[int, dict[str, dict]] = field(default_factory=dict)
    # Answers given in this event, written with the event's other writes at its end.
    pending_answers: list[AnswerWrite] = field(default_factory=list)
    # The user's unfinished assessment, read with the user's row (``know_in_progress``).
    _in_progress: Assessment | None = None

    def in_progress(self) -> Assessment | None:
        """The user's unfinished assessment (None once it was finished or cancelled)."""
        assessment = self._in_progress
        return (
            assessment
            if assessment is not None and assessment.status == store.IN_PROGRESS
            else None
        )

    def know_in_progress(
        self, assessment: Assessment | None, answers: dict[str, dict] | None = None
    ) -> None:
        self._in_progress = assessment
        if assessment is not None and answers is not None:
            self._answers[assessment.id] = answers

    def answers(self, assessment: Assessment) -> dict[str, dict]:
        if assessment.id not in self._answers:
            self._answers[assessment.id] = store.stored_answers(self.session, assessment)
        return self._answers[assessment.id]

    def save(self, assessment: Assessment, question_id: str, value: AnswerValue | None) -> None:
        """Record an answer (``None`` = skip); it is written when the event ends."""
        stored = stored_form(value)
        self.pending_answers.append(AnswerWrite(assessment.id, question_id, stored))
        self.answers(assessment)[question_id] = stored


def steps_of(turn: Turn, assessment: Assessment) -> list[Step]:
    return steps_for(turn.framework, assessment.scope)


def ask(
    turn: Turn,
    assessment: Assessment,
    step: Step,
    preface: list[Message] | None = None,
    draft: tuple[str, ...] | None = None,
) -> list[Message]:
    """Show ``step`` and remember it as the current question."""
    stored = turn.answers(assessment).get(step.question.id, {})
    previous: AnswerValue | None = None
    if "v" in stored:
        raw = stored["v"]
        previous = tuple(raw) if isinstance(raw, list) else raw
    data = turn.state.data or {}
    if draft is None and (data.get("assessment"), data.get("question")) == (
        assessment.id,
        step.question.id,
    ):
        draft = tuple(data.get("draft", []))  # items ticked before a pause or a question
    if draft is None:
        draft = tuple(previous) if isinstance(previous, tuple) else ()
    store.set_state(
        turn.state, ASKING, assessment=assessment.id, question=step.question.id, draft=list(draft)
    )
    criteria_type = criteria_type_for(assessment.agency_type)  # type: ignore[arg-type]
    return [
        *(preface or []),
        *question_messages(step, assessment.id, previous, draft, criteria_type),
    ]


def current_step(turn: Turn, assessment: Assessment) -> Step | None:
    steps = steps_of(turn, assessment)
    if turn.state.state == ASKING and turn.state.data.get("assessment") == assessment.id:
        step = step_of(steps, turn.state.data.get("question", ""))
        if step is not None:
            return step
    return first_open_step(steps, turn.answers(assessment))


def continue_assessment(
    turn: Turn, assessment: Assessment, preface: list[Message] | None = None
) -> list[Message]:
    """Ask the first open question, or finish when there is none."""
    steps = steps_of(turn, assessment)
    step = first_open_step(steps, turn.answers(assessment))
    if step is None:
        return finish(turn, assessment, preface)
    return ask(turn, assessment, step, preface)


def record(
    turn: Turn,
    assessment: Assessment,
    step: Step,
    value: AnswerValue | None,
) -> list[Message]:
    """Save an answer (``None`` = skip; committed with this event), then move on."""
    turn.save(assessment, step.question.id, value)
    return continue_assessment(turn, assessment)


def skip(turn: Turn, assessment: Assessment, step: Step) -> list[Message]:
    # Skipping a question answered earlier keeps that answer.
    if step.question.id in turn.answers(assessment):
        return continue_assessment(turn, assessment)
    return record(turn, assessment, step, None)


def back(turn: Turn, assessment: Assessment, step: Step) -> list[Message]:
    steps = steps_of(turn, assessment)
    if step.index == 0:
        return ask(turn, assessment, step, [text(texts.FIRST_QUESTION)])
    return ask(turn, assessment, steps[step.index - 1])


def pause(turn: Turn) -> list[Message]:
    # Keep the current question and its ticked items for "ประเมินต่อ".
    store.set_state(turn.state, "idle", **turn.state.data)
    return plain(
        texts.PAUSED, [say(texts.RESUME), say(texts.RESULT), say(texts.ASK), say(texts.HELP)]
    )


def rescore(turn: Turn, assessment: Assessment) -> AssessmentResult:
    """Score the stored answers with the current recommendation texts (admins' edits)."""
    answers = store.scoring_answers(turn.answers(assessment))
    overrides = text_overrides(turn.session, assessment.framework_year)
    return score(
        turn.framework,
        assessment.agency_type,
        answers,  # type: ignore[arg-type]
        assessment.scope,
        overrides,
    )


def finish(
    turn: Turn, assessment: Assessment, preface: list[Message] | None = None
) -> list[Message]:
    turn.computing_result()
    result = rescore(turn, assessment)
    assessment.status = store.COMPLETED
    assessment.finished_at = datetime.now(UTC)
    assessment.result = result.to_dict()
    assessment.overall_level = result.overall.level
    assessment.overall_percent = result.overall.percent
    store.set_state(turn.state, "idle")
    turn.session.flush()
    if result.overall.value is None:
        return [*(preface or []), text(texts.NOTHING_SCORED, [say(texts.START), say(texts.HELP)])]
    return [
        *(preface or []),
        text(texts.COMPLETED_INTRO),
        *result_messages(turn, assessment, result),
    ]


def result_messages(
    turn: Turn, assessment: Assessment, result: AssessmentResult | None = None
) -> list[Message]:
    """The result card and the next steps; the change is against the previous result."""
    result = result or rescore(turn, assessment)
    earlier = [
        a for a in store.completed(turn.session, turn.respondent, limit=5) if a.id < assessment.id
    ]
    previous = earlier[0].result if earlier else None
    peers = None
    if assessment.scope is None and result.overall.percent is not None:
        cohort = store.cohort_percents(
            turn.session, assessment.framework_year, assessment.agency_type
        )
        peers = peer_figures(result.overall.percent, cohort)
    card = result_card(
        turn.framework, result, assessment.agency_name, assessment.id, previous, peers
    )
    return [card, *next_steps_messages(turn.framework, result)][:4]


def start_assessment(
    turn: Turn, agency_type: str, agency_name: str | None, scope: list[str] | None
) -> list[Message]:
    existing = turn.in_progress()
    if existing is not None:
        existing.status = store.CANCELLED
    agency = store.agency_for(turn.session, agency_name, agency_type)
    turn.respondent.agency_id = agency.id if agency else turn.respondent.agency_id
    assessment = Assessment(
        respondent_id=turn.respondent.id,
        agency_id=agency.id if agency else None,
        framework_year=turn.framework.year,
        agency_type=agency_type,
        agency_name=agency_name,
        scope=scope,
    )
    turn.session.add(assessment)
    turn.session.flush()
    turn.know_in_progress(assessment, {})
    steps = steps_of(turn, assessment)
    issues = steps[-1].issue_count
    what = "ทุกตัวชี้วัด" if scope is None else f"ตัวชี้วัดที่ {steps[0].pillar.number}"
    intro = text(
        f"เริ่มแบบประเมิน{what} รวม {issues} ข้อ คำตอบบันทึกทันทีทุกข้อ "
        'กด "พักไว้ก่อน" แล้วกลับมา "ประเมินต่อ" ได้ทุกเมื่อ'
    )
    return ask(turn, assessment, steps[0], [intro])
