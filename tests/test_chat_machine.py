"""The chat machine on its own: every state × every kind of input, with no HTTP and no
database (an in-memory world applies the effects)."""

from __future__ import annotations

import dataclasses
from dataclasses import replace
from typing import Any

import pytest

from bot import texts
from bot.chat import postbacks, states
from bot.chat.commands import COMMANDS, help_text
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
    ReadMore,
    ShowLevels,
    ShowQuestion,
    ShowRecommendations,
)
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
    Cursor,
    Idle,
    NamingAgency,
    NamingSelf,
    State,
)
from bot.chat.turn import (
    BadTap,
    CancelAssessment,
    Decision,
    DeleteMyData,
    Follow,
    Input,
    SaveAnswer,
    StartAssessment,
    Tap,
    Text,
    Unsupported,
)
from scoring.questionnaire import steps_for
from storage.assessments import Status
from tests.chat_world import StoredAssessment, World
from tests.frameworks import FRAMEWORK
from tests.line_fake.limits import send_problems
from tests.line_fake.openapi import messaging_api

STEPS = steps_for(FRAMEWORK, None)
FIRST = STEPS[0]
CHECKLIST = next(s for s in STEPS if s.question.type == "checklist")
PERCENT = next(s for s in STEPS if getattr(s.question, "unit", None) == "percent")


def _world(with_assessment: bool) -> World:
    world = World(agency_type="service", agency_name="กรมทดสอบ")
    if with_assessment:
        world.assessments[1] = StoredAssessment(1, FRAMEWORK.year, "service", "กรมทดสอบ", None)
    return world


def _states(cursor: Cursor) -> list[State]:
    return [
        Idle(),
        Idle(cursor),
        ChoosingType(),
        ChoosingType("P3"),
        NamingAgency("service"),
        ChoosingScope("policy", "กรมทดสอบ"),
        ChoosingPillar("provincial", None),
        Asking(cursor),
        ConfirmingDelete(),
        ConfirmingCancel(cursor),
        ConfirmingRestart("P2"),
        ConfirmingAgency("service", "กรมทดสอ", "กรมทดสอบ"),
        ChoosingPlace("provincial", "สำนักงานจังหวัดทดสอบ"),
        ChoosingScope("service", "กรมทดสอบ", "moj"),
        ChoosingStart("service", "กรมทดสอบ", "moj", 5),
        NamingSelf("invite"),
        NamingSelf("K7M2QX"),
        ConfirmingJoin("K7M2QX"),
        ConfirmingSubmit(cursor),
    ]


def _inputs() -> list[Input]:
    commands: list[Input] = [Text(command.word) for command in COMMANDS]
    taps: list[Input] = [
        Tap(AnswerTap(1, PERCENT.question.id, "85")),
        Tap(AnswerTap(1, FIRST.question.id, "unsure")),
        Tap(AnswerTap(99, PERCENT.question.id, "85")),
        Tap(ItemTap(1, CHECKLIST.question.id, CHECKLIST.question.items[0].id, True)),
        Tap(ConfirmItems(1, CHECKLIST.question.id)),
        Tap(ChooseType("policy")),
        Tap(ChoosePillar("P4")),
        Tap(ShowRecommendations(1)),
        Tap(AnswerMissing(1)),
        Tap(Define("P1.DaP.1")),
        Tap(ShowLevels("P1.DaP.1")),
        Tap(ReadMore("gdx")),
        Tap(PickMember("assign", 1)),
        Tap(PickMember("remove", 1)),
        Tap(AssignTap(1, "P4")),
        Text("เข้าร่วม K7M2QX"),
        Text("เข้าร่วม 12"),
        Tap(ShowQuestion(1, CHECKLIST.question.id)),
        Tap(AssessPillar("P5")),
    ]
    free = [Text("GDX คืออะไร"), Text("85"), Text("สวัสดีครับ"), Text("อากาศวันนี้เป็นอย่างไร")]
    return [Follow(), *commands, *taps, *free, BadTap(), Unsupported()]


CASES = [
    pytest.param(with_assessment, state, event, id=f"{with_assessment}-{state}-{event}")
    for with_assessment in (True, False)
    for state in _states(Cursor(1, FIRST.question.id))
    for event in _inputs()
]


