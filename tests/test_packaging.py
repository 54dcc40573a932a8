"""Resources are found the same way from a checkout and from an installed wheel."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NEEDED = ["rules/rules.toml", "messages/zh_CN.toml", "messages/en.toml", "help/help.toml", "ui/style.qss",
          "i18n/jzs_en.qm"]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out),
                    str(ROOT)], check=True, capture_output=True, timeout=300)
    return next(out.glob("jzs_wizard-*.whl"))


def test_wheel_carries_the_resources(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    missing = [n for n in NEEDED if f"jzs_wizard_resources/{n}" not in names]
    assert missing == []
    assert any(n.endswith("entry_points.txt") for n in names)


def test_installed_wheel_finds_its_resources(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
                   check=True, capture_output=True, timeout=300)
    probe = ("from wizard.platform.resources import resource_root; from wizard.case.rules import load_rules; "
             "print(resource_root()); print(load_rules().pack.version)")
    done = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True, timeout=120,
                          env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr
    root, version = done.stdout.split()
    assert Path(root).is_relative_to(target) and version.startswith("20")
