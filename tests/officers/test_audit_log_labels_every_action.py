"""Acceptance: every audit-log action and kind of object the code writes has an Indonesian label
(read from the source with `ast`), so the log never shows a code such as `view_application`."""
import ast
from pathlib import Path

from admin_views.console.base import AdministratorModelView
from portal.officers.audit import ACTION_LABELS, OBJECT_LABELS, action_label

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("portal", "public", "admin_views", "jobs")
# Writers of audit rows: the function's name -> positions of (action, object kind) arguments.
WRITERS = {"record": (0, 1), "_audit": (1, None)}
# `audit(...)` of the console takes the action first, the letters' one takes the officer first.
FLEXIBLE_WRITERS = ("audit",)


def strings(node) -> list[str]:
    """The string literals an argument can be (`"a" if x else "b"` gives both)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return strings(node.body) + strings(node.orelse)
    if isinstance(node, ast.JoinedStr):
        return ["<f-string: name the action literally>"]
    return []


def call_name(node: ast.Call) -> str:
    func = node.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def written(tree) -> tuple[set[str], set[str]]:
    """(actions, object kinds) named by the audit writers, AuditEntry rows and `*_action` names."""
    actions, kinds = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name, args = call_name(node), node.args
            keywords = {keyword.arg: keyword.value for keyword in node.keywords}
            if name in WRITERS:
                action_at, kind_at = WRITERS[name]
                actions.update(strings(args[action_at]) if len(args) > action_at else [])
                kinds.update(strings(args[kind_at]) if kind_at is not None and len(args) > kind_at else [])
            elif name in FLEXIBLE_WRITERS:
                actions.update(value for arg in args[:2] for value in strings(arg))
            if name in WRITERS or name in FLEXIBLE_WRITERS or name == "AuditEntry":
                actions.update(strings(keywords["action"]) if "action" in keywords else [])
                kinds.update(strings(keywords["object_type"]) if "object_type" in keywords else [])
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                named = getattr(target, "id", getattr(target, "attr", ""))
                if named.endswith("view_action"):
                    actions.update(strings(node.value))
                if named == "audit_kind":
                    kinds.update(strings(node.value))
    return actions, kinds


def test_every_action_and_object_kind_written_has_a_label():
    actions, kinds = set(), set()
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            found = written(ast.parse(path.read_text(encoding="utf-8")))
            actions |= found[0]
            kinds |= found[1]
    assert {"login", "view_application", "letter_download", "admin_create"} <= actions
    assert sorted(actions - set(ACTION_LABELS) - {""}) == []
    assert sorted(kinds - set(OBJECT_LABELS) - {""}) == []


def test_every_console_table_has_an_object_label(console):
    """The console writes its changes with the table's name as the kind of object."""
    tables = {view.model.__table__.name for view in console.extensions["admin"][0]._views
              if isinstance(view, AdministratorModelView)
              and (view.can_create or view.can_edit or view.can_delete)}
    assert sorted(tables - set(OBJECT_LABELS)) == []


def test_the_scan_sees_a_new_action_without_a_label():
    source = 'audit.record("brand_new_action", "application", 1)\nAuditEntry(action="other")'
    actions, kinds = written(ast.parse(source))
    assert actions == {"brand_new_action", "other"} and kinds == {"application"}
    assert action_label("brand_new_action") == "brand_new_action"
