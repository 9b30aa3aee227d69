"""What officials ask of the bot in their own words, beyond the commands' exact words: their
result ("สรุปแล้วเราได้กี่คะแนน"), why it is low ("ด้านไหนที่เราอ่อนที่สุด"), what to improve
first, their answers or the report ("ขอไฟล์ PDF ไปเสนอ ผอ."), where they are ("เหลืออีกกี่ข้อ"),
whether it is saved, to pause, go on, skip, go back, start again, cancel, delete their data,
work as a team, and whom to contact. Each is read as the command it means, or answered here.

Read from the words a request needs, not the whole sentence, so that officials' many ways of
saying it are understood; a question about what something *means* ("คะแนนรวมคืออะไร") stays
a question for the Q&A unless it is about the official's own ("จุดอ่อนของเราคืออะไร").
"""

from __future__ import annotations

import re
from typing import Literal

from bot import texts
from bot.chat import menus, results, setup
from bot.chat.asking import progress, settled, steps_of
from bot.chat.commands import command_of
from bot.chat.meaning import then_current_question
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
from bot.messages import say, text
from scoring.questionnaire import minutes_needed, steps_for

Request = Literal[
    "contact", "dates", "saved", "privacy", "official", "progress", "delete", "cancel",
    "restart", "pause", "resume", "skip", "back", "invite", "join", "team", "why", "improve",
    "answers", "report", "result", "start",
]  # fmt: skip

_PUNCTUATION = re.compile(r"[?？!.…,'\"“”()]+")
# Polite endings (only at the end: "คะ" is also in "คะแนน") and openings.
_ENDINGS = re.compile(
    r"(?:ครับผม|ครับ|คับ|คร้าบ|ค่ะ|คะ|ค่า|จ้ะ|จ้า|ฮะ|นะ|น่ะ|หน่อย|ด้วย|จัง|บ้าง|เลย|พี่|อ่ะ|อะ)+$"
)
_OPENINGS = re.compile(r"^(?:สวัสดี|รบกวน|ขอถาม|สอบถาม|อยากทราบ|อยากรู้)*(?:ว่า)?")
_SELF = r"(?:เรา(?!เตอร์|ท์)|ฉัน|ผม|ดิฉัน|หนู|กระผม)"
# "What does X mean": the Q&A's, unless it is about the official's own.
_MEANING = re.compile(r"คืออะไร|หมายถึง|หมายความ|ย่อมาจาก|แปลว่า|นิยาม|ความหมาย|เกณฑ์")
_BOSS = r"(?:ผู้บริหาร|หัวหน้า|ผอ|ผู้อำนวยการ|นาย|อธิบดี|ผู้ว่า|ปลัด|ที่ประชุม)"

