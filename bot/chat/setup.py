"""Setting up an assessment: agency type, agency name, scope (all pillars or one)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot import texts
from bot.chat import agency, menus
from bot.chat.asking import ask, continue_assessment, progress, steps_of
from bot.chat.postbacks import ChoosePillar, ChooseType, encode
from bot.chat.states import (
    ChoosingPillar,
    ChoosingPlace,
    ChoosingScope,
    ChoosingStart,
    ChoosingType,
    ConfirmingAgency,
    ConfirmingRestart,
    Idle,
    NamingAgency,
    State,
)
from bot.chat.turn import Decision, RememberAgency, StartAssessment
from bot.chat.view import ChatView, Invitation
from bot.messages import Message, label, say, tap, text
from scoring.questionnaire import Step, minutes_needed, steps_for
from scoring.questions import normalized
from storage.assessments import is_carried

_SCOPE_BUTTONS = (texts.WHOLE_FRAMEWORK, texts.ONE_PILLAR, texts.CANCEL)


def _agency_types(view: ChatView) -> tuple:
    return view.catalog.current.framework.agency_types


def begin(view: ChatView, pillar: str | None = None) -> Decision:
    """Ask the agency type: the first step of a new assessment."""
    items = [
        tap(info.label, encode(ChooseType(info.id)), shown=info.name_th)
        for info in _agency_types(view)
    ]
    message = text(texts.ASK_AGENCY_TYPE, [*items, say(texts.CANCEL)])
    return Decision((message,), ChoosingType(pillar))


def start_or_confirm(view: ChatView, pillar: str | None = None) -> Decision:
    """Start a new assessment, asking first when one is unfinished (it would be cancelled)."""
    info = view.in_progress
    if info is None:
        return begin(view, pillar)
    answered, total = progress(view, info)
    wording = texts.IN_TEAM_EXISTS if info.is_team else texts.IN_PROGRESS_EXISTS
    message = wording.format(answered=answered, total=total, agency=info.agency_name)
    buttons = [say(texts.RESUME), say(texts.RESTART)]
    return Decision((text(message, buttons),), ConfirmingRestart(pillar))


def choose_type(view: ChatView, state: ChoosingType, agency_type: str) -> Decision:
    if agency_type not in {info.id for info in _agency_types(view)}:
        return begin(view, state.pillar)
    items = [say(texts.SKIP_NAME), say(texts.CANCEL)]
    known = view.agency_name
    if known and len(known) <= 20:
        items.insert(0, say(known))
    message = text(texts.ASK_AGENCY_NAME, items)
    return Decision(
        (message,), NamingAgency(agency_type, state.pillar), (RememberAgency(agency_type),)
    )


def name_agency(view: ChatView, state: NamingAgency, typed: str | None) -> Decision:
    return agency.name_agency(view, state, typed, after_agency)


def confirm_agency(view: ChatView, state: ConfirmingAgency, typed: str) -> Decision:
    return agency.confirm_agency(view, state, typed, after_agency)


def choose_place(view: ChatView, state: ChoosingPlace, typed: str | None) -> Decision:
    return agency.choose_place(view, state, typed, after_agency)


def after_agency(
    view: ChatView, agency_type: str, name: str | None, place: str | None, pillar: str | None
) -> Decision:
    """The agency is settled: start the pillar chosen before, or ask the scope."""
    if pillar:
        return start(view, agency_type, name, (pillar,), place)
    return Decision((_scope_question(view),), ChoosingScope(agency_type, name, place))


def _scope_question(view: ChatView) -> Message:
    framework = view.catalog.current.framework
    pillars = [steps_for(framework, [p.id]) for p in framework.pillars]
    whole = steps_for(framework, None)
    wording = texts.ASK_SCOPE.format(
        size=size_text(whole),
        minutes=minutes_needed(whole),
        pillar_questions=_span([len(steps) for steps in pillars]),
        pillar_minutes=_span([minutes_needed(steps) for steps in pillars]),
    )
    return text(wording, [say(w) for w in _SCOPE_BUTTONS])


def _span(numbers: list[int]) -> str:
    low, high = min(numbers), max(numbers)
    return f"{low}–{high}" if low != high else str(low)


def size_text(steps: Sequence[Step]) -> str:
    """What the official will be asked: "32 ข้อ รวม 39 คำถาม" (an issue may ask in parts,
    shown "ข้อ 5/32 (1/2)"), or "3 ข้อ" when each issue asks once."""
    issues = steps[-1].issue_count if steps else 0
    return f"{issues} ข้อ" if issues == len(steps) else f"{issues} ข้อ รวม {len(steps)} คำถาม"


def choose_whole(view: ChatView, state: ChoosingScope) -> Decision:
    """The whole framework: one team per agency and year (a colleague's open one is
    joined by invitation), started from an earlier year's answers if the team wants."""
    name, year = state.agency_name, view.catalog.current.year
    if name is None:
        return start(view, state.agency_type, None, None)
    team = view.open_team(name, state.agency_type, year)
    mine = view.in_progress
    if team is not None and (mine is None or mine.id != team.assessment_id or mine.is_team):
        return team_already_open(view, state, team)
    earlier = view.earlier_answers(name, state.agency_type, year)
    if earlier is None:
        return start(view, state.agency_type, name, None, state.place)
    wording = texts.ASK_CARRY.format(agency=name, year=earlier.framework_year, count=earlier.count)
    buttons = [say(texts.CARRY_ANSWERS), say(texts.FRESH_START), say(texts.CANCEL)]
    asked = ChoosingStart(state.agency_type, name, state.place, earlier.assessment_id)
    return Decision((text(wording, buttons),), asked)


