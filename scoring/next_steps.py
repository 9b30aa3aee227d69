"""Personal next steps (DECISIONS.md, "Recommendations and next steps").

For each scored issue below its top, the exact criteria not yet met that its next
level needs, ranked by how much taking the step raises the overall value per
criterion to add.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from scoring.answers import Answers
from scoring.conditions import ConditionState
from scoring.levels import Evaluation, IssueLevel, issue_index
from scoring.model import Condition, Framework, Issue, Question, SingleChoiceQuestion
from scoring.questions import kind_of
from scoring.rules import aggregation_value


@dataclass(frozen=True, slots=True)
class Unmet:
    """One requirement of the next level that the answers do not meet yet."""

    condition: Condition | None
    question: Question
    state: ConditionState | None
    # For choice rules: the option that reaches the next level.
    target_option: str | None = None


@dataclass(frozen=True, slots=True)
class NextStep:
    issue_id: str
    pillar_id: str
    from_level: int
    to_level: int
    # Rise of the overall value if this step is taken (everything else unchanged).
    gain: float
    # Criteria to add: checklist items still missing, or 1 per other unmet test.
    units: int
    unmet: tuple[Unmet, ...]
    answers: Answers = field(repr=False, compare=False)

    @property
    def gain_per_unit(self) -> float:
        return self.gain / max(1, self.units)

    @property
    def actions(self) -> tuple[str, ...]:
        """What to do, in Thai, one line per unmet requirement."""
        return tuple(describe(unmet, self.answers) for unmet in self.unmet)


def describe(unmet: Unmet, answers: Answers) -> str:
    if unmet.target_option is not None:
        return f"ให้ได้ตามข้อ: {unmet.target_option}"
    assert unmet.condition is not None and unmet.state is not None
    kind = kind_of(unmet.question)
    return kind.describe_unmet(unmet.question, unmet.condition, unmet.state, dict(answers))


def _choice_step(issue: Issue, current: int) -> tuple[int, int, tuple[Unmet, ...]] | None:
    question = issue_index(issue).questions[issue.rule.from_choice or ""]
    assert isinstance(question, SingleChoiceQuestion)
    higher = [o for o in question.options if o.level is not None and o.level > current]
    if not higher:
        return None
    target = min(higher, key=lambda o: o.level or 0)
    return target.level or 0, 1, (Unmet(None, question, None, target.text),)


def _criterion_step(issue: Issue, evaluation: Evaluation) -> tuple[int, int, tuple[Unmet, ...]]:
    criterion = evaluation.next_criterion
    assert criterion is not None
    questions = issue_index(issue).questions
    unmet = tuple(
        Unmet(condition, questions[condition.question], state)
        for condition, state in zip(criterion.all, evaluation.next_states, strict=True)
        if not state.met
    )
    units = sum(max(1, u.state.missing_units) for u in unmet if u.state is not None)
    return criterion.level, units, unmet


def next_steps(
    framework: Framework,
    levels: Mapping[str, IssueLevel],
    evaluations: Mapping[str, Evaluation],
    answers: Answers,
) -> tuple[NextStep, ...]:
    """All next steps, best first (gain per criterion, then gain, then framework order)."""
    # Mean of means: one issue's change reaches the overall value divided by the number of
    # scored issues in its sub-pillar, valued sub-pillars in its pillar, and valued pillars.
    scored = {iid for iid, lv in levels.items() if lv.status == "scored"}
    per_sub = {
        sub.id: sum(1 for i in sub.issues if i.id in scored)
        for pillar in framework.pillars
        for sub in pillar.sub_pillars
    }
    per_pillar = {
        pillar.id: sum(1 for sub in pillar.sub_pillars if per_sub[sub.id])
        for pillar in framework.pillars
    }
    pillars = sum(1 for count in per_pillar.values() if count)
    steps: list[tuple[int, NextStep]] = []
    for order, (pillar, sub, issue) in enumerate(framework.issues()):
        evaluation = evaluations.get(issue.id)
        level = levels.get(issue.id)
        if evaluation is None or level is None or level.value is None:
            continue
        if issue.rule.from_choice is not None:
            found = _choice_step(issue, evaluation.raw_level)
        elif evaluation.next_criterion is not None:
            found = _criterion_step(issue, evaluation)
        else:
            found = None
        if found is None:
            continue
        to_level, units, unmet = found
        delta = aggregation_value(issue.rule, to_level) - level.value
        gain = delta / (per_sub[sub.id] * per_pillar[pillar.id] * pillars)
        step = NextStep(
            issue.id, pillar.id, evaluation.raw_level, to_level, gain, units, unmet, answers
        )
        steps.append((order, step))
    steps.sort(key=lambda pair: (-pair[1].gain_per_unit, -pair[1].gain, pair[0]))
    return tuple(step for _, step in steps)
