"""The production image holds the portal, not its development tools: the benchmark, the
load test and the tests stay out of it (.dockerignore, as the Dockerfile copies the whole
checkout), and nothing the portal runs imports them."""

import ast
from fnmatch import fnmatch
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TOOLS = ("bench", "loadtest", "tests")
# The thin `manage.py seed_bench`: it imports the benchmark when run, and says so when
# the benchmark is not there.
LAZY = {Path("khuyencong/management/commands/seed_bench.py")}


def _ignored(path: str, patterns: list[str]) -> bool:
    return any(fnmatch(path, p.rstrip("/")) or fnmatch(path + "/", p) for p in patterns)


def test_the_image_leaves_out_the_benchmark_the_load_test_and_the_tests():
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert "COPY . ." in dockerfile  # what .dockerignore trims
    patterns = [
        line.strip()
        for line in (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    for tool in TOOLS:
        assert _ignored(tool, patterns), f"{tool}/ would ship in the production image"
    for kept in ("khuyencong", "funding", "templates", "locale", "manage.py", "pyproject.toml"):
        assert not _ignored(kept, patterns), f"{kept} would be missing from the image"


def test_nothing_the_portal_runs_imports_a_development_tool():
    offenders = []
    for path in ROOT.rglob("*.py"):
        relative = path.relative_to(ROOT)
        # Hidden folders (virtualenvs such as .venv and .venv313, caches) are not the portal.
        if relative.parts[0] in TOOLS or relative.parts[0].startswith(".") or relative in LAZY:
            continue
        if "node_modules" in relative.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            offenders += [f"{relative}: {n}" for n in names if n.split(".")[0] in TOOLS]
    assert offenders == []
