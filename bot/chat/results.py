"""Results: finishing an assessment, the result card with next steps, and the
per-pillar recommendations. Scores are always computed with the assessment's own
framework year and the current recommendation texts."""

from __future__ import annotations

from collections.abc import Sequence

from bot import texts
from bot.chat import menus
from bot.chat.states import Idle, State
from bot.chat.turn import CompleteAssessment, Decision, Effect, Message, ReviseAssessment, Tell
from bot.chat.view import AssessmentInfo, ChatView, FinishedInfo
from bot.chat.why import why_text
from bot.messages import say, text
from bot.result_card import level_text, result_card
from bot.result_messages import next_steps_messages, recommendation_carousels
from knowledge.schema import FrameworkView
from knowledge.views import ViewFigure, regroup
from scoring import score
from scoring.answers import UNSURE
from scoring.assessment import AssessmentResult
from scoring.cohort import PeerFigures, peer_figures
from scoring.questionnaire import steps_for
from storage.assessments import decode_answer, decode_answers


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
    """The result; in a team, every other member gets it too."""
    result = rescore(view, info)
    effects: tuple[Effect, ...] = (CompleteAssessment(info.id, result),)
    if result.overall.value is None:
        nothing = text(texts.NOTHING_SCORED)
        return Decision((*preface, nothing), Idle(), effects, menu=menus.NO_RESULT)
    shown = result_messages(view, info, result)
    if info.is_team:
        told = text(texts.TOLD_RESULT.format(
            coordinator=view.names((view.me,))[view.me],
            agency=info.agency_name or texts.NO_AGENCY_NAME,
        ))  # fmt: skip
        for member in view.team(info.id):
            if member.respondent_id != view.me:  # each with links of their own
                theirs = result_messages(view, info, result, reader=member.respondent_id)
                effects += (Tell((member.respondent_id,), (told, *theirs)),)
    intro = texts.COMPLETED_INTRO
    if result.skipped:
        intro = texts.COMPLETED_PARTIAL_INTRO.format(count=len(result.skipped))
    messages = (*preface, text(intro), *shown)
    return Decision(messages, Idle(), effects, menu=menus.after_result(info.scope))


def _peers(view: ChatView, info: AssessmentInfo, result: AssessmentResult) -> PeerFigures | None:
    # Only a whole, complete result is compared: a partial one says nothing about rank.
    if info.scope is not None or result.overall.percent is None or not result.complete:
        return None
    others = view.cohort_percents(info.framework_year, info.agency_type, info.agency_key)
    return peer_figures(result.overall.percent, [*others, result.overall.percent])


def result_messages(
    view: ChatView,
    info: AssessmentInfo,
    result: AssessmentResult,
    history: bool = False,
    reader: int | None = None,
) -> list[Message]:
    """The result card (with its web report, and with ``history`` the history page) and
    the next steps; the change is against the previous result. The links are signed for
    ``reader`` (a team member the card is pushed to), else for the user."""
    framework = view.catalog.framework(info.framework_year)
    earlier = view.previous_result(info)
    previous = earlier.result if earlier is not None else None
    links = [(texts.REPORT_BUTTON, view.web_link(info.id, "report", reader))]
    if history:
        links.append((texts.HISTORY_BUTTON, view.web_link(info.id, "history", reader)))
    peers = _peers(view, info, result)
    card = result_card(framework, result, info.agency_name, info.id, previous, peers, links)
    return [card, *next_steps_messages(framework, result)][:4]


HISTORY_READ = 20


def no_result_yet(state: State, view: ChatView) -> Decision:
    """Asked for a result, its next steps or its missing answers before any result: say
    so, and lead back to an assessment in progress (mid-question too) when there is one."""
    if view.in_progress is not None:
        return Decision((text(texts.PAUSED_NO_RESULT),), state, menu=menus.PAUSED)
    return Decision((text(texts.NO_RESULT_YET),), state, menu=menus.NO_RESULT)


def show_latest_result(state: State, view: ChatView, explain: bool = False) -> Decision:
    """The latest whole-framework result, with the one-pillar results that came after it
    (a one-pillar run never hides the whole result); a paused assessment is pointed to."""
    paused = view.in_progress is not None
    finished = view.finished(limit=HISTORY_READ)
    shown = _shown(finished)
    if shown is None:
        return no_result_yet(state, view)
    info = shown.assessment
    result = rescore(view, info)
    messages = result_messages(view, info, result, history=True)
    later = [f for f in finished if f.assessment.scope and f.finished_at > shown.finished_at]
    if later:
        messages.insert(1, text(_later_pillars(view, later)))
    if paused:
        messages.insert(0, text(texts.PAUSED_NOTE))
    if explain:  # "ทำไมได้ระดับนี้": how the level comes about, before the card
        framework = view.catalog.framework(info.framework_year)
        messages.insert(0, text(why_text(framework, result)))
    return Decision(tuple(messages[:5]), state, menu=menus.after_result(info.scope))


def show_next_steps(state: State, view: ChatView) -> Decision:
    """ "ควรปรับปรุงด้านไหนก่อน": the latest result's next steps, ranked by what each adds to
    the score, with the way to every recommendation."""
    shown = latest_shown(view)
    if shown is None:
        return no_result_yet(state, view)
    info = shown.assessment
    framework = view.catalog.framework(info.framework_year)
    steps = next_steps_messages(framework, rescore(view, info))
    return Decision(tuple(steps), state, menu=menus.after_result(info.scope))


def _shown(finished: list[FinishedInfo]) -> FinishedInfo | None:
    """The result "ผลการประเมิน" shows: the latest whole-framework one, else the latest."""
    whole = next((f for f in finished if f.assessment.scope is None), None)
    return whole or (finished[0] if finished else None)


