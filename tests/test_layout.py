"""The code's shape: dependencies point one way (scoring ← knowledge ← storage ← bot /
admin), the lower layers need no Flask, and modules and functions stay small."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# What each package may import from the project (besides itself).
ALLOWED = {
    "scoring": set(),
    "knowledge": {"scoring"},
    "storage": {"scoring", "knowledge"},
    "bot": {"scoring", "knowledge", "storage"},
    "admin": {"scoring", "knowledge", "storage"},
}
PROJECT = {*ALLOWED, "dgr"}
# Where the lower layers meet Flask: the app's extensions and the commands.
FLASK_GLUE = {"storage/flask_ext.py", "storage/cli.py"}
MAX_MODULE_LINES = 300
MAX_FUNCTION_LINES = 60


def _modules(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_dependencies_point_one_way(package: str) -> None:
    for path in _modules(package):
        wrong = (_imports(path) & PROJECT) - ALLOWED[package] - {package}
        assert not wrong, f"{path.relative_to(ROOT)} imports {sorted(wrong)}"


@pytest.mark.parametrize("package", ["scoring", "knowledge", "storage"])
def test_the_lower_layers_need_no_flask(package: str) -> None:
    for path in _modules(package):
        if str(path.relative_to(ROOT)) not in FLASK_GLUE:
            assert "flask" not in _imports(path), f"{path.relative_to(ROOT)} imports Flask"
    code = f"import sys, {package}; assert 'flask' not in sys.modules"
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT).returncode == 0


def _product_modules() -> list[Path]:
    return [path for package in ALLOWED for path in _modules(package)] + [ROOT / "dgr.py"]


@pytest.mark.parametrize("path", _product_modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_modules_and_functions_are_small(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    assert len(source.splitlines()) <= MAX_MODULE_LINES
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            length = (node.end_lineno or node.lineno) - node.lineno + 1
            assert length <= MAX_FUNCTION_LINES, f"{node.name} has {length} lines"
