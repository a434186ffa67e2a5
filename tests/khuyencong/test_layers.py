"""No module reaches into another module's private names.

A name with a leading underscore is its module's own business; another module that needs
it asks for a public function instead (the plan and the settlement move projects through
projects.services.project_transition_via, not its private _apply). Ruff's
import-private-name rule would say the same but is preview-only, so this walks the
sources of every app of the project (migrations excepted; tests are not scanned).
Which app may import which is lint-imports' job (pyproject.toml).
"""

import ast
from pathlib import Path

from django.apps import apps

ROOT = Path(__file__).resolve().parents[2]


def _modules() -> dict[str, Path]:
    """Every module of the project's own apps: dotted name -> file."""
    found = {}
    for config in apps.get_app_configs():
        package = Path(config.path)
        if package.parent != ROOT:
            continue  # Django's and third-party apps (a virtualenv may sit in the repository)
        for path in package.rglob("*.py"):
            relative = path.relative_to(ROOT)
            if "migrations" in relative.parts:
                continue
            name = ".".join(relative.with_suffix("").parts).removesuffix(".__init__")
            found[name] = path
    return found


def _shown(path: Path) -> str:
    return str(path.relative_to(ROOT)) if ROOT in path.parents else path.name


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def _absolute(module: str, path: Path, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    package = module.split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    package = package[: len(package) - node.level + 1]
    return ".".join([*package, *([node.module] if node.module else [])])


def _reaches(module: str, path: Path, modules: dict[str, Path]) -> list[str]:
    """`from x import _name` and `x._name` where x is another module of the project."""
    tree = ast.parse(path.read_text(), filename=str(path))
    ours = {name.split(".")[0] for name in modules}
    bound: dict[str, str] = {}  # local name -> module it stands for
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            source = _absolute(module, path, node)
            if source.split(".")[0] not in ours:
                continue
            for alias in node.names:
                if f"{source}.{alias.name}" in modules:
                    bound[alias.asname or alias.name] = f"{source}.{alias.name}"
                elif _private(alias.name) and source != module:
                    found.append(f"{_shown(path)}:{node.lineno} imports {alias.name}")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] in ours:
                    local = alias.asname or alias.name.split(".")[0]
                    bound[local] = alias.name if alias.asname else local
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Attribute) and _private(node.attr)):
            continue
        parts, value = [], node.value
        while isinstance(value, ast.Attribute):
            parts.append(value.attr)
            value = value.value
        if isinstance(value, ast.Name) and value.id in bound:
            target = ".".join([bound[value.id], *reversed(parts)])
            if target in modules and target != module:
                found.append(f"{_shown(path)}:{node.lineno} uses {target}.{node.attr}")
    return found


def test_no_module_uses_another_modules_private_names():
    modules = _modules()
    assert "projects.services" in modules  # the walk sees the apps
    reaches = [r for name, path in sorted(modules.items()) for r in _reaches(name, path, modules)]
    assert reaches == [], "make these public, or keep them inside their module"


def test_the_walk_finds_both_kinds_of_reach(tmp_path):
    modules = {"projects.services": ROOT / "projects/services.py"}
    sample = tmp_path / "sample.py"
    sample.write_text(
        "from projects.services import _apply\n"
        "from projects import services\n"
        "services._apply\n"
        "services.project_transition_via\n"
    )
    found = _reaches("funding.sample", sample, modules)
    assert [line.split(" ", 1)[1] for line in found] == [
        "imports _apply",
        "uses projects.services._apply",
    ]


STATUS_FIELDS = {"status"}
ENGINE = ROOT / "core" / "workflow.py"


def _status_writes(tree: ast.AST) -> list[int]:
    """Lines that assign a status outside the engine: `x.status = …`, `x.status += …`,
    `setattr(x, "status", …)`."""
    lines = []
    for node in ast.walk(tree):
        targets = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AugAssign | ast.AnnAssign):
            targets = [node.target]
        for target in targets:
            for leaf in ast.walk(target):
                if isinstance(leaf, ast.Attribute) and leaf.attr in STATUS_FIELDS:
                    lines.append(node.lineno)
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "setattr"
            and len(node.args) >= 2
            and isinstance(node.args[1], ast.Constant)
            and node.args[1].value in STATUS_FIELDS
        ):
            lines.append(node.lineno)
    return lines


def test_no_status_is_assigned_outside_the_workflow_engine():
    """Every status field has its table (core.workflow.Workflow) and changes only through
    the engine's move, which saves it and runs the hooks."""
    found = [
        f"{_shown(path)}:{line}"
        for path in _modules().values()
        if path != ENGINE
        for line in _status_writes(ast.parse(path.read_text(), filename=str(path)))
    ]
    assert not found, f"status assigned outside core/workflow.py: {found}"


def test_the_status_check_sees_an_assignment():
    assert _status_writes(ast.parse("project.status = 'draft'\n")) == [1]
    assert _status_writes(ast.parse("setattr(job, 'status', 'done')\n")) == [1]
    assert _status_writes(ast.parse("project.title = 'x'\n")) == []
