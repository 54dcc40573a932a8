"""Shared fixtures: the rule pack, complete valid cases of each kind, the real test photos."""

from __future__ import annotations

import datetime as dt
import io
import os
import sys
from pathlib import Path

import pytest
from PIL import Image

from wizard.case.idnumber import check_digit
from wizard.case.model import Applicant, Attachment, Case, Change, Correction
from wizard.case.rules import load_rules

TESTDATA = Path(__file__).resolve().parents[2] / "shared" / "testdata"
TODAY = dt.date(2026, 11, 23)
PHOTO_CONFIRMED = ["bare_headed", "eyes_open", "not_recaptured"]  # the rule pack's [[slots.photo.confirm]] keys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def pytest_configure(config):
    """The GUI tests make many Qt calls in one process: guard against the bindings' lost references
    to None as the program does (ui/qt_workarounds.py)."""
    from ui.qt_workarounds import pin_singletons

    pin_singletons()


def shared_file(*parts: str) -> Path:
    """A file of ../shared/testdata, or a clean skip saying what is missing."""
    path = TESTDATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"real test images not available: {path} (needs ../shared/testdata beside the repo)")
    return path


def make_id(region: str = "110105", birth: str = "19800315", seq: str = "123") -> str:
    """A valid 18-digit ID number for the given parts (odd sequence = 男)."""
    body = region + birth + seq
    return body + check_digit(body)


def small_jpeg(path: Path, size: tuple[int, int] = (295, 413)) -> Path:
    buffer = io.BytesIO()
    Image.new("RGB", size, (255, 255, 255)).save(buffer, "JPEG", quality=90, dpi=(300, 300))
    path.write_bytes(buffer.getvalue())
    return path


def attachment(tmp: Path, name: str) -> Attachment:
    """An attachment whose source and processed files both exist and pass the upload rules
    (a ``photo`` and a ``signature`` also confirmed by the applicant, as the rule pack asks)."""
    source = small_jpeg(tmp / f"{name}_source.jpg")
    processed = small_jpeg(tmp / f"{name}_processed.jpg")
    return Attachment(source=str(source), processed=str(processed), confirmed=confirmed_for(name))


def confirmed_for(slot: str) -> list[str]:
    """What the applicant confirms of a picture in ``slot``: the photo's three items, the signature's
    way up; nothing elsewhere."""
    return list(PHOTO_CONFIRMED) if slot == "photo" else ["upright"] if slot == "signature" else []


def make_case(kind: str, tmp: Path) -> Case:
    """A complete, valid case of one kind of change ('basic_info', 'photo', 'name_or_id')."""
    applicant = Applicant(
        name="李某某", id_number=make_id(), gender="男", phone="13812348000", ethnicity="汉族",
        school="同济大学", major="建筑施工管理", education="本科", degree="无学位",
        graduation_date="2002-07-04",
    )
    case = Case(changes={Change(kind)}, applicant=applicant, commitment=True)
    if kind == "photo":
        case.attachments.photo = attachment(tmp, "photo")
    if kind == "name_or_id":
        case.correction = Correction(
            name="李某", id_number=make_id(seq="135"),
            explanation="派出所已更正户籍姓名，身份证号码随之变更，附公安机关证明。",
        )
        for slot in ("id_front", "id_back", "id_handheld", "signature"):
            setattr(case.attachments, slot, attachment(tmp, slot))
        case.attachments.proof = [attachment(tmp, "proof")]
    return case


@pytest.fixture
def rules():
    return load_rules()


@pytest.fixture(autouse=True)
def no_pool_work_left():
    """Fail a test that leaves work running on the Qt thread pool (napari's conftest does the same)."""
    yield
    if "PySide6.QtCore" in sys.modules:
        from PySide6.QtCore import QThreadPool

        active = QThreadPool.globalInstance().activeThreadCount()
        assert active == 0, f"the test left {active} background job(s) running"


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):
    """The wizard window with its own data folder and settings, dialogs answered by the test."""
    from ui.main_window import MaterialsWizard
    from wizard.case import drafts

    from .gui_helpers import ScriptedDialogs, isolated_settings

    monkeypatch.setenv(drafts.DATA_ENV, str(tmp_path / "data"))
    win = MaterialsWizard(load_rules(), "zh_CN", dialogs=ScriptedDialogs(), settings=isolated_settings(tmp_path))
    qtbot.addWidget(win)
    win.resize(1100, 800)
    win.show()
    yield win
    win.runner.wait()
    win.session.close()