_RULES: tuple[tuple[Request, str], ...] = (
    ("contact", r"(?:ติดต่อ|คุย|ปรึกษา|พูด)(?:กับ)?(?:เจ้าหน้าที่|แอดมิน|admin|คน|ผู้ดูแล|สพร|dga|ทีมงาน)"),
    (
        "contact",
        r"(?:เบอร์|อีเมล|โทรศัพท์)(?:โทร(?:ศัพท์)?)?(?:ติดต่อ)?(?:ของ)?(?:สพร|dga|เจ้าหน้าที่|แอดมิน|ผู้ดูแล|ทีมงาน)"
        r"|^(?:ขอ|มี)(?:เบอร์|อีเมล)(?:โทร(?:ศัพท์)?)?(?:ติดต่อ)?$|ช่องทางติดต่อ|ติดต่อ(?:ใคร|ที่ไหน|ได้ที่)",
    ),
    ("dates", r"กำหนดส่ง|หมดเขต|deadline|(?:ส่ง|เสร็จ)(?:แบบประเมิน)?ภายในวัน|วันสุดท้าย|ปิดระบบ"),
    ("dates", r"ส่ง(?:แบบประเมิน)?(?:ได้)?(?:ถึง)?(?:เมื่อไ|วันไหน)|ต้องเตรียมเอกสาร|เอกสาร(?:อะไร)?บ้าง"),
    ("saved", r"(?:บันทึก|เซฟ|save)(?:ไว้)?(?:แล้ว)?(?:ไหม|มั้ย|ใช่ไหม|หรือยัง|หรือเปล่า|ยัง)"),
    (
        "saved",
        r"(?:ปิด|ออก|เปลี่ยน|คำตอบ|ที่ตอบ|ที่กรอก).{0,20}หาย(?:ไหม|มั้ย|หรือเปล่า)"
        r"|ข้อมูล(?:ยัง)?อยู่(?:ไหม|มั้ย|ครบ)|ยังอยู่(?:ไหม|มั้ย)",
    ),
    ("privacy", r"(?:ข้อมูล|คำตอบ)(?:ที่)?(?:เรา|ผม|ฉัน|ดิฉัน)?(?:กรอก|ตอบ).*(?:ใช้|เห็น|เก็บ|เปิดเผย)"),
    ("official", r"ส่ง(?:ถึง|ให้|ไป)(?:ที่)?(?:สพร|dga)"),
    (
        "progress",
        r"ถึงข้อ(?:ไหน|ไร|อะไร)|ข้อไหนแล้ว|เหลือ(?:อีก)?กี่ข้อ|"
        r"(?:คำถาม|แบบประเมิน|ทั้งหมด)(?:มี)?(?:ทั้งหมด)?กี่ข้อ",
    ),
    (
        "progress",
        r"อีกนาน|(?:ทำ|ตอบ)(?:แบบ)?(?:ประเมิน)?(?:นาน|ใช้"
        r"เวลา)|ใช้เวลา(?:ทำ|ตอบ)|กี่(?:เปอร์เซ็นต์|%)แล้ว",
    ),
    ("progress", r"(?:ข้อ|ประเด็น)ที่(?:ยัง)?(?:ไม่ได้ตอบ|ขาด|เหลือ)"),
    (
        "delete",
        r"(?:ขอ|อยาก|ต้องการ|ช่วย)ลบ|ลบ(?:ข้อมูล|คำตอบ|ประว"
        r"ัติ|บัญชี)(?:ของ)?(?:เรา|ฉัน|ผม|ดิฉัน|ทั้งหมด|ออก)",
    ),
    ("delete", r"ลบ(?:ข้อมูล|คำตอบ)(?:ที่|ทั้งหมด)"),
    ("cancel", r"ยกเลิก(?:การ)?(?:แบบ)?(?:ประเมิน|ทำ)"),
    (
        "restart",
        r"(?:เริ่ม|ทำ)(?:แบบ)?(?:ประเมิน)?ใหม่|ประเมินใหม่|(?:ทำ"
        r"|ประเมิน)(?:แบบประเมิน)?อีก(?:รอบ|ครั้ง)|ตั้งแต่ข้อแรก",
    ),
    ("pause", r"(?:ขอ)?พัก(?:ก่อน|ไว้)|ไว้(?:ค่อย|มา)+(?:ทำ)?ต่อ|ไว้ทำต่อ|เดี๋ยว(?:ค่อย)?(?:มา)?(?:ทำ)?ต่อ"),
    ("pause", r"(?:พรุ่งนี้|ทีหลัง|วันหลัง)(?:ค่อย)?(?:มา)?(?:ทำ)?ต่อ"),
    ("resume", r"ทำต่อ(?!เนื่อง)|ต่อจาก(?:เดิม|ที่|ข้อ)|ทำค้าง|ค้างไว้"),
    ("team", r"ใคร(?:เป็นคน)?ตอบ|สมาชิก(?:ใน)?ทีม"),
    ("skip", r"(?:ขอ)?ข้าม(?:ข้อ|ไปก่อน|ไว้ก่อน)|ข้ามได้(?:ไหม|มั้ย)|(?:ยังไม่|ไม่)(?:รู้|ทราบ)คำตอบ"),
    ("back", r"ย้อน(?:กลับ)?(?:ไป)?(?:แก้|ข้อ)|(?:แก้|กลับไป)ข้อ(?:ที่แล้ว|ก่อน)|ข้อที่แล้ว"),
    ("join", r"เข้า(?:ไป)?ร่วม(?:ทีม|ทำ|ประเมิน)|ร่วมทีม|(?:จะ|ขอ)(?:เข้า)?ร่วม(?:ทำ|ประเมิน)"),
    ("invite", r"ชวน|เชิญ|ช่วย(?:กัน)?ตอบ|ทำ(?:เป็น)?ทีม|ทำคนเดียว"),
    ("why", r"ทำไม.*(?:ต่ำ|น้อย|แค่|ได้ระดับ|ได้คะแนน|ไม่ถึง|แย่)|(?:ต่ำ|น้อย|แย่)(?:เพราะ|เนื่องจาก)|จุดอ่อน"),
    (
        "why",
        rf"(?:ด้าน|ตัวชี้วัด|pillar|ประเด็น|ข้อ)(?:ไหน|ใด)(?:ที่)?(?:ของ)?{_SELF}?(?:ได้)?(?:คะแนน|ระดับ)?"
        r"(?:อ่อน|แย่|ต่ำ|น้อย)",
    ),
    (
        "improve",
        r"(?:ปรับปรุง|พัฒนา|โฟกัส|เน้น|ยกระดับ|แก้ไข|เริ่ม)(?:ที่|จาก)?(?:อะไร|ด้าน|เรื่อง|ตรง|ตัวชี้วัด)?"
        r"(?:ไหน|ใด|อะไร)(?:ก่อน|ดี|$)",
    ),
    ("improve", rf"(?:ขอ|มี)(?:ข้อ|คำ)แนะนำ|(?:ข้อ|คำ)แนะนำ(?:สำหรับ)?(?:หน่วยงาน)?{_SELF}"),
    (
        "improve",
        r"(?=.*(?:ต้อง|ควร|ยังไง|อย่างไร|โฟกัส|เน้น|อยาก))(?:.*(?:สูง|เพิ่ม|ดี)ขึ้น|.*ขึ้นเป็น(?:ระดับ)?\d)",
    ),
    ("improve", r"(?:ต้อง|ควร)ทำ(?:อะไร)?ต่อ(?!เนื่อง)"),
    (
        "improve",
        rf"^(?:จะ|ทำ(?:ยังไง|อย่างไร)ให้)?(?:เพิ่ม|ยก)(?:คะแนน|ระดับ)(?:ของ)?(?:หน่วยงาน)?{_SELF}?"
        r"(?:ได้)?(?:ยังไง|อย่างไร|ไง)?$",
    ),
    ("answers", r"(?:ดู|แก้|เปลี่ยน|ทบทวน|ตรวจ)(?:ไข)?คำตอบ|คำตอบ(?:ที่)?(?:ตอบ|กรอก)(?:ไป)?|ตอบผิด"),
    ("answers", r"(?:แก้|เปลี่ยน)(?:ไข)?(?:คำตอบ)?ข้อ(?:ที่)?\d|ขอแก้"),
    (
        "report",
        r"(?:ขอ|ส่ง|แนบ|เสนอ|ปริ้น|พิมพ์|ดาวน์โหลด|โหลด|p"
        r"rint|ดู|อยากได้|เปิด).{0,12}(?:รายงาน|report|pdf|ลิงก์|link)",
    ),
    (
        "report",
        r"(?:รายงาน|report|pdf|ลิงก์|link).{0,12}"
        r"(?:หมดอายุ|ใหม่|ยังไง|อย่างไร|ที่ไหน|ได้ไหม|ได้มั้ย|เปิดไม่ได้)",
    ),
    ("report", rf"ปริ้น|print|พิมพ์(?:ผล|รายงาน|ออก)|(?:ส่ง|เสนอ|แนบ)(?:ผล|คะแนน)(?:ไป)?(?:ให้)?{_BOSS}"),
    ("result", r"ผล|คะแนน|ระดับ|อันดับ|score|stage|level"),
    ("start", r"ตัวชี้วัดเดียว|บางตัวชี้วัด"),
    ("start", r"(?:ทำ|เริ่ม)(?:แบบ)?ประเมิน(?:ยังไง|อย่างไร|ตรงไหน|ที่ไหน)|วิธี(?:ทำ|ใช้)?(?:แบบ)?ประเมิน"),
)
_COMPILED = tuple((request, re.compile(pattern)) for request, pattern in _RULES)
# A result only when it is the official's own: "ระดับ 3 ชื่ออะไร" is the Q&A's.
_OWN = re.compile(
    rf"{_SELF}|สรุป|ออกมา|ได้กี่|ได้เท่า|ได้(?:ระดับ|stage|ขั้น)(?:อะไร|ไหน)|อยู่(?:ระดับ|stage|ขั้น)ไหน|"
    r"ล่าสุด|ครั้งก่อน|^(?:ขอ|อยาก)?(?:ดู|ดุ|เช็ค|เช็ก)|(?:ขอ|อยาก)(?:ดู|ดุ|เห็น|รู้|ทราบ)"
)
_NEEDS_OWN = {"result"}
# A part of the questionnaire described ("ข้อที่ถามว่า…"), or a level's criteria ("ต้องมีกี่
# แนวทางถึงจะได้ระดับ 5"): the Q&A's.
_DESCRIBES_ITEM = re.compile(r"^(?:ข้อ|คำถาม|หัวข้อ|ประเด็น|เรื่อง|หมวด|ด้าน|ตัวชี้วัด)(?:ที่(?!แล้ว)|ซึ่ง)")
_CRITERIA = re.compile(r"(?:ถึง|จึง)(?:จะ)?ได้|ต้อง(?:มี|ทำ)")

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
PROGRESS = "ตอบแล้ว {answered} จาก {total} ข้อ เหลืออีก {left} ข้อ (ประมาณ {minutes} นาที)"
PROGRESS_NONE = "แบบประเมินทั้งกรอบมี {size} ใช้เวลาประมาณ {minutes} นาที หรือเลือกประเมินตัวชี้วัดเดียวก็ได้"
PROGRESS_GAPS = 'ผลครั้งล่าสุดยังมี {count} ประเด็นที่ไม่ได้ตอบหรือไม่แน่ใจ กด "{button}" เพื่อตอบเฉพาะข้อเหล่านั้น'
PROGRESS_COMPLETE = "ผลครั้งล่าสุดตอบครบทุกประเด็นแล้วครับ"