@pytest.mark.parametrize(("with_assessment", "state", "event"), CASES)
def test_every_state_answers_every_input_with_valid_messages(
    with_assessment: bool, state: State, event: Input
) -> None:
    world = _world(with_assessment)
    world.state = state
    decision = world.send(event)
    assert decision.messages, "every input gets a reply"
    assert _problems(decision.messages) == []
    name, data = states.encode(decision.state)
    assert states.decode(name, data) == decision.state


def _problems(messages: tuple[dict[str, Any], ...]) -> list[Any]:
    """What LINE's schema and limits say of the messages, sent five per request."""
    found = []
    for start in range(0, len(messages), 5):
        body = {"replyToken": "r" * 32, "messages": list(messages[start : start + 5])}
        found += messaging_api().problems("ReplyMessageRequest", body) + send_problems(body)
    return found


def _texts(decision: Decision) -> list[str]:
    return [m.get("text") or m.get("altText", "") for m in decision.messages]


def _labels(decision: Decision) -> list[str]:
    items = decision.messages[-1].get("quickReply", {}).get("items", [])
    return [item["action"]["label"] for item in items]


def test_a_new_assessment_is_set_up_step_by_step_and_asks_its_first_question() -> None:
    world = _world(with_assessment=False)
    assert isinstance(world.send(Text(texts.START)).state, ChoosingType)
    assert isinstance(world.send(Tap(ChooseType("service"))).state, NamingAgency)
    assert isinstance(world.send(Text("กรมตัวอย่าง")).state, ChoosingScope)
    decision = world.send(Text(texts.WHOLE_FRAMEWORK))
    assert any(isinstance(e, StartAssessment) for e in decision.effects)
    assert decision.state == Asking(Cursor(1, FIRST.question.id))
    assert world.agency_name == "กรมตัวอย่าง"
    # What the official will really be asked: the issues ("ข้อ 1/32") and their questions.
    size = f"{len(FRAMEWORK.issues())} ข้อ รวม {len(STEPS)} คำถาม ใช้เวลาประมาณ"
    assert size in _texts(decision)[0]


def test_an_answer_is_saved_and_the_next_question_asked() -> None:
    world = _world(with_assessment=True)
    world.state = Asking(Cursor(1, PERCENT.question.id))
    decision = world.send(Text("85"))
    assert SaveAnswer(1, PERCENT.question.id, 85.0) in decision.effects
    assert decision.state == Asking(Cursor(1, FIRST.question.id))  # the first open one


def test_a_typed_number_out_of_range_is_asked_again_and_nothing_saved() -> None:
    world = _world(with_assessment=True)
    world.state = Asking(Cursor(1, PERCENT.question.id))
    decision = world.send(Text("150"))
    assert decision.effects == ()
    assert decision.state == world.state
    assert "0–100" in _texts(decision)[0]


def test_skip_saves_a_skip_and_back_returns_to_the_question_before() -> None:
    world = _world(with_assessment=True)
    world.state = Asking(Cursor(1, FIRST.question.id))
    assert SaveAnswer(1, FIRST.question.id, None) in world.send(Text(texts.SKIP)).effects
    back = world.send(Text(texts.BACK))
    assert back.state == Asking(Cursor(1, FIRST.question.id))


def test_ticked_items_survive_a_pause_and_are_confirmed_together() -> None:
    world = _world(with_assessment=True)
    cursor = Cursor(1, CHECKLIST.question.id)
    world.state = Asking(cursor)
    items = [item.id for item in CHECKLIST.question.items[:2]]
    for item in items:
        world.send(Tap(ItemTap(1, CHECKLIST.question.id, item, True)))
    paused = world.send(Text(texts.PAUSE))
    assert paused.state == Idle(replace(cursor, draft=tuple(items)))
    world.send(Text(texts.RESUME))
    confirmed = world.send(Tap(ConfirmItems(1, CHECKLIST.question.id)))
    assert SaveAnswer(1, CHECKLIST.question.id, tuple(items)) in confirmed.effects


def test_an_old_button_is_never_applied_twice() -> None:
    world = _world(with_assessment=True)
    world.state = Asking(Cursor(1, PERCENT.question.id))
    world.send(Tap(AnswerTap(1, PERCENT.question.id, "85")))
    again = world.send(Tap(AnswerTap(1, PERCENT.question.id, "10")))
    assert again.effects == ()
    assert texts.ALREADY_RECORDED in _texts(again)


