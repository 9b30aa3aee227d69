"""What to say: one function per kind of input, all returning LINE messages.

Typed commands work in every state. Outside commands, typed text is an answer when the
current question takes typed answers, otherwise a question for the Q&A.
"""

from __future__ import annotations

from urllib.parse import parse_qs

from bot import assessing, qa, store, texts, writes
from bot.assessing import ASKING, Turn
from bot.flow import (
    InputError,
    Step,
    clean,
    match_typed_choice,
    parse_number,
    range_hint,
    step_of,
)
from bot.messages import Message, greeting, label, plain, postback_data, say, tap, text
from bot.result_messages import recommendation_carousels
from scoring.answers import AnswerError, normalize_answer
from scoring.model import ChecklistQuestion, NumberQuestion
from storage.models import Assessment
from storage.personal_data import delete_respondent

AGENCY_TYPE, AGENCY_NAME, SCOPE, PILLAR = "choose_type", "agency_name", "choose_scope", "pillar"
SETUP_STATES = (AGENCY_TYPE, AGENCY_NAME, SCOPE, PILLAR)
CONFIRM_DELETE, CONFIRM_CANCEL, CONFIRM_RESTART = "confirm_delete", "confirm_cancel", "restart"
MAX_AGENCY_NAME = 200

COMMANDS = {
    texts.START,
    texts.RESUME,
    texts.RESULT,
    texts.ASK,
    texts.HELP,
    texts.CANCEL,
    texts.DELETE_MY_DATA,
    texts.BACK,
    texts.SKIP,
    texts.PAUSE,
    texts.ALL_RECOMMENDATIONS,
    texts.ABOUT,
    texts.RESTART,
    texts.CONFIRM_DELETE,
    texts.KEEP_DATA,
    texts.CONFIRM_CANCEL,
    texts.CONTINUE,
    texts.WHOLE_FRAMEWORK,
    texts.ONE_PILLAR,
    texts.SKIP_NAME,
}


def command_of(typed: str) -> str | None:
    word = " ".join(clean(typed).split())
    if word in COMMANDS:
        return word
    return texts.ALIASES.get(word.lower())


# --- entry points --------------------------------------------------------------------


def on_follow(turn: Turn) -> list[Message]:
    return greeting()


def on_text(turn: Turn, typed: str) -> list[Message]:
    command = command_of(typed)
    if command is not None:
        handled = on_command(turn, command)
        if handled is not None:
            return handled
    state = turn.state.state
    if state == AGENCY_NAME:
        return on_agency_name(turn, typed)
    if state == ASKING:
        return on_typed_answer(turn, typed)
    if state in (CONFIRM_DELETE, CONFIRM_CANCEL, CONFIRM_RESTART):
        return on_confirmation_declined(turn)
    if state in (AGENCY_TYPE, SCOPE, PILLAR):
        return reprompt_setup(turn, note="กรุณาเลือกจากปุ่มด้านล่าง")
    return qa.answer(turn, typed) or plain(texts.UNKNOWN_INPUT)


def on_postback(turn: Turn, data: str) -> list[Message]:
    fields = {key: values[0] for key, values in parse_qs(data).items()}
    kind = fields.get("t", "")
    if kind in ("ans", "num", "set", "done"):
        return on_answer_postback(turn, kind, fields)
    if kind == "type" and turn.state.state == AGENCY_TYPE:
        return choose_agency_type(turn, fields.get("v", ""))
    if kind == "pillar" and turn.state.state == PILLAR:
        return choose_pillar(turn, fields.get("v", ""))
    if kind == "rec":
        return show_recommendations(turn, fields.get("a"))
    if kind == "def":
        return _then_current_question(turn, qa.show_entry(turn, fields.get("id", "")))
    if kind == "lv":
        return _then_current_question(turn, qa.show_levels(turn, fields.get("id", "")))
    if kind == "more":
        return _then_current_question(turn, qa.show_more(turn, fields.get("id", "")))
    if kind == "assess":
        assessment = turn.in_progress()
        if assessment is not None:
            answered = len(turn.answers(assessment))
            total = len(assessing.steps_of(turn, assessment))
            return confirm_restart(turn, answered, total, pillar=fields.get("p"))
        return begin_setup(turn, pillar=fields.get("p"))
    if kind in ("type", "pillar"):
        return reprompt_setup(turn, note=texts.ALREADY_RECORDED)
    return plain(texts.UNKNOWN_INPUT)


