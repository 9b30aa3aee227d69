"""Setting up an assessment: agency type, agency name, scope (all pillars or one)."""

from __future__ import annotations

import re

from bot import texts
from bot.chat import menus
from bot.chat.asking import ask, continue_assessment, progress, steps_of
from bot.chat.postbacks import ChoosePillar, ChooseType, encode
from bot.chat.states import (
    ChoosingPillar,
    ChoosingScope,
    ChoosingType,
    ConfirmingRestart,
    Idle,
    NamingAgency,
    State,
)
from bot.chat.turn import Decision, RememberAgency, StartAssessment
from bot.chat.view import ChatView
from bot.messages import Message, label, say, tap, text
from scoring.questionnaire import minutes_needed, steps_for
from scoring.questions import clean, normalized

MAX_AGENCY_NAME = 200
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
    message = texts.IN_PROGRESS_EXISTS.format(answered=answered, total=total)
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
    name = " ".join(clean(typed).split()) if typed else None
    if name and len(name) > MAX_AGENCY_NAME:
        message = text(texts.NAME_TOO_LONG, [say(texts.SKIP_NAME), say(texts.CANCEL)])
        return Decision((message,), state)
    remember = (RememberAgency(state.agency_type, name),) if name else ()
    if state.pillar:
        started = start(view, state.agency_type, name, (state.pillar,))
        return Decision(started.messages, started.state, remember + started.effects)
    scope = ChoosingScope(state.agency_type, name)
    return Decision((_scope_question(view),), scope, remember)


def _scope_question(view: ChatView) -> Message:
    framework = view.catalog.current.framework
    per_pillar = [minutes_needed(steps_for(framework, [p.id])) for p in framework.pillars]
    low, high = min(per_pillar), max(per_pillar)
    wording = texts.ASK_SCOPE.format(
        issue_count=len(framework.issues()),
        minutes=minutes_needed(steps_for(framework, None)),
        pillar_minutes=f"{low}–{high}" if low != high else low,
    )
    return text(wording, [say(w) for w in _SCOPE_BUTTONS])


def choose_whole(view: ChatView, state: ChoosingScope) -> Decision:
    return start(view, state.agency_type, state.agency_name, None)


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
    return Decision((message,), ChoosingPillar(state.agency_type, state.agency_name))


def choose_pillar(view: ChatView, state: ChoosingPillar, pillar_id: str) -> Decision:
    if pillar_id not in {p.id for p in view.catalog.current.framework.pillars}:
        return ask_pillar(view, state)
    return start(view, state.agency_type, state.agency_name, (pillar_id,))


def start(
    view: ChatView, agency_type: str, agency_name: str | None, scope: tuple[str, ...] | None
) -> Decision:
    """Create the assessment (in the current framework year); ``started`` asks its first
    question once it exists."""
    year = view.catalog.current.year
    return Decision((), Idle(), (StartAssessment(year, agency_type, agency_name, scope),))


def started(view: ChatView, state: State) -> Decision:
    info = view.in_progress
    assert info is not None, "a Started input follows a StartAssessment effect"
    steps = steps_of(view, info)
    if info.answers:  # a revision: only what was skipped or unsure is asked
        opened = sum(1 for s in steps if s.question.id not in info.answers)
        return continue_assessment(view, info, [text(texts.REVISION_STARTED.format(open=opened))])
    what = "ทุกตัวชี้วัด" if info.scope is None else f"ตัวชี้วัดที่ {steps[0].pillar.number}"
    minutes = minutes_needed(steps)
    intro = text(texts.STARTED.format(what=what, issues=steps[-1].issue_count, minutes=minutes))
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
    elif isinstance(state, ChoosingPillar):
        again = ask_pillar(view, state)
    else:
        return Decision((text(note),), state, menu=menus.MAIN)
    notice: tuple[Message, ...] = (text(note),)
    return Decision(notice + again.messages, again.state, again.effects)