def test_cancelling_asks_first_and_then_cancels() -> None:
    world = _world(with_assessment=True)
    world.state = Asking(Cursor(1, FIRST.question.id))
    assert isinstance(world.send(Text(texts.CANCEL)).state, ConfirmingCancel)
    decision = world.send(Text(texts.CONFIRM_CANCEL))
    assert decision.effects == (CancelAssessment(1),)
    assert world.assessments[1].status == Status.CANCELLED


def test_deleting_ones_data_needs_the_confirmation_word() -> None:
    world = _world(with_assessment=True)
    world.send(Text(texts.DELETE_MY_DATA))
    declined = world.send(Text("ไม่แน่ใจ"))
    assert not world.deleted and texts.DELETE_KEPT in _texts(declined)
    world.send(Text(texts.DELETE_MY_DATA))
    assert world.send(Text(texts.CONFIRM_DELETE)).effects == (DeleteMyData(),)
    assert world.deleted


def test_finishing_completes_the_assessment_with_its_result() -> None:
    world = _world(with_assessment=False)
    world.send(Tap(AssessPillar("P6")))
    world.send(Tap(ChooseType("service")))
    decision = world.send(Text(texts.SKIP_NAME))
    while isinstance(decision.state, Asking):
        decision = world.send(Text(texts.SKIP))
    assert world.assessments[1].status == Status.COMPLETED
    assert texts.NOTHING_SCORED in _texts(decision)


def test_help_is_derived_from_the_command_table() -> None:
    decision = _world(with_assessment=False).send(Text("help"))
    assert _texts(decision) == [help_text()]
    for command in COMMANDS:
        if command.help:
            assert f"{command.word} — {command.help}" in help_text()
    # Nothing in progress and no result yet: resuming, the result, inviting and the team
    # are not offered.
    assert _labels(decision) == [texts.START, texts.ASK, texts.HELP]
    alone = _world(with_assessment=True).send(Text("help"))
    assert _labels(alone) == [texts.START, texts.RESUME, texts.ASK, texts.HELP, texts.INVITE]


def test_the_result_is_offered_once_there_is_one() -> None:
    world = _world(with_assessment=False)
    world.send(Tap(AssessPillar("P6")))
    world.send(Tap(ChooseType("service")))
    decision = world.send(Text(texts.SKIP_NAME))
    assert texts.RESULT not in _labels(world.send(Text(texts.PAUSE)))
    decision = world.send(Text(texts.RESUME))
    while isinstance(decision.state, Asking):
        decision = world.send(Text(texts.SKIP))
    assert texts.RESULT in _labels(world.send(Text("help")))


@pytest.mark.parametrize(
    "data",
    [
        "t=ans&a=1e9&q=Q&v=1",
        "t=ans&a=1&q=Q",
        "t=set&a=1&q=Q&i=x&on=2",
        "t=nope&a=1",
        "t=def&id=" + "x" * 300,
        "t=ans&a=1&q=Q&v=%00",
        "",
    ],
)
def test_postbacks_the_bot_did_not_send_decode_to_nothing(data: str) -> None:
    assert postbacks.decode(data) is None


@pytest.mark.parametrize("kind", postbacks.ALL_POSTBACKS)
def test_every_postback_kind_survives_its_codec(kind: Any) -> None:
    samples = {
        "assessment_id": 12,
        "question_id": "P1.DaP.1.items",
        "value": "yes",
        "item": "d1",
        "on": True,
        "agency_type": "service",
        "pillar_id": "P3",
        "entry_id": "P1.DaP.1",
        "action": "assign",
        "member_id": 7,
    }
    postback = kind(**{f.name: samples[f.name] for f in dataclasses.fields(kind)})
    assert postbacks.decode(postbacks.encode(postback)) == postback


@pytest.mark.parametrize("state", _states(Cursor(1, "P3.SP.1.share", ("a", "b"))))
def test_every_state_survives_its_stored_form(state: State) -> None:
    assert states.decode(*states.encode(state)) == state


def test_an_unreadable_stored_state_is_idle() -> None:
    assert states.decode("asking", {"assessment": "x"}) == Idle()
    assert states.decode("no-such-state", {}) == Idle()
    assert states.decode("agency_name", {"type": 5}) == Idle()
