"""Cross-checks the schema alone cannot express.

Each check returns messages "FILE: ENTRY: FIELD: problem"; an empty list means the
data is consistent: ids are unique, rules refer to questions/items/options that exist
and have the right type, thresholds lie inside the answer range and the issue's top
level can be reached, every band the rule can produce has a recommendation text, and the
action texts fit their conditions (``knowledge.checks_actions``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from knowledge.checks_actions import check_actions
from knowledge.schema import FrameworkView, GlossaryFile
from scoring.model import (
    ChecklistQuestion,
    Condition,
    Framework,
    Issue,
    NumberQuestion,
    SingleChoiceQuestion,
    YesNoQuestion,
)
from scoring.rules import bands_of

CRITERIA_TYPES = ("service", "policy")


def check_framework(framework: Framework, file_of_pillar: dict[str, str]) -> list[str]:
    problems: list[str] = []
    ids: list[str] = []
    for pillar in framework.pillars:
        file_name = file_of_pillar.get(pillar.id, "?")
        ids.append(pillar.id)
        for sub in pillar.sub_pillars:
            ids.append(sub.id)
            where = f"{file_name}: {sub.id}"
            if sub.in_maturity_model and not sub.issues:
                problems.append(f"{where}: issues: a maturity-model sub-pillar needs issues")
            if not sub.in_maturity_model and sub.issues:
                problems.append(f"{where}: issues: sub-pillar outside the maturity model")
            for issue in sub.issues:
                ids.append(issue.id)
                ids.extend(q.id for q in issue.questions)
                problems.extend(
                    f"{file_name}: {issue.id}: {message}" for message in check_issue(issue)
                )
        weights = [s.score_weight for s in pillar.sub_pillars if s.score_weight is not None]
        unweighted = [s for s in pillar.sub_pillars if s.score_weight is None]
        if weights and (sum(weights) >= 1 or not unweighted) and sum(weights) != 1:
            problems.append(f"{file_name}: {pillar.id}: sub_pillars.score_weight: must sum to 1")
    total = sum(pillar.weight for pillar in framework.pillars)
    if abs(total - 100) > 1e-9:
        problems.append(f"framework.yaml: pillars: weight: pillar weights sum to {total}, not 100")
    for duplicate, count in Counter(ids).items():
        if count > 1:
            problems.append(f"{framework.year}: {duplicate}: id: used {count} times")
    return problems


def check_issue(issue: Issue) -> list[str]:
    problems: list[str] = []
    questions = {q.id: q for q in issue.questions}
    for question in issue.questions:
        options = getattr(question, "options", None) or getattr(question, "items", None) or ()
        for option_id, count in Counter(o.id for o in options).items():
            if count > 1:
                problems.append(f"questions.{question.id}: option id {option_id!r} repeated")
        if (
            isinstance(question, NumberQuestion)
            and question.maximum is not None
            and question.maximum <= question.minimum
        ):
            problems.append(f"questions.{question.id}.maximum: must exceed minimum")
    rule = issue.rule
    if rule.from_choice and rule.criteria:
        problems.append("rule: use either criteria or from_choice, not both")
    if rule.from_choice:
        problems.extend(_check_choice_rule(issue, questions))
    elif not rule.criteria:
        problems.append("rule: needs criteria or from_choice")
    else:
        levels = [criterion.level for criterion in rule.criteria]
        if levels != sorted(set(levels)):
            problems.append("rule.criteria: levels must be unique and ascending")
        if levels[-1] != rule.top:
            problems.append(f"rule.criteria: the top level {rule.top} has no criterion")
        if any(level > rule.top for level in levels):
            problems.append("rule.criteria: a level is above rule.top")
        for criterion in rule.criteria:
            for index, condition in enumerate(criterion.all):
                where = f"rule.criteria[level={criterion.level}].all[{index}]"
                problems.extend(f"{where}: {m}" for m in _check_condition(condition, questions))
    problems.extend(check_actions(issue))
    expected = set(bands_of(rule))
    given = set(issue.recommendations)
    for band in sorted(expected - given):
        problems.append(f"recommendations.{band}: missing (the rule can give this band)")
    for band in sorted(given - expected):
        problems.append(f"recommendations.{band}: the rule never gives this band")
    for band, recommendation in issue.recommendations.items():
        texts = recommendation.texts()
        if "all" in texts and len(texts) > 1:
            problems.append(f"recommendations.{band}: give 'all' or per type, not both")
        if "all" not in texts and set(texts) != set(CRITERIA_TYPES):
            problems.append(f"recommendations.{band}: needs 'all' or both 'service' and 'policy'")
    return problems


def _check_choice_rule(issue: Issue, questions: dict) -> list[str]:
    rule = issue.rule
    question = questions.get(rule.from_choice)
    if not isinstance(question, SingleChoiceQuestion):
        return [f"rule.from_choice: {rule.from_choice!r} is not a single-choice question here"]
    problems = []
    levels = []
    for option in question.options:
        if option.level is None:
            problems.append(f"questions.{question.id}.options.{option.id}.level: missing")
        elif option.level > rule.top:
            problems.append(f"questions.{question.id}.options.{option.id}.level: above top")
        else:
            levels.append(option.level)
    if levels and rule.top not in levels:
        problems.append(f"rule.from_choice: no option reaches the top level {rule.top}")
    if levels and 1 not in levels:
        problems.append("rule.from_choice: no option gives level 1")
    return problems


def _check_condition(condition: Condition, questions: dict) -> list[str]:
    keys = condition.test_keys()
    if len(keys) != 1:
        return [f"exactly one test is needed, found {keys or 'none'}"]
    key = keys[0]
    question = questions.get(condition.question)
    if question is None:
        return [f"question: {condition.question!r} is not a question of this issue"]
    if (condition.increase_from is None) != (key != "increase_at_least_percent"):
        return ["increase_at_least_percent and increase_from go together"]
    expected = {
        "checked_at_least": ChecklistQuestion,
        "checked_all": ChecklistQuestion,
        "checked_any": ChecklistQuestion,
        "at_least": NumberQuestion,
        "at_most": NumberQuestion,
        "increase_at_least_percent": NumberQuestion,
        "is_yes": YesNoQuestion,
        "choice_in": SingleChoiceQuestion,
    }[key]
    if not isinstance(question, expected):
        return [f"{key}: question {question.id!r} is {question.type}, not {expected.__name__}"]
    if isinstance(question, ChecklistQuestion):
        return _check_checklist_condition(condition, question)
    if isinstance(question, SingleChoiceQuestion):
        known = {o.id for o in question.options}
        return [
            f"choice_in: unknown option {o!r}" for o in condition.choice_in or () if o not in known
        ]
    if isinstance(question, NumberQuestion):
        return _check_number_condition(condition, question, questions)
    return []


def _check_checklist_condition(condition: Condition, question: ChecklistQuestion) -> list[str]:
    problems = []
    known = {item.id for item in question.items}
    for item_id in (condition.checked_any or ()) + (
        condition.checked_all if isinstance(condition.checked_all, tuple) else ()
    ):
        if item_id not in known:
            problems.append(f"unknown item {item_id!r} of {question.id}")
    threshold = condition.checked_at_least
    if threshold is not None:
        per_type = (
            threshold if isinstance(threshold, dict) else dict.fromkeys(CRITERIA_TYPES, threshold)
        )
        for criteria_type in CRITERIA_TYPES:
            if criteria_type not in per_type:
                problems.append(f"checked_at_least: no threshold for {criteria_type}")
                continue
            available = len(question.items_for(criteria_type))
            if not 1 <= per_type[criteria_type] <= available:
                problems.append(
                    f"checked_at_least: {per_type[criteria_type]} for {criteria_type} is outside "
                    f"1..{available} items"
                )
    return problems


def _check_number_condition(
    condition: Condition, question: NumberQuestion, questions: dict
) -> list[str]:
    if condition.increase_from is not None:
        base = questions.get(condition.increase_from)
        if not (isinstance(base, NumberQuestion) and base.unit == question.unit == "count"):
            return ["increase_from: both questions must be count questions"]
        return (
            []
            if (condition.increase_at_least_percent or 0) > 0
            else ["increase_at_least_percent: must be positive"]
        )
    threshold = condition.at_least if condition.at_least is not None else condition.at_most
    assert threshold is not None
    upper = question.maximum if question.maximum is not None else float("inf")
    if not question.minimum < threshold <= upper and not (
        condition.at_most is not None and question.minimum <= threshold < upper
    ):
        return [
            f"threshold {threshold:g} is outside the answer range {question.minimum:g}..{upper:g}"
        ]
    return []


def check_glossary(glossary: GlossaryFile, frameworks: Sequence[Framework]) -> list[str]:
    """Unique ids that do not clash with a framework id; ``related`` ids exist in the
    entry's framework year (any loaded year when the entry has none)."""
    problems = []
    ids_of_year = {framework.year: _framework_ids(framework) for framework in frameworks}
    every_id = set().union(*ids_of_year.values())
    for entry_id, count in Counter(e.id for e in glossary.entries).items():
        if count > 1:
            problems.append(f"glossary.yaml: {entry_id}: id: used {count} times")
    for entry in glossary.entries:
        if entry.id in every_id:
            problems.append(f"glossary.yaml: {entry.id}: id: clashes with a framework id")
        known = ids_of_year.get(entry.framework_year or 0, every_id)
        for ref in entry.related:
            if ref not in known:
                problems.append(f"glossary.yaml: {entry.id}: related: unknown id {ref!r}")
    return problems


