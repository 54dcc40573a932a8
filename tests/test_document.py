"""身份证正面/背面 engine: a drawn ID-1 card warped onto photos at known corners is found within a
few pixels and flattened; the real documents of ../shared/testdata/document are found or reported."""

from __future__ import annotations

import io
import json
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw

from wizard.case.model import Adjustment, Slot
from wizard.case.rules import load_rules
from wizard.cli.main import main
from wizard.imaging.card_edges import find_card
from wizard.imaging.document import flatten_card
from wizard.imaging.process import process_file

SHARED = Path(__file__).parents[2] / "shared" / "testdata"
RULES = load_rules()
ASPECT = 1.5852


def _shared(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"shared test file {path} is absent (the shared testdata folder is not mounted)")
    return path


def _card(with_face: bool) -> np.ndarray:
    """A card-sized rounded rectangle with a portrait box and text lines (the Chinese card's 人像面 layout)."""
    w, h = 856, 540
    card = Image.new("RGB", (w, h), (0, 0, 0))
    draw = ImageDraw.Draw(card)
    draw.rounded_rectangle((0, 0, w - 1, h - 1), radius=32, fill=(236, 238, 242))
    for i, y in enumerate(range(60, 420, 55)):
        draw.rectangle((60, y, 60 + 300 + 40 * (i % 3), y + 22), fill=(40, 40, 50))
    draw.rectangle((60, 450, 780, 480), fill=(30, 30, 30))
    box = (560, 70, 800, 370)
    if with_face:
        portrait = Image.open(_shared("portrait", "plain_white_bg_man_curlyhair.jpg")).convert("RGB")
        card.paste(portrait.resize((box[2] - box[0], box[3] - box[1])), box[:2])
    else:
        draw.rectangle(box, fill=(200, 205, 215))
    return np.asarray(card)


def _on_desk(card: np.ndarray, corners: np.ndarray, desk: str, size=(1600, 1200)) -> np.ndarray:
    """The card photographed on ``desk`` (wood or white) with its corners at ``corners``."""
    w, h = size
    rng = np.random.default_rng(3)
    if desk == "wood":
        grain = np.sin(np.linspace(0, 60, h))[:, None] * 18 + rng.normal(0, 6, (h, w))
        base = np.stack([130 + grain, 85 + grain * 0.7, 50 + grain * 0.4], axis=2)
    else:  # a white desk: the card differs by a few grey levels only
        base = np.full((h, w, 3), 222.0) + rng.normal(0, 2, (h, w, 3))
    photo = np.clip(base, 0, 255).astype(np.uint8)
    ch, cw = card.shape[:2]
    src = np.array([[0, 0], [cw - 1, 0], [cw - 1, ch - 1], [0, ch - 1]], np.float32)
    matrix = cv2.getPerspectiveTransform(src, corners.astype(np.float32))
    warped = cv2.warpPerspective(card, matrix, (w, h))
    inside = cv2.warpPerspective(np.full((ch, cw), 255, np.uint8), matrix, (w, h))
    rounded = cv2.warpPerspective((card.sum(axis=2) > 0).astype(np.uint8) * 255, matrix, (w, h))
    keep = (inside > 128) & (rounded > 128)
    photo[keep] = warped[keep]
    return cv2.GaussianBlur(photo, (3, 3), 0)


CORNERS = {
    "straight": np.array([[400, 300], [1256, 300], [1256, 840], [400, 840]], float),
    "angle": np.array([[380, 260], [1230, 330], [1280, 900], [330, 820]], float),
}


def _corner_error(found: np.ndarray, truth: np.ndarray) -> float:
    return float(np.linalg.norm(found - truth, axis=1).max())


@pytest.mark.parametrize(("desk", "pose"), [("wood", "straight"), ("wood", "angle"), ("white", "angle")])
def test_card_corners_are_found_within_a_few_pixels(desk, pose):
    truth = CORNERS[pose]
    photo = _on_desk(_card(with_face=False), truth, desk)
    found = find_card(photo, 0.12, ASPECT)
    assert found is not None
    assert _corner_error(found, truth) < 4  # measured 1.4-1.6 px (the corner where the straight sides meet)


def test_flattened_card_has_id1_shape_and_fits_the_limit():
    photo = _on_desk(_card(with_face=True), CORNERS["angle"], "wood")
    card, findings, metrics = flatten_card(photo, RULES, Slot.ID_FRONT)
    assert metrics["located"] == "found"
    assert abs(card.shape[1] / card.shape[0] - ASPECT) < 0.01
    assert not {f.code for f in findings} & {"document.not_found", "document.no_portrait", "document.blurred"}


