"""Working as a team: who is in it and how far each pillar is ("ทีมประเมิน"), the
coordinator's tools (assign pillars, hand the role over, remove a member, revoke the
invitation, submit) and a member leaving."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from bot import texts
from bot.chat import menus
from bot.chat.asking import cursor_of, settled, steps_of
from bot.chat.postbacks import AssignTap, PickMember, encode
from bot.chat.results import finish
from bot.chat.states import ConfirmingSubmit, Idle, State
from bot.chat.team_notices import agency_of, coordinator_of, my_name
from bot.chat.turn import ChangeTeam, Decision, RevokeInvite, Tell
from bot.chat.view import AssessmentInfo, ChatView, TeamMember
from bot.messages import label, say, tap, text
from storage.assessments import is_carried, is_settled

ROLE_NAMES = {"coordinator": "ผู้ประสานงาน", "member": "สมาชิก"}
PICK_TEXTS = {
    "assign": texts.PICK_MEMBER_ASSIGN,
    "hand_over": texts.PICK_MEMBER_HAND_OVER,
    "remove": texts.PICK_MEMBER_REMOVE,
}
MAX_NAMES_PER_PILLAR = 3


def _no_team(state: State) -> Decision:
    return Decision((text(texts.NO_TEAM),), state, menu=menus.MAIN)


def _coordinator_only(view: ChatView, info: AssessmentInfo) -> Decision | None:
    if info.coordinates:
        return None
    coordinator = coordinator_of(view.team(info.id))
    name = coordinator.name if coordinator else texts.DELETED_MEMBER
    refusal = text(texts.COORDINATOR_ONLY.format(coordinator=name))
    return Decision((refusal,), Idle(), menu=menus.PAUSED)


def _pillar_numbers(view: ChatView, info: AssessmentInfo, pillar_ids: tuple[str, ...]) -> str:
    framework = view.catalog.framework(info.framework_year)
    return ", ".join(str(framework.pillar(p).number) for p in pillar_ids)


def _assigned(view: ChatView, info: AssessmentInfo, member: TeamMember) -> str:
    if not member.pillars:
        return ""
    return f" · ตัวชี้วัดที่ {_pillar_numbers(view, info, member.pillars)}"


def _names_line(who: list[str]) -> str:
    if not who:
        return ""
    more = " …" if len(who) > MAX_NAMES_PER_PILLAR else ""
    return f" ({', '.join(who[:MAX_NAMES_PER_PILLAR])}{more})"


def team_text(view: ChatView, info: AssessmentInfo, team: list[TeamMember]) -> str:
    """Members with their roles and pillars, then the progress of each pillar in issues
    with who answered there ("ตัวชี้วัดที่ 3: ตอบแล้ว 6/8 (คุณสมชาย)")."""
    lines = [texts.TEAM_HEADING.format(agency=agency_of(info), year=info.framework_year)]
    for member in team:
        role = ROLE_NAMES.get(member.role, member.role)
        lines.append(f"• {member.name} ({role}){_assigned(view, info, member)}")
    answered = settled(info)
    by_pillar: dict[str, list] = {}
    for step in steps_of(view, info):
        by_pillar.setdefault(step.pillar.id, []).append(step)
    names = view.names(tuple({info.answered_by.get(q) for q in answered}))
    lines.append("")
    done_total = [0, 0]
    for steps in by_pillar.values():
        pillar = steps[0].pillar
        issues = {s.issue.id for s in steps}
        open_issues = {s.issue.id for s in steps if s.question.id not in answered}
        who = []
        for step in steps:
            person = names.get(info.answered_by.get(step.question.id))
            if step.question.id in answered and person and person not in who:
                who.append(person)
        done = len(issues - open_issues)
        done_total[0] += done
        done_total[1] += len(issues)
        lines.append(f"ตัวชี้วัดที่ {pillar.number}: ตอบแล้ว {done}/{len(issues)}{_names_line(who)}")
    lines.append(texts.TEAM_PROGRESS.format(answered=done_total[0], total=done_total[1]))
    carried = sum(1 for v in info.answers.values() if is_carried(v) and not is_settled(v))
    if carried:
        lines.append(texts.TEAM_CARRIED.format(count=carried))
    return "\n".join(lines)


def show_team(state: State, view: ChatView) -> Decision:
    info = view.in_progress
    if info is None:
        return _no_team(state)
    if info.scope is not None:  # one pillar: assessed alone, there is no team to show
        buttons = [say(texts.RESUME), say(texts.START), say(texts.HELP)]
        return Decision((text(texts.INVITE_WHOLE_ONLY, buttons),), state)
    team = view.team(info.id)
    if info.coordinates and not info.is_team:  # alone so far: only inviting means anything
        words = [texts.RESUME, texts.INVITE]
    elif info.coordinates:
        words = [texts.RESUME, texts.INVITE, texts.ASSIGN, texts.SUBMIT, texts.HAND_OVER,
                 texts.REMOVE_MEMBER, texts.REVOKE_INVITE]  # fmt: skip
    else:
        words = [texts.RESUME, texts.LEAVE_TEAM]
    message = text(team_text(view, info, team), [say(word) for word in words])
    return Decision((message,), state if not isinstance(state, ConfirmingSubmit) else Idle())


def pick_member(action: str) -> Callable[[State, ChatView], Decision]:
    """ "มอบหมายตัวชี้วัด", "มอบบทบาทผู้ประสานงาน", "นำสมาชิกออก": the member, as buttons."""

    def handler(state: State, view: ChatView) -> Decision:
        info = view.in_progress
        if info is None:
            return _no_team(state)
        refused = _coordinator_only(view, info)
        if refused is not None:
            return refused
        team = view.team(info.id)
        choices = [m for m in team if action == "assign" or m.respondent_id != view.me]
        if not choices or len(team) < 2:
            return Decision((text(texts.ALONE_IN_TEAM, [say(texts.INVITE)]),), state)
        buttons = [
            tap(label(m.name), encode(PickMember(action, m.respondent_id)), shown=m.name)
            for m in choices[:12]
        ]
        return Decision((text(PICK_TEXTS[action], [*buttons, say(texts.CANCEL)]),), state)

    return handler


def _member(view: ChatView, info: AssessmentInfo, member_id: int) -> TeamMember | None:
    return next((m for m in view.team(info.id) if m.respondent_id == member_id), None)


def picked(state: State, view: ChatView, tap_: PickMember) -> Decision:
    info = view.in_progress
    if info is None:
        return _no_team(state)
    refused = _coordinator_only(view, info)
    member = _member(view, info, tap_.member_id)
    if refused is not None or member is None:
        return refused or Decision((text(texts.OLD_BUTTON),), state, menu=menus.MAIN)
    agency, me = agency_of(info), my_name(view)
    if tap_.action == "assign":
        return pillar_buttons(view, info, member, state)
    if tap_.action == "hand_over" and member.respondent_id != view.me:
        told = texts.TOLD_HANDED_OVER.format(coordinator=me, agency=agency)
        effects = (
            ChangeTeam(info.id, member.respondent_id, "hand_over"),
            Tell((member.respondent_id,), (text(told, [say(texts.TEAM)]),)),
        )
        done = text(texts.HANDED_OVER.format(member=member.name))
        return Decision((done,), Idle(cursor_of(state)), effects, menu=menus.PAUSED)
    if tap_.action == "remove" and member.respondent_id != view.me:
        told = texts.TOLD_REMOVED.format(coordinator=me, agency=agency)
        effects = (
            ChangeTeam(info.id, member.respondent_id, "remove"),
            Tell((member.respondent_id,), (text(told),)),
        )
        done = text(texts.REMOVED.format(member=member.name))
        return Decision((done,), state, effects, menus.MAIN)
    return Decision((text(texts.OLD_BUTTON),), state, menu=menus.MAIN)


def pillar_buttons(
    view: ChatView, info: AssessmentInfo, member: TeamMember, state: State, note: str = ""
) -> Decision:
    framework = view.catalog.framework(info.framework_year)
    current = _assigned(view, info, member).removeprefix(" · ") or texts.NOTHING_ASSIGNED
    wording = texts.PICK_PILLARS.format(member=member.name, current=current)
    buttons = []
    for pillar in framework.pillars:
        if info.scope is not None and pillar.id not in info.scope:
            continue
        mark = "✓ " if pillar.id in member.pillars else ""
        caption = label(f"{mark}{pillar.number} {pillar.label or pillar.name_th}")
        data = encode(AssignTap(member.respondent_id, pillar.id))
        buttons.append(tap(caption, data, shown=caption))
    message = text(f"{note}\n{wording}" if note else wording, [*buttons[:11], say(texts.TEAM)])
    return Decision((message,), state)


def assign_tapped(state: State, view: ChatView, tap_: AssignTap) -> Decision:
    """A pillar tapped for a member: assigned (and the member told), or taken back."""
    info = view.in_progress
    if info is None:
        return _no_team(state)
    refused = _coordinator_only(view, info)
    member = _member(view, info, tap_.member_id)
    framework = view.catalog.framework(info.framework_year)
    pillar = next((p for p in framework.pillars if p.id == tap_.pillar_id), None)
    if refused is not None or member is None or pillar is None:
        return refused or Decision((text(texts.OLD_BUTTON),), state, menu=menus.MAIN)
    on = pillar.id not in member.pillars
    action = "assign" if on else "unassign"
    effects: tuple = (ChangeTeam(info.id, member.respondent_id, action, pillar.id),)
    if on and member.respondent_id != view.me:
        told = texts.TOLD_ASSIGNED.format(
            coordinator=my_name(view), number=pillar.number, pillar=pillar.name_th
        )
        effects += (Tell((member.respondent_id,), (text(told, [say(texts.RESUME)]),)),)
    others = tuple(p for p in member.pillars if p != pillar.id)
    updated = replace(member, pillars=(*others, pillar.id) if on else others)
    wording = texts.ASSIGNED if on else texts.UNASSIGNED
    note = wording.format(number=pillar.number, member=member.name)
    shown = pillar_buttons(view, info, updated, state, note)
    return Decision(shown.messages, shown.state, effects)


def revoke(state: State, view: ChatView) -> Decision:
    info = view.in_progress
    if info is None:
        return _no_team(state)
    refused = _coordinator_only(view, info)
    if refused is not None:
        return refused
    if not info.invite_open:
        return Decision((text(texts.NO_INVITE, [say(texts.INVITE), say(texts.RESUME)]),), state)
    message = text(texts.INVITE_REVOKED, [say(texts.INVITE), say(texts.RESUME)])
    return Decision((message,), state, (RevokeInvite(info.id),))


def leave(state: State, view: ChatView) -> Decision:
    info = view.in_progress
    if info is None or not info.is_team:
        return _no_team(state)
    if info.coordinates:
        return Decision((text(texts.COORDINATOR_CANNOT_LEAVE, [say(texts.HAND_OVER)]),), state)
    coordinator = coordinator_of(view.team(info.id))
    effects: tuple = (ChangeTeam(info.id, view.me, "leave"),)
    if coordinator is not None:
        told = texts.TOLD_LEFT.format(member=my_name(view), agency=agency_of(info))
        effects += (Tell((coordinator.respondent_id,), (text(told),)),)
    message = text(texts.LEFT_TEAM.format(agency=agency_of(info)))
    return Decision((message,), Idle(), effects, menu=menus.MAIN)


def submit(state: State, view: ChatView) -> Decision:
    """ "ส่งผลการประเมิน": the coordinator finishes; open questions are confirmed first."""
    info = view.in_progress
    if info is None:
        return Decision((text(texts.NO_ASSESSMENT_IN_PROGRESS),), state, menu=menus.MAIN)
    refused = _coordinator_only(view, info)
    if refused is not None:
        return refused
    answered = settled(info)
    open_count = len({s.issue.id for s in steps_of(view, info) if s.question.id not in answered})
    if open_count and not isinstance(state, ConfirmingSubmit):
        buttons = [say(texts.SUBMIT_ANYWAY), say(texts.RESUME), say(texts.TEAM)]
        wording = texts.SUBMIT_CONFIRM.format(open=open_count)
        return Decision((text(wording, buttons),), ConfirmingSubmit(cursor_of(state)))
    return finish(view, info)


def submit_anyway(state: State, view: ChatView) -> Decision | None:
    return submit(state, view) if isinstance(state, ConfirmingSubmit) else None