# --- commands ------------------------------------------------------------------------


def on_command(turn: Turn, command: str) -> list[Message] | None:
    """None when the command means nothing here and the text should be read otherwise."""
    state = turn.state.state
    assessment = turn.in_progress()
    asking = state == ASKING and assessment is not None
    if command in (texts.HELP, texts.ABOUT, texts.ASK) and state in SETUP_STATES:
        # Leave the set-up steps: the next typed text must not become an agency name.
        store.set_state(turn.state, "idle")
        state = "idle"
    if command == texts.HELP:
        return plain(texts.HELP_TEXT, [say(texts.RESUME), say(texts.START)] if asking else None)
    if command == texts.ABOUT:
        return plain(texts.ABOUT_TEXT, [say(texts.START), say(texts.ASK), say(texts.HELP)])
    if command == texts.ASK:
        return plain(texts.ASK_MEANING_PROMPT, [say(texts.RESUME)] if asking else None)
    if command == texts.DELETE_MY_DATA:
        store.set_state(turn.state, CONFIRM_DELETE)
        return [text(texts.DELETE_CONFIRM, [say(texts.CONFIRM_DELETE), say(texts.KEEP_DATA)])]
    if command == texts.CONFIRM_DELETE and state == CONFIRM_DELETE:
        # The deletion takes the state row with it, so check now that the confirmation
        # was not read before another process changed the state (e.g. "ไม่ลบ").
        writes.write_state(turn.session.connection(), turn.state)
        delete_respondent(turn.session, turn.respondent)
        return plain(texts.DELETED, [say(texts.START), say(texts.HELP)])
    if command in (texts.SKIP_NAME, texts.SKIP) and state == AGENCY_NAME:
        return on_agency_name(turn, None)
    if command == texts.START or (command == texts.RESTART and state != CONFIRM_RESTART):
        if assessment is not None:
            answered = len(turn.answers(assessment))
            total = len(assessing.steps_of(turn, assessment))
            return confirm_restart(turn, answered, total)
        return begin_setup(turn)
    if command == texts.RESTART:
        return begin_setup(turn, pillar=turn.state.data.get("pillar"))
    if command in (texts.RESUME, texts.CONTINUE):
        if assessment is None:
            return plain(texts.NO_ASSESSMENT_IN_PROGRESS)
        return assessing.continue_assessment(turn, assessment)
    if command == texts.RESULT:
        return show_latest_result(turn)
    if command == texts.ALL_RECOMMENDATIONS:
        return show_recommendations(turn, None)
    if command == texts.CANCEL and state != CONFIRM_CANCEL:
        return on_cancel(turn, asking)
    confirming = command in (texts.CONFIRM_CANCEL, texts.CANCEL) and state == CONFIRM_CANCEL
    if confirming and assessment is not None:
        assessment.status = store.CANCELLED
        store.set_state(turn.state, "idle")
        return plain(texts.CANCELLED)
    if asking and command in (texts.BACK, texts.SKIP, texts.PAUSE):
        step = assessing.current_step(turn, assessment)  # type: ignore[arg-type]
        if step is None:
            return assessing.continue_assessment(turn, assessment)  # type: ignore[arg-type]
        if command == texts.PAUSE:
            return assessing.pause(turn)
        if command == texts.SKIP:
            return assessing.skip(turn, assessment, step)  # type: ignore[arg-type]
        return assessing.back(turn, assessment, step)  # type: ignore[arg-type]
    if command in (texts.BACK, texts.SKIP, texts.PAUSE) and assessment is not None:
        return plain(texts.PAUSED, [say(texts.RESUME), say(texts.HELP)])
    if command in (texts.WHOLE_FRAMEWORK, texts.ONE_PILLAR) and state == SCOPE:
        return choose_scope(turn, command)
    return None  # read as typed text (a confirmation state takes it as "no")