_COMMANDS: dict[Request, str] = {
    "delete": texts.DELETE_MY_DATA, "cancel": texts.CANCEL, "restart": texts.START,
    "pause": texts.PAUSE, "resume": texts.RESUME, "skip": texts.SKIP, "back": texts.BACK,
    "invite": texts.INVITE, "join": texts.JOIN, "team": texts.TEAM, "answers": texts.VIEW_ANSWERS,
    "report": texts.VIEW_ANSWERS, "result": texts.RESULT, "start": texts.START,
}  # fmt: skip
_SETUP = ChoosingType | ChoosingScope | ChoosingPillar | ChoosingStart


def squeezed(typed: str) -> str:
    """Lower case, without spaces, punctuation, polite endings and openings."""
    plain = _PUNCTUATION.sub("", "".join(typed.lower().split()))
    return _OPENINGS.sub("", _ENDINGS.sub("", plain))


def request_of(typed: str) -> Request | None:
    """The request the message makes, if it makes one."""
    words = squeezed(typed)
    if len(words) < 3:
        return None
    own = _OWN.search(words) is not None
    if _DESCRIBES_ITEM.search(words) or (_MEANING.search(words) and not re.search(_SELF, words)):
        return None
    own = own and not _CRITERIA.search(words)
    for request, pattern in _COMPILED:
        if pattern.search(words) and (own or request not in _NEEDS_OWN):
            return request
    return None


