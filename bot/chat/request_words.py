"""Which request, if any, an official's own words make (``bot.chat.requests`` answers it).

A request is read from the words it needs, not from fixed sentences, so the many ways of
saying it are understood. What makes a message a question for the Q&A instead is checked
first: what something means ("คะแนนรวมคืออะไร"), a described part of the questionnaire
("ข้อที่ถามว่า…"), what counts ("…นับเป็นบริการดิจิทัลไหม"), what is required ("ต้อง…ไหม"), a
hypothetical ("ถ้า…จะได้ระดับไหน"), a level's criteria ("…ถึงจะได้ระดับ 5"), and the name of a
part of the framework or a glossary term ("ทีม CSIRT", "PDPA").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Request = Literal[
    "contact", "dates", "saved", "privacy", "official", "progress", "delete", "cancel",
    "restart", "pause", "resume", "skip", "back", "invite", "join", "team", "why", "improve",
    "answers", "report", "result", "start",
]  # fmt: skip

# Everything but Thai, Latin letters, digits and "%": punctuation, emoji, symbols.
_PUNCTUATION = re.compile(r"[^\u0e00-\u0e7fa-z0-9%\s]+")
# Polite endings (only at the end: "คะ" is also in "คะแนน") and openings.
_PARTICLES = r"ครับผม|ครับ|คับ|คร้าบ|ค่ะ|คะ|ค่า|จ้ะ|จ๊ะ|จ้า|จ๋า|ฮะ|นะ|น่ะ|หน่อย|เลย|หรอ|เหรอ|วะ"
_TOKEN_ENDINGS = re.compile(rf"(?:{_PARTICLES})+$")  # "ยกเลิกครับ ไม่เอาแล้ว"
_ENDINGS = re.compile(rf"(?:{_PARTICLES}|ด้วย|จัง|บ้าง|พี่|อ่ะ|อะ|ป่าว|ปะ)+$")
_OPENINGS = re.compile(
    r"^(?:สวัสดี|รบกวน|ขอถาม|สอบถาม(?!เจ้าหน้าที่|แอดมิน|ผู้ดูแล|สพร)|อยากทราบ|อยากรู้)*(?:ว่า)?"
)
SELF = r"(?:เรา(?!เตอร์|ท์)|ฉัน|ผม|ดิฉัน|หนู|กระผม|(?<![a-z])(?:my|our)(?![a-z]))"
_STAFF = r"(?:เจ้าหน้าที่|แอดมิน|admin|คน|ผู้ดูแล|สพร|dga|ทีมงาน)"
_BOSS = r"(?:ผู้บริหาร|หัวหน้า|ผอ|ผู้อำนวยการ|นาย|อธิบดี|ผู้ว่า|ปลัด|ที่ประชุม)"
# "ผล" of a result, not of "ผลกระทบ", "ผลลัพธ์", "ผลสัมฤทธิ์", "ผลการดำเนินงาน".
_RESULT = r"ผล(?!กระทบ|ลัพธ์|สัมฤทธิ์|ตอบแทน|งาน|ผลิต|ิต|การดำเนิน|การวิเคราะห์|สำรวจ)"
_LATER = r"(?:พรุ่งนี้|ทีหลัง|วันหลัง|คราวหน้า|บ่าย|เย็น|สัปดาห์หน้า|อาทิตย์หน้า)"
_MATES = rf"(?:เพื่อน|คนอื่น|น้อง|พี่|ทีม|สมาชิก|ผู้ร่วม|เจ้าหน้าที่|คนในกอง|ลูกทีม|{_BOSS})"

# The Q&A's, whatever request words they contain: what counts, what is required, and a
# described part of the questionnaire.
_FOR_THE_QA = re.compile(
    r"^(?:ข้อ|คำถาม|หัวข้อ|ประเด็น|เรื่อง|หมวด|ด้าน|ตัวชี้วัด)(?:ที่(?!แล้ว)|ซึ่ง)"
    r"|นับ(?:เป็น|ได้|ไหม|มั้ย|ว่า|รวม|ด้วย)|ถึงนับ"
)
_REQUIRED = re.compile(r"ต้อง.{0,40}(?:ไหม|มั้ย|หรือไม่|หรือเปล่า)$")  # what is required
# What something means: the Q&A's, unless it is about the official's own.
_MEANING = re.compile(r"คืออะไร|หมายถึง|หมายความ|ย่อมาจาก|แปลว่า|นิยาม|ความหมาย|เกณฑ์")
_OWN_MEANING = re.compile(rf"{SELF}|^จุดอ่อน")
# About results, but hypothetical or about the criteria: "ถ้ามี DCIO จะได้ระดับไหน".
_WHAT_IF = re.compile(
    r"ถ้า|หาก|(?:ถึง|จึง)จะ(?:ได้|นับ)|\d+(?:ชุด|ระบบ|คน|ครั้ง|บริการ|โครงการ|ช่องทาง|ฐาน|%)"
)
_QUESTIONNAIRE = re.compile(r"แบบ(?:ประเมิน|สำรวจ)")
_ABOUT_RESULTS = {"result", "why", "improve", "start", "restart"}
# Requests whose words never name a topic of the framework, and those the official's own
# may ask about a named topic ("ขอลบข้อมูลส่วนบุคคลของผม").
_PLAIN = {"contact", "dates", "saved", "progress", "pause", "resume", "skip", "back", "cancel"}
_OWNABLE = {"delete", "result", "why", "improve", "answers", "report", "start"}
# Words of the framework's own structure, not topics: "pillar ไหนของเราแย่สุด" is a request.
_STRUCTURE = {"ตัวชี้วัด", "ตัวชี้วัดย่อย", "ประเด็น", "ประเด็นย่อย", "pillar", "subpillar", "sub-pillar",
              "issue", "stage", "level", "indicator"}

_RULES: tuple[tuple[Request, str], ...] = (
    ("contact", rf"(?:ติดต่อ|คุย|ปรึกษา|พูด|สอบถาม)(?:กับ)?{_STAFF}"),
    ("contact", rf"(?:เบอร์|อีเมล|โทรศัพท์)(?:โทร(?:ศัพท์)?)?(?:ติดต่อ)?(?:ของ)?{_STAFF}"),
    ("contact", r"^(?:ขอ|มี)(?:เบอร์|อีเมล)(?:โทร(?:ศัพท์)?)?(?:ติดต่อ)?(?:ไหม|มั้ย)?$"),
    ("contact", rf"ช่องทางติดต่อ{_STAFF}?$|ติดต่อ(?:ใคร|ที่ไหน|ได้ที่)|โทร(?:หา|ถาม)(?:ใคร|ที่ไหน|{_STAFF})"),
    ("dates", r"กำหนดส่ง|หมดเขต|deadline|(?:ส่ง|เสร็จ)(?:แบบประเมิน)?ภายในวัน|วันสุดท้าย"),
    ("dates", r"ส่ง(?:แบบประเมิน)?(?:ได้)?(?:ถึง)?(?:เมื่อไ|วันไหน)|(?:ต้อง)?เตรียมเอกสาร(?:อะไร)?(?:บ้าง)?(?:ก่อน(?:เริ่ม)?(?:ทำ|ตอบ|ประเมิน)?)?$"),
    ("saved", r"(?:บันทึก|เซฟ|save)(?:ไว้)?(?:ให้)?(?:แล้ว)?(?:ไหม|มั้ย|ใช่(?:ไหม|มั้ย)|หรือยัง|รึยัง|หรือเปล่า|ยัง)"),
    ("saved", r"(?:เซฟ|บันทึก|save)(?:ให้)?(?:อัตโนมัติ|ออโต้|auto)"),
    ("saved", r"(?:ปิด|ออก|เปลี่ยน|หลุด|ดับ|คำตอบ|ที่ตอบ|ที่กรอก).{0,20}หาย(?:ไหม|มั้ย|หรือเปล่า|$)"),
    ("saved", r"(?:ข้อมูล|คำตอบ)(?:ที่)?(?:กรอก|ตอบ)?(?:ไว้|ไป)?(?:ยัง)?อยู่(?:ไหม|มั้ย|ครบ|$)|ยังอยู่(?:ไหม|มั้ย|$)"),
    ("privacy", rf"(?:ข้อมูล|คำตอบ)(?:ที่)?{SELF}?(?:กรอก|ตอบ)(?:ไป)?.{{0,16}}(?:เอาไป|นำไป|ใคร|คนอื่น|เห็น|เปิดเผย|เก็บ(?:ไว้)?(?:ที่)?ไหน)"),
    ("privacy", rf"(?:ข้อมูล|คำตอบ|ผล)(?:ของ)?(?:หน่วยงาน)?{SELF}.{{0,16}}(?:เอาไป|นำไป|ใคร|คนอื่น|เห็น|เปิดเผย|สาธารณะ|เก็บ(?:ไว้)?(?:ที่)?ไหน)"),
    ("official", r"ถือว่า(?:ส่ง|ยื่น)|(?:ส่ง|ยื่น)(?:ผล|คะแนน|คำตอบ|แบบประเมิน|นี้|ที่ได้).{0,12}(?:สพร|dga)|(?:ผล|คะแนน|คำตอบ).{0,16}(?:ส่ง|ยื่น|ถึง).{0,8}(?:สพร|dga)|แทน(?:การ)?(?:ประเมิน|สำรวจ|ตอบแบบสำรวจ)(?:จริง)?(?:ของ)?(?:สพร|dga)?"),
    ("progress", r"ถึงข้อ(?:ไหน|ไร|อะไร)|ข้อไหนแล้ว|เหลือ(?:อีก)?กี่ข้อ|(?:คำถาม|แบบประเมิน)(?:มี)?(?:ทั้งหมด)?กี่ข้อ"),
    ("progress", r"อีกนาน|(?:ทำ|ตอบ)(?:แบบ)?(?:ประเมิน)?(?:นาน|ใช้เวลา)|ใช้เวลา(?:ทำ|ตอบ)|กี่(?:เปอร์เซ็นต์|%)แล้ว"),
    ("progress", rf"{SELF}.{{0,6}}คืบหน้า|คืบหน้าไป(?:ถึง|เท่า|กี่)|(?:ทำ|ตอบ)?ไปถึงไหน(?:แล้ว)?|(?:ตอบ|ทำ)(?:ไป|แล้ว)+กี่ข้อ|กี่ข้อแล้ว"),
    ("progress", r"(?:ข้อ|ประเด็น)(?:ไหน)?ที่(?:ยัง)?(?:ไม่ได้ตอบ|ขาด|เหลือ)|ข้อไหน(?:ที่)?(?:ยัง)?ไม่ได้ตอบ"),
    ("delete", rf"^(?:ขอ|อยาก|ต้องการ|ช่วย)?(?:ให้)?ลบ(?:ข้อมูล|คำตอบ|ประวัติ|บัญชี|ผล)|ลบ(?:ข้อมูล|คำตอบ).{{0,10}}{SELF}|(?<![a-z])delete"),
    ("delete", rf"{SELF}.{{0,12}}ลบ(?:ข้อมูล|คำตอบ|ประวัติ|บัญชี)"),
    ("cancel", r"ยกเลิก(?:การ)?(?:แบบ)?(?:ประเมิน|ทำ)|ยกเลิก(?:อัน|ที่|แบบ).{0,6}ค้าง|เลิกทำ(?:แล้ว|ดีกว่า)|^(?:ขอ)?(?:ยกเลิก|cancel)(?:เลย|ทั้งหมด)?(?:ไม่เอาแล้ว)?$|(?:ไม่ทำ|ไม่เอา)แล้ว(?:ขอ)?ยกเลิก$"),
    ("restart", r"(?:เริ่ม(?:ต้น)?|ทำ)(?:แบบ)?(?:ประเมิน)?ใหม่|restart|ประเมินใหม่|(?:ทำ|ประเมิน)(?:แบบประเมิน)?อีก(?:รอบ|ครั้ง)"),
    ("restart", r"ตั้งแต่ข้อแรก|ตั้งแต่ต้น"),
    ("pause", r"(?:ขอ)?(?:เบรก|เบรค|break)|(?:ขอ)?(?:พัก|หยุด|pause)(?:ไว้)?(?:ตรงนี้)?(?:ก่อน|ไว้)|^pause|พอ(?:แค่นี้)?ก่อน"),
    ("pause", rf"(?:เดี๋ยว|ค่อย){_LATER}?(?:ค่อย)?(?:มา)?(?:ทำ)?ต่อ|ไว้{_LATER}(?:ค่อย)?(?:มา)?(?:ทำ)?ต่อ|ไว้(?:ค่อย|มา)+(?:ทำ)?ต่อ"),
    ("pause", rf"{_LATER}.{{0,8}}(?:ค่อย|มา).{{0,4}}ต่อ"),
    ("resume", r"ทำต่อ(?!เนื่อง)|ต่อจาก(?:เดิม|ที่|ข้อ)|ทำค้าง|ค้างไว้|^มาต่อ|ต่อกันเลย|(?<![a-z])(?:resume|continue)"),
    ("join", r"จอยทีม|(?<![a-z])join|(?:ขอ|จะ|อยาก)เข้า(?:ไป)?(?:ร่วม)?ทีม|ได้(?:รับ)?(?:คำเชิญ|ลิงก์เชิญ|รหัสเชิญ)"),
    ("join", r"(?:ขอ|จะ|อยาก)(?:เข้า)?(?:ไป)?ร่วม(?:ทีม|ทำ|ประเมิน)?(?:.{0,16}(?:ยังไง|อย่างไร|ได้ไหม))?$"),
    ("join", r"เข้า(?:ไป)?ร่วม(?:ทีม|ทำ)(?:ยังไง|อย่างไร|ได้ไหม)?$|(?:ขอ|จะ|อยาก)(?:เข้า)?(?:ไป)?ร่วมทีม"),
    ("join", r"(?:ลิงก์|โค้ด|รหัส)(?:เชิญ|ทีม)?.{0,30}(?:เข้าร่วม|ร่วมทีม|ต้องทำอะไร|ทำยังไง|กดแล้ว)|(?:ได้|มี)(?:ลิงก์|โค้ด|รหัส)(?:เชิญ|ทีม)"),
    ("invite", r"เพิ่ม(?:สมาชิก|คน)(?:เข้า)?(?:ใน)?ทีม|(?:มา|ให้)(?:ร่วม|ช่วย)(?:กัน)?ตอบ"),
    ("invite", rf"(?:ชวน|เชิญ){_MATES}|รหัสเชิญ|{_MATES}.{{0,16}}ช่วย(?:กัน)?ตอบ|ทำ(?:เป็น)?ทีม|ทำคนเดียว"),
    ("team", r"(?:รายชื่อ|ดู)สมาชิก|ใคร(?:อยู่)?(?:ใน)?ทีม|ทีมเดียวกับ|สมาชิก(?:ใน)?ทีม(?:มี)?ใคร"),
    ("team", rf"ใคร(?:เป็นคน)?ตอบ|ทีม(?:ของ)?{SELF}|สมาชิก(?:ใน)?ทีม(?:ของ)?{SELF}"),
    ("skip", r"(?:ขอ)?ข้าม(?:ข้อ(?!จำกัด|มูล)|ไปก่อน|ไว้ก่อน)|ข้ามได้(?:ไหม|มั้ย)|(?:ยังไม่|ไม่)(?:รู้|ทราบ)คำตอบ"),
    ("skip", r"(?<![a-z])skip|ผ่าน(?:ข้อนี้|ไปก่อน)|ข้อนี้.{0,6}(?:ตอบ)?(?:ทีหลัง|ภายหลัง)|ไว้ตอบ(?:ทีหลัง|ภายหลัง)|ไปข้อถัดไป"),
    ("back", r"ย้อน(?:กลับ)?(?:ไป)?(?:แก้|ข้อ)|(?:แก้|กลับไป)ข้อ(?:ที่แล้ว|ก่อน)|ข้อที่แล้ว"),
    ("why", r"ทำไม.{0,12}(?:ได้|คะแนน|ระดับ|ผล).{0,20}(?:ต่ำ|(?<!อย่าง)น้อย|แค่|ไม่ถึง|แย่)"),
    ("why", r"(?:ได้|คะแนน|ระดับ|ผล).{0,16}(?:เพราะอะไร|เพราะเหตุใด|ด้วยเหตุอะไร|เหตุผล)|ฉุด|ดึง(?:คะแนน|ระดับ)?.{0,6}ลง"),
    ("why", r"ทำไม.{0,10}ได้(?:แค่|เพียง)?(?:ระดับ|คะแนน)|(?:ผล|คะแนน|ระดับ).{0,16}ทำไม.{0,4}(?:ต่ำ|น้อย|แย่)"),
    ("why", r"(?:ต่ำ|(?<!อย่าง)น้อย|แย่)(?:เพราะ|เนื่องจาก)"),
    ("why", rf"จุดอ่อน.{{0,12}}{SELF}|{SELF}.{{0,12}}จุดอ่อน|^จุดอ่อน(?:ของ)?(?:หน่วยงาน)?(?:คือ|อยู่)?(?:อะไร|ตรงไหน)?$"),
    ("why", rf"{SELF}.{{0,6}}(?:อ่อน|แย่|ด้อย|พลาด|ขาด)(?:ตรง|ด้าน|เรื่อง)?(?:ไหน|อะไร)|(?:ต่ำ|น้อย)แบบนี้"),
    ("why", rf"(?:ด้าน|ตัวชี้วัด|pillar|ประเด็น|ข้อ)(?:ไหน|ใด)(?:ที่)?(?:ของ)?{SELF}?(?:ได้)?(?:คะแนน|ระดับ)?(?:อ่อน|แย่|ต่ำ|น้อย)"),
    ("improve", r"(?:ปรับปรุง|พัฒนา|โฟกัส|เน้น|ยกระดับ|แก้ไข|เริ่ม)(?:ที่|จาก)?(?:อะไร|ด้าน|เรื่อง|ตรง|ตัวชี้วัด)?(?:ไหน|ใด|อะไร)(?:ก่อน|ดี)"),
    ("improve", rf"{SELF}.{{0,6}}(?:ควร|ต้อง)?(?:ปรับปรุง|พัฒนา|เริ่ม|โฟกัส|เน้น|แก้|ทำ).{{0,10}}(?:ไหน|ใด|อะไร)"),
    ("improve", rf"(?:เพิ่ม|ยก)(?:คะแนน|ระดับ)(?:ของ)?(?:หน่วยงาน)?{SELF}"),
    ("improve", rf"^(?:ขอ|มี)(?:ข้อ|คำ)แนะนำ(?:สำหรับ)?(?:หน่วยงาน)?{SELF}?(?:ไหม|มั้ย)?$|(?:ข้อ|คำ)แนะนำ(?:สำหรับ)?(?:หน่วยงาน)?{SELF}"),
    ("improve", r"(?=.*(?:ต้อง|ควร|ยังไง|อย่างไร|โฟกัส|เน้น|อยาก))(?:.*(?:คะแนน|ระดับ|ผล).{0,8}(?:สูง|เพิ่ม|ดี)?ขึ้น(?!อยู่)|.*ขึ้น(?:เป็น|ไป)?(?:ระดับ)?\d)"),
    ("improve", rf"^(?:จะ|ทำ(?:ยังไง|อย่างไร)ให้)?(?:เพิ่ม|ยก)(?:คะแนน|ระดับ)(?:ของ)?(?:หน่วยงาน)?{SELF}?(?:ได้)?(?:ยังไง|อย่างไร|ไง)?$"),
    ("improve", r"(?:ต้อง|ควร)ทำ(?:อะไร)?ต่อ(?:ไป)?(?:ดี)?$"),
    ("answers", r"(?:ดู|แก้|เปลี่ยน|ทบทวน|ตรวจ)(?:ไข)?คำตอบ|คำตอบ(?:ที่)?(?:ตอบ|กรอก)(?:ไป)?|ตอบผิด"),
    ("answers", r"(?:แก้|เปลี่ยน)(?:ไข)?(?:คำตอบ)?ข้อ(?:ที่)?\d|ขอแก้|ข้อ(?:ที่)?\d+.{0,6}ตอบ(?:อะไร|ไว้|ไป)|ตอบอะไรไป"),
    ("report", r"(?:ขอ|ส่ง|แนบ|เสนอ|ปริ้น|พิมพ์|ดาวน์โหลด|โหลด|ดู|อยากได้|เปิด).{0,12}(?:รายงาน|report|pdf|ลิงก์|link)"),
    ("report", r"(?:รายงาน|report|pdf|ลิงก์|link).{0,12}(?:หมดอายุ|ใหม่|ยังไง|อย่างไร|ที่ไหน|ได้ไหม|ได้มั้ย|เปิดไม่ได้)"),
    ("report", rf"ปริ้น|(?<![a-z])print(?![a-z])|พิมพ์(?:ผล|รายงาน|ออก)|(?:ส่ง|เสนอ|แนบ)(?:ผล|คะแนน|การประเมิน)+(?:ไป)?(?:ให้)?{_BOSS}"),
    ("result", rf"{_RESULT}|คะแนน|ระดับ|อันดับ|เลเวล|score|stage|level|result"),
    ("start", r"(?:ทำ|ประเมิน)(?:แค่|เฉพาะ)?(?:ตัวชี้วัดเดียว|บางตัวชี้วัด)"),
    ("start", r"(?:ทำ|เริ่ม)(?:แบบ)?ประเมิน(?:ยังไง|อย่างไร|ตรงไหน|ที่ไหน)|^วิธี(?:ทำ|ใช้)?(?:แบบ)?ประเมิน$"),
    ("start", r"(?:อยาก|ขอ|จะ|ลอง)(?:เริ่ม)?(?:ทำ)?(?:แบบ)?ประเมิน(?:หน่วยงาน|ดู|เลย|ตอนนี้|$)"),
    ("start", r"(?:^|อยาก|ขอ|จะ|ลอง)(?:เริ่ม(?:ทำ)?|ทำ)แบบ(?:ประเมิน|สำรวจ)"),
)  # fmt: skip
_COMPILED = tuple((request, re.compile(pattern)) for request, pattern in _RULES)
# A result only when it is the official's own: "ระดับ 3 ชื่ออะไร" is the Q&A's.
_OWN = re.compile(
    rf"{SELF}|^ได้(?:กี่|เท่า)|สรุป(?:แล้ว|ผล)|ผล(?:การ)?(?:ประเมิน)?(?:ออก(?:มา)?|(?:ครั้ง)?ล่าสุด|ครั้งก่อน)"
    rf"|(?:^|ขอ|อยาก)(?:ดู|ดุ|เช็ค|เช็ก|เห็น|รู้|ทราบ){_RESULT}"
)


@dataclass(frozen=True)
class Topics:
    """The names the Q&A answers to (framework parts, glossary terms, their aliases); a
    message that names one is a question about it. Names about results themselves
    ("คะแนนรวม", "ระดับความพร้อม") are left out: "คะแนนรวมของเราเท่าไหร่" is a request."""

    thai: tuple[str, ...] = ()
    latin: re.Pattern[str] | None = None

    @classmethod
    def of(cls, names: Iterable[str]) -> Topics:
        thai, latin = set(), set()
        for name in names:
            folded = "".join(_PUNCTUATION.sub("", name.lower()).split())
            if folded in _STRUCTURE or re.search(r"คะแนน|ระดับ|ผลการประเมิน|แบบประเมิน|สพร|ดีจีเอ|^dga$", folded):
                continue
            if re.fullmatch(r"[a-z0-9\-]+", folded):
                if len(folded) >= 3:
                    latin.add(re.escape(folded))
            elif len(folded) >= 4:
                thai.add(folded)
        pattern = re.compile(rf"(?<![a-z])(?:{'|'.join(sorted(latin))})(?![a-z])") if latin else None
        return cls(tuple(sorted(thai)), pattern)

    def named_in(self, words: str) -> bool:
        if self.latin is not None and self.latin.search(words):
            return True
        return any(name in words for name in self.thai)


def squeezed(typed: str) -> str:
    """Lower case, without spaces, punctuation, polite endings and openings."""
    tokens = [_TOKEN_ENDINGS.sub("", _PUNCTUATION.sub("", t)) for t in typed.lower().split()]
    return _OPENINGS.sub("", _ENDINGS.sub("", "".join(tokens)))


def request_of(typed: str, topics: Topics | None = None) -> Request | None:
    """The request the message makes, if it makes one; ``topics``: the names the Q&A answers
    to (a message naming one is a question about it)."""
    words = squeezed(typed)
    if len(words) < 3 or _FOR_THE_QA.search(words):
        return None
    if _MEANING.search(words) and not _OWN_MEANING.search(words):
        return None
    request = next((r for r, pattern in _COMPILED if pattern.search(words)), None)
    if request is None or (request == "result" and not _OWN.search(words)):
        return None
    if request != "official" and _REQUIRED.search(words):
        return None
    if request in _ABOUT_RESULTS and _WHAT_IF.search(words):
        return None
    if topics is not None and request not in _PLAIN:
        mine = request in _OWNABLE and re.search(SELF, words) is not None
        mine = mine or (request == "start" and _QUESTIONNAIRE.search(words) is not None)
        if not mine and topics.named_in(words):
            return None
    return request