def confirm_restart(
    turn: Turn, answered: int, total: int, pillar: str | None = None
) -> list[Message]:
    """Starting again would cancel the assessment in progress: ask first."""
    store.set_state(turn.state, CONFIRM_RESTART, pillar=pillar)
    message = texts.IN_PROGRESS_EXISTS.format(answered=answered, total=total)
    return [text(message, [say(texts.RESUME), say(texts.RESTART)])]


def on_cancel(turn: Turn, asking: bool) -> list[Message]:
    if asking:
        store.set_state(turn.state, CONFIRM_CANCEL, **turn.state.data)
        return [text(texts.CANCEL_CONFIRM, [say(texts.CONFIRM_CANCEL), say(texts.CONTINUE)])]
    if turn.state.state != "idle":
        store.set_state(turn.state, "idle")
        return plain("ยกเลิกแล้ว")
    return plain(texts.NOTHING_TO_CANCEL)


def on_confirmation_declined(turn: Turn) -> list[Message]:
    state = turn.state.state
    assessment = turn.in_progress()
    if state == CONFIRM_DELETE:
        store.set_state(turn.state, "idle")
        if assessment is not None:
            return [text(texts.DELETE_KEPT), *assessing.continue_assessment(turn, assessment)]
        return plain(texts.DELETE_KEPT)
    if assessment is not None:
        return assessing.continue_assessment(turn, assessment)
    store.set_state(turn.state, "idle")
    return plain(texts.HELP_TEXT)


# --- setting up an assessment ---------------------------------------------------------


def begin_setup(turn: Turn, pillar: str | None = None) -> list[Message]:
    store.set_state(turn.state, AGENCY_TYPE, pillar=pillar)
    items = [
        tap(info.label, postback_data(t="type", v=info.id), shown=info.name_th)
        for info in turn.framework.agency_types
    ]
    return [text(texts.ASK_AGENCY_TYPE, [*items, say(texts.CANCEL)])]


def choose_agency_type(turn: Turn, agency_type: str) -> list[Message]:
    if agency_type not in {info.id for info in turn.framework.agency_types}:
        return begin_setup(turn, turn.state.data.get("pillar"))
    turn.respondent.agency_type = agency_type
    store.set_state(turn.state, AGENCY_NAME, type=agency_type, pillar=turn.state.data.get("pillar"))
    items = [say(texts.SKIP_NAME), say(texts.CANCEL)]
    known = turn.respondent.agency_name
    if known and len(known) <= 20:
        items.insert(0, say(known))
    return [text(texts.ASK_AGENCY_NAME, items)]


def on_agency_name(turn: Turn, typed: str | None) -> list[Message]:
    name = " ".join(clean(typed).split()) if typed else None
    if name and len(name) > MAX_AGENCY_NAME:
        return [text(texts.NAME_TOO_LONG, [say(texts.SKIP_NAME), say(texts.CANCEL)])]
    if name:
        turn.respondent.agency_name = name
    data = {**turn.state.data, "name": name}
    if data.get("pillar"):
        return assessing.start_assessment(turn, data["type"], name, [data["pillar"]])
    store.set_state(turn.state, SCOPE, **data)
    return [
        text(
            texts.ASK_SCOPE, [say(texts.WHOLE_FRAMEWORK), say(texts.ONE_PILLAR), say(texts.CANCEL)]
        )
    ]


