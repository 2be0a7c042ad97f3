"""The seed loader lives in core; each app loads its own section of the data file."""

import ast
from pathlib import Path

from django.conf import settings

from core.seeds import sections


def test_each_app_loads_its_own_section_in_the_order_of_installed_apps():
    assert [section.__module__ for section in sections()] == [
        "core.seeds",
        "directory.seeds",
        "partners.seeds",
        "activities.seeds",
        "cooperation.seeds",
        "protocol.seeds",
    ]


def test_a_section_imports_only_the_apps_it_builds_on():
    """Before, partners drove the activities and cooperation imports and cooperation read a
    private helper of partners: the only import circle between apps."""
    before = {"core": set(), "directory": {"core"}, "partners": {"core", "directory"}}
    before["activities"] = before["partners"] | {"partners"}
    before["cooperation"] = {"core"}
    before["protocol"] = {"core", "activities"}
    for app, allowed in before.items():
        tree = ast.parse((Path(settings.BASE_DIR) / app / "seeds.py").read_text())
        imported = {
            node.module.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module
        }
        apps = imported & set(before)
        assert apps <= allowed | {app}, (app, apps)