def answer_request(state: State, view: ChatView, typed: str) -> Decision | None:
    """The reply to a request (as its command would), or None when the text is not one or
    its command means nothing now."""
    request = request_of(typed)
    if request is None:
        return None
    if (reply := _facts(request)) is not None:
        if isinstance(state, _SETUP):  # the fact, then the set-up step's buttons again
            return setup.reprompt(view, state, reply)
        return _told(state, view, reply)
    if request == "why":
        return results.show_latest_result(state, view, explain=True)
    if request == "improve":
        return results.show_next_steps(state, view)
    if request == "progress":
        return _progress(state, view)
    command = command_of(_COMMANDS[request])
    return command.handler(state, view) if command is not None else None


def _facts(request: Request) -> str | None:
    facts = {
        "contact": CONTACT,
        "dates": DATES,
        "saved": SAVED,
        "privacy": texts.PRIVACY,
        "official": texts.SELF_ASSESSMENT_NOTE,
    }
    return facts.get(request)


def _told(state: State, view: ChatView, reply: str) -> Decision:
    """A fact, then the question being asked again (or the way back to it)."""
    if isinstance(state, Asking):
        return then_current_question(state, view, [text(reply)])
    menu = menus.PAUSED if view.in_progress is not None else menus.MAIN
    return Decision((text(reply),), state, menu=menu)


def _progress(state: State, view: ChatView) -> Decision:
    info = view.in_progress
    if info is not None:
        answered, total = progress(view, info)
        done = settled(info)
        left = [s for s in steps_of(view, info) if s.question.id not in done]
        issues_left = total - answered
        wording = PROGRESS.format(
            answered=answered, total=total, left=issues_left, minutes=minutes_needed(left)
        )
        return _told(state, view, wording)
    shown = results.latest_shown(view)
    if shown is None:
        whole = steps_for(view.catalog.current.framework, None)
        wording = PROGRESS_NONE.format(size=setup.size_text(whole), minutes=minutes_needed(whole))
        return Decision((text(wording, [say(texts.START), say(texts.HELP)]),), state)
    result = results.rescore(view, shown.assessment)
    if not result.skipped:
        return Decision((text(PROGRESS_COMPLETE),), state, menu=menus.MAIN)
    wording = PROGRESS_GAPS.format(count=len(result.skipped), button=texts.ANSWER_MISSING)
    return Decision((text(wording, [say(texts.ANSWER_MISSING), say(texts.RESULT)]),), state)