def choose_scope(turn: Turn, command: str) -> list[Message]:
    data = turn.state.data
    if command == texts.WHOLE_FRAMEWORK:
        return assessing.start_assessment(turn, data["type"], data.get("name"), None)
    store.set_state(turn.state, PILLAR, **data)
    items = [
        tap(
            label(f"{p.number}. {p.name_th}"),
            postback_data(t="pillar", v=p.id),
            shown=f"ตัวชี้วัดที่ {p.number} {p.name_th}",
        )
        for p in turn.framework.pillars
    ]
    lines = [texts.ASK_PILLAR] + [
        f"{p.number}. {p.name_th} ({p.name_en})" for p in turn.framework.pillars
    ]
    return [text("\n".join(lines), [*items, say(texts.CANCEL)])]


def choose_pillar(turn: Turn, pillar_id: str) -> list[Message]:
    if pillar_id not in {p.id for p in turn.framework.pillars}:
        return choose_scope(turn, texts.ONE_PILLAR)
    data = turn.state.data
    return assessing.start_assessment(turn, data["type"], data.get("name"), [pillar_id])


def reprompt_setup(turn: Turn, note: str) -> list[Message]:
    state, data = turn.state.state, turn.state.data
    if state == AGENCY_TYPE:
        return [text(note), *begin_setup(turn, data.get("pillar"))]
    if state == SCOPE:
        return [
            text(note),
            text(
                texts.ASK_SCOPE,
                [say(texts.WHOLE_FRAMEWORK), say(texts.ONE_PILLAR), say(texts.CANCEL)],
            ),
        ]
    if state == PILLAR:
        return [text(note), *choose_scope(turn, texts.ONE_PILLAR)]
    assessment = turn.in_progress()
    if assessment is not None and state == ASKING:
        return assessing.continue_assessment(turn, assessment, [text(note)])
    return plain(note)


# --- answers ---------------------------------------------------------------------------


def on_answer_postback(turn: Turn, kind: str, fields: dict[str, str]) -> list[Message]:
    assessment = turn.in_progress()
    if assessment is None:
        return plain(texts.OLD_BUTTON)
    step = step_of(assessing.steps_of(turn, assessment), fields.get("q", ""))
    if fields.get("a") != str(assessment.id) or step is None:
        return _already_recorded(turn, assessment)
    current = assessing.current_step(turn, assessment) if turn.state.state == ASKING else None
    same_question = turn.state.data.get("question") == step.question.id
    if current is None or current.question.id != step.question.id:
        if step.question.id in turn.answers(assessment):
            # An old or repeated button: nothing is applied twice; show where the user is.
            return _already_recorded(turn, assessment)
        # An open question tapped after a pause or during a confirmation: take it up again.
        if not same_question:
            turn.state.data = {}
    draft = tuple(turn.state.data.get("draft", [])) if same_question else ()
    question = step.question
    if kind == "set" and isinstance(question, ChecklistQuestion):
        chosen = set(draft)
        item = fields.get("i", "")
        if item in {i.id for i in question.items}:
            (chosen.add if fields.get("on") == "1" else chosen.discard)(item)
        ordered = tuple(i.id for i in question.items if i.id in chosen)
        return assessing.ask(turn, assessment, step, draft=ordered)
    if kind == "done" and isinstance(question, ChecklistQuestion):
        return assessing.record(turn, assessment, step, draft)
    value = fields.get("v", "")
    if value == "unsure" and question.allow_unsure:
        return assessing.record(turn, assessment, step, "unsure")
    if kind == "num" and isinstance(question, NumberQuestion):
        try:
            return assessing.record(turn, assessment, step, float(value))
        except ValueError:
            return assessing.ask(turn, assessment, step)
    if kind == "ans" and value:
        return _record_choice(turn, assessment, step, value)
    return assessing.ask(turn, assessment, step)


def _already_recorded(turn: Turn, assessment: Assessment) -> list[Message]:
    if turn.state.state != ASKING:
        return [text(texts.ALREADY_RECORDED, [say(texts.RESUME), say(texts.HELP)])]
    return assessing.continue_assessment(turn, assessment, [text(texts.ALREADY_RECORDED)])


