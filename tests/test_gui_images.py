"""The wizard with real pictures: slots process on the pool, show before/after and findings,
drop stale results, read the ID card and offer 从身份证填入."""

from __future__ import annotations

import time

import pytest
from PIL import Image
from PySide6.QtWidgets import QWizard

from ui.pages.ids import PageId
from ui.tasks import TaskRunner
from wizard.case.model import Adjustment, Change, Slot

from .conftest import shared_file
from .hostile_inputs import CORPUS
from .synthetic_cards import CardPainter, Person, cjk_font_path, degrade, make_id


def open_case(window, *changes: Change) -> None:
    window.start_page.new_button.click()
    window.session.update(lambda case: setattr(case, "changes", set(changes)))


def wait_idle(qtbot, window, timeout=60000):
    qtbot.waitUntil(lambda: not window.runner.is_busy(), timeout=timeout)


def test_photo_slot_processes_a_real_portrait(qtbot, window):
    source = shared_file("portrait", "plain_grey_bg_man_suit_halfbody.jpg")
    open_case(window, Change.PHOTO)
    window.session.update(lambda case: None)
    slot = window.page(PageId.PHOTO).slot_widgets[0]
    window.dialogs.files.append(str(source))
    slot.pick.click()
    assert window.runner.is_busy(slot.field())  # the GUI thread did not do the work: it is still running
    wait_idle(qtbot, window)
    attachment = window.session.case.attachments.photo
    assert attachment.processed and attachment.processed.endswith("photo.jpg")
    assert slot.before.has_image() and slot.after.has_image()
    assert slot.before.crop() is not None  # the crop frame is shown for moving and zooming
    assert not slot.busy.isVisibleTo(slot)
    assert slot.confirm.isVisibleTo(slot) and window.session.blocks("attachments.photo")  # not confirmed yet
    tick_all(slot)
    assert not window.session.blocks("attachments.photo")
    assert window.session.case.attachments.photo.confirmed == ["bare_headed", "eyes_open", "not_recaptured"]


def tick_all(slot) -> None:
    """The applicant looked at the photo: bare-headed, eyes open, an original (the boxes only a person can tick)."""
    for box in slot.confirm.boxes.values():
        box.setChecked(True)


def test_the_ticks_belong_to_the_picture_they_were_given_for(qtbot, window):
    open_case(window, Change.PHOTO)
    slot = window.page(PageId.PHOTO).slot_widgets[0]
    slot.set_source(str(shared_file("portrait", "plain_white_bg_man_curlyhair.jpg")))
    wait_idle(qtbot, window)
    tick_all(slot)
    x, y, w, h = window.session.case.attachments.photo.adjust.crop_box
    slot.before.crop_changed.emit((x + 10, y, w, h))  # the same picture, processed again: the ticks stay
    wait_idle(qtbot, window)
    assert len(window.session.case.attachments.photo.confirmed) == 3
    slot.set_source(str(shared_file("portrait", "plain_grey_bg_man_suit_halfbody.jpg")))  # another picture
    wait_idle(qtbot, window)
    assert window.session.case.attachments.photo.confirmed == [] and not slot.confirm.checked()


def test_a_refused_photo_is_still_shown_marked_as_not_for_upload(qtbot, window):
    source = shared_file("reject", "two_men_side_by_side.jpg")  # refused: two faces, each boxed in red
    open_case(window, Change.PHOTO)
    slot = window.page(PageId.PHOTO).slot_widgets[0]
    slot.set_source(str(source))
    wait_idle(qtbot, window)
    attachment = window.session.case.attachments.photo
    assert attachment.processed is None and window.session.blocks("attachments.photo")
    assert slot.after.has_image() and slot.after.banner() == "未通过检查，不会上传：请看下方提示"
    assert not slot.confirm.isVisibleTo(slot)  # nothing to confirm on a photo that must be retaken
    slot.set_source(str(shared_file("portrait", "plain_grey_bg_man_suit_halfbody.jpg")))
    wait_idle(qtbot, window)
    assert slot.after.has_image() and slot.after.banner() == ""  # a passing photo carries no banner


def test_crop_change_reprocesses_with_the_users_box(qtbot, window):
    source = shared_file("portrait", "plain_white_bg_man_curlyhair.jpg")
    open_case(window, Change.PHOTO)
    slot = window.page(PageId.PHOTO).slot_widgets[0]
    slot.set_source(str(source))
    wait_idle(qtbot, window)
    x, y, w, h = window.session.case.attachments.photo.adjust.crop_box
    slot.before.crop_changed.emit((x + 10, y + 10, w, h))
    wait_idle(qtbot, window)
    assert window.session.case.attachments.photo.adjust.crop_box[:2] == (x + 10, y + 10)