def test_front_without_portrait_is_warned_back_is_not():
    photo = _on_desk(_card(with_face=False), CORNERS["straight"], "wood")
    _, front, _ = flatten_card(photo, RULES, Slot.ID_FRONT)
    _, back, _ = flatten_card(photo, RULES, Slot.ID_BACK)
    assert "document.no_portrait" in {f.code for f in front}
    assert "document.no_portrait" not in {f.code for f in back}


def test_no_card_offers_the_whole_picture():
    rng = np.random.default_rng(0)
    photo = np.clip(rng.normal(120, 40, (900, 900, 3)), 0, 255).astype(np.uint8)
    card, findings, metrics = flatten_card(photo, RULES, Slot.ID_BACK)
    assert metrics["located"] == "none" and "document.not_found" in {f.code for f in findings}
    assert card.shape[:2] == photo.shape[:2]


def test_manual_corners_are_used(tmp_path):
    truth = CORNERS["angle"]
    photo = _on_desk(_card(with_face=False), truth, "white")
    path = tmp_path / "card.png"
    Image.fromarray(photo).save(path)
    adjust = Adjustment(corners=[tuple(p) for p in truth[[2, 0, 3, 1]]])  # any order
    result = process_file(Slot.ID_BACK, path, RULES, adjust)[0]
    assert result.metrics["located"] == "manual"
    assert _corner_error(np.array(result.metrics["corners"]), truth) < 1
    assert len(result.data) <= RULES.upload.max_bytes


def test_flat_scan_is_kept_as_it_is():
    path = _shared("document", "specimen_idcard_flat_scan.jpg")
    result = process_file(Slot.ID_FRONT, path, RULES)[0]
    assert result.metrics["located"] == "flat" and "document.flat_scan" in {f.code for f in result.findings}
    assert result.size == Image.open(path).size  # never cropped, never resized up
    assert result.ok and len(result.data) <= RULES.upload.max_bytes


# The data page of the open passport, measured by hand on the 1600×1200 file: top corners where
# the laminate's hinge strip meets the facing page, bottom corners at the page's rounded corners.
PASSPORT_PAGE = np.array([[167, 135], [1558, 250], [1592, 1014], [3, 868]], float)


def test_document_at_an_angle_on_dark_background_is_found_and_flattened():
    path = _shared("document", "specimen_passport_angle_dark_bg_glare.jpg")
    result = process_file(Slot.ID_FRONT, path, RULES)[0]
    assert result.metrics["located"] == "found"
    # The facing page must not be taken in (that outline was 235-250 px off at the top). The bottom
    # corners land on the edge of the page stack just below the data page: measured 24-29 px. Since
    # issue 16 the cut is at the lower edge of the laminate's hinge strip moved back by 2.5% of the page
    # (so that the title touching the strip is kept whole), 41-45 px below the hand-set top corners.
    assert _corner_error(np.array(result.metrics["corners"]), PASSPORT_PAGE) < 50
    codes = {f.code for f in result.findings}
    assert "document.glare" in codes and "document.at_edge" not in codes  # the blue-white streak
    assert result.metrics["veil_share"] > 1.5 * RULES.check("document", "veil_share")
    flat = np.asarray(Image.open(io.BytesIO(result.data)))
    assert flat.shape[1] > flat.shape[0] and len(result.data) <= RULES.upload.max_bytes


def test_drawn_and_scanned_cards_have_no_glare():
    path = _shared("document", "specimen_idcard_flat_scan.jpg")
    result = process_file(Slot.ID_FRONT, path, RULES)[0]
    photo = _on_desk(_card(with_face=True), CORNERS["angle"], "wood")
    _, findings, metrics = flatten_card(photo, RULES, Slot.ID_FRONT)
    assert "document.glare" not in {f.code for f in result.findings + findings}
    assert max(result.metrics["veil_share"], metrics["veil_share"]) < RULES.check("document", "veil_share") / 2


def test_cli_processes_an_id_card(tmp_path, capsys):
    src = tmp_path / "身份证.jpg"
    Image.fromarray(_on_desk(_card(with_face=False), CORNERS["angle"], "wood")).save(src, quality=92)
    out = tmp_path / "back.jpg"
    code = main(["process", "--slot", "id_back", str(src), "-o", str(out), "--json"])
    report = json.loads(capsys.readouterr().out)
    assert code == 0 and report["metrics"]["located"] == "found"
    assert 0 < out.stat().st_size <= RULES.upload.max_bytes