def _record_choice(turn: Turn, assessment: Assessment, step: Step, value: str) -> list[Message]:
    try:
        normalized = normalize_answer(step.question, value)
    except AnswerError:
        return assessing.ask(turn, assessment, step)
    return assessing.record(turn, assessment, step, normalized)


def on_typed_answer(turn: Turn, typed: str) -> list[Message]:
    assessment = turn.in_progress()
    if assessment is None:
        store.set_state(turn.state, "idle")
        return qa.answer(turn, typed) or plain(texts.UNKNOWN_INPUT)
    step = assessing.current_step(turn, assessment)
    if step is None:
        return assessing.continue_assessment(turn, assessment)
    question = step.question
    choice = match_typed_choice(question, typed)
    if choice is not None:
        return _record_choice(turn, assessment, step, choice)
    if isinstance(question, NumberQuestion) and _looks_numeric(typed):
        try:
            return assessing.record(turn, assessment, step, parse_number(question, typed))
        except InputError as error:
            # "ISO 27001 คืออะไร" has digits but is a question.
            reply = qa.answer(turn, typed, current_issue=step.issue)
            if reply is not None:
                return _then_current_question(turn, reply)
            return [text(str(error)), *assessing.ask(turn, assessment, step)]
    # Not an answer: a question to the Q&A, then the same question again.
    reply = qa.answer(turn, typed, current_issue=step.issue)
    if reply is None:
        hint = (
            range_hint(question) if isinstance(question, NumberQuestion) else (texts.NOT_AN_ANSWER)
        )
        return [text(hint), *assessing.ask(turn, assessment, step, draft=_draft(turn))]
    return _then_current_question(turn, reply)


def _draft(turn: Turn) -> tuple[str, ...]:
    return tuple(turn.state.data.get("draft", []))


def _then_current_question(turn: Turn, reply: list[Message]) -> list[Message]:
    """After a definition in the middle of an assessment, offer the same question again.

    A "หมายถึงข้อใด" choice stays the last message (LINE shows only the last message's quick
    replies); its buttons lead to a definition, and the question comes back then."""
    if reply and reply[-1].get("text", "").startswith(qa.CHOOSE_PREFIXES):
        reply[-1].setdefault("quickReply", {"items": []})["items"].append(say(texts.RESUME))
        return reply
    assessment = turn.in_progress()
    if turn.state.state != ASKING or assessment is None:
        return reply
    step = assessing.current_step(turn, assessment)
    if step is None:
        return reply
    again = assessing.ask(turn, assessment, step, draft=_draft(turn))
    return [*reply[:3], text(texts.AFTER_ANSWER_TO_QUESTION), *again][:5]


def _looks_numeric(typed: str) -> bool:
    cleaned = clean(typed)
    return any(ch.isdigit() for ch in cleaned) or cleaned in {"-", "."}


# --- results -------------------------------------------------------------------------


def show_latest_result(turn: Turn) -> list[Message]:
    latest = store.completed(turn.session, turn.respondent, limit=1)
    if not latest:
        return plain(texts.NO_RESULT_YET, [say(texts.START), say(texts.HELP)])
    turn.computing_result()
    return assessing.result_messages(turn, latest[0])


def show_recommendations(turn: Turn, assessment_id: str | None) -> list[Message]:
    finished = store.completed(turn.session, turn.respondent, limit=20)
    chosen = (
        next((a for a in finished if str(a.id) == assessment_id), None) if assessment_id else None
    )
    chosen = chosen or (finished[0] if finished else None)
    if chosen is None:
        return plain(texts.NO_RESULT_YET, [say(texts.START), say(texts.HELP)])
    # More than five carousels (long admin texts) go out as pushes after the reply.
    return recommendation_carousels(turn.framework, assessing.rescore(turn, chosen))
