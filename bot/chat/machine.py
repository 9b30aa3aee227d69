"""The chat as a state machine: (state, input, view) → decision.

``handle`` decides one input. ``run`` also applies the decision's effects through the
caller's ``apply`` (the webhook's database, or a test's in-memory world) and feeds back
what an effect produced (a new assessment's id), so one event can start an assessment
and ask its first question.
"""

from __future__ import annotations

from collections.abc import Callable

from bot import texts
from bot.chat import answers, confirm, meaning, menus, requests, setup, team, team_manage
from bot.chat.asking import continue_assessment
from bot.chat.commands import about_facts, command_of, help_text, menu
from bot.chat.postbacks import (
    AnswerMissing,
    AnswerTap,
    AssessPillar,
    AssignTap,
    ChoosePillar,
    ChooseType,
    ConfirmItems,
    Define,
    ItemTap,
    PickMember,
    Postback,
    ReadMore,
    ShowLevels,
    ShowQuestion,
    ShowRecommendations,
)
from bot.chat.results import answer_missing, show_recommendations
from bot.chat.states import (
    Asking,
    ChoosingPillar,
    ChoosingPlace,
    ChoosingScope,
    ChoosingStart,
    ChoosingType,
    ConfirmingAgency,
    ConfirmingCancel,
    ConfirmingDelete,
    ConfirmingJoin,
    ConfirmingRestart,
    ConfirmingSubmit,
    Idle,
    NamingAgency,
    NamingSelf,
    State,
)
from bot.chat.turn import (
    BadTap,
    Decision,
    Effect,
    Follow,
    Input,
    Invited,
    Joined,
    Started,
    Tap,
    Text,
    Unsupported,
)
from bot.chat.view import ChatView
from bot.messages import text, with_quick_replies

Apply = Callable[[Effect], Input | None]
# States that ask yes or no: any other text means no.
CONFIRMATIONS = (ConfirmingDelete, ConfirmingCancel, ConfirmingRestart, ConfirmingSubmit)


def handle(state: State, event: Input, view: ChatView) -> Decision:
    if isinstance(event, Text):
        return on_text(state, event.text, view)
    if isinstance(event, Tap):
        return on_tap(state, event.postback, view)
    if isinstance(event, Started):
        if event.opened_first is not None:
            return setup.team_already_open(view, state, event.opened_first)
        return setup.started(view, state)
    if isinstance(event, Invited):
        return team.invited(view, state, event.code)
    if isinstance(event, Joined):
        return team.joined(view, state, event.assessment_id)
    if isinstance(event, Follow):
        return greeting(state, view)
    if isinstance(event, BadTap):
        return Decision((text(texts.UNKNOWN_INPUT),), state, menu=menus.MAIN)
    assert isinstance(event, Unsupported)
    return Decision((text(texts.UNSUPPORTED_MESSAGE),), state, menu=menus.MAIN)


def greeting(state: State, view: ChatView) -> Decision:
    welcome = texts.GREETING.format(year=about_facts(view)["year"])
    return Decision((text(welcome), text(texts.PRIVACY)), state, menu=menus.WELCOME)


def on_text(state: State, typed: str, view: ChatView) -> Decision:
    code = team.typed_code(typed)
    if code is not None:
        return team.join(state, view, code)
    command = command_of(typed)
    if command is not None:
        decided = command.handler(state, view)
        if decided is not None:
            return decided
    if isinstance(state, NamingAgency):
        return setup.name_agency(view, state, typed)
    if isinstance(state, ConfirmingAgency):
        return setup.confirm_agency(view, state, typed)
    if isinstance(state, ChoosingPlace):
        return setup.choose_place(view, state, typed)
    if isinstance(state, NamingSelf):
        return team.name_self(view, state, typed)
    if isinstance(state, ConfirmingJoin):
        return Decision((text(texts.JOIN_DECLINED),), Idle(), menu=menus.MAIN)
    if isinstance(state, Asking):
        return requests.answer_request(state, view, typed) or answers.on_typed(state, view, typed)
    if isinstance(state, CONFIRMATIONS):
        if (yes := confirm.typed_yes(state, typed)) is not None:
            decided = command_of(yes).handler(state, view)  # as the button would
            if decided is not None:
                return decided
        declined = confirm.declined(state, view)
        return declined or Decision((text(help_text()),), Idle(), menu=menus.MAIN)
    if isinstance(state, ChoosingType) and (agency_type := setup.typed_type(view, typed)):
        return setup.choose_type(view, state, agency_type)
    if isinstance(state, ChoosingPillar) and (pillar := setup.typed_pillar(view, typed)):
        return setup.choose_pillar(view, state, pillar)
    if isinstance(state, ChoosingType | ChoosingScope | ChoosingPillar | ChoosingStart):
        requested = requests.answer_request(state, view, typed)
        return requested or setup.reprompt(view, state, texts.CHOOSE_FROM_BUTTONS)
    return requests.answer_request(state, view, typed) or meaning.free_text(state, view, typed)


def on_tap(state: State, postback: Postback, view: ChatView) -> Decision:
    if isinstance(postback, AnswerTap | ItemTap | ConfirmItems):
        return answers.on_button(state, view, postback)
    if isinstance(postback, ShowQuestion):
        return answers.show_question(state, view, postback)
    if isinstance(postback, ChooseType):
        if isinstance(state, ChoosingType):
            return setup.choose_type(view, state, postback.agency_type)
        return _setup_button_again(state, view)
    if isinstance(postback, ChoosePillar):
        if isinstance(state, ChoosingPillar):
            return setup.choose_pillar(view, state, postback.pillar_id)
        return _setup_button_again(state, view)
    if isinstance(postback, ShowRecommendations):
        return show_recommendations(state, view, postback.assessment_id)
    if isinstance(postback, AnswerMissing):
        return answer_missing(state, view, postback.assessment_id)
    if isinstance(postback, Define):
        return meaning.show_entry(state, view, postback.entry_id)
    if isinstance(postback, ShowLevels):
        return meaning.show_levels(state, view, postback.entry_id)
    if isinstance(postback, ReadMore):
        return meaning.show_more(state, view, postback.entry_id)
    if isinstance(postback, PickMember):
        return team_manage.picked(state, view, postback)
    if isinstance(postback, AssignTap):
        return team_manage.assign_tapped(state, view, postback)
    assert isinstance(postback, AssessPillar)
    return setup.start_or_confirm(view, postback.pillar_id)


def _setup_button_again(state: State, view: ChatView) -> Decision:
    """A set-up button tapped again after that step was answered."""
    info = view.in_progress
    if isinstance(state, Asking) and info is not None:
        return continue_assessment(view, info, [text(texts.ALREADY_RECORDED)], state)
    return setup.reprompt(view, state, texts.ALREADY_RECORDED)


def run(state: State, event: Input, view: ChatView, apply: Apply) -> Decision:
    """Decide ``event``, apply the effects in order (deciding what they feed back), and
    put the last decision's menu under the last message."""
    decision = handle(state, event, view)
    messages = list(decision.messages)
    applied: list[Effect] = []
    pending = list(decision.effects)
    while pending:
        effect = pending.pop(0)
        applied.append(effect)
        fed_back = apply(effect)
        if fed_back is not None:
            decision = handle(decision.state, fed_back, view)
            messages.extend(decision.messages)
            pending.extend(decision.effects)
    if decision.menu is not None:
        messages = with_quick_replies(messages, menu(decision.menu, view))
    return Decision(tuple(messages), decision.state, tuple(applied), decision.menu)
