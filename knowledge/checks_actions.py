"""Cross-checks of the action texts: what an official should do to meet a criterion.

Every condition carries an ``action``; from-choice options above the lowest level carry one;
count questions carry the Thai ``unit_label`` that numbers are rendered and read with. An
action is a template: the code fills the placeholders below, so a placeholder must fit the
condition's test (a "{target}" in a yes/no condition would reach the official as is).
"""

from __future__ import annotations

import re
from string import Formatter

from scoring.model import (
    ChecklistQuestion,
    Condition,
    Issue,
    NumberQuestion,
    SingleChoiceQuestion,
)

# Placeholders the code fills, per test key of a condition (README "Action texts").
PLACEHOLDERS: dict[str, frozenset[str]] = {
    "checked_at_least": frozenset({"needed", "have", "missing_count", "missing"}),
    "checked_all": frozenset({"missing", "missing_count"}),
    "checked_any": frozenset({"missing"}),
    "is_yes": frozenset(),
    "choice_in": frozenset(),
    "at_least": frozenset({"target", "current"}),
    "at_most": frozenset({"target", "current"}),
    "increase_at_least_percent": frozenset({"target", "base", "percent", "current"}),
}
# Option actions are shown as they are.
OPTION_PLACEHOLDERS: frozenset[str] = frozenset()

_THAI = re.compile(r"[\u0E00-\u0E7F]")


def placeholder_problems(template: str, allowed: frozenset[str], test: str) -> list[str]:
    """Why a template does not fit its test: unknown placeholders, formats, bad braces."""
    try:
        fields = [
            (name, spec, conversion)
            for _, name, spec, conversion in Formatter().parse(template)
            if name is not None
        ]
    except ValueError as error:
        return [f"braces do not form placeholders ({error})"]
    problems = []
    for name, spec, conversion in fields:
        if name not in allowed:
            fitting = ", ".join(f"{{{n}}}" for n in sorted(allowed)) or "none"
            problems.append(f"placeholder {{{name}}} does not fit {test} (allowed: {fitting})")
        elif spec or conversion:
            problems.append(f"placeholder {{{name}}} takes no format or conversion")
    return problems


def check_actions(issue: Issue) -> list[str]:
    """Messages "FIELD: problem" for one issue's actions and unit labels."""
    problems: list[str] = []
    for criterion in issue.rule.criteria:
        for index, condition in enumerate(criterion.all):
            where = f"rule.criteria[level={criterion.level}].all[{index}].action"
            problems.extend(f"{where}: {m}" for m in _condition_problems(condition))
    for question in issue.questions:
        if isinstance(question, NumberQuestion):
            problems.extend(_unit_label_problems(question))
        if isinstance(question, SingleChoiceQuestion):
            problems.extend(_option_problems(question, question.id == issue.rule.from_choice))
        if isinstance(question, ChecklistQuestion):
            problems.extend(
                f"questions.{question.id}.items.{item.id}.action: checklist items take none "
                "(the condition's action names them through {missing})"
                for item in question.items
                if item.action is not None
            )
    return problems


def _condition_problems(condition: Condition) -> list[str]:
    keys = condition.test_keys()
    if len(keys) != 1:  # reported by the rule checks
        return []
    return placeholder_problems(condition.action, PLACEHOLDERS[keys[0]], keys[0])


def _unit_label_problems(question: NumberQuestion) -> list[str]:
    where = f"questions.{question.id}.unit_label"
    if question.unit != "count":
        return [] if question.unit_label is None else [f"{where}: only count questions take one"]
    if question.unit_label is None:
        return [f"{where}: missing (a count question needs its Thai unit, e.g. ระบบ)"]
    if not _THAI.search(question.unit_label) or re.search(r"\d", question.unit_label):
        return [f"{where}: must be a Thai unit noun without digits"]
    return []


def _option_problems(question: SingleChoiceQuestion, gives_level: bool) -> list[str]:
    problems = []
    lowest = min((o.level for o in question.options if o.level is not None), default=None)
    for option in question.options:
        where = f"questions.{question.id}.options.{option.id}.action"
        if not gives_level:
            if option.action is not None:
                problems.append(f"{where}: only options of the rule's from_choice take one")
            continue
        if option.action is None:
            if option.level is not None and lowest is not None and option.level > lowest:
                problems.append(f"{where}: missing (the option is above the lowest level)")
            continue
        problems.extend(
            f"{where}: {m}"
            for m in placeholder_problems(option.action, OPTION_PLACEHOLDERS, "an option")
        )
    return problems
