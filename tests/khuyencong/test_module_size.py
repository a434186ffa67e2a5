"""A module over 400 lines has several jobs: split it into a package by job. A module that
is long for a reason (the models of one app kept together, a seeder telling its story in
order) says so in its docstring, on a line starting "Long module:".

This walks the project's own apps (those directly under the repository; a virtualenv may
sit in the repository too and is never scanned), bench/ and loadtest/, migrations and
tests excepted.
"""

import ast
from pathlib import Path

from django.apps import apps

ROOT = Path(__file__).resolve().parents[2]
LIMIT = 400
REASON = "Long module:"
TOOLS = ("bench", "loadtest")


def _sources() -> list[Path]:
    folders = [Path(c.path) for c in apps.get_app_configs() if Path(c.path).parent == ROOT]
    folders += [ROOT / name for name in TOOLS]
    found = []
    for folder in folders:
        for path in folder.rglob("*.py"):
            parts = path.relative_to(ROOT).parts
            if "migrations" in parts or "tests" in parts:
                continue
            found.append(path)
    return sorted(found)


def _too_long(path: Path) -> str | None:
    text = path.read_text()
    lines = len(text.splitlines())
    if lines <= LIMIT:
        return None
    docstring = ast.get_docstring(ast.parse(text, filename=str(path))) or ""
    if any(line.strip().startswith(REASON) for line in docstring.splitlines()):
        return None
    return f"{path.relative_to(ROOT) if ROOT in path.parents else path.name}: {lines} lines"


def test_no_module_is_over_400_lines_without_its_reason():
    sources = _sources()
    names = {str(p.relative_to(ROOT)) for p in sources}
    assert {"products/models.py", "loadtest/locustfile.py"} <= names  # the walk sees them
    assert not any(".venv" in name or "migrations" in name for name in names)
    long = [found for path in sources if (found := _too_long(path))]
    assert long == [], f"split these by job, or say why in their docstring ({REASON} …)"


def test_the_check_sees_a_long_module_and_its_reason(tmp_path):
    body = "x = 1\n" * LIMIT
    long = tmp_path / "long.py"
    long.write_text('"""Several jobs."""\n' + body)
    explained = tmp_path / "explained.py"
    explained.write_text('"""One job.\n\nLong module: the models of one app.\n"""\n' + body)
    short = tmp_path / "short.py"
    short.write_text('"""Short."""\n' + "x = 1\n" * (LIMIT - 1))

    assert _too_long(long) == f"long.py: {LIMIT + 1} lines"
    assert _too_long(explained) is None
    assert _too_long(short) is None
