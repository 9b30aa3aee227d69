"""Free-text questions in LINE: the adapter between the chat and ``knowledge.qa``.

It reads the admins' glossary from the database (``search_index``) and turns the knowledge's
``Reply`` into LINE messages. Everything else (matching, deciding, wording) lives in
``knowledge.qa``; the functions below take the index, so the chat machine stays pure.

Postbacks its buttons send (bot.chat.postbacks): Define ("def": the entry's definition →
show_entry), ShowLevels ("lv": every level's criteria of an issue → show_levels), ReadMore
("more": the whole entry → show_more) and AssessPillar ("assess").
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot import texts
from bot.chat.postbacks import AssessPillar, Define, ReadMore, ShowLevels, encode
from bot.messages import Message, QuickItem, label, say, split_text, tap, text
from knowledge.catalog import Knowledge
from knowledge.qa import Context, GlossaryRow, OutOfScope, QAIndex, SmallTalk, build_index
from knowledge.qa.reply import CHOOSE, Action, Reply, compose, entry_reply, levels_reply, more_reply
from scoring.model import CriteriaType, Issue
from storage.models import GlossaryTerm
from storage.texts import glossary_revision

CHOOSE_PREFIXES = (CHOOSE, 'หมายถึง "')


@dataclass
class _IndexCache:
    revision: tuple[int, tuple[int, str]] | None = None
    index: QAIndex | None = None


_cache = _IndexCache()
_lock = threading.Lock()


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


def search_index(session: Session, knowledge: Knowledge) -> QAIndex:
    """The index for the current glossary: built once per process, rebuilt when an admin's
    edit, addition or deletion changes the glossary (each worker notices on its next
    question; only the changed texts are embedded again)."""
    revision = (knowledge.year, glossary_revision(session))
    with _lock:
        if _cache.index is None or _cache.revision != revision:
            _cache.index = build_index(knowledge, _rows(session) or None)
            _cache.revision = revision
        return _cache.index


def warm_up(knowledge: Knowledge) -> None:
    """Load the model and embed the shipped knowledge before the first question (call at
    worker start; the database's glossary then re-embeds only what the admins changed)."""
    build_index(knowledge)


def answer(
    index: QAIndex,
    typed: str,
    current_issue: Issue | None = None,
    criteria_type: CriteriaType | None = None,
) -> list[Message] | None:
    """Messages that answer a free-text question, or None when nothing in the framework
    answers it while a question is being asked (the caller then asks the question again)."""
    context = Context(
        issue_id=current_issue.id if current_issue else None, criteria_type=criteria_type
    )
    outcome = index.ask(typed, context)
    if current_issue is not None and isinstance(outcome, SmallTalk):
        if outcome.kind == "confused":  # "งง" at a question: what the question is about
            return show_entry(index, current_issue.id, criteria_type)
        if outcome.kind == "acknowledgement":
            return None  # the question is asked again with how to answer it
    if current_issue is not None and isinstance(outcome, OutOfScope):
        return None
    return render(compose(outcome, index, context))


def explain_issue(index: QAIndex, issue: Issue) -> list[Message]:
    return show_entry(index, issue.id)


def show_entry(
    index: QAIndex, entry_id: str, criteria_type: CriteriaType | None = None
) -> list[Message]:
    entry = index.by_id.get(entry_id)
    if entry is None:
        return render(compose(OutOfScope(), index))
    return render(entry_reply(entry, Context(criteria_type=criteria_type)))


def show_levels(
    index: QAIndex, issue_id: str, criteria_type: CriteriaType | None = None
) -> list[Message]:
    entry = index.by_id.get(issue_id)
    if entry is None:
        return render(compose(OutOfScope(), index))
    return render(levels_reply(entry, Context(criteria_type=criteria_type)))


def show_more(
    index: QAIndex, entry_id: str, criteria_type: CriteriaType | None = None
) -> list[Message]:
    entry = index.by_id.get(entry_id)
    if entry is None:
        return render(compose(OutOfScope(), index))
    messages: list[Message] = []
    for reply in more_reply(entry, Context(criteria_type=criteria_type))[:4]:
        messages += render(reply)
    return messages


def render(reply: Reply) -> list[Message]:
    """A reply as LINE text messages; its buttons go on the last one."""
    buttons = [_button(action) for action in reply.actions if action.kind != "more"]
    buttons += [
        tap(label(s.label), encode(Define(s.entry_id)), shown=s.label) for s in reply.suggestions
    ]
    buttons += [_button(action) for action in reply.actions if action.kind == "more"]
    if reply.kind == "answer":
        buttons += [say(texts.START), say(texts.HELP)]
    elif reply.kind == "choose":
        buttons.append(say(texts.HELP))
    elif reply.kind == "small_talk":
        buttons = []  # the caller's menu, which offers what fits the user's state
    parts = split_text(reply.text)
    return [text(part, buttons if n == len(parts) - 1 else ()) for n, part in enumerate(parts)]


def _button(action: Action) -> QuickItem:
    if action.kind == "assess":
        data = encode(AssessPillar(action.target))
    elif action.kind == "levels":
        data = encode(ShowLevels(action.target))
    else:
        data = encode(ReadMore(action.target))
    return tap(action.label, data, shown=action.label)
