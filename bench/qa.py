"""Q&A search figures on the evaluation set tests/qa_eval.yaml.

Prints top-1 and top-3 accuracy (ranking), how the bot would reply (answer / choose / no match),
latency per query (p50, p99; target p99 < 20 ms) and the index build time. Run:
python bench/qa.py   (make bench runs it too)
"""

from __future__ import annotations

import statistics
import sys
import time
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from knowledge import search_text  # noqa: E402
from knowledge.loader import shipped_catalog  # noqa: E402
from knowledge.search import Answer, Choose, NoMatch, SearchIndex, entries_from_knowledge  # noqa: E402

ROUNDS = 5


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms"


def main() -> None:
    queries = yaml.safe_load((ROOT / "tests" / "qa_eval.yaml").read_text(encoding="utf-8"))
    queries = queries["queries"]
    knowledge = shipped_catalog().current

    started = time.perf_counter()
    entries = entries_from_knowledge(knowledge)
    index = SearchIndex.build(entries)
    cold = time.perf_counter() - started
    rebuilds = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        SearchIndex.build(entries_from_knowledge(knowledge))
        rebuilds.append(time.perf_counter() - started)
    search_text._tokenizer.cache_clear()  # as after an edit that adds a new Thai term
    started = time.perf_counter()
    SearchIndex.build(entries)
    new_terms = time.perf_counter() - started

    in_scope = [q for q in queries if q.get("id")]
    top1 = top3 = 0
    replies: Counter[str] = Counter()
    by_kind: dict[str, list[int]] = {}
    for query in in_scope:
        ranked = [entry.id for entry, _ in index.rank(query["q"], 3)]
        top1 += ranked[:1] == [query["id"]]
        top3 += query["id"] in ranked
        outcome = index.ask(query["q"])
        if isinstance(outcome, Answer):
            reply = "answer, right" if outcome.entry.id == query["id"] else "answer, WRONG"
        elif isinstance(outcome, Choose):
            listed = query["id"] in [entry.id for entry in outcome.candidates]
            reply = "choose, listed" if listed else "choose, not listed"
        else:
            reply = "no match"
        replies[reply] += 1
        by_kind.setdefault(query["kind"], [0, 0])
        by_kind[query["kind"]][0] += ranked[:1] == [query["id"]]
        by_kind[query["kind"]][1] += 1
    out_of_scope = [q for q in queries if q["kind"] == "out_of_scope"]
    refused = sum(isinstance(index.ask(q["q"]), NoMatch) for q in out_of_scope)

    timings = []
    for _ in range(ROUNDS):
        for query in queries:
            started = time.perf_counter()
            index.ask(query["q"])
            timings.append(time.perf_counter() - started)
    timings.sort()
    p99 = timings[int(len(timings) * 0.99)]

    n = len(in_scope)
    print(f"Q&A search, {len(entries)} entries, {len(queries)} queries ({n} in scope)")
    print(f"  top-1 accuracy           {top1 / n:6.1%}  ({top1}/{n})")
    print(f"  top-3 accuracy           {top3 / n:6.1%}  ({top3}/{n})")
    for kind, (right, total) in sorted(by_kind.items()):
        print(f"    top-1 {kind:<14} {right}/{total}")
    print("  bot reply to in-scope queries:")
    for reply, count in sorted(replies.items()):
        print(f"    {reply:<20} {count}")
    print(f"  out of scope: no match   {refused}/{len(out_of_scope)}")
    print(f"  latency per query        p50 {_ms(statistics.median(timings))}, p99 {_ms(p99)}")
    print(f"  index build              first in process {_ms(cold)} (loads pythainlp's word list)")
    print(
        f"                           rebuild {_ms(statistics.median(rebuilds))}, "
        f"rebuild with new domain terms {_ms(new_terms)}"
    )


if __name__ == "__main__":
    main()
