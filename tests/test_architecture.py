"""The shape of the code, held to what docs/architecture.md says: dependencies point one way
(applications → services → portal) and no module grows past what one reads in a sitting."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
APPS = ("portal", "services", "applications")
# Data, and the eligibility engine, which reads as one.
LONG_ON_PURPOSE = {"services/demo.py", "services/eligibility.py"}
MAX_LINES = 500


def modules(package: str):
    for path in sorted((ROOT / package).rglob("*.py")):
        if "migrations" not in path.parts:
            yield path


def imported(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize(
    ("package", "may_not_import"),
    [("portal", {"services", "applications"}), ("services", {"applications"})],
)
def test_dependencies_point_one_way(package, may_not_import):
    wrong = {
        str(path.relative_to(ROOT)): sorted(imported(path) & may_not_import)
        for path in modules(package)
        if imported(path) & may_not_import
    }
    assert wrong == {}


def test_no_source_module_is_longer_than_500_lines():
    long = {
        name: lines
        for package in APPS
        for path in modules(package)
        if (name := str(path.relative_to(ROOT))) not in LONG_ON_PURPOSE
        and (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}
