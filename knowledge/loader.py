"""Read the framework data files, validate them and build the models.

Every folder ``<root>/<year>/`` with a ``framework.yaml`` is a framework year; its
``view-*.yaml`` files are views of its issues; ``<root>/glossary.yaml`` holds the
glossary. A broken file raises ``KnowledgeError`` naming the file, the entry (the nearest
id) and the field, e.g.::

    p1-policies.yaml: P1.DaP.1: questions[0].text: ต้องมีข้อความภาษาไทย (Thai text required)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from knowledge.catalog import Catalog, Knowledge
from knowledge.checks import check_framework, check_glossary, check_view
from knowledge.schema import FrameworkMeta, FrameworkView, GlossaryEntry, GlossaryFile, PillarFile
from scoring.aggregate import sub_pillar_weights
from scoring.levels import issue_index
from scoring.model import Framework

DATA_DIR = Path(__file__).parent / "data"
# libyaml's parser when PyYAML has it (its wheels do): the same documents, ten times faster.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class KnowledgeError(ValueError):
    """A data file is missing, unreadable or breaks the schema."""


def _read_yaml(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.load(handle, Loader=SAFE_LOADER)
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


def _problems(problems: list[str]) -> None:
    if problems:
        raise KnowledgeError("\n".join(problems))


def load_framework(folder: Path) -> Framework:
    """One framework year from its folder, checked, with its scoring look-ups built."""
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
    _problems(check_framework(framework, {p.id: name for name, p in pillars}))
    for _, _, issue in framework.issues():
        issue_index(issue)
    for pillar in framework.pillars:
        sub_pillar_weights(pillar)
    return framework


def load_views(folder: Path, framework: Framework) -> tuple[FrameworkView, ...]:
    views = []
    for path in sorted(folder.glob("view-*.yaml")):
        name = f"{folder.name}/{path.name}"
        view = parse(FrameworkView, _read_yaml(path), name)
        _problems(check_view(view, framework, name))
        views.append(view)
    return tuple(views)


def load_glossary(root: Path, frameworks: Sequence[Framework]) -> tuple[GlossaryEntry, ...]:
    path = root / "glossary.yaml"
    if not path.exists():
        return ()
    glossary = parse(GlossaryFile, _read_yaml(path), "glossary.yaml")
    _problems(check_glossary(glossary, frameworks))
    return glossary.entries


def load_catalog(roots: Sequence[Path] = (DATA_DIR,)) -> Catalog:
    """Every framework year found under the data roots (later roots add years)."""
    frameworks: dict[int, tuple[Framework, Path]] = {}
    for root in roots:
        for folder in sorted(p.parent for p in root.glob("*/framework.yaml")):
            framework = load_framework(folder)
            if framework.year in frameworks:
                raise KnowledgeError(f"{folder}: year {framework.year} is defined twice")
            frameworks[framework.year] = (framework, folder)
    if not frameworks:
        raise KnowledgeError(f"no framework year under {', '.join(map(str, roots))}")
    loaded = [framework for framework, _ in frameworks.values()]
    glossary = tuple(entry for root in roots for entry in load_glossary(root, loaded))
    return Catalog(
        {
            # One glossary for all years: each entry says which year it describes, if any.
            year: Knowledge(framework, glossary, load_views(folder, framework))
            for year, (framework, folder) in sorted(frameworks.items())
        }
    )


@lru_cache(maxsize=4)
def shipped_catalog(extra_roots: tuple[Path, ...] = ()) -> Catalog:
    """The shipped data (plus any extra roots), loaded once per process."""
    return load_catalog((DATA_DIR, *extra_roots))