def test_signature_box_ink_strength_and_undo(qtbot, window):
    """Drag a box round one signature, set the ink's strength; each is processed off the GUI thread
    and 撤销调整 steps back through them."""
    open_case(window, Change.NAME_OR_ID)
    slot = window.page(PageId.SIGNATURE).slot_widgets[0]
    assert slot.tools.ink.isVisibleTo(slot) and not slot.tools.clear_box.isVisibleTo(slot)
    slot.set_source(str(shared_file("signature", "sig_multiple_on_scanned_letter.jpg")))
    wait_idle(qtbot, window)
    assert window.session.case.attachments.signature.processed is None  # a letter: not one signature
    box = (30, 880, 260, 80)  # source pixels round one signature (Sedat BAKICI's), printed words and all
    slot.before.crop_changed.emit(box)
    assert window.runner.is_busy(slot.field())
    wait_idle(qtbot, window)
    attachment = window.session.case.attachments.signature
    assert attachment.adjust.crop_box == box and slot.tools.clear_box.isVisibleTo(slot)
    slot.tools.ink.setValue(2)
    wait_idle(qtbot, window)
    assert window.session.case.attachments.signature.adjust.ink_strength == 2
    slot.tools.eraser.click()  # rub out a dab of the finished picture
    assert slot.after.has_image()
    slot.after.erased.emit([(300, 120, 8)])
    wait_idle(qtbot, window)
    assert window.session.case.attachments.signature.adjust.erase == [(300, 120, 8)]
    slot.undo.click()
    wait_idle(qtbot, window)
    assert window.session.case.attachments.signature.adjust.erase == []
    slot.undo.click()
    wait_idle(qtbot, window)
    assert window.session.case.attachments.signature.adjust == Adjustment(crop_box=box) and slot.tools.ink.value() == 0
    slot.undo.click()
    wait_idle(qtbot, window)
    assert window.session.case.attachments.signature.adjust == Adjustment() and not slot.undo.isEnabled()


def test_unreadable_file_is_named_in_chinese(qtbot, window, tmp_path):
    bad = tmp_path / "坏 照片.jpg"
    bad.write_bytes(b"this is not a picture")
    open_case(window, Change.PHOTO)
    slot = window.page(PageId.PHOTO).slot_widgets[0]
    slot.set_source(str(bad))
    wait_idle(qtbot, window)
    texts = slot.findings.texts()
    assert texts and "坏 照片.jpg" in texts[0]
    assert window.session.blocks("attachments.photo")


def test_stale_result_is_dropped(qtbot):
    runner = TaskRunner()
    got = []
    runner.run("slot", lambda: (time.sleep(0.3), "old")[1], on_done=got.append)
    runner.run("slot", lambda: "new", on_done=got.append)
    qtbot.waitUntil(lambda: not runner.is_busy(), timeout=5000)
    assert got == ["new"]


