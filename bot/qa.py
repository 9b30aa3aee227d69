"""Free-text questions in LINE: the adapter between the conversation and ``knowledge.qa``.

It reads what the question needs from the database (the admins' glossary, the official's agency
type, the issue being asked) and turns the knowledge's ``Reply`` into LINE messages. Everything
else (matching, deciding, wording) lives in ``knowledge.qa``.

Postbacks it answers (decoded in ``bot.conversation.on_postback``):
  t=def&id=<entry>   the entry's definition            → show_entry
  t=lv&id=<issue>    every level's criteria of an issue → show_levels
  t=more&id=<entry>  the whole entry ("อ่านต่อ")          → show_more
  t=assess&p=<pillar>[&i=<issue>]  start assessing the pillar (handled by the conversation)
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot import texts
from bot.assessing import Turn
from bot.messages import Message, QuickItem, label, postback_data, say, split_text, tap, text
from knowledge.loader import shipped_knowledge
from knowledge.qa import Context, GlossaryRow, OutOfScope, QAIndex, build_index
from knowledge.qa.reply import CHOOSE, Action, Reply, compose, entry_reply, levels_reply, more_reply
from scoring.model import Issue
from scoring.rules import criteria_type_for
from storage.models import GlossaryTerm

CHOOSE_PREFIXES = (CHOOSE, 'หมายถึง "')


@dataclass
class _IndexCache:
    revision: tuple[int, str] | None = None
    index: QAIndex | None = None


_cache = _IndexCache()
_lock = threading.Lock()


def _revision(session: Session) -> tuple[int, str]:
    count, latest = session.execute(
        select(func.count(GlossaryTerm.id), func.max(GlossaryTerm.updated_at))
    ).one()
    return int(count), str(latest)


def _rows(session: Session) -> list[GlossaryRow]:
    return [
        GlossaryRow(
            term_id=term.term_id,
            category=term.category,
            name_th=term.name_th,
            name_en=term.name_en,
            definition=term.definition,
            aliases=tuple(term.aliases or ()),
            related=tuple(term.related or ()),
        )
        for term in session.scalars(select(GlossaryTerm).order_by(GlossaryTerm.id))
    ]


def search_index(session: Session) -> QAIndex:
    """The index for the current glossary: built once per process, rebuilt when an admin's
    edit, addition or deletion changes the glossary (each worker notices on its next question;
    only the changed texts are embedded again)."""
    revision = _revision(session)
    with _lock:
        if _cache.index is None or _cache.revision != revision:
            _cache.index = build_index(shipped_knowledge(), _rows(session) or None)
            _cache.revision = revision
        return _cache.index


def warm_up() -> None:
    """Load the model and embed the shipped knowledge before the first question (call at
    worker start; the database's glossary then re-embeds only what the admins changed)."""
    build_index(shipped_knowledge())


def _context(turn: Turn, current_issue: Issue | None) -> Context:
    assessment = turn.in_progress()
    agency_type = assessment.agency_type if assessment else turn.respondent.agency_type
    return Context(
        issue_id=current_issue.id if current_issue else None,
        criteria_type=criteria_type_for(agency_type) if agency_type else None,  # type: ignore[arg-type]
    )


def answer(turn: Turn, typed: str, current_issue: Issue | None = None) -> list[Message] | None:
    """Messages that answer a free-text question, or None when nothing in the framework
    answers it while a question is being asked (the caller then asks the question again)."""
    index = search_index(turn.session)
    context = _context(turn, current_issue)
    outcome = index.ask(typed, context)
    if isinstance(outcome, OutOfScope) and current_issue is not None:
        return None
    return render(compose(outcome, index, context))


def explain_issue(turn: Turn, issue: Issue) -> list[Message]:
    return show_entry(turn, issue.id)


def show_entry(turn: Turn, entry_id: str) -> list[Message]:
    index = search_index(turn.session)
    entry = index.by_id.get(entry_id)
    if entry is None:
        return render(compose(OutOfScope(), index))
    return render(entry_reply(entry, _context(turn, None)))


def show_levels(turn: Turn, issue_id: str) -> list[Message]:
    index = search_index(turn.session)
    entry = index.by_id.get(issue_id)
    if entry is None:
        return render(compose(OutOfScope(), index))
    return render(levels_reply(entry, _context(turn, None)))


def show_more(turn: Turn, entry_id: str) -> list[Message]:
    index = search_index(turn.session)
    entry = index.by_id.get(entry_id)
    if entry is None:
        return render(compose(OutOfScope(), index))
    messages: list[Message] = []
    for reply in more_reply(entry, _context(turn, None))[:4]:
        messages += render(reply)
    return messages


def render(reply: Reply) -> list[Message]:
    """A reply as LINE text messages; its buttons go on the last one."""
    buttons = [_button(action) for action in reply.actions if action.kind != "more"]
    buttons += [
        tap(label(s.label), postback_data(t="def", id=s.entry_id), shown=s.label)
        for s in reply.suggestions
    ]
    buttons += [_button(action) for action in reply.actions if action.kind == "more"]
    if reply.kind == "answer":
        buttons += [say(texts.START), say(texts.HELP)]
    elif reply.kind == "choose":
        buttons.append(say(texts.HELP))
    elif reply.kind == "small_talk":
        buttons = [
            say(command) for command in (texts.START, texts.RESUME, texts.RESULT, texts.HELP)
        ]
    parts = split_text(reply.text)
    return [text(part, buttons if n == len(parts) - 1 else ()) for n, part in enumerate(parts)]


def _button(action: Action) -> QuickItem:
    if action.kind == "assess":
        fields = {"t": "assess", "p": action.target}
        if action.issue_id:
            fields["i"] = action.issue_id
        return tap(action.label, postback_data(**fields), shown=action.label)
    kind = "lv" if action.kind == "levels" else "more"
    return tap(action.label, postback_data(t=kind, id=action.target), shown=action.label)
