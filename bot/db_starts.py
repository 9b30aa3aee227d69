"""Starting, revising, joining and leaving: how a turn changes which assessment is the
user's unfinished one (``DbTurn`` inherits these; the attributes are DbTurn's)."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.chat.turn import ReviseAssessment, StartAssessment, Started
from bot.chat.view import Invitation
from knowledge.catalog import Catalog
from scoring.questionnaire import steps_for
from storage import agencies, assessments, starts, teams
from storage.agencies import agency_for
from storage.assessments import Status
from storage.chat import ChatRow, Membership
from storage.models import Answer, Assessment, Respondent
from storage.outbox import Outgoing, outgoing


class Starts:
    session: Session
    _invitation: Callable[[Assessment], Invitation]
    row: ChatRow
    notices: list[Outgoing]
    _catalog: Catalog
    _in_progress: Assessment | None
    _answers: dict
    _answered_by: dict[str, int | None]
    _membership: Membership | None
    _version: int

    @property
    def me(self) -> int:
        return self.row.respondent.id

    def _revise(self, effect: ReviseAssessment) -> Started:
        finished = assessments.completed_by_id(self.session, self.me, effect.assessment_id)
        assert finished is not None, "a revision starts from the user's finished assessment"
        stored = assessments.stored_answers(self.session, finished.id)
        keep = [qid for qid in stored if qid not in effect.drop]
        self.leave_current()
        revision = starts.revise(self.session, finished, keep, self.me)
        self.take_up(revision)
        return Started(revision.id)

    def _start(self, effect: StartAssessment) -> Started:
        respondent = self.row.respondent
        agency = agency_for(self.session, effect.agency_name, effect.agency_type, effect.place)
        if agency is not None and effect.scope is None:
            # One team per agency and year: a colleague may have started one since this
            # user was told there was none. The agency's lock makes the check and the
            # start one step (the second of two simultaneous starts sees the first's team).
            agencies.lock(self.session, agency.id)
            team = starts.open_team(self.session, agency.id, effect.framework_year)
            if team is not None:
                return Started(None, self._invitation(team))
        self.leave_current()
        if agency is not None:
            respondent.agency_id = agency.id
        assessment = starts.start(
            self.session,
            respondent.id,
            effect.framework_year,
            effect.agency_type,
            agency.id if agency else None,
            effect.agency_name,
            effect.scope,
        )
        if effect.carry_from is not None:
            framework = self._catalog.framework(effect.framework_year)
            asked = {step.question.id for step in steps_for(framework, effect.scope)}
            starts.copy_answers(self.session, effect.carry_from, assessment.id, asked, carried=True)
            assessment.started_from_id = effect.carry_from
        self.take_up(assessment)
        return Started(assessment.id)

    # --- the user's unfinished assessment ------------------------------------------

    def leave_current(self) -> None:
        """Before starting or joining another: a team's assessment is left (its answers
        stay), one's own is cancelled."""
        current = self._in_progress
        if current is None or current.status != Status.IN_PROGRESS:
            return
        if self._membership is not None and self._membership.team_size > 1:
            teams.leave(self.session, current, self.me)
        else:
            current.status = Status.CANCELLED
        self._in_progress = None

    def take_up(self, assessment: Assessment) -> None:
        """Make ``assessment`` the user's unfinished one, read as ``lock_user`` reads it."""
        self.session.flush()
        rows = self.session.execute(
            select(Answer.question_id, Answer.value, Answer.answered_by).where(
                Answer.assessment_id == assessment.id
            )
        ).all()
        self._answers = {qid: value for qid, value, _ in rows}
        self._answered_by = {qid: by for qid, _, by in rows}
        mine = teams.membership(self.session, assessment.id, self.me)
        size = len(teams.members(self.session, assessment.id))
        role = mine.role if mine is not None else teams.Role.MEMBER
        pillars = tuple(mine.pillars or ()) if mine is not None else ()
        self._membership = Membership(role, pillars, size)
        self._in_progress = assessment
        self._version = assessment.version or 0

    def told(self, respondent_ids: tuple[int, ...], messages: tuple[dict, ...]) -> None:
        """Push ``messages`` to these people with this event (not to the user)."""
        wanted = [r for r in respondent_ids if r != self.me]
        if not wanted or not messages:
            return
        rows = self.session.execute(
            select(Respondent.line_user_id).where(Respondent.id.in_(wanted))
        ).scalars()
        for line_user_id in rows:
            self.notices.extend(outgoing(line_user_id, None, messages))


