"""Names of the menus a decision can offer; their buttons come from the command table
(``bot.chat.commands``), so a command's place in the menus is stated once. Below them:
when a command means something for the user now (a menu offers it only then)."""

from __future__ import annotations

from bot.chat.view import ChatView

MAIN = "main"
WELCOME = "welcome"
PAUSED = "paused"
ABOUT = "about"
AFTER_RESULT = "after_result"
# A one-pillar result: as after a whole one, without the seven-pillar view (it would show
# one pillar among six without a level).
AFTER_PILLAR_RESULT = "after_pillar_result"
AFTER_RECOMMENDATIONS = "after_recommendations"
NO_RESULT = "no_result"
WHILE_ASKING = "while_asking"
RICH_MENU = "rich_menu"


def after_result(scope: object | None) -> str:
    """The menu after a result of this scope (None: the whole framework)."""
    return AFTER_RESULT if scope is None else AFTER_PILLAR_RESULT


def in_progress(view: ChatView) -> bool:
    """ "ประเมินต่อ": there is an assessment to go on with."""
    return view.in_progress is not None


def has_result(view: ChatView) -> bool:
    """ "ผลการประเมิน": there is a finished assessment to show."""
    return view.has_result


def can_invite(view: ChatView) -> bool:
    """ "ชวนเพื่อนร่วมทีม": the coordinator of an unfinished whole-framework assessment."""
    info = view.in_progress
    return info is not None and info.scope is None and info.coordinates


def in_team(view: ChatView) -> bool:
    """ "ทีมประเมิน": an unfinished assessment with colleagues in it."""
    info = view.in_progress
    return info is not None and info.is_team
