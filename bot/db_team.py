"""The chat view's reads about the agency register and the team, from the database
(``bot.db_turn.DbTurn`` answers the machine's questions with these)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot import texts
from bot.chat.view import EarlierAnswers, Invitation, RegisteredAgency, TeamMember
from storage import agencies, starts, teams
from storage.models import Agency, Answer, Assessment

# A name already starting with a title is shown as given.
TITLES = ("คุณ", "นาย", "นาง", "ดร.", "ผศ.", "รศ.", "ศ.", "Mr", "Ms", "Mrs", "Dr")


def shown_name(display_name: str | None) -> str:
    """How the team sees a person who uses the service: "คุณ<name>", or a label saying
    they have not given a name yet (people who deleted their data: ``DELETED_MEMBER``)."""
    if not display_name:
        return texts.UNNAMED_MEMBER
    return display_name if display_name.startswith(TITLES) else f"คุณ{display_name}"


class TeamReads:
    def __init__(self, session: Session) -> None:
        self.session = session

    def team(self, assessment_id: int) -> list[TeamMember]:
        return [
            TeamMember(m.respondent_id, shown_name(m.display_name), m.role, m.pillars)
            for m in teams.members(self.session, assessment_id)
        ]

    def names(self, respondent_ids: tuple[int | None, ...]) -> dict[int | None, str]:
        known = [r for r in respondent_ids if r is not None]
        found = teams.display_names(self.session, known) if known else {}
        return {
            r: shown_name(found[r]) if r in found else texts.DELETED_MEMBER
            for r in respondent_ids
        }

    def _invitation(self, assessment: Assessment) -> Invitation:
        coordinator = next(
            (
                m
                for m in teams.members(self.session, assessment.id)
                if m.role == teams.Role.COORDINATOR
            ),
            None,
        )
        return Invitation(
            assessment.id,
            assessment.agency_name,
            assessment.framework_year,
            shown_name(coordinator.display_name) if coordinator else texts.DELETED_MEMBER,
        )

    def invitation(self, code: str) -> Invitation | None:
        found = teams.by_invite(self.session, code)
        return None if found is None else self._invitation(found)

    def similar_agencies(self, typed: str, agency_type: str) -> list[tuple[str, float]]:
        return [
            (m.name, m.score) for m in agencies.similar_agencies(self.session, typed, agency_type)
        ]

    def _agency(self, name: str, agency_type: str) -> Agency | None:
        return self.session.scalar(
            select(Agency).where(Agency.name == name, Agency.agency_type == agency_type)
        )

    def agency(self, name: str, agency_type: str) -> RegisteredAgency | None:
        found = self._agency(name, agency_type)
        if found is None:
            return None
        return RegisteredAgency(found.id, found.name, agencies.place_of(found))

    def open_team(self, agency_name: str, agency_type: str, year: int) -> Invitation | None:
        found = self._agency(agency_name, agency_type)
        team = starts.open_team(self.session, found.id if found else None, year)
        return None if team is None else self._invitation(team)

    def earlier_answers(
        self, agency_name: str, agency_type: str, year: int
    ) -> EarlierAnswers | None:
        found = self._agency(agency_name, agency_type)
        earlier = starts.earlier_answers(self.session, found.id if found else None, year)
        if earlier is None:
            return None
        count = (
            self.session.scalar(select(func.count()).where(Answer.assessment_id == earlier.id)) or 0
        )
        return EarlierAnswers(earlier.id, earlier.framework_year, count) if count else None
