"""Forming a team: the coordinator invites ("ชวนเพื่อนร่วมทีม" gives a code and a LINE
share link), a colleague joins ("เข้าร่วม <code>") after confirming the agency, and each
gives once the name the team sees them by."""

from __future__ import annotations

import re
from urllib.parse import quote

from bot import texts
from bot.chat import menus
from bot.chat.asking import continue_assessment, progress
from bot.chat.states import ConfirmingJoin, Idle, NamingSelf, State
from bot.chat.team_notices import agency_of, coordinator_of, my_name
from bot.chat.turn import Decision, JoinTeam, MakeInvite, SetDisplayName, Tell
from bot.chat.view import AssessmentInfo, ChatView
from bot.messages import BRAND, MUTED, bubble, flex, label, line_text, say, text
from scoring.questions import clean
from storage.teams import INVITE_ALPHABET, INVITE_LENGTH

MAX_DISPLAY_NAME = 40
INVITE_NAME = "invite"  # NamingSelf.then before inviting (else the code to join with)
# "เข้าร่วม K7M2QX", also "เข้าร่วม: k7m2qx" or the code with spaces in it; a code of the
# wrong length is still an attempt to join (told it does not work), not a question.
_JOIN = re.compile(r"^\s*" + texts.JOIN + r"\s*[:：]?\s*([A-Za-z0-9 ]{1,12})\s*$")
_CODE = re.compile(rf"^[{INVITE_ALPHABET}]{{{INVITE_LENGTH}}}$")


def share_link(code: str) -> str:
    """LINE's share link: the user picks a chat, and the message is "เข้าร่วม <code>"."""
    return "https://line.me/R/share?text=" + quote(f"{texts.JOIN} {code}")


def typed_code(typed: str) -> str | None:
    """The code in "เข้าร่วม <code>" (any case, spaces ignored); None for other text."""
    found = _JOIN.match(typed)
    return found.group(1).replace(" ", "").upper() if found else None


def _needs_coordinator(view: ChatView, info: AssessmentInfo) -> Decision | None:
    if info.coordinates:
        return None
    coordinator = coordinator_of(view.team(info.id))
    name = coordinator.name if coordinator else texts.DELETED_MEMBER
    refusal = text(texts.COORDINATOR_ONLY.format(coordinator=name))
    return Decision((refusal,), Idle(), menu=menus.PAUSED)


def ask_display_name(then: str) -> Decision:
    return Decision((text(texts.ASK_DISPLAY_NAME, [say(texts.CANCEL)]),), NamingSelf(then))


def invite(state: State, view: ChatView) -> Decision:
    """ "ชวนเพื่อนร่วมทีม": a fresh code for the team (the coordinator's)."""
    info = view.in_progress
    if info is None and view.finished(limit=1):
        buttons = [say(texts.START), say(texts.VIEW_ANSWERS), say(texts.HELP)]
        return Decision((text(texts.INVITE_AFTER_FINISH, buttons),), state)
    if info is None:
        return Decision((text(texts.INVITE_NEEDS_ASSESSMENT),), state, menu=menus.MAIN)
    if info.scope is not None:
        buttons = [say(texts.RESUME), say(texts.START), say(texts.HELP)]
        return Decision((text(texts.INVITE_WHOLE_ONLY, buttons),), state)
    refused = _needs_coordinator(view, info)
    if refused is not None:
        return refused
    if not view.display_name:
        return ask_display_name(INVITE_NAME)
    return Decision((), state, (MakeInvite(info.id),))


def invited(view: ChatView, state: State, code: str) -> Decision:
    info = view.in_progress
    agency = agency_of(info) if info is not None else texts.NO_AGENCY_NAME
    wording = texts.INVITATION.format(agency=agency, code=code)
    share = {"type": "uri", "label": label(texts.SHARE_INVITE), "uri": share_link(code)}
    content = bubble(
        [
            line_text("รหัสเชิญ", size="sm", color=MUTED),
            line_text(code, size="3xl", weight="bold", color=BRAND),
        ],
        header=[line_text(agency, size="sm", color="#FFFFFF", wrap=True)],
        footer=[{"type": "button", "style": "primary", "color": BRAND, "action": share}],
    )
    card = flex(f"รหัสเชิญ {code}", content, [say(texts.RESUME), say(texts.TEAM)])
    return Decision((text(wording), card), state)


