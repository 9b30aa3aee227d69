"""The commands: one row each (word, aliases, help line, menus, handler). The help text,
the menus and the rich menu are derived from this table.

A handler returns None when the command means nothing in the current state; the text is
then read as the state reads any other text (a confirmation takes it as "no").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot import texts
from bot.chat import menus, results, team
from bot.chat.asking import back, continue_assessment, current_step, pause, skip
from bot.chat.confirm import ask_cancel, ask_delete, confirm_cancel, confirm_delete
from bot.chat.setup import (
    ask_pillar,
    begin,
    choose_place,
    choose_start,
    choose_whole,
    name_agency,
    start_or_confirm,
)
from bot.chat.states import (
    Asking,
    ChoosingPlace,
    ChoosingScope,
    ChoosingStart,
    ConfirmingRestart,
    Idle,
    NamingAgency,
    State,
)
from bot.chat.team import confirm_join
from bot.chat.team_manage import leave, pick_member, revoke, show_team, submit, submit_anyway
from bot.chat.turn import Decision
from bot.chat.view import ChatView
from bot.chat.web_links import revoke_links, send_web_link
from bot.messages import QuickItem, say, text
from scoring.questions import normalized

Handler = Callable[[State, ChatView], Decision | None]


@dataclass(frozen=True)
class Command:
    word: str  # what the button sends and the user may type
    handler: Handler
    aliases: tuple[str, ...] = ()
    help: str | None = None  # its line in the help text
    menus: tuple[str, ...] = ()  # the menus it appears in (in table order)
    # Offered in a menu only when it means something now (bot.chat.menus; not the rich menu).
    offered: Callable[[ChatView], bool] | None = None


def _asking(state: State, view: ChatView) -> bool:
    return isinstance(state, Asking) and view.in_progress is not None


def help_text() -> str:
    lines = [f"• {c.word} — {c.help}" for c in COMMANDS if c.help]
    return "\n".join(["คำสั่งที่ใช้ได้", *lines, "", texts.HELP_FOOTER])


def _help(state: State, view: ChatView) -> Decision:
    if _asking(state, view):
        message = text(help_text(), [say(texts.RESUME), say(texts.START)])
        return Decision((message,), state)
    return Decision((text(help_text()),), _leave_setup(state), menu=menus.MAIN)


def _about(state: State, view: ChatView) -> Decision:
    about = texts.ABOUT_TEXT.format(**about_facts(view))
    return Decision((text(about),), _leave_setup(state), menu=menus.ABOUT)


def about_facts(view: ChatView) -> dict[str, object]:
    """Counts and names in the texts come from the framework year's data."""
    framework = view.catalog.current.framework
    names = [p.name_th for p in framework.pillars]
    return {
        "year": framework.year,
        "pillar_count": len(names),
        "pillar_names": " ".join(names[:-1]) + f" และ{names[-1]}" if len(names) > 1 else names[0],
        "issue_count": len(framework.issues()),
        "stage_names": " ".join(s.name_th.removeprefix("ระดับ") for s in framework.stages),
    }


def _ask(state: State, view: ChatView) -> Decision:
    if _asking(state, view):
        return Decision((text(texts.ASK_MEANING_PROMPT, [say(texts.RESUME)]),), state)
    return Decision((text(texts.ASK_MEANING_PROMPT),), _leave_setup(state), menu=menus.MAIN)


def _leave_setup(state: State) -> State:
    """Help in the middle of the set-up steps leaves them: the next typed text must not
    become an agency name."""
    return state if isinstance(state, Asking | Idle) else Idle()


def _start(state: State, view: ChatView) -> Decision:
    return start_or_confirm(view)


def _restart(state: State, view: ChatView) -> Decision:
    if isinstance(state, ConfirmingRestart):
        return begin(view, state.pillar)
    return start_or_confirm(view)


def _resume(state: State, view: ChatView) -> Decision:
    info = view.in_progress
    if info is None:
        return Decision((text(texts.NO_ASSESSMENT_IN_PROGRESS),), state, menu=menus.MAIN)
    return continue_assessment(view, info, state=state)


def _skip_name(state: State, view: ChatView) -> Decision | None:
    if isinstance(state, NamingAgency):
        return name_agency(view, state, None)
    if isinstance(state, ChoosingPlace):
        return choose_place(view, state, None)
    return None


def _carry(carry: bool) -> Handler:
    def handler(state: State, view: ChatView) -> Decision | None:
        return choose_start(view, state, carry) if isinstance(state, ChoosingStart) else None

    return handler


