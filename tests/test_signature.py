"""手写签名 engine: the real photos of ../shared/testdata/signature give the outcomes SOURCES.md
names, and drawn signatures (gradient paper, ruled lines, tilt, two signatures) behave."""

from __future__ import annotations

import io
import json
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image

from wizard.case.model import Adjustment, Slot
from wizard.case.rules import load_rules
from wizard.cli.main import main
from wizard.imaging.process import process_file
from wizard.imaging.signature import clean_signature

TESTDATA = Path(__file__).parents[2] / "shared" / "testdata" / "signature"
RULES = load_rules()


def _real(name: str) -> Path:
    path = TESTDATA / name
    if not path.exists():
        pytest.skip(f"shared test photo {path} is absent (the shared testdata folder is not mounted)")
    return path


def _codes(result) -> set[str]:
    return {f.code for f in result.findings}


def _decoded(result) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(result.data)))


def _ink_box(grey: np.ndarray) -> tuple[int, int, int, int]:
    ys, xs = np.nonzero(grey < 128)
    return xs.min(), ys.min(), xs.max(), ys.max()


def _assert_clean_canvas(result) -> None:
    """白纸黑字，文字居中: greyscale, white border, ink centred within the slot's ink box."""
    assert result.ok and len(result.data) <= RULES.upload.max_bytes
    grey = _decoded(result)
    assert grey.ndim == 2 and grey.shape == (240, 600)
    assert grey[:10].min() > 240 and grey[-10:].min() > 240 and grey[:, :10].min() > 240
    x0, y0, x1, y1 = _ink_box(grey)
    assert abs((x0 + x1) / 2 - 300) < 12 and abs((y0 + y1) / 2 - 120) < 12
    assert (grey < 128).mean() > 0.01  # strokes were kept


@pytest.mark.parametrize(
    "name",
    ["sig_clean_white_paper.jpg", "sig_grey_shaded_paper.jpg", "sig_green_ink_vignette.jpg", "sig_lined_paper.jpg"],
)
def test_real_signature_becomes_clean_black_on_white(name):
    result = process_file(Slot.SIGNATURE, _real(name), RULES)[0]
    _assert_clean_canvas(result)
    assert not _codes(result) & {"signature.blurred", "signature.faint", "signature.several"}


def test_vignette_and_black_bars_are_not_kept_as_ink():
    result = process_file(Slot.SIGNATURE, _real("sig_green_ink_vignette.jpg"), RULES)[0]
    assert "signature.edge_removed" in _codes(result)
    grey = _decoded(result)
    x0, _, x1, _ = _ink_box(grey)
    # Bars at the photo's sides would stretch the ink box to the canvas's full ink width at both ends.
    assert x1 - x0 < 0.8 * 600


def test_ruled_lines_are_removed():
    result = process_file(Slot.SIGNATURE, _real("sig_lined_paper.jpg"), RULES)[0]
    assert "signature.lines_removed" in _codes(result)
    grey = _decoded(result)
    assert ((grey < 128).mean(axis=1) < 0.6).all()  # no row of the canvas is a line across it


def test_blurred_photo_is_warned_not_passed_as_fine():
    result = process_file(Slot.SIGNATURE, _real("sig_blurred_dark_blob.jpg"), RULES)[0]
    assert "signature.blurred" in _codes(result)


def test_upside_down_signature_is_offered_rotation_and_rotation_is_applied():
    path = _real("sig_upside_down_180deg.jpg")
    result = process_file(Slot.SIGNATURE, path, RULES)[0]
    assert "signature.check_upright" in _codes(result)
    turned = process_file(Slot.SIGNATURE, path, RULES, Adjustment(rotation=2))[0]
    assert turned.ok and turned.adjust.rotation == 2
    assert not np.array_equal(_decoded(result), _decoded(turned))


def test_several_signatures_on_a_letter_are_never_merged():
    result = process_file(Slot.SIGNATURE, _real("sig_multiple_on_scanned_letter.jpg"), RULES)[0]
    assert "signature.several" in _codes(result)
    assert not result.data and len(result.metrics["candidates"]) >= 2


# --- drawn signatures -------------------------------------------------------------------------


def _paper(w: int = 1400, h: int = 600, seed: int = 1) -> np.ndarray:
    """Off-white paper lit from one side (a strong gradient) with a little grain."""
    rng = np.random.default_rng(seed)
    ramp = np.linspace(150, 235, w)[None, :, None] * np.array([1.0, 0.97, 0.9])
    paper = np.broadcast_to(ramp, (h, w, 3)) + rng.normal(0, 3, (h, w, 3))
    return np.clip(paper, 0, 255).astype(np.uint8)


