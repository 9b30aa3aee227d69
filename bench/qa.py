"""Q&A figures on the evaluation sets: tests/qa_eval.yaml (tuning) and tests/qa_eval_holdout.yaml
(held out: never tuned against).

Per kind and overall: top-1 accuracy (the right entry answered directly, with the right level
and intent where the question has one), the share answered with a did-you-mean ("หมายถึงข้อใด"),
out-of-scope questions answered wrongly (with an entry or a choice of entries), latency per
question (p50, p99), index build time (first in the process, with the model; a rebuild after
one glossary edit) and memory (resident set size added by the model and the index). Run:

    python bench/qa.py                    # the default model (DGR_QA_MODEL, else "use")
    python bench/qa.py --model e5         # or "none": the lexical matcher alone
    python bench/qa.py --sets tuning      # only the tuning set

make bench runs it too.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter, defaultdict
from dataclasses import replace
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from knowledge.loader import shipped_catalog  # noqa: E402
from knowledge.qa import Answer, Choose, Context, GlossaryRow, build_index  # noqa: E402

SETS = {
    "tuning": ROOT / "tests" / "qa_eval.yaml",
    "held-out": ROOT / "tests" / "qa_eval_holdout.yaml",
}
ROUNDS = 3


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def context_of(query: dict) -> Context:
    given = query.get("context") or {}
    return Context(issue_id=given.get("issue"), criteria_type=given.get("criteria_type"))


def verdict(index, query: dict) -> str:
    outcome = index.ask(query["q"], context_of(query))
    if "smalltalk" in query:
        return "right" if getattr(outcome, "kind", None) == query["smalltalk"] else "wrong"
    if query.get("id") is None:
        return "declined" if not isinstance(outcome, Answer | Choose) else "WRONG"
    if isinstance(outcome, Answer):
        right = outcome.entry.id == query["id"]
        right = right and ("level" not in query or outcome.level == query["level"])
        right = right and ("intent" not in query or outcome.intent == query["intent"])
        return "right" if right else "wrong"
    if isinstance(outcome, Choose):
        listed = query["id"] in {entry.id for entry in outcome.candidates}
        return "choose" if listed else "choose, not listed"
    return "no answer"


def report(name: str, index, queries: list[dict]) -> list[float]:
    by_kind: dict[str, Counter[str]] = defaultdict(Counter)
    for query in queries:
        by_kind[query["kind"]][verdict(index, query)] += 1
    print(f"\n{name}: {len(queries)} questions")
    print(f"  {'kind':<14} {'n':>4} {'top-1':>7} {'did-you-mean':>13} {'wrong/declined':>15}")
    print(f"  {'':<14} {'':>4} {'':>7} {'(right listed)':>13}")
    total: Counter[str] = Counter()
    for kind, counts in sorted(by_kind.items()):
        total.update(counts)
        _line(kind, counts)
    _line("overall", total - Counter({"declined": total["declined"], "WRONG": total["WRONG"]}))
    new = [q for q in queries[_first_new(queries) :] if q.get("id")]
    if len(new) < len([q for q in queries if q.get("id")]):
        right = sum(verdict(index, q) == "right" for q in new)
        print(f"  new questions of issue 10: top-1 {right / len(new):.1%} ({right}/{len(new)})")
    oos = by_kind.get("out_of_scope", Counter())
    print(f"  out of scope answered wrongly: {oos['WRONG']}/{sum(oos.values())}")
    timings = []
    for _ in range(ROUNDS):
        for query in queries:
            started = time.perf_counter()
            index.ask(query["q"], context_of(query))
            timings.append(time.perf_counter() - started)
    return timings


def _first_new(queries: list[dict]) -> int:
    """Where the questions written for issue 10 start (the first description)."""
    return next((n for n, q in enumerate(queries) if q["kind"] == "description"), 0)


def _line(kind: str, counts: Counter[str]) -> None:
    n = sum(counts.values())
    if kind == "out_of_scope":
        print(f"  {kind:<14} {n:>4} {'':>7} {'':>13} {counts['declined']:>6} declined")
        return
    if not n:
        return
    choices = counts["choose"] + counts["choose, not listed"]
    print(
        f"  {kind:<14} {n:>4} {counts['right'] / n:>7.1%} {choices / n:>6.1%} "
        f"({counts['choose']:>3}) {counts['wrong'] + counts['no answer']:>6} wrong/none"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--model", default="default", help="use | e5 | none (default: DGR_QA_MODEL)"
    )
    parser.add_argument("--sets", nargs="+", default=list(SETS), choices=list(SETS))
    args = parser.parse_args()

    knowledge = shipped_catalog().current
    before = rss_mb()
    started = time.perf_counter()
    index = build_index(knowledge, embedder=args.model)
    cold = time.perf_counter() - started
    rows = [GlossaryRow.shipped(term) for term in knowledge.glossary]
    rows[0] = replace(rows[0], definition=rows[0].definition + " (แก้ไขโดยผู้ดูแล)")
    started = time.perf_counter()
    build_index(knowledge, rows, embedder=args.model)
    rebuild = time.perf_counter() - started

    timings: list[float] = []
    for name in args.sets:
        queries = yaml.safe_load(SETS[name].read_text(encoding="utf-8"))["queries"]
        timings += report(name, index, queries)
    timings.sort()
    model = index.semantic.embedder.name if index.semantic else "none (lexical only)"
    print(f"\nmodel: {model}; {len(index.entries)} entries")
    print(
        f"latency per question: p50 {statistics.median(timings) * 1000:.1f} ms, "
        f"p99 {timings[int(len(timings) * 0.99)] * 1000:.1f} ms"
    )
    print(
        f"index build: first {cold:.2f} s (loads the model), "
        f"after one glossary edit {rebuild:.2f} s"
    )
    print(f"memory added by the model and the index: {rss_mb() - before:.0f} MB RSS")


if __name__ == "__main__":
    main()