def team_already_open(view: ChatView, state: State, team: Invitation) -> Decision:
    """The agency's team of this year is open (also when a colleague opened it while
    this user was choosing): join it by invitation, or study one pillar alone."""
    mine = view.in_progress
    wording = texts.TEAM_ALREADY_OPEN.format(
        agency=team.agency_name, year=team.framework_year, coordinator=team.coordinator
    )
    if mine is not None and mine.id == team.assessment_id:
        wording = texts.ALREADY_MEMBER
    buttons = [say(texts.RESUME)] if mine is not None else []
    buttons += [say(texts.ONE_PILLAR), say(texts.CANCEL)]
    return Decision((text(wording, buttons),), state)


def choose_start(view: ChatView, state: ChoosingStart, carry: bool) -> Decision:
    carry_from = state.earlier if carry else None
    return start(view, state.agency_type, state.agency_name, None, state.place, carry_from)


def ask_pillar(view: ChatView, state: ChoosingScope | ChoosingPillar) -> Decision:
    pillars = view.catalog.current.framework.pillars
    items = [
        tap(
            label(f"{p.number} {p.label or p.name_th}"),
            encode(ChoosePillar(p.id)),
            shown=f"ตัวชี้วัดที่ {p.number} {p.name_th}",
        )
        for p in pillars
    ]
    lines = [texts.ASK_PILLAR] + [f"{p.number}. {p.name_th} ({p.name_en})" for p in pillars]
    message = text("\n".join(lines), [*items, say(texts.CANCEL)])
    return Decision((message,), ChoosingPillar(state.agency_type, state.agency_name, state.place))


def choose_pillar(view: ChatView, state: ChoosingPillar, pillar_id: str) -> Decision:
    if pillar_id not in {p.id for p in view.catalog.current.framework.pillars}:
        return ask_pillar(view, state)
    return start(view, state.agency_type, state.agency_name, (pillar_id,), state.place)


def start(
    view: ChatView,
    agency_type: str,
    agency_name: str | None,
    scope: tuple[str, ...] | None,
    place: str | None = None,
    carry_from: int | None = None,
) -> Decision:
    """Create the assessment (in the current framework year); ``started`` asks its first
    question once it exists. A whole-framework start waits in the scope question, where
    ``team_already_open`` leaves the user if a colleague's team opened first."""
    year = view.catalog.current.year
    effect = StartAssessment(year, agency_type, agency_name, scope, place, carry_from)
    waiting = ChoosingScope(agency_type, agency_name, place) if scope is None else Idle()
    return Decision((), waiting, (effect,))


def started(view: ChatView, state: State) -> Decision:
    info = view.in_progress
    assert info is not None, "a Started input follows a StartAssessment effect"
    steps = steps_of(view, info)
    carried = sum(1 for stored in info.answers.values() if is_carried(stored))
    if carried:  # from an earlier year's answers: each is shown to confirm or change
        wording = texts.CARRIED_STARTED.format(year=info.framework_year, count=carried)
        return continue_assessment(view, info, [text(wording)])
    if info.answers:  # a revision: only what was skipped or unsure is asked
        opened = len({s.issue.id for s in steps if s.question.id not in info.answers})
        return continue_assessment(view, info, [text(texts.REVISION_STARTED.format(open=opened))])
    what = "ทุกตัวชี้วัด" if info.scope is None else f"ตัวชี้วัดที่ {steps[0].pillar.number}"
    minutes = minutes_needed(steps)
    intro = text(texts.STARTED.format(what=what, size=size_text(steps), minutes=minutes))
    return ask(view, info, steps[0], [intro])


def typed_type(view: ChatView, typed: str) -> str | None:
    """An agency type typed as its button says it ("ให้บริการเป็นหลัก") or in full."""
    wanted = normalized(typed)
    for info in _agency_types(view):
        if wanted in {normalized(info.label), normalized(info.name_th), info.id}:
            return info.id
    return None


def typed_pillar(view: ChatView, typed: str) -> str | None:
    """A pillar typed by its number ("5", "ตัวชี้วัดที่ 5") or its name or button label."""
    wanted = normalized(typed)
    number = re.fullmatch(r"(?:ตัวชี้วัดที่\s*)?(\d)\.?", wanted)
    for pillar in view.catalog.current.framework.pillars:
        names = {normalized(pillar.name_th), normalized(pillar.label or "")}
        if (number and int(number.group(1)) == pillar.number) or wanted in names - {""}:
            return pillar.id
    return None


def reprompt(view: ChatView, state: State, note: str) -> Decision:
    """A setup step answered with something that is not one of its buttons."""
    if isinstance(state, ChoosingType):
        again = begin(view, state.pillar)
    elif isinstance(state, ChoosingScope):
        again = Decision((_scope_question(view),), state)
    elif isinstance(state, ChoosingStart):
        buttons = [say(texts.CARRY_ANSWERS), say(texts.FRESH_START), say(texts.CANCEL)]
        return Decision((text(note, buttons),), state)
    elif isinstance(state, ChoosingPillar):
        again = ask_pillar(view, state)
    else:
        return Decision((text(note),), state, menu=menus.MAIN)
    notice: tuple[Message, ...] = (text(note),)
    return Decision(notice + again.messages, again.state, again.effects)
