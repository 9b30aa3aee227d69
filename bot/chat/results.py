"""Results: finishing an assessment, the result card with next steps, and the
per-pillar recommendations. Scores are always computed with the assessment's own
framework year and the current recommendation texts."""

from __future__ import annotations

from collections.abc import Sequence

from bot import texts
from bot.chat import menus
from bot.chat.states import Idle, State
from bot.chat.turn import CompleteAssessment, Decision, Message
from bot.chat.view import AssessmentInfo, ChatView, FinishedInfo
from bot.messages import text
from bot.result_card import result_card
from bot.result_messages import next_steps_messages, recommendation_carousels
from scoring import score
from scoring.assessment import AssessmentResult
from scoring.cohort import PeerFigures, peer_figures
from storage.assessments import decode_answers


def rescore(view: ChatView, info: AssessmentInfo) -> AssessmentResult:
    """Score the stored answers with the current recommendation texts (admins' edits)."""
    return score(
        view.catalog.framework(info.framework_year),
        info.agency_type,  # type: ignore[arg-type]
        decode_answers(info.answers),
        info.scope,
        view.text_overrides(info.framework_year),
    )


def finish(view: ChatView, info: AssessmentInfo, preface: Sequence[Message] = ()) -> Decision:
    result = rescore(view, info)
    effects = (CompleteAssessment(info.id, result),)
    if result.overall.value is None:
        nothing = text(texts.NOTHING_SCORED)
        return Decision((*preface, nothing), Idle(), effects, menu=menus.NO_RESULT)
    messages = (*preface, text(texts.COMPLETED_INTRO), *result_messages(view, info, result))
    return Decision(messages, Idle(), effects)


def _peers(view: ChatView, info: AssessmentInfo, result: AssessmentResult) -> PeerFigures | None:
    # Only a whole, complete result is compared: a partial one says nothing about rank.
    if info.scope is not None or result.overall.percent is None or not result.complete:
        return None
    others = view.cohort_percents(info.framework_year, info.agency_type, info.agency_key)
    return peer_figures(result.overall.percent, [*others, result.overall.percent])


def result_messages(
    view: ChatView, info: AssessmentInfo, result: AssessmentResult
) -> list[Message]:
    """The result card and the next steps; the change is against the previous result."""
    framework = view.catalog.framework(info.framework_year)
    earlier = [f for f in view.finished(limit=5) if f.assessment.id < info.id]
    previous = earlier[0].result if earlier else None
    card = result_card(
        framework, result, info.agency_name, info.id, previous, _peers(view, info, result)
    )
    return [card, *next_steps_messages(framework, result)][:4]


def show_latest_result(state: State, view: ChatView) -> Decision:
    latest = view.finished(limit=1)
    if not latest:
        return Decision((text(texts.NO_RESULT_YET),), state, menu=menus.NO_RESULT)
    info = latest[0].assessment
    return Decision(tuple(result_messages(view, info, rescore(view, info))), state)


def show_recommendations(state: State, view: ChatView, assessment_id: int | None) -> Decision:
    chosen: FinishedInfo | None = None
    if assessment_id is not None:
        chosen = view.finished_by_id(assessment_id)
    if chosen is None:
        latest = view.finished(limit=1)
        chosen = latest[0] if latest else None
    if chosen is None:
        return Decision((text(texts.NO_RESULT_YET),), state, menu=menus.NO_RESULT)
    framework = view.catalog.framework(chosen.assessment.framework_year)
    # More than five carousels (long admin texts) go out as pushes after the reply.
    result = rescore(view, chosen.assessment)
    return Decision(tuple(recommendation_carousels(framework, result)), state)
