"""Fusing the lexical and the semantic rankings, and how sure the result is.

Both matchers rank the entries; reciprocal rank fusion (RRF) orders the candidates, so a
description that only the semantic matcher understands and a typo that only the lexical one
catches both come first. Ranks say nothing about how good the best match is, so the decision
(answer, choose, out of scope) looks at each candidate's absolute evidence: its lexical score
and its semantic similarity mapped onto 0–1.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from knowledge.qa.lexical import Match

# RRF: 1 / (K + rank); a small K because only the first few ranks matter here.
RRF_K = 5
SEMANTIC_RRF_WEIGHT = 1.0
CANDIDATES = 12
SEMANTIC_MAX = 0.9
PART_OF_NAME = 0.4
WEAK = 0.4


@dataclass(frozen=True)
class Candidate:
    index: int
    fused: float
    lexical: float
    semantic: float  # similarity on the model's 0–1 scale (see semantic.py), -1 when not computed
    exact_tier: float | None = None
    key_cover: float = 1.0  # share of the matched name the question contains

    def dominates(self, other: Candidate) -> bool:
        """Ahead of the other in both matchers."""
        return self.lexical >= other.lexical and self.semantic >= other.semantic

    @property
    def evidence(self) -> float:
        """Both matchers agreeing is stronger than either alone (a noisy-or of the two). A word
        that is only a small part of a long name, with nothing similar in meaning, is weak."""
        semantic = semantic_evidence(self.semantic)
        lexical = self.lexical
        if self.key_cover < PART_OF_NAME and semantic == 0.0:
            lexical = min(lexical, WEAK)
        return 1 - (1 - lexical) * (1 - semantic)


def semantic_evidence(similarity: float) -> float:
    """Similarity alone is never certainty: at most SEMANTIC_MAX."""
    return float(np.clip(similarity, 0.0, 1.0)) * SEMANTIC_MAX


def fuse(
    lexical: Mapping[int, Match],
    semantic: np.ndarray | None,
    allowed: frozenset[int] | None = None,
) -> list[Candidate]:
    """Candidates from both rankings, best first."""
    fused: dict[int, float] = {}
    lexical_ranked = sorted(
        (item for item in lexical.items() if allowed is None or item[0] in allowed),
        key=lambda item: -item[1].score,
    )[:CANDIDATES]
    for rank, (index, _) in enumerate(lexical_ranked):
        fused[index] = fused.get(index, 0.0) + 1 / (RRF_K + rank + 1)
    if semantic is not None:
        order = np.argsort(-semantic)
        taken = 0
        for index in order:
            if allowed is not None and int(index) not in allowed:
                continue
            fused[int(index)] = fused.get(int(index), 0.0) + SEMANTIC_RRF_WEIGHT / (
                RRF_K + taken + 1
            )
            taken += 1
            if taken == CANDIDATES:
                break
    candidates = [
        Candidate(
            index=index,
            fused=score,
            lexical=lexical[index].score if index in lexical else 0.0,
            semantic=float(semantic[index]) if semantic is not None else -1.0,
            exact_tier=lexical[index].exact_tier if index in lexical else None,
            key_cover=lexical[index].key_cover if index in lexical else 0.0,
        )
        for index, score in fused.items()
    ]
    return sorted(candidates, key=lambda c: (-c.fused, -c.evidence))