def _in_question(move: str) -> Handler:
    """ย้อนกลับ, ข้าม and พักไว้ก่อน: they act on the question being asked."""

    def handler(state: State, view: ChatView) -> Decision | None:
        info = view.in_progress
        if info is None:
            done = _skip_name(state, view) if move == "skip" else None
            if done is None and isinstance(state, Idle):  # nothing to go back in or pause
                return Decision((text(texts.NO_ASSESSMENT_IN_PROGRESS),), state, menu=menus.MAIN)
            return done
        if not isinstance(state, Asking):
            if move == "skip" and isinstance(state, NamingAgency | ChoosingPlace):
                return _skip_name(state, view)
            message = text(texts.PAUSED, [say(texts.RESUME), say(texts.HELP)])
            return Decision((message,), state)
        step = current_step(state, view, info)
        if step is None:
            return continue_assessment(view, info, state=state)
        if move == "pause":
            return pause(state)
        return skip(view, info, step) if move == "skip" else back(view, info, step)

    return handler


def _scope(whole: bool) -> Handler:
    def handler(state: State, view: ChatView) -> Decision | None:
        if not isinstance(state, ChoosingScope):
            return None
        return choose_whole(view, state) if whole else ask_pillar(view, state)

    return handler


COMMANDS: tuple[Command, ...] = (
    Command(
        texts.START,
        _start,
        ("เริ่ม", "start", "ประเมิน", "เริ่มทำแบบประเมิน"),
        "เริ่มแบบประเมินใหม่",
        (menus.MAIN, menus.WELCOME, menus.ABOUT, menus.AFTER_RESULT, menus.AFTER_RECOMMENDATIONS,
         menus.NO_RESULT, menus.RICH_MENU, menus.AFTER_PILLAR_RESULT),
    ),
    Command(
        texts.RESUME,
        _resume,
        ("resume", "ต่อ"),
        "ทำต่อจากข้อที่ค้างไว้",
        (menus.MAIN, menus.PAUSED, menus.RICH_MENU),
        menus.in_progress,
    ),
    Command(
        texts.RESULT,
        results.show_latest_result,
        ("ผล", "ดูผล", "result", "ผลประเมิน"),
        "ดูผลครั้งล่าสุด",
        (menus.MAIN, menus.PAUSED, menus.AFTER_RECOMMENDATIONS, menus.RICH_MENU),
        menus.has_result,
    ),
    Command(
        texts.ALL_RECOMMENDATIONS, results.show_recommendations,
        ("คำแนะนำ", "สิ่งที่ควรทำต่อ", "ควรทำอะไรต่อ", "ข้อเสนอแนะ", "ดูสิ่งที่ควรทำต่อ", "ยกระดับยังไง",
         "ยกระดับอย่างไร", "จะยกระดับได้อย่างไร", "ต้องปรับปรุงอะไร", "ควรปรับปรุงอะไร"),
        "สิ่งที่ควรทำเพื่อยกระดับ จากผลครั้งล่าสุด",
        (menus.AFTER_RESULT, menus.AFTER_PILLAR_RESULT),
    ),
    Command(texts.ANSWER_MISSING, results.answer_latest_missing, ("ตอบข้อที่ขาด", "ตอบข้อที่ข้าม")),
    Command(
        texts.SEVEN_PILLAR_VIEW, results.seven_pillar_view, ("7 ตัวชี้วัด",),
        "ดูผลล่าสุดจัดกลุ่มใหม่แบบ 7 ตัวชี้วัด", (menus.AFTER_RESULT,),
    ),
    Command(
        texts.ASK,
        _ask,
        ("ถาม",),
        "ถามความหมายของตัวชี้วัดหรือคำศัพท์",
        (menus.MAIN, menus.WELCOME, menus.PAUSED, menus.ABOUT, menus.AFTER_RESULT,
         menus.AFTER_RECOMMENDATIONS, menus.RICH_MENU, menus.AFTER_PILLAR_RESULT),
    ),
    Command(
        texts.HELP,
        _help,
        ("help", "เมนู", "menu", "วิธีใช้"),
        None,
        (menus.MAIN, menus.WELCOME, menus.PAUSED, menus.ABOUT, menus.AFTER_RESULT,
         menus.AFTER_RECOMMENDATIONS, menus.NO_RESULT, menus.RICH_MENU, menus.AFTER_PILLAR_RESULT),
    ),
    Command(
        texts.VIEW_ANSWERS,
        send_web_link,
        ("ดูคำตอบ", "แก้ไขคำตอบ", "ดูแก้ไขคำตอบ", "รายงาน", "ดูรายงาน", "ประวัติ", "ประวัติผลการประเมิน"),
        "ดูและแก้ไขคำตอบ ดูรายงานฉบับเต็มและประวัติในหน้าเว็บ",
        (menus.PAUSED, menus.AFTER_RECOMMENDATIONS),
    ),
    Command(texts.REVOKE_LINKS, revoke_links, (), "ยกเลิกลิงก์หน้าเว็บและลิงก์แชร์รายงานทั้งหมด"),
    Command(texts.ABOUT, _about, (), "ที่มาของแบบประเมินและวิธีคิดผล", (menus.WELCOME, menus.RICH_MENU)),
    Command(
        texts.INVITE,
        team.invite,
        ("ชวนเพื่อน", "เชิญเพื่อนร่วมทีม", "รหัสเชิญ", "invite"),
        "ชวนเพื่อนร่วมหน่วยงานมาช่วยตอบ (รับรหัสเชิญ)",
        (menus.MAIN, menus.PAUSED),
        menus.can_invite,
    ),
    Command(
        texts.JOIN,
        lambda state, view: team.join(state, view, None),
        ("join",),
        'เข้าร่วมทีมของหน่วยงาน พิมพ์ "เข้าร่วม" ตามด้วยรหัสเชิญ',
    ),
    Command(
        texts.TEAM,
        show_team,
        ("ทีม", "สมาชิกทีม", "ความคืบหน้า", "ความคืบหน้าของทีม", "team"),
        "ดูสมาชิกทีมและความคืบหน้ารายตัวชี้วัด",
        (menus.MAIN, menus.PAUSED),
        menus.in_team,
    ),
    Command(texts.ASSIGN, pick_member("assign"), ("มอบหมาย",), "มอบหมายตัวชี้วัดให้สมาชิก (ผู้ประสานงาน)"),
    Command(texts.SUBMIT, submit, ("ส่งผล",), "ส่งผลการประเมินของทีม (ผู้ประสานงาน)"),
    Command(texts.HAND_OVER, pick_member("hand_over"), ("มอบบทบาท",)),
    Command(texts.REMOVE_MEMBER, pick_member("remove")),
    Command(texts.REVOKE_INVITE, revoke),
    Command(texts.LEAVE_TEAM, leave, ("ออกจากทีมประเมิน",), "ออกจากทีมประเมิน"),
    Command(texts.CONFIRM_JOIN, confirm_join),
    Command(texts.SUBMIT_ANYWAY, submit_anyway),
    Command(texts.CARRY_ANSWERS, _carry(carry=True)),
    Command(texts.FRESH_START, _carry(carry=False)),
    Command(texts.CANCEL, ask_cancel, ("cancel",), "ยกเลิกสิ่งที่กำลังทำ"),
    Command(texts.DELETE_MY_DATA, ask_delete, ("ลบข้อมูล",), "ลบข้อมูลทั้งหมดของท่าน"),
    Command(texts.BACK, _in_question("back"), ("ย้อน", "back")),
    Command(texts.SKIP, _in_question("skip"), ("skip",)),
    Command(texts.PAUSE, _in_question("pause"), ("พัก",)),
    Command(texts.RESTART, _restart),
    Command(texts.CONFIRM_DELETE, confirm_delete),
    Command(texts.KEEP_DATA, lambda state, view: None),  # "ไม่ลบ": read as a confirmation's no
    Command(texts.CONFIRM_CANCEL, confirm_cancel),
    Command(texts.CONTINUE, _resume),
    Command(texts.WHOLE_FRAMEWORK, _scope(whole=True)),
    Command(texts.ONE_PILLAR, _scope(whole=False)),
    Command(texts.SKIP_NAME, _skip_name),
)

_BY_WORD = {
    normalized(word): command
    for command in COMMANDS
    for word in (command.word, *command.aliases)
}


def command_of(typed: str) -> Command | None:
    """The command a typed text (or a button's text) is, compared as typed answers are."""
    return _BY_WORD.get(normalized(typed))


def menu(name: str, view: ChatView | None = None) -> list[QuickItem]:
    """A menu's buttons; with ``view``, only those that mean something for the user now."""
    shown = [c for c in COMMANDS if name in c.menus]
    return [say(c.word) for c in shown if view is None or c.offered is None or c.offered(view)]


def menu_words(name: str) -> list[str]:
    return [command.word for command in COMMANDS if name in command.menus]