def _framework_ids(framework: Framework) -> set[str]:
    known = {p.id for p in framework.pillars}
    known |= {s.id for p in framework.pillars for s in p.sub_pillars}
    return known | {i.id for _, _, i in framework.issues()}


def check_view(view: FrameworkView, framework: Framework, file_name: str) -> list[str]:
    """Every issue of the framework appears exactly once, pillars numbered 1..n."""
    problems = []
    issue_ids = [issue.id for _, _, issue in framework.issues()]
    mapped = [issue_id for pillar in view.pillars for issue_id in pillar.issues]
    for issue_id in mapped:
        if issue_id not in issue_ids:
            problems.append(f"{file_name}: {issue_id}: issues: unknown {framework.year} issue")
    for issue_id, count in Counter(mapped).items():
        if count > 1:
            problems.append(f"{file_name}: {issue_id}: issues: mapped {count} times")
    for issue_id in issue_ids:
        if issue_id not in mapped:
            problems.append(f"{file_name}: {issue_id}: issues: not mapped to a view pillar")
    if [p.number for p in view.pillars] != list(range(1, len(view.pillars) + 1)):
        problems.append(f"{file_name}: pillars: number: must be 1..{len(view.pillars)} in order")
    if view.of_year != framework.year:
        problems.append(f"{file_name}: of_year: {view.of_year} ≠ {framework.year}")
    return problems
