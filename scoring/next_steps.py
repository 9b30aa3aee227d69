"""Personal next steps (DECISIONS.md, "Recommendations and next steps").

For each scored issue below its top, the exact criteria not yet met that its next
level needs, ranked by how much taking the step raises the self-assessment score per
criterion to add.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from scoring.actions import action_text, option_action
from scoring.answers import Answers
from scoring.conditions import ConditionState
from scoring.levels import Evaluation, IssueLevel, issue_index
from scoring.model import (
    Condition,
    CriteriaType,
    Framework,
    Issue,
    Option,
    Question,
    SingleChoiceQuestion,
)
from scoring.rules import aggregation_value


@dataclass(frozen=True, slots=True)
class Unmet:
    """One requirement of the next level that the answers do not meet yet."""

    condition: Condition | None
    question: Question
    state: ConditionState | None
    # For choice rules: the option that reaches the next level.
    target_option: Option | None = None


@dataclass(frozen=True, slots=True)
class NextStep:
    issue_id: str
    pillar_id: str
    from_level: int
    to_level: int
    # Rise of the overall value (1–5) if this step is taken, everything else unchanged.
    gain: float
    # Rise of the self-assessment score, in percentage points: what the ranking uses.
    score_gain: float
    # Criteria to add: checklist items still missing, or 1 per other unmet test.
    units: int
    unmet: tuple[Unmet, ...]
    answers: Answers = field(repr=False, compare=False)
    criteria_type: CriteriaType = field(default="service", repr=False, compare=False)

    @property
    def gain_per_unit(self) -> float:
        return self.score_gain / max(1, self.units)

    @property
    def actions(self) -> tuple[str, ...]:
        """What to do, in Thai, one line per unmet requirement."""
        return tuple(describe(u, self.answers, self.criteria_type) for u in self.unmet)


def describe(unmet: Unmet, answers: Answers, criteria_type: CriteriaType) -> str:
    if unmet.target_option is not None:
        return option_action(unmet.target_option)
    assert unmet.condition is not None and unmet.state is not None
    return action_text(unmet.condition, unmet.question, unmet.state, answers, criteria_type)


def _choice_step(issue: Issue, current: int) -> tuple[int, int, tuple[Unmet, ...]] | None:
    question = issue_index(issue).questions[issue.rule.from_choice or ""]
    assert isinstance(question, SingleChoiceQuestion)
    higher = [o for o in question.options if o.level is not None and o.level > current]
    if not higher:
        return None
    target = min(higher, key=lambda o: o.level or 0)
    return target.level or 0, 1, (Unmet(None, question, None, target),)


def unmet_of(issue: Issue, evaluation: Evaluation) -> tuple[Unmet, ...]:
    """The conditions of the next criterion that the answers do not meet."""
    criterion = evaluation.next_criterion
    if criterion is None:
        return ()
    questions = issue_index(issue).questions
    return tuple(
        Unmet(condition, questions[condition.question], state)
        for condition, state in zip(criterion.all, evaluation.next_states, strict=True)
        if not state.met
    )


def step_towards(issue: Issue, evaluation: Evaluation) -> tuple[int, int, tuple[Unmet, ...]] | None:
    """(level reached, criteria to add, what is unmet) for the issue's next level."""
    if issue.rule.from_choice is not None:
        return _choice_step(issue, evaluation.raw_level)
    if evaluation.next_criterion is None:
        return None
    unmet = unmet_of(issue, evaluation)
    units = sum(max(1, u.state.missing_units) for u in unmet if u.state is not None)
    return evaluation.next_criterion.level, units, unmet


# (issue id, its value if the step is taken) → (rise of the overall value, of the score).
GainOf = Callable[[str, float], tuple[float, float]]


def next_steps(
    framework: Framework,
    levels: Mapping[str, IssueLevel],
    evaluations: Mapping[str, Evaluation],
    answers: Answers,
    criteria_type: CriteriaType,
    gain_of: GainOf,
) -> tuple[NextStep, ...]:
    """All next steps, best first: the rise of the self-assessment score per criterion to
    add (pillar weights count), then the lower current level, then framework order."""
    steps: list[tuple[int, NextStep]] = []
    for order, (pillar, _, issue) in enumerate(framework.issues()):
        evaluation = evaluations.get(issue.id)
        level = levels.get(issue.id)
        if evaluation is None or level is None or level.value is None:
            continue
        found = step_towards(issue, evaluation)
        if found is None:
            continue
        to_level, units, unmet = found
        gain, score_gain = gain_of(issue.id, aggregation_value(issue.rule, to_level))
        step = NextStep(
            issue.id,
            pillar.id,
            evaluation.raw_level,
            to_level,
            gain,
            score_gain,
            units,
            unmet,
            answers,
            criteria_type,
        )
        steps.append((order, step))
    steps.sort(key=lambda pair: (-round(pair[1].gain_per_unit, 9), pair[1].from_level, pair[0]))
    return tuple(step for _, step in steps)