def test_errors_in_work_reach_the_gui_thread(qtbot):
    runner = TaskRunner()
    errors = []
    runner.run("k", lambda: 1 / 0, on_done=lambda r: None, on_error=errors.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    assert isinstance(errors[0], ZeroDivisionError)


def test_id_card_is_read_and_offered_for_prefill(qtbot, window, tmp_path):
    font = cjk_font_path()
    if font is None:
        pytest.skip("no CJK font installed (Debian fonts-noto-cjk)")
    person = Person()
    card = tmp_path / "正面.png"
    Image.fromarray(degrade(CardPainter(font, px_per_mm=10).front(person), angle=3)).save(card)
    open_case(window, Change.BASIC_INFO, Change.PHOTO)
    window.session.update(lambda case: setattr(case, "changes", {Change.NAME_OR_ID}))
    slot = window.page(PageId.ID_DOCS).slot_widgets[0]
    assert slot.slot is Slot.ID_FRONT
    slot.set_source(str(card))
    wait_idle(qtbot, window, timeout=120000)
    assert Slot.ID_FRONT in window.session.cards
    assert slot.prefill.isVisibleTo(slot)
    slot.prefill.click()
    assert window.session.case.correction.name == person.name
    assert window.session.case.correction.id_number == person.id_number
    other = make_id("110101", person.birth, 135)  # valid, but not the number on the card
    window.session.update(lambda case: setattr(case.correction, "id_number", other))
    codes = {f.code for f in window.session.findings_for("attachments.id_front")}
    assert "ocr.id_mismatch" in codes


def test_corner_handles_show_where_the_engine_found_the_card(qtbot, window, tmp_path):
    font = cjk_font_path()
    if font is None:
        pytest.skip("no CJK font installed (Debian fonts-noto-cjk)")
    card = tmp_path / "正面.png"
    Image.fromarray(degrade(CardPainter(font, px_per_mm=10).front(Person()), angle=0)).save(card)
    open_case(window, Change.BASIC_INFO, Change.PHOTO)
    window.session.update(lambda case: setattr(case, "changes", {Change.NAME_OR_ID}))
    slot = window.page(PageId.ID_DOCS).slot_widgets[0]
    slot.set_source(str(card))
    wait_idle(qtbot, window, timeout=120000)
    handles = slot.before.corner_points()
    # degrade() lays the 856×540 card on a desk with a 6% margin (51 px): the handles sit on its corners.
    pad = round(856 * 0.06)
    truth = [(pad, pad), (pad + 855, pad), (pad + 855, pad + 539), (pad, pad + 539)]
    assert len(handles) == 4 and slot.attachment().adjust.corners is None  # the engine's, not the user's
    assert max(abs(a - b) for h, t in zip(handles, truth, strict=True) for a, b in zip(h, t, strict=True)) < 6


def test_whole_photo_case_from_start_to_export(qtbot, window):
    source = shared_file("portrait", "plain_white_bg_man_curlyhair.jpg")
    from .test_gui import choose, click_next, fill_basic

    choose(qtbot, window, Change.PHOTO)
    click_next(qtbot, window)
    fill_basic(qtbot, window.currentPage())
    click_next(qtbot, window)
    assert window.currentId() == PageId.PHOTO
    assert not window.button(QWizard.WizardButton.NextButton).isEnabled()
    window.dialogs.files.append(str(source))
    window.currentPage().slot_widgets[0].pick.click()
    assert not window.button(QWizard.WizardButton.NextButton).isEnabled()  # blocked while it runs
    wait_idle(qtbot, window)
    assert not window.button(QWizard.WizardButton.NextButton).isEnabled()  # until the applicant confirms
    tick_all(window.currentPage().slot_widgets[0])
    click_next(qtbot, window)
    assert window.currentId() == PageId.COMMITMENT
    window.currentPage().yes.setChecked(True)
    click_next(qtbot, window)
    assert window.currentId() == PageId.EXPORT
    assert [PageId(i) for i in window.visitedIds()] == [
        PageId.START, PageId.CHANGES, PageId.BASIC, PageId.PHOTO, PageId.COMMITMENT, PageId.EXPORT]


def test_name_or_id_case_with_real_pictures_exports_a_bundle(qtbot, window, tmp_path):
    from .synthetic_handheld import handheld_photo
    from .test_gui import click_next

    testdata_dir = shared_file("portrait").parent
    handheld = tmp_path / "手持.jpg"
    Image.fromarray(handheld_photo(testdata_dir)).save(handheld, quality=92)
    scan = shared_file("document", "specimen_idcard_flat_scan.jpg")
    other = shared_file("document", "specimen_passport_roc_datapage_flat_scan.jpg")  # one file for both is an error
    from .conftest import make_case

    case = make_case("name_or_id", tmp_path)
    case.attachments.signature = None
    case.attachments.proof = []
    for slot in ("id_front", "id_back", "id_handheld"):
        setattr(case.attachments, slot, None)
    window.session.open_file(tmp_path / "案件.json", case)
    window.next()
    for _ in range(3):  # 选择修改类型 → 基本信息 → 修改信息 → 免冠证件照
        click_next(qtbot, window)
    click_next(qtbot, window)  # → 手写签名 (optional for a name change)
    signature = window.currentPage().slot_widgets[0]
    signature.set_source(str(shared_file("signature", "sig_clean_white_paper.jpg")))
    wait_idle(qtbot, window)
    assert window.session.blocks("attachments.signature")  # its way up is the applicant's to confirm
    tick_all(signature)
    click_next(qtbot, window)
    assert window.currentId() == PageId.ID_DOCS
    front, back, held = window.currentPage().slot_widgets
    front.set_source(str(scan))
    back.set_source(str(other))
    held.set_source(str(handheld))
    wait_idle(qtbot, window, timeout=120000)
    errors = [f for f in window.session.findings if f.severity.value == "error"]
    assert errors == [], errors
    click_next(qtbot, window)
    assert window.currentId() == PageId.PROOF
    click_next(qtbot, window)
    assert window.currentId() == PageId.COMMITMENT
    click_next(qtbot, window)
    page = window.currentPage()
    assert window.currentId() == PageId.EXPORT
    out = tmp_path / "导出"
    out.mkdir()
    window.dialogs.files.append(str(out))
    for box in page.warnings.boxes.values():  # each warning looked at and confirmed
        box.setChecked(True)
    page.export_button.click()
    wait_idle(qtbot, window, timeout=120000)
    assert page.bundle is not None, page.result.text()
    names = sorted(p.name for p in page.bundle.path.iterdir())
    assert {"02_手写签名.jpg", "03_身份证正面.jpg", "04_身份证背面.jpg", "05_手持身份证照.jpg",
            "清单.pdf", "清单.html", "manifest.json", "case.json"} <= set(names)
    assert page.bundle.zip_path and page.bundle.zip_path.exists()
    assert "已导出到" in page.result.text()
    page.print_button.click()
    assert window.dialogs.shown[-1][0] == "print"


@pytest.mark.parametrize("name", [n for n, (_, outcome) in CORPUS.items() if outcome == "refused"])
def test_hostile_file_in_the_gui_slot_is_named_in_words(qtbot, window, tmp_path, name):
    source = CORPUS[name][0](tmp_path)
    open_case(window, Change.PHOTO)
    slot = window.page(PageId.PHOTO).slot_widgets[0]
    slot.set_source(str(source))
    wait_idle(qtbot, window)
    texts = slot.findings.texts()
    assert texts and source.name in texts[0]
    assert window.session.blocks("attachments.photo")
    assert window.session.case.attachments.photo.processed is None
