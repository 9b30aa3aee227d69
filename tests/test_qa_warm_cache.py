"""The Q&A index's warm cache (issue 16): a second start restores what the first computed,
a damaged file is computed again, and the fast word list tokenises as pythainlp's Trie."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from pythainlp.tokenize import word_dict_trie, word_tokenize

from knowledge.qa import entries_from_knowledge
from knowledge.qa.lexical import key_sources
from knowledge.qa.text import normalize_text, thai_word_list

ROOT = Path(__file__).resolve().parent.parent
QUESTION = "ธรรมาภิบาลข้อมูลภาครัฐคืออะไรครับ"

# One start of a process: restore, build the shipped index counting the model's and the
# tokenizer's work, save, then answer a question.
START = """
import json, sys
from pathlib import Path
from knowledge.loader import shipped_catalog
from knowledge.qa import build_index, text, warm_cache
from knowledge.qa.semantic import load_embedder

cache = Path(sys.argv[1])
work = {"embedded": 0, "tokenised": 0}
embedder = load_embedder("use")
encode = embedder.passages
def passages(texts):
    work["embedded"] += len(texts)
    return encode(texts)
embedder.passages = passages
tokenize = text.word_tokenize
def counted(*args, **kwargs):
    work["tokenised"] += 1
    return tokenize(*args, **kwargs)
text.word_tokenize = counted
restored = warm_cache.load(cache)
index = build_index(shipped_catalog().current, embedder=embedder)
saved = warm_cache.save(cache)
built = dict(work)
answer = index.ask(sys.argv[2])
print(json.dumps({**built, "restored": restored, "saved": saved, "answer": answer.entry.id}))
"""


def _start(cache: Path) -> dict:
    run = subprocess.run(
        [sys.executable, "-c", START, str(cache), QUESTION],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout.splitlines()[-1])


def test_a_second_start_restores_the_vectors_and_tokens_instead_of_computing_them(tmp_path):
    first = _start(tmp_path)
    assert not first["restored"] and first["saved"]
    assert first["embedded"] > 300 and first["tokenised"] > 300
    assert len(list(tmp_path.glob("qa-*.npz"))) == 1

    second = _start(tmp_path)
    assert second["restored"] and not second["saved"]
    assert second["embedded"] == 0
    assert second["tokenised"] == 0
    assert second["answer"] == first["answer"]


def test_a_damaged_cache_file_is_computed_again_and_replaced(tmp_path):
    _start(tmp_path)
    (cached,) = tmp_path.glob("qa-*.npz")
    cached.write_bytes(b"not an npz file")
    again = _start(tmp_path)
    assert not again["restored"] and again["saved"]
    assert again["embedded"] > 300
    assert _start(tmp_path)["restored"]


@pytest.fixture(scope="module")
def knowledge_texts(knowledge) -> list[str]:
    entries = entries_from_knowledge(knowledge)
    texts = [text for entry in entries for text in key_sources(entry)]
    texts += [entry.definition for entry in entries]
    return [normalize_text(text) for text in texts if text]


def test_the_word_list_tokenises_exactly_as_pythainlp_s_trie(knowledge_texts):
    trie, word_list = word_dict_trie(), thai_word_list()
    assert len(word_list) == len(trie)
    for text in knowledge_texts:
        assert word_tokenize(text, custom_dict=word_list) == word_tokenize(
            text, custom_dict=trie
        ), text
        for start in range(0, len(text), 7):
            assert word_list.prefixes(text, start) == trie.prefixes(text, start)
