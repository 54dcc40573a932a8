"""Which side is which (身份证正面 = 人像面, 身份证背面 = 国徽面), read from the card's words; the two
slots together (swapped, one picture twice); a mirrored card in a 手持身份证照; a card on printed paper.

Cards are drawn by :mod:`tests.synthetic_cards` and read by the shipped OCR; nothing is mocked.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from benchmarks.accuracy.card_scene import CardScene, photograph
from benchmarks.accuracy.synth_card import corner_errors
from tests.synthetic_cards import CardPainter, Person, cjk_font_path, degrade
from tests.synthetic_handheld import handheld_photo
from wizard.case.messages import render
from wizard.case.model import Attachment, Case, Slot
from wizard.case.rules import load_rules
from wizard.idcard.pair import card_pair_findings
from wizard.imaging.card_edges import find_card
from wizard.imaging.card_words import oriented, read_card_words
from wizard.imaging.framing import work_copy
from wizard.imaging.process import process_file

RULES = load_rules()
SHARED = Path(__file__).parents[2] / "shared" / "testdata"


@pytest.fixture(scope="module")
def painter():
    font = cjk_font_path()
    if font is None:
        pytest.skip("Noto CJK font not installed (apt-get install fonts-noto-cjk): cannot draw ID cards")
    return CardPainter(font, px_per_mm=11.7)


def _photo(painter, side: str, path: Path, angle: float = 4.0) -> Path:
    card = painter.front(Person()) if side == "front" else painter.back(Person())
    Image.fromarray(degrade(card, angle=angle, noise=3)).save(path, quality=92)
    return path


def _codes(results) -> set[str]:
    return {f.code for r in results for f in r.findings}


@pytest.mark.parametrize("view", ["upright", "turned", "mirrored", "mirrored_turned"])
@pytest.mark.parametrize("side", ["front", "back"])
def test_the_words_say_the_side_and_the_way_the_card_lies(painter, side, view):
    card = np.asarray(painter.front(Person()) if side == "front" else painter.back(Person()))
    words = read_card_words(oriented(card, view), RULES, mirror=True)
    assert (words.side, words.view) == (side, view)


def test_a_mirrored_card_is_not_read_as_either_side_without_the_mirror_check(painter):
    words = read_card_words(oriented(np.asarray(painter.back(Person())), "mirrored"), RULES)
    assert words.side is None and not words.mirrored


def test_emblem_side_in_the_front_slot_is_an_error_naming_it(painter, tmp_path):
    results = process_file(Slot.ID_FRONT, _photo(painter, "back", tmp_path / "back.jpg"), RULES)
    finding = next(f for r in results for f in r.findings if f.code == "document.front_is_back")
    assert finding.severity.value == "error" and "document.no_portrait" not in _codes(results)
    assert "国徽面" in render(finding, RULES) and "emblem" in render(finding, RULES, "en")


def test_portrait_side_in_the_back_slot_is_an_error(painter, tmp_path):
    results = process_file(Slot.ID_BACK, _photo(painter, "front", tmp_path / "front.jpg"), RULES)
    assert "document.back_is_front" in _codes(results) and results[0].metrics["side"] == "front"


def test_the_right_sides_pass_and_an_upside_down_card_is_turned_upright(painter, tmp_path):
    front = process_file(Slot.ID_FRONT, _photo(painter, "front", tmp_path / "f.jpg", angle=183), RULES)[0]
    back = process_file(Slot.ID_BACK, _photo(painter, "back", tmp_path / "b.jpg"), RULES)[0]
    assert not {"document.front_is_back", "document.back_is_front"} & _codes([front, back])
    assert front.metrics["side"] == "front" and front.metrics["turned"] is True
    assert back.metrics["side"] == "back" and back.metrics["turned"] is False


# --- the two slots together ------------------------------------------------------------------


def _case(front: Attachment, back: Attachment) -> Case:
    case = Case()
    case.attachments.id_front, case.attachments.id_back = front, back
    return case


def _processed(slot: Slot, source: Path, folder: Path) -> Attachment:
    result = process_file(slot, source, RULES)[0]
    out = folder / f"{slot.value}-{source.stem}.jpg"
    out.write_bytes(result.data)
    return Attachment(source=str(source), processed=str(out), findings=result.findings)


def test_one_file_for_both_sides_is_an_error(painter, tmp_path):
    path = str(_photo(painter, "front", tmp_path / "f.jpg"))
    findings = card_pair_findings(_case(Attachment(source=path), Attachment(source=path)))
    assert [f.code for f in findings] == ["document.same_picture"] * 2
    assert {f.field for f in findings} == {"attachments.id_front", "attachments.id_back"}


def test_a_copy_of_the_same_photo_is_nearly_the_same_picture(painter, tmp_path):
    first = _photo(painter, "front", tmp_path / "f.jpg")
    copy = tmp_path / "copy.png"
    Image.open(first).resize((900, 600)).save(copy)  # re-encoded, resized: other bytes, same picture
    case = _case(_processed(Slot.ID_FRONT, first, tmp_path), _processed(Slot.ID_BACK, copy, tmp_path))
    assert "document.nearly_same_picture" in {f.code for f in card_pair_findings(case)}


def test_swapped_sides_and_two_right_sides(painter, tmp_path):
    front, back = _photo(painter, "front", tmp_path / "f.jpg"), _photo(painter, "back", tmp_path / "b.jpg")
    swapped = _case(_processed(Slot.ID_FRONT, back, tmp_path), _processed(Slot.ID_BACK, front, tmp_path))
    assert {f.code for f in card_pair_findings(swapped)} == {"document.sides_swapped"}
    right = _case(_processed(Slot.ID_FRONT, front, tmp_path), _processed(Slot.ID_BACK, back, tmp_path))
    assert card_pair_findings(right) == []


# --- 手持身份证照: the card mirrored by a front camera ------------------------------------------


def _shared() -> Path:
    if not (SHARED / "portrait").is_dir():
        pytest.skip(f"shared test images are absent: {SHARED} (the shared testdata folder is not mounted)")
    return SHARED


def test_a_mirrored_selfie_is_flipped_back_and_said(tmp_path, painter):
    photo = handheld_photo(_shared())
    path = tmp_path / "selfie.jpg"
    Image.fromarray(np.ascontiguousarray(photo[:, ::-1])).save(path, quality=92)
    result = process_file(Slot.ID_HANDHELD, path, RULES)[0]
    assert result.ok and result.metrics["mirrored"] is True and result.metrics["card_side"] == "front"
    assert "handheld.mirrored_fixed" in _codes([result])
    straight = tmp_path / "straight.jpg"
    Image.fromarray(photo).save(straight, quality=92)
    assert process_file(Slot.ID_HANDHELD, straight, RULES)[0].metrics["mirrored"] is False


def test_a_portrait_without_a_card_is_refused(tmp_path):
    path = _shared() / "portrait" / "plain_grey_bg_man_suit_halfbody.jpg"
    result = process_file(Slot.ID_HANDHELD, path, RULES)[0]
    assert not result.ok
    assert any(f.code == "handheld.no_card" and f.severity.value == "error" for f in result.findings)


# --- a card lying on printed paper -----------------------------------------------------------


@pytest.mark.parametrize("seed", [7, 27])
def test_a_card_on_a_printed_page_is_found_not_the_page(painter, seed):
    scene = CardScene(seed=seed, side=Slot.ID_BACK, background="printed paper", size=(2400, 1800), long_share=0.5,
                      angle=-17.0, tilt=(-8.0, 5.0), place=(0.4, 0.6), shadow=False, glare=False, blur=0.0,
                      noise=3.0, jpeg=0)
    picture, truth = photograph(scene)
    work, factor = work_copy(picture, 1000)
    found = find_card(work, RULES.check("document", "min_card_area"), 1.5852)
    assert found is not None
    diagonal = float(np.linalg.norm(truth[2] - truth[0]))
    assert corner_errors(found / factor, truth).max() <= 0.02 * diagonal
