"""What officials ask of the bot in their own words, beyond the commands' exact words:
their result ("ผลของเราเป็นยังไง", "คะแนนเราเท่าไหร่"), why it is what it is ("ทำไมได้ระดับ
ต่ำ"), what to improve first ("ควรปรับปรุงด้านไหนก่อน"), their answers or the report ("ขอดู
คำตอบที่ตอบไป", "ขอไฟล์ PDF") and whom to contact ("ติดต่อเจ้าหน้าที่").

A message is read as a request only when the whole of it is one (polite words aside), so a
question about the framework that mentions a result ("เราต้องทำอะไรถึงจะได้ระดับ 4 ในด้าน
Data Governance") stays a question for the Q&A.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Literal

from bot import texts
from bot.chat import menus, results
from bot.chat.commands import command_of
from bot.chat.meaning import then_current_question
from bot.chat.states import Asking, State
from bot.chat.turn import Decision
from bot.chat.view import ChatView
from bot.messages import text

Request = Literal["result", "why", "improve", "answers", "contact"]

# Punctuation anywhere, then polite endings and opening phrases: removed before matching
# (only at the ends, as particles are also parts of words: "คะ" in "คะแนน", "จัง" in
# "จังหวัด").
_PUNCTUATION = re.compile(r"[?？!.…,'\"“”]+")
_ENDINGS = re.compile(r"(?:ครับผม|ครับ|คับ|คร้าบ|ค่ะ|คะ|ค่า|จ้ะ|จ้า|ฮะ|นะ|น่ะ|หน่อย|ด้วย|จัง|บ้าง|เลย)+$")
_OPENINGS = re.compile(r"^(?:รบกวน)?(?:ขอถาม|อยากทราบ|อยากรู้)?(?:ว่า)?")

CONTACT = (
    "แชตบอตนี้ตอบโดยอัตโนมัติครับ ยังไม่มีเจ้าหน้าที่ตอบทางแชต\n"
    "หากต้องการสอบถามเรื่องการสำรวจระดับความพร้อมรัฐบาลดิจิทัล ติดต่อสำนักงานพัฒนารัฐบาลดิจิทัล "
    "(องค์การมหาชน) (สพร.) โทร 0 2612 6060 อีเมล contact@dga.or.th\n"
    'เรื่องการใช้แชตบอต พิมพ์ "ช่วยเหลือ" เพื่อดูคำสั่งได้ครับ'
)

_SELF = r"(?:ของ)?(?:พวก)?(?:หน่วยงาน|กรม|จังหวัด|ทีม|องค์กร|สำนักงาน)?(?:เรา|ฉัน|ผม|ดิฉัน|หนู|กระผม|ข้าพเจ้า)"
_OURS = rf"(?:{_SELF}|ของหน่วยงาน)"
_LEAD = r"(?:ขอ|อยาก|ช่วย)?(?:ดู|รู้|ทราบ|เช็ค|เช็ก|ตรวจ|แสดง)?"
_NOUN = r"(?:ผล|ระดับ|คะแนน)(?:การ)?(?:ประเมิน)?(?:ความพร้อม)?"
_HOW = r"(?:อะไร|ไหน|ใด|เท่า(?:ไร|ไหร่|ไร่|ใด)|ยังไง|อย่างไร|ไง|ไร)"
_ASKS = rf"(?:(?:ออกมา)?(?:เป็น|ได้|อยู่)?(?:ระดับ)?{_HOW}|ออกมาแล้ว(?:ยัง)?)?"
_LOW = r"(?:ต่ำ|น้อย|ไม่ดี|ไม่สูง|แค่นี้|เท่านี้|ไม่ถึง\d?)"
_IMPROVE = r"(?:ปรับปรุง|พัฒนา|แก้|เริ่ม|ทำ|ยกระดับ)"
_REPORT = r"(?:(?:ไฟล์)?(?:pdf|รายงาน|report)){1,2}(?:ผล)?(?:การ)?(?:ประเมิน)?(?:ฉบับเต็ม)?"
_BOSS = r"(?:ผู้บริหาร|หัวหน้า|ผอ|ผู้อำนวยการ|นาย|อธิบดี|ผู้ว่า(?:ราชการจังหวัด)?|ปลัด)"
_CAN = r"(?:ได้)?(?:ไหม|มั้ย|ไหมคะ|ยังไง|อย่างไร|ที่ไหน|ตรงไหน)?"
_STAFF = r"(?:เจ้าหน้าที่|แอดมิน|admin|คน(?:จริง)?|ผู้ดูแล(?:ระบบ)?|สพร|dga|ทีมงาน|ผู้รับผิดชอบ)"

_PATTERNS: tuple[tuple[Request, re.Pattern[str]], ...] = tuple(
    (request, re.compile(pattern))
    for request, pattern in (
        ("result", rf"{_LEAD}{_NOUN}(?:ครั้ง)?ล่าสุด{_OURS}?{_ASKS}"),
        ("result", rf"{_LEAD}{_NOUN}{_OURS}(?:ได้)?{_ASKS}"),
        ("result", rf"{_LEAD}{_OURS}ได้(?:{_NOUN}{_HOW}|กี่(?:คะแนน|ระดับ|เปอร์เซ็นต์|%))"),
        ("result", rf"(?:ขอ|อยาก)?(?:ดู|เช็ค|เช็ก){_NOUN}"),
        ("result", r"ผล(?:การ)?(?:ประเมิน)?(?:ออกมา|ออกมาแล้ว)?(?:เป็น)?(?:ยังไง|อย่างไร|ไง)"),
        ("why", rf"ทำไม{_OURS}?(?:ถึง|จึง)?(?:ได้(?:แค่|เพียง)?{_NOUN}?\d?|{_NOUN}{_OURS}?\d?){_LOW}?"),
        ("why", rf"{_NOUN}{_OURS}?(?:ถึง|จึง)?{_LOW}(?:เพราะ(?:อะไร)?|เพราะเหตุใด)"),
        (
            "improve",
            rf"{_SELF}?(?:ควร|ต้อง|จะ){_IMPROVE}(?:ด้าน|ตัวชี้วัด|เรื่อง|ตรง|จาก)?(?:ไหน|ใด|อะไร)ก่อน(?:ดี)?",
        ),
        (
            "why",
            rf"(?:ตัวชี้วัด|ด้าน|ประเด็น|ข้อ)(?:ไหน|ใด)(?:ที่)?{_OURS}?(?:ได้)?{_NOUN}?{_LOW}(?:ที่สุด|สุด)?",
        ),
        ("improve", rf"{_SELF}(?:ควร|ต้อง)(?:ทำ|ปรับปรุง|พัฒนา)(?:อะไร)?(?:ต่อ|เพิ่ม)"),
        ("improve", rf"(?:ทำ(?:ยังไง|อย่างไร)|จะ)(?:ให้)?(?:ได้)?{_NOUN}(?:สูง|เพิ่ม|ดี|มาก)ขึ้น(?:{_CAN})?"),
        ("improve", rf"(?:จะ)?(?:เพิ่ม|ยก){_NOUN}{_OURS}?{_CAN}"),
        ("why", rf"จุดอ่อน{_OURS}?(?:คือ)?(?:อะไร)?"),
        (
            "answers",
            rf"{_LEAD}(?:ดู|ทบทวน|ตรวจ|เช็ค)?คำตอบ(?:ที่ตอบ(?:ไป)?(?:แล้ว)?|{_OURS}|ทั้งหมด|เดิม)?",
        ),
        (
            "answers",
            rf"(?:ขอ)?(?:แก้|แก้ไข|เปลี่ยน)คำตอบ(?:ข้อ(?:ที่)?\d+|ที่ตอบ(?:ไป)?(?:แล้ว)?|เดิม)?{_CAN}",
        ),
        (
            "answers",
            rf"(?:ขอ|อยากได้|ดาวน์โหลด|โหลด|พิมพ์|ปริ้นท?์?|print|ส่ง|export|เอา|ออก){_REPORT}(?:(?:ไป)?ให้{_BOSS})?{_CAN}",
        ),
        ("answers", rf"{_REPORT}(?:อยู่)?(?:ได้)?(?:ที่ไหน|ตรงไหน)"),
        ("contact", rf"(?:ขอ|อยาก)?(?:ติดต่อ|คุย|พูด|ปรึกษา)(?:กับ)?{_STAFF}{_CAN}"),
        (
            "contact",
            rf"(?:ขอ)?(?:เบอร์(?:โทร(?:ศัพท์)?)?|อีเมล์?|email|ช่องทางติดต่อ)(?:ติดต่อ)?(?:ของ)?{_STAFF}?",
        ),
    )
)


def request_of(typed: str) -> Request | None:
    """The request the whole message makes, if it is one."""
    squeezed = _PUNCTUATION.sub("", "".join(typed.lower().split()))
    squeezed = _OPENINGS.sub("", _ENDINGS.sub("", squeezed))
    if not squeezed:
        return None
    return next((r for r, pattern in _PATTERNS if pattern.fullmatch(squeezed)), None)


def answer_request(state: State, view: ChatView, typed: str) -> Decision | None:
    """The reply to a request (as its command would), or None when the text is not one."""
    request = request_of(typed)
    if request is None:
        return None
    if request == "contact":
        return _contact(state, view)
    if request == "why":
        return results.show_latest_result(state, view, explain=True)
    if request == "improve":
        return results.show_next_steps(state, view)
    handler = _HANDLERS[request]
    return handler(state, view)


def _command(word: str) -> Callable[[State, ChatView], Decision]:
    def handler(state: State, view: ChatView) -> Decision:
        command = command_of(word)
        assert command is not None, word
        decided = command.handler(state, view)
        assert decided is not None, word  # these commands mean something in every state
        return decided

    return handler


_HANDLERS = {
    "result": _command(texts.RESULT),
    "answers": _command(texts.VIEW_ANSWERS),
}


def _contact(state: State, view: ChatView) -> Decision:
    if isinstance(state, Asking):
        return then_current_question(state, view, [text(CONTACT)])
    return Decision((text(CONTACT),), state, menu=menus.MAIN)
