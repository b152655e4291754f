"""Layers point one way: search/ reads the record (archive/), the record never imports search/. A
change the index must follow goes through archive.changes; what a story page marks, through
archive.marking."""

import ast
from pathlib import Path

ARCHIVE = Path(__file__).resolve().parent.parent / "archive"


def imported_modules(path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module


def test_the_record_never_imports_the_search_layer():
    upward = [
        f"{path.relative_to(ARCHIVE.parent)} imports {module}"
        for path in sorted(ARCHIVE.rglob("*.py"))
        for module in imported_modules(path)
        if module == "search" or module.startswith("search.")
    ]
    assert not upward, "archive/ is the lower layer: " + "; ".join(upward)
    assert len(list(ARCHIVE.rglob("*.py"))) > 20  # the walk found the package