def join(state: State, view: ChatView, code: str | None) -> Decision:
    """ "เข้าร่วม <code>": the team it leads to, to confirm."""
    if code is None:
        return Decision((text(texts.ASK_INVITE_CODE),), Idle(), menu=menus.MAIN)
    invitation = view.invitation(code) if _CODE.match(code) else None
    if invitation is None:
        return Decision((text(texts.BAD_INVITE.format(code=code[:12])),), state, menu=menus.MAIN)
    current = view.in_progress
    if current is not None and current.id == invitation.assessment_id:
        return continue_assessment(view, current, [text(texts.ALREADY_MEMBER)])
    wording = texts.JOIN_CONFIRM.format(
        agency=invitation.agency_name or texts.NO_AGENCY_NAME,
        year=invitation.framework_year,
        coordinator=invitation.coordinator,
    )
    if current is not None and current.is_team:
        wording += texts.JOIN_LEAVES_TEAM
    elif current is not None:
        answered, total = progress(view, current)
        wording += texts.JOIN_LEAVES_CURRENT.format(answered=answered, total=total)
    buttons = [say(texts.CONFIRM_JOIN), say(texts.CANCEL)]
    return Decision((text(wording, buttons),), ConfirmingJoin(code))


def confirm_join(state: State, view: ChatView) -> Decision | None:
    if not isinstance(state, ConfirmingJoin):
        return None
    if not view.display_name:
        return ask_display_name(state.code)
    return Decision((), Idle(), (JoinTeam(state.code),))


def name_self(view: ChatView, state: NamingSelf, typed: str) -> Decision:
    name = " ".join(clean(typed).split())
    if not name or len(name) > MAX_DISPLAY_NAME:
        return Decision((text(texts.DISPLAY_NAME_TOO_LONG, [say(texts.CANCEL)]),), state)
    named = SetDisplayName(name)
    info = view.in_progress
    if state.then == INVITE_NAME:
        if info is None:
            return Decision((text(texts.INVITE_NEEDS_ASSESSMENT),), Idle(), (named,), menus.MAIN)
        return Decision((), Idle(), (named, MakeInvite(info.id)))
    return Decision((), Idle(), (named, JoinTeam(state.then)))


def joined(view: ChatView, state: State, assessment_id: int | None) -> Decision:
    """In the team now: where it stands, the pillars assigned (if any), and the first
    open question; the coordinator is told."""
    info = view.in_progress
    if assessment_id is None or info is None or info.id != assessment_id:
        return Decision((text(texts.BAD_INVITE.format(code="")),), Idle(), menu=menus.MAIN)
    answered, total = progress(view, info)
    lines = [texts.JOINED.format(agency=agency_of(info), answered=answered, total=total)]
    if info.my_pillars:
        framework = view.catalog.framework(info.framework_year)
        numbers = ", ".join(str(framework.pillar(p).number) for p in info.my_pillars)
        lines.append(texts.JOINED_WITH_PILLARS.format(pillars=f"ตัวชี้วัดที่ {numbers} "))
    coordinator = coordinator_of(view.team(info.id))
    effects: tuple[Tell, ...] = ()
    if coordinator is not None and coordinator.respondent_id != view.me:
        told = texts.TOLD_JOINED.format(member=my_name(view), agency=agency_of(info))
        effects = (Tell((coordinator.respondent_id,), (text(told, [say(texts.TEAM)]),)),)
    after = continue_assessment(view, info, [text("\n".join(lines))])
    return Decision(after.messages, after.state, effects + after.effects, after.menu)
