"""The team's effects on the database: names, invitations, joining, the coordinator's
changes, and the pushes that tell other members (``DbTurn.told``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.chat.turn import (
    ChangeTeam,
    Input,
    Invited,
    Joined,
    JoinTeam,
    MakeInvite,
    RevokeInvite,
    SetDisplayName,
    Tell,
)
from storage import teams
from storage.models import Assessment

if TYPE_CHECKING:
    from bot.db_turn import DbTurn

TEAM_EFFECTS = (Tell, SetDisplayName, MakeInvite, RevokeInvite, JoinTeam, ChangeTeam)
TeamEffect = Tell | SetDisplayName | MakeInvite | RevokeInvite | JoinTeam | ChangeTeam


def team_effect(turn: DbTurn, effect: TeamEffect) -> Input | None:
    session = turn.session
    if isinstance(effect, Tell):
        turn.told(effect.to, effect.messages)
    elif isinstance(effect, SetDisplayName):
        turn.row.respondent.display_name = effect.name
    elif isinstance(effect, MakeInvite):
        assessment = session.get_one(Assessment, effect.assessment_id)
        return Invited(teams.new_invite(session, assessment))
    elif isinstance(effect, RevokeInvite):
        session.get_one(Assessment, effect.assessment_id).invite_code = None
    elif isinstance(effect, JoinTeam):
        return _join(turn, effect.code)
    else:
        _change(turn, effect)
    return None


def _join(turn: DbTurn, code: str) -> Joined:
    target = teams.by_invite(turn.session, code)
    if target is None:
        return Joined(None)  # revoked or finished since the user confirmed
    if turn.in_progress is None or turn.in_progress.id != target.id:
        turn.leave_current()
    teams.add_member(turn.session, target.id, turn.me)
    respondent = turn.row.respondent
    if target.agency_id is not None:
        respondent.agency_id = target.agency_id
        respondent.agency_name, respondent.agency_type = target.agency_name, target.agency_type
    turn.take_up(target)
    return Joined(target.id)


def _change(turn: DbTurn, effect: ChangeTeam) -> None:
    """The coordinator's change (checked again here: the role may have moved since the
    buttons were sent), or a member leaving."""
    session, me = turn.session, turn.me
    if effect.action == "leave":
        turn.leave_current()
        return
    mine = teams.membership(session, effect.assessment_id, me)
    if mine is None or mine.role != teams.Role.COORDINATOR:
        return
    if effect.action == "hand_over":
        teams.hand_over(session, effect.assessment_id, me, effect.respondent_id)
    elif effect.action == "remove":
        teams.remove(session, effect.assessment_id, effect.respondent_id)
    else:
        member = teams.membership(session, effect.assessment_id, effect.respondent_id)
        if member is None or effect.pillar_id is None:
            return
        others = [p for p in (member.pillars or []) if p != effect.pillar_id]
        pillars = [*others, effect.pillar_id] if effect.action == "assign" else others
        teams.assign(session, effect.assessment_id, effect.respondent_id, pillars)
    current = turn.in_progress_assessment
    if current is not None:
        turn.take_up(current)  # the user's role, pillars and team size as they are now
