"""Score 10,000 random complete assessments and print the time per assessment.

Target: < 0.2 ms per assessment on the project machine (2 cores). Run: make bench
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from knowledge.loader import shipped_catalog
from scoring import score
from tests.answer_sets import random_answers

COUNT = 10_000
AGENCY_TYPES = ("service", "policy", "provincial")


def main() -> None:
    framework = shipped_catalog().current.framework
    rng = random.Random(2565)
    cases = [(rng.choice(AGENCY_TYPES), random_answers(framework, rng)) for _ in range(COUNT)]
    for agency_type, answers in cases[:200]:  # warm-up
        score(framework, agency_type, answers)

    def figures_only(agency_type: str, answers: dict) -> None:
        score(framework, agency_type, answers)

    def full_result(agency_type: str, answers: dict) -> None:
        result = score(framework, agency_type, answers)
        result.recommendations, result.next_steps  # noqa: B018 - computed on first use

    print(f"{COUNT:,} random complete assessments, 3 rounds each, time per assessment:")
    for name, run in (
        ("score: issue levels → sub-pillar/pillar/overall values, levels, percents", figures_only),
        ("full result: + recommendation texts + ranked next steps", full_result),
    ):
        rounds = []
        for _ in range(3):
            start = time.perf_counter()
            for agency_type, answers in cases:
                run(agency_type, answers)
            rounds.append((time.perf_counter() - start) / COUNT * 1000)
        print(f"  {name}: best {min(rounds):.3f} ms, median {statistics.median(rounds):.3f} ms")
    print("target: score < 0.2 ms per assessment")


if __name__ == "__main__":
    main()
