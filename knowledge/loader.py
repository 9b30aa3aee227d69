"""Read the framework data files, validate them and build the models.

A broken file raises ``KnowledgeError`` naming the file, the entry (the nearest id)
and the field, e.g.::

    p1-policies.yaml: P1.DaP.1: questions[0].text: ต้องมีข้อความภาษาไทย (Thai text required)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from knowledge.checks import check_framework, check_glossary, check_view_2566
from knowledge.schema import FrameworkMeta, GlossaryEntry, GlossaryFile, PillarFile, View2566File
from scoring.model import Framework

DATA_DIR = Path(__file__).parent / "data"
CURRENT_YEAR = 2565


class KnowledgeError(ValueError):
    """A data file is missing, unreadable or breaks the schema."""


@dataclass(frozen=True)
class Knowledge:
    framework: Framework
    glossary: tuple[GlossaryEntry, ...]
    view_2566: View2566File


def _read_yaml(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.safe_load(handle)
    except FileNotFoundError as exc:
        raise KnowledgeError(f"{path.name}: file not found") from exc
    except yaml.YAMLError as exc:
        raise KnowledgeError(f"{path.name}: not valid YAML: {exc}") from exc


def _entry_and_field(raw: Any, loc: Iterable[str | int]) -> tuple[str, str]:
    """Walk the raw document along a pydantic error location, naming the ids passed."""
    entries: list[str] = []
    field: list[str] = []
    node = raw
    for part in loc:
        if isinstance(node, dict) and isinstance(node.get("id"), str):
            entries.append(node["id"])
            field = []
        field.append(f"[{part}]" if isinstance(part, int) else f".{part}")
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            node = None
    if isinstance(node, dict) and isinstance(node.get("id"), str) and not field:
        entries.append(node["id"])
    return " › ".join(entries) or "(top)", "".join(field).lstrip(".") or "(entry)"


M = TypeVar("M", bound=BaseModel)


def parse(model: type[M], raw: Any, file_name: str) -> M:
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        lines = []
        # Drop pydantic's union tags such as "checklist" from the locations, and errors
        # that only follow from a deeper one (an invalid item empties its tuple).
        locs = [
            tuple(p for p in error["loc"] if not (isinstance(p, str) and p in _UNION_TAGS))
            for error in exc.errors()
        ]
        for error, loc in zip(exc.errors(), locs, strict=True):
            if any(len(other) > len(loc) and other[: len(loc)] == loc for other in locs):
                continue
            entry, field = _entry_and_field(raw, loc)
            lines.append(f"{file_name}: {entry}: {field}: {error['msg']}")
        raise KnowledgeError("\n".join(lines)) from None


_UNION_TAGS = {"yes_no", "single_choice", "checklist", "number"}


def load_framework(year: int = CURRENT_YEAR, data_dir: Path = DATA_DIR) -> Framework:
    folder = data_dir / str(year)
    meta = parse(FrameworkMeta, _read_yaml(folder / "framework.yaml"), "framework.yaml")
    pillars = []
    for name in meta.pillar_files:
        pillar_file = parse(PillarFile, _read_yaml(folder / name), name)
        if pillar_file.framework_year != meta.year:
            raise KnowledgeError(
                f"{name}: {pillar_file.pillar.id}: framework_year: "
                f"{pillar_file.framework_year} ≠ {meta.year}"
            )
        pillars.append((name, pillar_file.pillar))
    framework = Framework(
        year=meta.year,
        name_th=meta.name_th,
        name_en=meta.name_en,
        stages=meta.stages,
        agency_types=meta.agency_types,
        pillars=tuple(pillar for _, pillar in pillars),
    )
    problems = check_framework(framework, {p.id: name for name, p in pillars})
    if problems:
        raise KnowledgeError("\n".join(problems))
    return framework


def load_glossary(framework: Framework, data_dir: Path = DATA_DIR) -> tuple[GlossaryEntry, ...]:
    glossary = parse(GlossaryFile, _read_yaml(data_dir / "glossary.yaml"), "glossary.yaml")
    problems = check_glossary(glossary, framework)
    if problems:
        raise KnowledgeError("\n".join(problems))
    return glossary.entries


def load_view_2566(framework: Framework, data_dir: Path = DATA_DIR) -> View2566File:
    view = parse(View2566File, _read_yaml(data_dir / "2566" / "view.yaml"), "2566/view.yaml")
    problems = check_view_2566(view, framework)
    if problems:
        raise KnowledgeError("\n".join(problems))
    return view


def load_all(data_dir: Path = DATA_DIR) -> Knowledge:
    framework = (
        shipped_framework() if data_dir == DATA_DIR else load_framework(CURRENT_YEAR, data_dir)
    )
    return Knowledge(
        framework=framework,
        glossary=load_glossary(framework, data_dir),
        view_2566=load_view_2566(framework, data_dir),
    )


@lru_cache(maxsize=1)
def shipped_framework() -> Framework:
    """The current framework as shipped in the package, loaded once per process."""
    return load_framework(CURRENT_YEAR, DATA_DIR)


@lru_cache(maxsize=1)
def shipped_knowledge() -> Knowledge:
    """The framework as shipped in the package, loaded once per process."""
    return load_all(DATA_DIR)
