"""``jzs-wizard --self-test`` passes from the checkout and fails loudly when a part is missing.

The frozen bundle runs the same command in CI (.ci/build-bundle); here we prove that the
checks can fail: a resource removed from a copy of ``resources/`` and an empty cascade
folder each give a FAIL line and a non-zero exit.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import wizard.platform.resources
from wizard import selftest as core
from wizard.imaging import models

ROOT = Path(__file__).resolve().parents[1]
QT_CHECKS = {"qt.translations", "qt.style", "qt.jpeg_plugin", "qt.window"}


def test_self_test_passes_from_the_checkout(tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "JZS_WIZARD_DATA": str(tmp_path)}
    done = subprocess.run([sys.executable, "-m", "ui.launcher", "--self-test"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)
    lines = done.stdout.splitlines()
    assert done.returncode == 0, done.stdout + done.stderr
    assert lines[0].startswith("jzs-wizard ") and lines[-1].startswith("PASSED")
    results = {line.split()[1].rstrip(":"): line.split()[0] for line in lines[1:-1]}
    expected = {name for name, _ in core.checks()} | QT_CHECKS
    assert set(results) == expected
    assert set(results.values()) <= {"OK", "SKIP"}
    assert results["engine.photo"] == results["engine.ocr"] == results["resources.rules"] == "OK"


def test_a_missing_resource_gives_a_fail_line_and_exit_1(tmp_path, monkeypatch, capsys):
    from ui.selftest import main

    broken = tmp_path / "resources"
    shutil.copytree(ROOT / "resources", broken)
    (broken / "help" / "help.toml").unlink()
    monkeypatch.setattr(wizard.platform.resources, "resource_root", lambda: broken)
    monkeypatch.setenv("JZS_WIZARD_DATA", str(tmp_path / "data"))

    assert main(["--self-test"]) == 1
    out = capsys.readouterr().out
    assert "FAIL resources.help" in out and "help.toml" in out
    assert "OK resources.rules" in out  # the other checks still ran
    assert out.splitlines()[-1].startswith("FAILED")


def test_a_missing_model_file_fails_the_face_models_check(tmp_path, monkeypatch):
    broken = tmp_path / "resources"
    shutil.copytree(ROOT / "resources", broken)
    (broken / "models" / "face_landmark.tflite").unlink()
    monkeypatch.setattr(wizard.platform.resources, "resource_root", lambda: broken)
    monkeypatch.setattr(models._PER_THREAD, "models", {})  # this thread's loaded models
    result = core.run_check("engine.face_models", core.check_face_models, tmp_path)
    assert result.failed and "face_landmark.tflite" in result.detail


def test_every_model_runs_on_the_drawn_face(tmp_path):
    result = core.run_check("engine.face_models", core.check_face_models, tmp_path)
    assert not result.failed, result.detail


def test_a_skipped_check_does_not_fail_the_run():
    results = [core.CheckResult("a", "OK", ""), core.CheckResult("export", "SKIP", "not built yet")]
    assert core.exit_code(results) == 0
    assert core.exit_code([*results, core.CheckResult("b", "FAIL", "x")]) == 1
