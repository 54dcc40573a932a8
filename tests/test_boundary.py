"""wizard/ never imports Qt or ui/: every module is imported with PySide6 and ui blocked."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

BLOCKER = r"""
import importlib, importlib.abc, pkgutil, sys
class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("PySide6", "shiboken6", "PyQt5", "PyQt6", "ui"):
            raise ImportError(f"wizard must not import {name}")
sys.meta_path.insert(0, Block())
import wizard
names = [m.name for m in pkgutil.walk_packages(wizard.__path__, "wizard.") if m.name != "wizard.__main__"]
for name in names:
    importlib.import_module(name)
print(len(names))
"""


def test_wizard_imports_without_qt():
    done = subprocess.run([sys.executable, "-c", BLOCKER], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert int(done.stdout.strip()) >= 8


def test_blocker_really_blocks():
    probe = BLOCKER.replace("import wizard\n", "import PySide6\nimport wizard\n")
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode != 0 and "must not import PySide6" in done.stderr


# Which part of wizard/ may import which: the pipeline runs one way (platform → case → imaging → idcard
# → bundle → cli), so a part never reaches back up. selftest runs every engine; only the command line
# and the GUI call it. Nothing imports the command line but ``python -m wizard``.
ALLOWED = {
    "platform": set(),
    "case": {"platform"},
    "imaging": {"platform", "case"},
    "idcard": {"platform", "case", "imaging"},
    "bundle": {"platform", "case", "imaging", "idcard"},
    "selftest": {"platform", "case", "imaging", "idcard", "bundle"},
    "cli": {"platform", "case", "imaging", "idcard", "bundle", "selftest"},
    "__main__": {"cli"},
    "__init__": set(),
}


def _part(module: str) -> str:
    """``wizard.case.rules`` → ``case``; ``wizard.selftest`` → ``selftest``; ``wizard`` → ``__init__``."""
    pieces = module.split(".")
    return pieces[1] if len(pieces) > 1 else "__init__"


def _imports(path: Path, module: str) -> set[str]:
    """Every ``wizard`` module this file imports, at the top or inside a function."""
    found = set()
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, base] if base else parent)
            found |= {base} | {f"{base}.{alias.name}" for alias in node.names}
    return {name for name in found if name == "wizard" or name.startswith("wizard.")}


def forbidden_imports(root: Path) -> list[str]:
    """Imports between the parts of ``root/wizard`` that ALLOWED does not permit, as readable lines."""
    broken = []
    for path in sorted((root / "wizard").rglob("*.py")):
        module = ".".join(path.relative_to(root).with_suffix("").parts).removesuffix(".__init__")
        source = _part(module)
        for target in sorted(_imports(path, module)):
            if target == "wizard" or target == "wizard.__version__":
                continue
            part = _part(target)
            if part != source and part not in ALLOWED.get(source, set()):
                broken.append(f"{path.relative_to(root)}: {source} must not import {part} ({target})")
    return broken


def test_parts_import_only_downstream():
    assert forbidden_imports(ROOT) == []


def test_every_part_is_known():
    parts = {_part(".".join(p.relative_to(ROOT).with_suffix("").parts)) for p in (ROOT / "wizard").rglob("*.py")}
    assert parts <= set(ALLOWED), f"a new part of wizard/ needs its line in ALLOWED: {parts - set(ALLOWED)}"


def test_forbidden_import_is_caught(tmp_path):
    """A case module that reaches for the bundle, and an imaging module that imports the CLI, fail."""
    (tmp_path / "wizard" / "case").mkdir(parents=True)
    (tmp_path / "wizard" / "imaging").mkdir()
    (tmp_path / "wizard" / "case" / "rules.py").write_text("from wizard.bundle.export import export\n")
    (tmp_path / "wizard" / "imaging" / "photo.py").write_text("def f():\n    from ..cli import main\n")
    (tmp_path / "wizard" / "imaging" / "fine.py").write_text("from wizard.case.findings import Finding\n")
    assert forbidden_imports(tmp_path) == [
        "wizard/case/rules.py: case must not import bundle (wizard.bundle.export)",
        "wizard/case/rules.py: case must not import bundle (wizard.bundle.export.export)",
        "wizard/imaging/photo.py: imaging must not import cli (wizard.cli)",
        "wizard/imaging/photo.py: imaging must not import cli (wizard.cli.main)",
    ]


def test_no_file_or_function_too_long():
    """No file of wizard/ over 400 lines, no function over 60: each reads on a screen or two."""
    long = []
    for path in sorted((ROOT / "wizard").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        if text.count("\n") > 400:
            long.append(f"{path.relative_to(ROOT)}: {text.count(chr(10))} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = node.end_lineno - node.lineno + 1
                if length > 60:
                    long.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name}: {length} lines")
    assert long == []
