"""Translations: every tr() string of ui/ is in the .ts, translated, and compiled into the shipped .qm."""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QTranslator

ROOT = Path(__file__).resolve().parents[1]
TS = ROOT / "resources" / "i18n" / "jzs_en.ts"
QM = ROOT / "resources" / "i18n" / "jzs_en.qm"


def sources(ts: Path) -> dict[str, bool]:
    """source text → translated (finished), for our own contexts (Qt's, such as QWizard, are
    translated by Qt's catalogues)."""
    found = {}
    messages = [m for context in ET.parse(ts).getroot().iter("context")
                if not context.findtext("name", "").startswith("Q") for m in context.iter("message")]
    for message in messages:
        translation = message.find("translation")
        finished = translation.get("type") not in ("unfinished", "vanished", "obsolete") and bool(translation.text)
        found[message.find("source").text] = finished
    return found


@pytest.mark.skipif(shutil.which("pyside6-lupdate") is None, reason="pyside6-lupdate comes with PySide6")
def test_ts_has_every_string_of_the_code(tmp_path):
    fresh = tmp_path / "fresh.ts"
    files = [str(p) for p in sorted((ROOT / "ui").rglob("*.py"))]
    subprocess.run(["pyside6-lupdate", *files, "-ts", str(fresh)], check=True, capture_output=True)
    assert set(sources(fresh)) <= set(sources(TS)), "run pyside6-lupdate and tools/fill_ts.py"


def test_every_string_is_translated():
    assert [s for s, done in sources(TS).items() if not done] == []


@pytest.mark.skipif(shutil.which("pyside6-lrelease") is None, reason="pyside6-lrelease comes with PySide6")
def test_qm_is_compiled_from_the_ts(tmp_path):
    fresh = tmp_path / "fresh.qm"
    subprocess.run(["pyside6-lrelease", str(TS), "-qm", str(fresh)], check=True, capture_output=True)
    assert fresh.read_bytes() == QM.read_bytes(), "run tools/fill_ts.py to recompile the .qm"


def test_qm_translates(qapp):
    translator = QTranslator()
    assert translator.load(str(QM))
    for context, source in (("StartPage", "新建案件"), ("ImageSlot", "从身份证填入")):
        assert translator.translate(context, source) not in ("", source)
