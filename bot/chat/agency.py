"""Naming the agency against the register: a name close to a registered one is asked
about ("หมายถึง … ใช่ไหมครับ") so that one agency is not registered twice, and a new
agency is placed in its ministry (or province, for a provincial unit)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from bot import texts
from bot.chat.states import ChoosingPlace, ConfirmingAgency, NamingAgency
from bot.chat.turn import Decision, RememberAgency
from bot.chat.view import ChatView
from bot.messages import Message, say, text
from knowledge.register import comparable, shipped_register
from scoring.questions import clean

MAX_AGENCY_NAME = 200
MAX_SUGGESTIONS = 5
EXACT = 100.0
SURE = 90.0  # a lone match this close is taken without asking

# What comes after the agency is settled: (view, agency type, name, place, pillar).
Next = Callable[[ChatView, str, str | None, str | None, str | None], Decision]


def tidy_name(typed: str | None) -> str | None:
    return " ".join(clean(typed).split()) or None if typed else None


def name_agency(view: ChatView, state: NamingAgency, typed: str | None, then: Next) -> Decision:
    """The typed agency name: taken when registered (or skipped), asked about when close
    to a registered one, placed in its ministry or province when new."""
    name = tidy_name(typed)
    if name and len(name) > MAX_AGENCY_NAME:
        message = text(texts.NAME_TOO_LONG, [say(texts.SKIP_NAME), say(texts.CANCEL)])
        return Decision((message,), state)
    if name is None:
        return then(view, state.agency_type, None, None, state.pillar)
    similar = view.similar_agencies(name, state.agency_type)
    if similar and similar[0][1] >= EXACT:
        return settled(view, state.agency_type, similar[0][0], state.pillar, then)
    if similar:
        suggested = similar[0][0]
        question = texts.DID_YOU_MEAN_AGENCY.format(name=suggested)
        buttons = [say(suggested, f"ใช่ {suggested}"), say(texts.NOT_THIS_AGENCY), say(texts.CANCEL)]
        asked = ConfirmingAgency(state.agency_type, name, suggested, state.pillar)
        return Decision((text(question, buttons),), asked)
    return settled(view, state.agency_type, name, state.pillar, then)


def confirm_agency(view: ChatView, state: ConfirmingAgency, typed: str, then: Next) -> Decision:
    """ "ใช่ <name>" takes the registered agency, "ไม่ใช่" the name as typed; anything
    else is read as the name typed again."""
    if comparable(typed) == comparable(state.suggested):
        return settled(view, state.agency_type, state.suggested, state.pillar, then)
    if typed.strip() == texts.NOT_THIS_AGENCY:
        return settled(view, state.agency_type, state.typed, state.pillar, then)
    return name_agency(view, NamingAgency(state.agency_type, state.pillar), typed, then)


def settled(
    view: ChatView, agency_type: str, name: str, pillar: str | None, then: Next
) -> Decision:
    """The agency's name is settled: remember it, then ask its ministry or province unless
    the register knows it."""
    remember = (RememberAgency(agency_type, name),)
    registered = view.agency(name, agency_type)
    if registered is not None and registered.place is not None:
        after = then(view, agency_type, name, None, pillar)
    else:
        after = Decision((ask_place(agency_type),), ChoosingPlace(agency_type, name, pillar))
    return Decision(after.messages, after.state, remember + after.effects)


def ask_place(agency_type: str, note: str | None = None, choices: Sequence[str] = ()) -> Message:
    provincial = shipped_register().belongs_to_province(agency_type)
    wording = texts.ASK_PROVINCE if provincial else texts.ASK_MINISTRY
    buttons = [say(name, name.removeprefix("กระทรวง")) for name in choices]
    controls = [say(texts.SKIP), say(texts.CANCEL)]
    return text(f"{note}\n{wording}" if note else wording, [*buttons, *controls])


def choose_place(view: ChatView, state: ChoosingPlace, typed: str | None, then: Next) -> Decision:
    """A typed ministry or province: taken when it is exactly one, else the nearest are
    offered as buttons; "ข้าม" leaves it for an admin to fill in."""
    if typed is None:
        return then(view, state.agency_type, state.agency_name, None, state.pillar)
    register = shipped_register()
    found = register.find(state.agency_type, typed, MAX_SUGGESTIONS)
    if found and (found[0].score >= EXACT or (len(found) == 1 and found[0].score >= SURE)):
        return then(view, state.agency_type, state.agency_name, found[0].id, state.pillar)
    if found:
        names = [match.name for match in found]
        wording = texts.PLACE_CHOICES if len(names) > 1 else texts.PLACE_ONE.format(name=names[0])
        return Decision((ask_place(state.agency_type, wording, names),), state)
    kind = "จังหวัด" if register.belongs_to_province(state.agency_type) else "กระทรวง"
    note = texts.PLACE_NOT_FOUND.format(typed=typed[:40], kind=kind)
    return Decision((ask_place(state.agency_type, note),), state)

