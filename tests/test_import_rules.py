"""The house's imports run downward: faces and jobs use the core, the core never uses a face,
and the workflow engine's room uses no other domain room (read from the source with `ast`)."""
import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("portal", "public", "admin_views", "jobs")
FACES = ("public", "admin_views")
DOMAINS = ("workflow", "letters", "messaging", "citizens", "officers", "files", "reports",
           "standards")
# Only the factory may reach up: create_app registers the faces.
FACTORY = "portal/__init__.py"


def module_name(relative: str) -> str:
    """`portal/workflow/engine.py` -> `portal.workflow.engine`."""
    parts = Path(relative).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(source: str) -> set[str]:
    """Every absolute module a file imports, at its top or inside a function."""
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def source_files() -> list[Path]:
    return sorted(path for package in PACKAGES for path in (ROOT / package).rglob("*.py"))


def top(name: str) -> str:
    return name.split(".")[0]


def domain_of(name: str) -> str | None:
    """The core's domain room a module belongs to, if any."""
    parts = name.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "portal" and parts[1] in DOMAINS else None


def forbidden(relative: str, imported: str) -> str | None:
    """Why this import, by the file at `relative`, breaks the house's rules; or None."""
    importer = module_name(relative)
    if top(importer) == "portal" and top(imported) in FACES and relative != FACTORY:
        return "the core imports a face"
    if top(importer) == "portal" and top(imported) == "jobs":
        return "the core imports a job module (enqueue it by name)"
    if top(importer) == "jobs" and top(imported) in FACES:
        return "a job imports a face"
    if top(importer) in FACES and top(imported) in FACES and top(imported) != top(importer):
        return "one face imports the other"
    if domain_of(importer) == "workflow" and domain_of(imported) not in (None, "workflow"):
        return "the workflow room imports another domain room"
    return None


def broken_rules(relative: str, source: str) -> list[str]:
    """Every import of one file that breaks a rule, as 'file: import (why)'."""
    reasons = ((imported, forbidden(relative, imported)) for imported in imported_modules(source))
    return [f"{relative}: {imported} ({reason})" for imported, reason in sorted(reasons) if reason]


def test_imports_run_downward_only():
    found = [row for path in source_files() for row in broken_rules(
        path.relative_to(ROOT).as_posix(), path.read_text(encoding="utf-8"))]
    assert found == []


@pytest.mark.parametrize("file, line, reason", [
    ("portal/workflow/engine.py", "from portal.messaging import outbox",
     "the workflow room imports another domain room"),
    ("portal/letters/issuing.py", "from public.track import find_application",
     "the core imports a face"),
    ("portal/citizens/accounts.py", "import admin_views.base", "the core imports a face"),
    ("jobs/letters.py", "from admin_views.letters import LetterView", "a job imports a face"),
    ("public/apply.py", "from admin_views import init_admin", "one face imports the other"),
])
def test_a_forbidden_import_is_caught(file, line, reason):
    """The check itself can fail: each kind of forbidden import, added to a file, is named."""
    source = (ROOT / file).read_text(encoding="utf-8")
    assert broken_rules(file, source) == []
    found = broken_rules(file, f"{source}\n{line}\n")
    assert found and all(reason in row for row in found)


def test_each_room_of_the_core_says_what_it_owns():
    for room in DOMAINS:
        doc = ast.get_docstring(ast.parse((ROOT / "portal" / room / "__init__.py").read_text()))
        assert doc and "import" in doc, f"portal/{room}/__init__.py must say what it owns"