def _strokes(img: np.ndarray, origin: tuple[int, int], colour=(30, 40, 160), scale: float = 1.0) -> None:
    x, y = origin
    path = np.array([[0, 80], [30, 0], [50, 100], [90, 20], [120, 90], [170, 10], [200, 100], [260, 60]])
    pts = (path * scale + [x, y]).astype(np.int32)
    cv2.polylines(img, [pts], False, colour, thickness=max(2, int(6 * scale)), lineType=cv2.LINE_AA)
    shifted = pts + np.array([int(300 * scale), 0], np.int32)
    cv2.polylines(img, [shifted], False, colour, thickness=max(2, int(6 * scale)))


def test_drawn_blue_strokes_on_a_gradient_come_out_black_and_centred():
    img = _paper()
    _strokes(img, (200, 200), scale=1.5)
    outcome = clean_signature(img, RULES)
    assert outcome.canvas is not None
    assert not {f.code for f in outcome.findings} & {"signature.blurred", "signature.faint"}
    canvas = outcome.canvas
    x0, y0, x1, y1 = _ink_box(canvas)
    assert abs((x0 + x1) / 2 - 300) < 10 and abs((y0 + y1) / 2 - 120) < 10
    assert x1 - x0 > 0.7 * 600  # the ink is scaled to fill the slot's ink box
    assert (canvas == 255).mean() > 0.85 and ((canvas > 20) & (canvas < 235)).mean() < 0.03  # paper white, edges thin
    assert (canvas < 128).mean() > 0.02


def test_drawn_ruled_lines_are_removed_and_strokes_kept():
    img = _paper()
    for y in range(100, 600, 90):
        cv2.line(img, (0, y), (1399, y + 3), (120, 130, 170), 3)
    _strokes(img, (200, 200), colour=(20, 20, 20), scale=1.5)
    outcome = clean_signature(img, RULES)
    assert "signature.lines_removed" in {f.code for f in outcome.findings}
    assert ((outcome.canvas < 128).mean(axis=1) < 0.6).all()
    assert (outcome.canvas < 128).mean() > 0.02


def test_small_tilt_is_measured_and_straightened():
    img = np.full((700, 1400, 3), 235, np.uint8)
    _strokes(img, (250, 250), colour=(10, 10, 10), scale=1.5)
    tilted = cv2.warpAffine(img, cv2.getRotationMatrix2D((700, 350), -6, 1.0), (1400, 700), borderValue=(235,) * 3)
    level = clean_signature(img, RULES).metrics["tilt_deg"]
    tilt = clean_signature(tilted, RULES).metrics["tilt_deg"]
    assert abs((tilt - level) - 6) < 1.5


def test_blank_paper_has_no_ink():
    outcome = clean_signature(_paper(), RULES)
    assert outcome.canvas is None and [f.code for f in outcome.findings] == ["signature.no_ink"]


def test_two_signatures_far_apart_are_reported_not_merged():
    img = _paper(1600, 1200)
    _strokes(img, (100, 100), colour=(10, 10, 10))
    _strokes(img, (900, 900), colour=(10, 10, 10))
    outcome = clean_signature(img, RULES)
    assert outcome.canvas is None and outcome.findings[0].code == "signature.several"
    assert len(outcome.metrics["candidates"]) == 2


def test_cli_writes_the_signature(tmp_path, capsys):
    out = tmp_path / "签名.jpg"
    code = main(["process", "--slot", "signature", str(_real("sig_clean_white_paper.jpg")), "-o", str(out), "--json"])
    report = json.loads(capsys.readouterr().out)
    assert code == 0 and report["ok"] and report["output"] == str(out)
    assert 0 < out.stat().st_size <= RULES.upload.max_bytes


def test_cli_several_signatures_exits_with_findings(tmp_path, capsys):
    out = tmp_path / "sig.jpg"
    path = _real("sig_multiple_on_scanned_letter.jpg")
    code = main(["process", "--slot", "signature", str(path), "-o", str(out), "--json"])
    report = json.loads(capsys.readouterr().out)
    assert code == 1 and not out.exists()
    assert report["findings"][0]["code"] == "signature.several" and "裁剪" in report["findings"][0]["message"]