def latest_shown(view: ChatView) -> FinishedInfo | None:
    return _shown(view.finished(limit=HISTORY_READ))


def _later_pillars(view: ChatView, later: list[FinishedInfo]) -> str:
    lines = [texts.LATER_PILLAR_RESULTS]
    seen: set[str] = set()
    for finished in later:  # newest first: the latest result of each pillar
        framework = view.catalog.framework(finished.assessment.framework_year)
        for pillar_id, figure in finished.result.pillars.items():
            if pillar_id in seen or figure.level is None:
                continue
            seen.add(pillar_id)
            pillar = framework.pillar(pillar_id)
            lines.append(f"• ตัวชี้วัดที่ {pillar.number} {pillar.name_th}: ระดับ {figure.level}")
    return "\n".join(lines)


def show_recommendations(
    state: State, view: ChatView, assessment_id: int | None = None
) -> Decision:
    """The recommendations of this assessment (a card's button), or of the latest result."""
    chosen: FinishedInfo | None = None
    if assessment_id is not None:
        chosen = view.finished_by_id(assessment_id)
    if chosen is None:
        latest = view.finished(limit=1)
        chosen = latest[0] if latest else None
    if chosen is None:
        return no_result_yet(state, view)
    framework = view.catalog.framework(chosen.assessment.framework_year)
    # More than five carousels (long admin texts) go out as pushes after the reply.
    result = rescore(view, chosen.assessment)
    carousels = tuple(recommendation_carousels(framework, result))
    return Decision(carousels, state, menu=menus.AFTER_RECOMMENDATIONS)


def _missing_questions(view: ChatView, info: AssessmentInfo) -> tuple[str, ...]:
    """The questions in scope answered with a skip or "ไม่แน่ใจ" (or not at all)."""
    steps = steps_for(view.catalog.framework(info.framework_year), info.scope)
    missing = []
    for step in steps:
        stored = info.answers.get(step.question.id)
        if stored is None or decode_answer(stored) in (None, UNSURE):
            missing.append(step.question.id)
    return tuple(missing)


def answer_missing(state: State, view: ChatView, assessment_id: int) -> Decision:
    """ "ตอบข้อที่ยังขาด": a new revision of a finished assessment that asks only what it
    skipped or was unsure of; the finished result stays in the history. An older card's
    button acts on the latest result of the same agency and scope (the gaps it showed may
    have been answered since)."""
    finished = view.finished_by_id(_latest_of(view, assessment_id))
    if finished is None:
        return Decision((text(texts.OLD_BUTTON),), state, menu=menus.MAIN)
    if not finished.assessment.coordinates:  # a team's result: its coordinator re-opens it
        return Decision((text(texts.MEMBER_CANNOT_REVISE),), state, menu=menus.AFTER_RESULT)
    if view.in_progress is not None:
        message = text(texts.FINISH_CURRENT_FIRST, [say(texts.RESUME), say(texts.HELP)])
        return Decision((message,), state)
    drop = _missing_questions(view, finished.assessment)
    if not drop:
        return Decision((text(texts.NOTHING_MISSING),), state, menu=menus.AFTER_RESULT)
    return Decision((), Idle(), (ReviseAssessment(finished.assessment.id, drop),))


def _latest_of(view: ChatView, assessment_id: int) -> int:
    finished = view.finished(limit=HISTORY_READ)
    tapped = next((f.assessment for f in finished if f.assessment.id == assessment_id), None)
    if tapped is None:
        return assessment_id
    same = (tapped.agency_key, tapped.scope)
    newest = (f.assessment for f in finished)  # newest first; the tapped one among them
    return next(a.id for a in newest if (a.agency_key, a.scope) == same)


def answer_latest_missing(state: State, view: ChatView) -> Decision:
    """The card's button typed instead of tapped: the latest finished assessment."""
    latest = view.finished(limit=1)
    if not latest:
        return no_result_yet(state, view)
    return answer_missing(state, view, latest[0].assessment.id)


def seven_pillar_view(state: State, view: ChatView) -> Decision:
    """The latest whole-framework result in another year's pillars (the 2566 view), labelled
    as this service's own grouping."""
    finished_ones = view.finished(limit=HISTORY_READ)
    if not finished_ones:
        return no_result_yet(state, view)
    # Regrouping needs every pillar's issues: a one-pillar result would fill one of seven.
    finished = next((f for f in finished_ones if f.assessment.scope is None), None)
    if finished is None:
        return Decision((text(texts.VIEW_NEEDS_WHOLE),), state, menu=menus.NO_RESULT)
    views = view.catalog.knowledge(finished.assessment.framework_year).views
    if not views:
        return Decision((text(texts.NO_OTHER_VIEW),), state, menu=menus.AFTER_RESULT)
    values = {iid: i.value for iid, i in finished.result.issues.items() if i.value is not None}
    messages = tuple(text(view_text(v, regroup(v, values))) for v in views)
    return Decision(messages, state, menu=menus.AFTER_RESULT)


def view_text(shown: FrameworkView, figures: list[ViewFigure]) -> str:
    lines = [shown.name_th]
    for figure in figures:
        name = f"{figure.pillar.number}. {figure.pillar.name_th}"
        if figure.level is None:
            lines.append(f"{name}: ยังไม่มีระดับ")
        else:
            level = level_text(figure.level, figure.value)
            lines.append(f"{name}: {level} ขั้น{figure.stage_name}")
    lines += ["", texts.VIEW_STAGE_NAMES.format(year=shown.framework_year), shown.mapping_note]
    return "\n".join(lines)
