"""The Thai Q&A: what officials ask about the framework, answered from the knowledge.

Pure: no Flask, no database. ::

    from knowledge.qa import Context, build_index, compose

    index = build_index(knowledge, glossary_rows)          # once; again after a glossary edit
    outcome = index.ask("ต้องทำอะไรถึงได้ระดับ 4", Context(issue_id="P1.DP.1"))
    reply = compose(outcome, index, Context(criteria_type="policy"))

See ``index`` for how a question is matched and ``reply`` for what is said.
"""

from knowledge.qa.entries import Entry
from knowledge.qa.index import QAIndex, build_index, entries_from_knowledge
from knowledge.qa.intent import Intent
from knowledge.qa.outcomes import Answer, Choose, Context, Outcome, OutOfScope, SmallTalk
from knowledge.qa.terms import GlossaryRow

__all__ = [
    "Answer",
    "Choose",
    "Context",
    "Entry",
    "GlossaryRow",
    "Intent",
    "OutOfScope",
    "Outcome",
    "QAIndex",
    "SmallTalk",
    "build_index",
    "entries_from_knowledge",
]
