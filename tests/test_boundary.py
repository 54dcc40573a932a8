"""wizard/ never imports Qt or ui/: every module is imported with PySide6 and ui blocked."""

from __future__ import annotations

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
