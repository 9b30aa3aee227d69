"""A readable summary of the loaded framework data (``dgr check-knowledge``)."""

from __future__ import annotations

from knowledge.catalog import Knowledge


def summary_lines(knowledge: Knowledge) -> list[str]:
    framework = knowledge.framework
    issues = framework.issues()
    subs = [s for p in framework.pillars for s in p.sub_pillars]
    questions = [q for _, _, issue in issues for q in issue.questions]
    texts = sum(len(r.texts()) for _, _, i in issues for r in i.recommendations.values())
    conditions = [c for _, _, i in issues for criterion in i.rule.criteria for c in criterion.all]
    option_actions = sum(1 for q in questions for o in getattr(q, "options", ()) if o.action)
    counts = [q for q in questions if getattr(q, "unit", None) == "count"]
    lines = [
        f"{framework.name_en} — {framework.name_th}",
        f"pillars: {len(framework.pillars)}; sub-pillars: {len(subs)} "
        f"({sum(s.in_maturity_model for s in subs)} in the maturity model); issues: {len(issues)}; "
        f"questions: {len(questions)}; recommendation texts: {texts}",
        f"action texts: {len(conditions)} conditions, {option_actions} choice options; "
        f"count questions with a Thai unit: {sum(1 for q in counts if q.unit_label)}"
        f"/{len(counts)}",
    ]
    for pillar in framework.pillars:
        count = sum(len(s.issues) for s in pillar.sub_pillars)
        lines.append(
            f"  {pillar.id} {pillar.name_en} (weight {pillar.weight:g}%): "
            f"{len(pillar.sub_pillars)} sub-pillars, {count} issues"
        )
    lines.append(f"glossary entries: {len(knowledge.glossary)}")
    for view in knowledge.views:
        lines.append(f"view {view.id}: {len(view.pillars)} pillars over {view.of_year} issues")
    lines.append("OK: all data files are valid")
    return lines
