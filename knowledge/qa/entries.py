"""What the Q&A answers: ``Entry``, and the entries of the framework.

The 2565 framework gives pillars, sub-pillars, issues and the five overall stages; the 2566 view
its seven pillars and their per-pillar stage names (always labelled with their year). Glossary
terms, the DG plan and the PDPA sections come from the glossary (``terms``).

Besides its names, an entry carries the texts it is searched by (``fields``): for an issue its
questions, help texts, checklist items, level summaries and recommendations, each with a kind
whose weight says how strongly it identifies the entry.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from knowledge.schema import ViewPillar
from scoring.model import (
    ChecklistQuestion,
    Framework,
    Issue,
    Pillar,
    SingleChoiceQuestion,
    SubPillar,
)

EntryKind = Literal[
    "pillar", "pillar_2566", "sub_pillar", "issue", "stage", "stage_name_2566", "group", "term"
]
FieldKind = Literal[
    "definition", "question", "help", "item", "level", "recommendation", "part", "framework_text"
]

# How strongly a text of each kind identifies its entry (names and aliases are keys, not fields).
FIELD_WEIGHTS: dict[FieldKind, float] = {
    "definition": 1.0,
    "framework_text": 0.8,  # the framework's own definition of a folded glossary term
    "question": 0.9,
    "item": 0.75,
    "help": 0.6,
    "level": 0.7,
    "recommendation": 0.5,
    "part": 0.4,  # a pillar's sub-pillar names
}


@dataclass(frozen=True)
class Field:
    text: str
    kind: FieldKind

    @property
    def weight(self) -> float:
        return FIELD_WEIGHTS[self.kind]


@dataclass(frozen=True)
class Entry:
    id: str
    kind: EntryKind
    name_th: str
    name_en: str
    aliases: tuple[str, ...]
    # What it means, in 1–3 plain sentences.
    definition: str
    # Where it sits, in Thai ("ตัวชี้วัดที่ 1 แนวนโยบายและหลักปฏิบัติ › นโยบายด้านข้อมูล").
    location: str | None = None
    # What each level asks for ("ระดับ 4: …"), or the stage names of a pillar.
    levels: tuple[str, ...] = ()
    # The 2565 pillar to offer "assess this pillar" for.
    pillar_id: str | None = None
    related: tuple[str, ...] = ()
    # One more line to show, e.g. that a sub-pillar is outside the maturity model.
    note: str | None = None
    # Ids of entries that win a name or alias this entry shares with them ("GDX" is the
    # glossary term GDX, not issue P4.IE.3 that lists it as an alias).
    yields_to: tuple[str, ...] = ()
    # Texts the entry is searched by but does not show as its definition.
    fields: tuple[Field, ...] = ()
    # The framework year a text describes (2565, 2566); None for general terms.
    year: int | None = None
    # The issue itself, for its criteria per level and agency type.
    issue: Issue | None = None
    # A button's caption written to fit LINE's 20 characters ("1 นโยบาย/หลักปฏิบัติ").
    button: str | None = None


UsedBy = Mapping[str, Sequence[str]]  # framework id → glossary terms that relate to it


def pillar_label(pillar: Pillar | ViewPillar) -> str:
    return f"ตัวชี้วัดที่ {pillar.number} {pillar.name_th}"


def stage_names_2566(pillar: Pillar | ViewPillar) -> tuple[str, ...]:
    """A pillar's per-pillar stage names, which come from the 2566 framework: in Thai with
    the English name in brackets ("ขั้นที่ 4: เทคโนโลยีชั้นนำ (Leading-tech) ตามกรอบปี 2566")."""
    english, thai = pillar.stage_names or (), pillar.stage_names_th or pillar.stage_names or ()
    return tuple(
        f"ขั้นที่ {n}: {th} ({en}) ตามกรอบปี 2566" if th != en else f"ขั้นที่ {n}: {en} ตามกรอบปี 2566"
        for n, (th, en) in enumerate(zip(thai, english, strict=True), start=1)
    )


def pillar_entry(pillar: Pillar, used_by: UsedBy) -> Entry:
    return Entry(
        id=pillar.id,
        kind="pillar",
        name_th=pillar.name_th,
        name_en=pillar.name_en,
        aliases=pillar.aliases,
        definition=pillar.definition,
        location=f"ตัวชี้วัดที่ {pillar.number} ของกรอบปี 2565 (น้ำหนักร้อยละ {pillar.weight:g})",
        levels=stage_names_2566(pillar),
        pillar_id=pillar.id,
        related=tuple(sub.id for sub in pillar.sub_pillars) + tuple(used_by.get(pillar.id, ())),
        yields_to=tuple(used_by.get(pillar.id, ())),
        fields=tuple(Field(f"{s.name_th} {s.name_en}", "part") for s in pillar.sub_pillars),
        year=2565,
        button=f"{pillar.number} {pillar.label}" if pillar.label else None,
    )


def sub_pillar_entry(pillar: Pillar, sub: SubPillar, used_by: UsedBy) -> Entry:
    outside = not sub.in_maturity_model
    only_issue = sub.issues[0].id if len(sub.issues) == 1 else None
    return Entry(
        id=sub.id,
        kind="sub_pillar",
        name_th=sub.name_th,
        name_en=sub.name_en,
        aliases=sub.aliases,
        definition=sub.definition,
        location=pillar_label(pillar),
        pillar_id=pillar.id,
        related=tuple(issue.id for issue in sub.issues)
        + (("not-in-maturity-model",) if outside else ())
        + tuple(used_by.get(sub.id, ())),
        note=(
            "ตัวชี้วัดย่อยนี้ไม่รวมอยู่ในแบบจำลองระดับความพร้อม (Maturity Model) จึงไม่มีเกณฑ์ระดับ 1–5 "
            "และแบบประเมินนี้ไม่ได้ถาม แต่ยังนับในคะแนนของตัวชี้วัด"
            if outside
            else None
        ),
        # A sub-pillar with one issue of the same name ("Connectivity"): the issue answers.
        yields_to=((only_issue,) if only_issue else ()) + tuple(used_by.get(sub.id, ())),
        fields=tuple(Field(f"{i.name_th} {i.name_en}", "part") for i in sub.issues),
        year=2565,
    )


def issue_entry(pillar: Pillar, sub: SubPillar, issue: Issue, used_by: UsedBy) -> Entry:
    return Entry(
        id=issue.id,
        kind="issue",
        name_th=issue.name_th,
        name_en=issue.name_en,
        aliases=issue.aliases,
        definition=issue.definition,
        location=f"{pillar_label(pillar)} › {sub.name_th}",
        levels=level_lines(issue),
        pillar_id=pillar.id,
        related=tuple(used_by.get(issue.id, ())),
        yields_to=tuple(used_by.get(issue.id, ())),
        fields=issue_fields(issue),
        year=2565,
        issue=issue,
    )


def issue_fields(issue: Issue) -> tuple[Field, ...]:
    """Everything the framework says about an issue, by kind."""
    fields: list[Field] = []
    for question in issue.questions:
        fields.append(Field(question.text, "question"))
        if question.help:
            fields.append(Field(question.help, "help"))
        if isinstance(question, ChecklistQuestion):
            fields.extend(Field(item.text, "item") for item in question.items)
        elif isinstance(question, SingleChoiceQuestion):
            fields.extend(Field(option.text, "item") for option in question.options)
    fields.extend(Field(text, "level") for text in (issue.level_summary or {}).values())
    for recommendation in issue.recommendations.values():
        fields.extend(Field(text, "recommendation") for text in recommendation.texts().values())
    return tuple(dict.fromkeys(fields))


def level_lines(issue: Issue) -> tuple[str, ...]:
    if issue.level_summary:
        return tuple(
            f"ระดับ {band.replace('-', '–')}: {text}" for band, text in issue.level_summary.items()
        )
    question = next((q for q in issue.questions if q.id == issue.rule.from_choice), None)
    options = question.options if isinstance(question, SingleChoiceQuestion) else ()
    return tuple(f"ขั้นที่ {o.level}: {o.text}" for o in options if o.level is not None)


def stage_entries(framework: Framework, term_ids: set[str]) -> list[Entry]:
    overview = ("five-stages",) if "five-stages" in term_ids else ()
    entries = []
    for stage in framework.stages:
        n = stage.level
        short = stage.name_th.removeprefix("ระดับ")
        entries.append(
            Entry(
                id=f"stage-{n}",
                kind="stage",
                name_th=stage.name_th,
                name_en=stage.name_en,
                aliases=(
                    short,
                    f"ระดับ {n}",
                    f"ระดับที่ {n}",
                    f"ขั้นที่ {n}",
                    f"level {n}",
                    f"stage {n}",
                    f"{stage.name_th} ({stage.name_en})",
                ),
                definition=stage.definition,
                location=f"ระดับที่ {n} จาก 5 ระดับของภาพรวม (ชื่อเดียวกันในกรอบปี 2565 และ 2566)"
                + (f" ยุค {stage.era}" if stage.era else ""),
                related=overview,
            )
        )
    return entries


def view_2566_entries(pillars: Sequence[ViewPillar], framework: Framework) -> list[Entry]:
    twins = {pillar.name_th: pillar for pillar in framework.pillars}
    entries = []
    for pillar in pillars:
        twin = twins.get(pillar.name_th)
        year_names = (f"{pillar.name_th} ปี 2566", f"{pillar.name_en} 2566")
        entries.append(
            Entry(
                id=pillar.id,
                kind="pillar_2566",
                name_th=pillar.name_th,
                name_en=pillar.name_en,
                aliases=pillar.aliases + year_names,
                definition=pillar.definition,
                location=f"ตัวชี้วัดที่ {pillar.number} ของกรอบปี 2566 (7 ตัวชี้วัด)",
                levels=stage_names_2566(pillar),
                pillar_id=twin.id if twin else None,
                related=((twin.id,) if twin else ()) + pillar.issues,
                yields_to=(twin.id,) if twin else (),
                year=2566,
            )
        )
        entries.extend(_stage_name_entries(pillar, framework))
    return entries


def _stage_name_entries(pillar: ViewPillar, framework: Framework) -> list[Entry]:
    entries = []
    for n, name in enumerate(pillar.stage_names, start=1):
        stage = framework.stage(n)
        thai = pillar.stage_names_th[n - 1]
        entries.append(
            Entry(
                id=f"{pillar.id}.S{n}",
                kind="stage_name_2566",
                # The same stage name can belong to two pillars ("Integrated").
                name_th=f"ขั้น{thai} ({name}) ขั้นที่ {n} ของตัวชี้วัดที่ {pillar.number} กรอบปี 2566",
                name_en=name,
                aliases=(f"ขั้น {name}", name, f"ขั้น{thai}"),
                definition=(
                    f"ชื่อขั้นที่ {n} จาก 5 ขั้นของ{pillar_label(pillar)} ในกรอบปี 2566 "
                    f"ชื่อภาษาอังกฤษ {name} (ชื่อภาษาไทยแปลโดยบริการนี้) "
                    f"ตรงกับระดับ {n} {stage.name_th} ({stage.name_en}) ของภาพรวม"
                ),
                location=f"กรอบปี 2566 › {pillar_label(pillar)} › ขั้นที่ {n}",
                levels=stage_names_2566(pillar),
                related=(pillar.id, f"stage-{n}"),
                year=2566,
            )
        )
    return entries
