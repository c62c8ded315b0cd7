"""The shape issue 15 asked for, kept: no module of the product over 300 lines, and no import
cycle between its modules (module-level imports; a task importing its service inside its body
is the allowed way round)."""

import ast

from tests.conftest import REPO

PACKAGES = ("articles", "claims", "api", "config", "benchmarks", "web", "extraction")
MAX_LINES = 300


def modules() -> dict[str, object]:
    found = {}
    for package in PACKAGES:
        for path in (REPO / package).rglob("*.py"):
            if "migrations" in path.parts or "training" in path.parts:
                continue
            name = ".".join(path.relative_to(REPO).with_suffix("").parts)
            found[name.removesuffix(".__init__")] = path
    return found


def imports(name: str, path, known: dict) -> set[str]:
    """The project modules ``name`` imports at module level."""
    out = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = name.split(".")
                if path.name != "__init__.py":
                    package = package[:-1]
                package = package[: len(package) - (node.level - 1)]
                base = ".".join([*package, base] if base else package)
            targets = [f"{base}.{a.name}" for a in node.names] + [base]
        else:
            continue
        for target in targets:
            while target and target not in known:
                target = target.rsplit(".", 1)[0] if "." in target else ""
            if target and target != name:
                out.add(target)
    return out


def test_no_module_of_the_product_is_over_300_lines():
    long = {
        name: n
        for name, path in modules().items()
        if not name.startswith("extraction")
        and (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}


def test_no_import_cycle_between_modules():
    known = modules()
    graph = {name: imports(name, path, known) for name, path in known.items()}
    cycles = []
    for start in graph:
        # depth-first search for a path from start back to start
        stack, seen = [(start, [start])], set()
        while stack:
            node, trail = stack.pop()
            for nxt in graph[node]:
                if nxt == start:
                    cycles.append(trail)
                elif nxt not in seen:
                    seen.add(nxt)
                    stack.append((nxt, [*trail, nxt]))
    assert cycles == []


def test_config_is_only_wiring():
    """Settings, URLs, the Celery app and WSGI: the API's machinery is the api app's, the
    site's health check, error pages and headers are web's."""
    config = {
        str(path.relative_to(REPO / "config"))
        for path in (REPO / "config").rglob("*.py")
        if "__pycache__" not in path.parts
    }
    assert {name for name in config if not name.startswith("settings/")} == {
        "__init__.py",
        "celery.py",
        "urls.py",
        "wsgi.py",
    }
