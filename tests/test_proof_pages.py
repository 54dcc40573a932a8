"""证明材料 photographed and squeezed: the page is found and flattened with a scanner's look, the upload
keeps the characters the OCR reads at full quality, and a page that cannot keep them is warned by number.

Pages are drawn by :mod:`tests.synthetic_pages` and read by the shipped OCR; nothing is mocked.
"""

from __future__ import annotations

import io

import cv2
import numpy as np
import pytest
from PIL import Image

from tests.synthetic_cards import cjk_font_path
from tests.synthetic_pages import certificate, page_corners
from wizard.case.messages import render
from wizard.case.model import Adjustment, Slot
from wizard.case.rules import load_rules
from wizard.imaging.bilevel import fit_bilevel_png
from wizard.imaging.page import scan_look, skew_angle
from wizard.imaging.process import process_file
from wizard.imaging.proof import proof_page

RULES = load_rules()


@pytest.fixture(autouse=True)
def _font():
    if cjk_font_path() is None:
        pytest.skip("Noto CJK font not installed (apt-get install fonts-noto-cjk): cannot draw the pages")


def _on_desk(page: Image.Image, size=(1800, 2400), angle=14.0, tilt=0.08) -> tuple[np.ndarray, np.ndarray]:
    w, h = size
    rng = np.random.default_rng(3)
    y = np.arange(h, dtype=np.float32)[:, None]
    grain = 20 * np.sin(y / 9.0) + rng.normal(0, 5, (h, w))
    desk = np.clip(np.stack([120 + grain, 80 + 0.7 * grain, 45 + 0.4 * grain], axis=2), 0, 255)
    pixels = np.asarray(page, np.float32)
    quad = page_corners(size, (page.width, page.height), 0.8, angle, tilt, (0.5, 0.5))
    src = np.float32([[0, 0], [page.width, 0], [page.width, page.height], [0, page.height]])
    matrix = cv2.getPerspectiveTransform(src, quad)
    inside = cv2.warpPerspective(np.ones(pixels.shape[:2], np.float32), matrix, size)[..., None]
    lamp = np.linspace(0.7, 1.0, w, dtype=np.float32)[None, :, None]  # a window to the right
    photo = (desk * (1 - inside) + cv2.warpPerspective(pixels, matrix, size, flags=cv2.INTER_AREA) * inside) * lamp
    return np.clip(photo, 0, 255).astype(np.uint8), quad


def test_a_photographed_page_is_found_flattened_white_and_legible(tmp_path):
    photo, truth = _on_desk(certificate(text_px=30))
    path = tmp_path / "证明.jpg"
    Image.fromarray(photo).save(path, quality=90)
    result = process_file(Slot.PROOF, path, RULES)[0]
    assert result.ok and result.metrics["located"] == "found"
    diagonal = float(np.linalg.norm(truth[2] - truth[0]))
    assert np.linalg.norm(np.asarray(result.metrics["corners"]) - truth, axis=1).max() <= 0.02 * diagonal
    assert result.metrics["legibility"] >= RULES.check("proof", "min_kept_share")
    with Image.open(io.BytesIO(result.data)) as out:
        grey = np.asarray(out.convert("L"))
    assert out.height > out.width  # portrait, as the page lies
    assert np.percentile(grey, 60) >= 245  # the paper is white under the lamp's gradient, not grey
    assert np.percentile(grey, 0.5) <= 60  # and the print black


def test_scan_look_takes_the_shadow_away_and_keeps_the_print():
    page = np.asarray(certificate(width=900, text_px=24))
    shade = np.linspace(0.45, 1.0, page.shape[1], dtype=np.float32)[None, :, None]
    shadowed = (page * shade).astype(np.uint8)
    clean = scan_look(shadowed)
    paper = cv2.cvtColor(page, cv2.COLOR_RGB2GRAY) > 200
    out = cv2.cvtColor(clean, cv2.COLOR_RGB2GRAY)
    assert np.percentile(out[paper], 5) >= 235  # the dark side's paper is white too
    assert np.median(out[~paper]) <= 90  # the print stays dark


def test_a_page_placed_askew_is_straightened_by_its_text():
    page = np.asarray(certificate(width=1000, text_px=26))
    h, w = page.shape[:2]
    turned = cv2.warpAffine(page, cv2.getRotationMatrix2D((w / 2, h / 2), 2.5, 1.0), (w, h), borderValue=(255,) * 3)
    assert skew_angle(turned) == pytest.approx(-2.5, abs=0.3)


def test_a_page_too_dense_for_100_kb_is_warned_by_its_number():
    # A4 at 300 dpi packed with 8 pt print and a red seal: a colour JPEG, shrunk to fit (measured: kept 91%).
    # Without the seal the same page fits whole as a black-and-white PNG and keeps 98% (the next test).
    dense = np.asarray(certificate(width=2480, text_px=15, rows=190, seal=True))
    result = proof_page(dense, RULES, Adjustment(), page=3, source_dpi=300)
    assert len(result.data) <= RULES.upload.max_bytes and result.metrics["format"] == "jpeg"
    assert result.metrics["legibility"] < RULES.check("proof", "min_kept_share")
    finding = next(f for f in result.findings if f.code == "proof.illegible")
    assert finding.params["page"] == 3
    assert "第 3 页" in render(finding, RULES) and "Page 3" in render(finding, RULES, "en")


def test_the_same_dense_page_in_grey_reads_whole_as_black_and_white():
    dense = np.asarray(certificate(width=2480, text_px=15, rows=190))
    result = proof_page(dense, RULES, Adjustment(), page=1, source_dpi=300)
    assert result.metrics["format"] == "png" and result.metrics["scale"] == 1.0
    assert result.metrics["legibility"] >= RULES.check("proof", "min_kept_share")
    assert "proof.illegible" not in {f.code for f in result.findings}


def test_black_and_white_png_fits_the_limit_at_a_real_size():
    grey = cv2.cvtColor(np.asarray(certificate(width=2480, text_px=40)), cv2.COLOR_RGB2GRAY)
    encoded = fit_bilevel_png(grey, RULES.upload.max_bytes, 150)
    assert encoded is not None and len(encoded.data) <= RULES.upload.max_bytes
    assert encoded.size[0] >= 1240  # at least half the 300 dpi page: far more than a JPEG of the same bytes
    assert encoded.data[:8] == b"\x89PNG\r\n\x1a\n"
