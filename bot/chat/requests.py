"""Answers to what officials ask of the bot in their own words (which request a message
makes: ``bot.chat.request_words``): each is answered as its command would be, or here — why
a result is what it is, what to improve first, how far along they are, and facts (whom to
contact, the survey's dates, that answers are saved, the privacy notice)."""

from __future__ import annotations

from collections.abc import Iterator

from bot import texts
from bot.chat import menus, results, setup
from bot.chat.asking import progress, settled, steps_of
from bot.chat.commands import command_of
from bot.chat.meaning import then_current_question
from bot.chat.request_words import Request, Topics, request_of
from bot.chat.states import (
    Asking,
    ChoosingPillar,
    ChoosingScope,
    ChoosingStart,
    ChoosingType,
    State,
)
from bot.chat.turn import Decision
from bot.chat.view import ChatView
from bot.messages import QuickItem, say, text
from knowledge.catalog import Catalog
from scoring.questionnaire import minutes_needed, steps_for

# The Q&A's names per catalog (built once: a catalog lives as long as its process).
# (The catalog is kept with its names, so that its id is never reused by another.)
_TOPICS: dict[int, tuple[Catalog, Topics]] = {}


def topics_of(catalog: Catalog) -> Topics:
    found = _TOPICS.get(id(catalog))
    if found is None:
        found = _TOPICS[id(catalog)] = (catalog, Topics.of(_names(catalog)))
    return found[1]


def _names(catalog: Catalog) -> Iterator[str]:
    for knowledge in catalog.years.values():
        framework = knowledge.framework
        subs = [sub for pillar in framework.pillars for sub in pillar.sub_pillars]
        issues = [issue for _, _, issue in framework.issues()]
        for part in (*knowledge.glossary, *framework.pillars, *subs, *issues):
            yield from (part.name_th, part.name_en, *part.aliases)


CONTACT = (
    "แชตบอตนี้ตอบโดยอัตโนมัติครับ ไม่มีเจ้าหน้าที่ตอบทางแชต\n"
    "เรื่องการสำรวจระดับความพร้อมรัฐบาลดิจิทัล ติดต่อสำนักงานพัฒนารัฐบาลดิจิทัล (องค์การมหาชน) "
    "(สพร.) โทร 0 2612 6060 อีเมล contact@dga.or.th\n"
    'เรื่องการใช้แชตบอต พิมพ์ "ช่วยเหลือ" เพื่อดูคำสั่งได้ครับ'
)
DATES = (
    "แชตบอตนี้ไม่มีข้อมูลกำหนดการหรือเอกสารประกอบการสำรวจของแต่ละปีครับ "
    "กรุณาดูจากหนังสือแจ้งของ สพร. หรือติดต่อ สพร. โทร 0 2612 6060 อีเมล contact@dga.or.th"
)
SAVED = (
    "คำตอบทุกข้อบันทึกไว้ทันทีที่ตอบครับ ปิดแอปหรือเปลี่ยนเครื่องแล้วไม่หาย "
    'กลับมาที่บัญชี LINE เดิมแล้วกด "ประเมินต่อ" จะต่อจากข้อที่ค้างไว้'
)
OFFICIAL = (
    "ผลในแชตนี้เป็นคะแนนประเมินตนเองที่ระบบนี้คำนวณ ใช้ติดตามความพร้อมของหน่วยงานเองครับ "
    "ไม่ใช่การตอบแบบสำรวจทางการของ สพร. และไม่ได้ส่งเข้าระบบของ สพร. "
    "การตอบแบบสำรวจจริงให้ทำตามหนังสือแจ้งของ สพร. ในแต่ละปี"
)
PROGRESS = "ตอบแล้ว {answered} จาก {total} ข้อ เหลืออีก {left} ข้อ (ประมาณ {minutes} นาที)"
PROGRESS_NONE = "แบบประเมินทั้งกรอบมี {size} ใช้เวลาประมาณ {minutes} นาที หรือเลือกประเมินตัวชี้วัดเดียวก็ได้"
PROGRESS_GAPS = 'ผลครั้งล่าสุดยังมี {count} ประเด็นที่ไม่ได้ตอบหรือไม่แน่ใจ กด "{button}" เพื่อตอบเฉพาะข้อเหล่านั้น'
PROGRESS_COMPLETE = "ผลครั้งล่าสุดตอบครบทุกประเด็นแล้วครับ"

# Requests answered with a fact; the others as their command, or below.
_FACTS: dict[Request, str] = {
    "contact": CONTACT,
    "dates": DATES,
    "saved": SAVED,
    "privacy": texts.PRIVACY,
    "official": OFFICIAL,
}
_COMMANDS: dict[Request, str] = {
    "delete": texts.DELETE_MY_DATA, "cancel": texts.CANCEL, "restart": texts.START,
    "pause": texts.PAUSE, "resume": texts.RESUME, "skip": texts.SKIP, "back": texts.BACK,
    "invite": texts.INVITE, "join": texts.JOIN, "team": texts.TEAM, "answers": texts.VIEW_ANSWERS,
    "report": texts.VIEW_ANSWERS, "result": texts.RESULT, "start": texts.START,
}  # fmt: skip
_SETUP = ChoosingType | ChoosingScope | ChoosingPillar | ChoosingStart


def answer_request(state: State, view: ChatView, typed: str) -> Decision | None:
    """The reply to a request (as its command would), or None when the text is not one or
    its command means nothing now."""
    request = request_of(typed, topics_of(view.catalog))
    if request is None:
        return None
    if (reply := _FACTS.get(request)) is not None:
        return _told(state, view, reply)
    if request == "why":
        return results.show_latest_result(state, view, explain=True)
    if request == "improve":
        return results.show_next_steps(state, view)
    if request == "progress":
        wording, buttons = _progress(view)
        if buttons and not isinstance(state, Asking | _SETUP):
            return Decision((text(wording, buttons),), state)
        return _told(state, view, wording)
    command = command_of(_COMMANDS[request])
    return command.handler(state, view) if command is not None else None


def _told(state: State, view: ChatView, reply: str) -> Decision:
    """A fact, then the question being asked again, the set-up step's buttons again, or the
    way back to a paused assessment."""
    if isinstance(state, Asking):
        return then_current_question(state, view, [text(reply)])
    if isinstance(state, _SETUP):
        return setup.reprompt(view, state, reply)
    menu = menus.PAUSED if view.in_progress is not None else menus.MAIN
    return Decision((text(reply),), state, menu=menu)


def _progress(view: ChatView) -> tuple[str, list[QuickItem]]:
    """How far along: the assessment in progress, else the questionnaire's size (before any
    result) or the latest result's gaps; with the buttons that lead on."""
    info = view.in_progress
    if info is not None:
        answered, total = progress(view, info)
        done = settled(info)
        left = [s for s in steps_of(view, info) if s.question.id not in done]
        wording = PROGRESS.format(
            answered=answered, total=total, left=total - answered, minutes=minutes_needed(left)
        )
        return wording, []
    shown = results.latest_shown(view)
    if shown is None:
        whole = steps_for(view.catalog.current.framework, None)
        size, minutes = setup.size_text(whole), minutes_needed(whole)
        return PROGRESS_NONE.format(size=size, minutes=minutes), [say(texts.START), say(texts.HELP)]
    result = results.rescore(view, shown.assessment)
    if not result.skipped:
        return PROGRESS_COMPLETE, []
    wording = PROGRESS_GAPS.format(count=len(result.skipped), button=texts.ANSWER_MISSING)
    return wording, [say(texts.ANSWER_MISSING), say(texts.RESULT)]
