"""The portraits-on-busy-backgrounds suite: its measures, its framing, its compositor, its cut-out, a run.

The suite's numbers are only worth reading if the measures, the truth framing and the cut-out
are right, so those are checked on cases where the answer is known by construction; the cut-out
must also stay clear of the engine it is the truth for. The run itself needs the real portraits
of ``../shared/testdata/`` and skips without them.
"""

from __future__ import annotations

import ast
from pathlib import Path

import cv2
import numpy as np
import pytest

from benchmarks.accuracy import portrait_cutout as pc
from benchmarks.accuracy import synth_portrait as sp


def square(top: int, left: int, side: int = 100, shape: tuple[int, int] = (300, 300)) -> np.ndarray:
    mask = np.zeros(shape, bool)
    mask[top : top + side, left : left + side] = True
    return mask


# --- the measures ---------------------------------------------------------------------------------


def test_identical_masks_score_perfectly():
    mask = square(100, 100)
    assert sp.iou(mask, mask) == 1.0
    assert sp.boundary_px(mask, mask) == 0.0


def test_a_mask_shifted_by_three_pixels_is_three_pixels_off():
    mask, shifted = square(100, 100), square(103, 103)
    assert sp.boundary_px(mask, shifted) == pytest.approx(3.0, abs=0.5)
    assert sp.iou(mask, shifted) < 1.0


def test_disjoint_masks_do_not_overlap():
    assert sp.iou(square(10, 10, 50), square(200, 200, 50)) == 0.0


def test_the_picture_edge_is_no_outline():
    # A body reaching the bottom of the photo: only its top edge is an outline, 3 px apart.
    body, lower = np.zeros((300, 300), bool), np.zeros((300, 300), bool)
    body[200:], lower[203:] = True, True
    assert sp.boundary_px(body, lower) == pytest.approx(3.0, abs=0.01)


def test_unsure_pixels_count_neither_in_iou_nor_in_the_boundary():
    # The engine's photo misses a "white shirt" patch inside the person: colour cannot tell, so no penalty.
    truth = square(50, 50, 200)
    produced = truth.copy()
    produced[150:250, 100:200] = False
    shirt = np.zeros_like(truth)
    shirt[150:250, 100:200] = True
    assert sp.iou(truth, produced) < 0.9
    assert sp.iou(truth, produced, ~shirt) == 1.0
    assert sp.boundary_px(truth, produced, shirt) == 0.0


def test_the_output_person_is_what_is_visibly_not_white_without_jpeg_specks():
    photo = np.full((100, 80, 3), 255, np.uint8)
    photo[40:90, 20:60] = (60, 50, 40)  # the person
    photo[10, 10] = (0, 0, 0)  # a JPEG speck
    photo[10:20, 60:70] = 255 - sp.WHITE_DISTANCE  # off-white, still white
    person = sp.output_person(photo)
    assert person[40:90, 20:60].all()
    assert person.sum() == 50 * 40


# --- the truth framing ----------------------------------------------------------------------------


def test_a_frame_past_the_top_edge_repeats_the_top_row():
    rows = np.repeat(np.arange(50, 150, dtype=np.uint8)[:, None], 60, axis=1)  # row r holds 50 + r
    framed = sp.frame_like_engine(rows, (0, -10, 60, 80), (60, 80))
    assert (framed[:11] == 50).all()  # ten invented rows above the picture, then row 0 itself
    assert (framed[11:, 0] == np.arange(51, 120)).all()


def test_the_framed_truth_of_a_rectangle_lands_where_expected():
    truth = np.zeros((600, 400), np.float32)
    truth[200:300, 100:200] = 1.0
    framed = sp.frame_like_engine(truth, (50, 100, 200, 280), (100, 140)) > 0.5  # half scale
    expected = np.zeros((140, 100), bool)
    expected[50:100, 25:75] = True
    assert (framed == expected).all()


# --- the compositor -------------------------------------------------------------------------------


def test_the_composite_is_the_portrait_where_alpha_is_1_and_the_background_where_alpha_is_0():
    rng = np.random.default_rng(3)
    portrait = rng.integers(0, 256, (120, 90, 3), dtype=np.uint8)
    background = rng.integers(0, 256, (120, 90, 3), dtype=np.uint8)
    alpha = np.zeros((120, 90), np.float32)
    alpha[:, 50:] = 1.0
    alpha[:, 45:50] = np.linspace(0.1, 0.9, 5)  # a soft edge between them
    out = sp.composite(portrait, alpha, background)
    assert (out[:, 50:] == portrait[:, 50:]).all()
    assert (out[:, :45] == background[:, :45]).all()


def test_the_backgrounds_and_the_composite_are_the_same_for_a_seed():
    first, again, other = sp.clutter((200, 260), 7), sp.clutter((200, 260), 7), sp.clutter((200, 260), 8)
    assert (first == again).all()
    assert not (first == other).all()
    alpha = np.zeros((260, 200), np.float32)
    alpha[60:, 50:150] = 1.0
    portrait = np.full((260, 200, 3), 90, np.uint8)
    assert (sp.composite(portrait, alpha, first) == sp.composite(portrait, alpha, again)).all()


# --- the cut-out ---------------------------------------------------------------------------------


def imported_names(source: str) -> set[str]:
    """Every module or module member a source file imports, by its full dotted name."""
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = "." * node.level + (node.module or "")
            names |= {f"{base}.{alias.name}" for alias in node.names}
    return names


def test_the_cut_out_imports_nothing_of_the_engine_but_the_safe_loader():
    names = imported_names(Path(pc.__file__).read_text(encoding="utf-8"))
    from_wizard = {n for n in names if n.startswith(("wizard", "."))}
    assert from_wizard == {"wizard.imaging.load.load_image"}


def test_the_import_check_sees_every_way_of_importing_the_engine():
    source = "import wizard.imaging.face\nfrom wizard.imaging import background\nfrom .face import scan_faces\n"
    assert imported_names(source) == {"wizard.imaging.face", "wizard.imaging.background", ".face.scan_faces"}


def head_and_shoulders(shape: tuple[int, int] = (520, 400)) -> tuple[np.ndarray, np.ndarray]:
    """A drawn sitter on a flat, noisy blue wall, and the sitter's mask.

    Hair, face, neck and a dark jacket over a shirt of the wall's own colour: the shirt is
    enclosed by the person, so only hole filling keeps it.
    """
    h, w = shape
    wall = (150, 185, 225)
    picture = np.zeros((h, w, 3), np.uint8)
    picture[:] = wall
    cv2.ellipse(picture, (w // 2, int(0.27 * h)), (int(0.17 * w), int(0.2 * h)), 0, 0, 360, (45, 32, 25), -1)
    cv2.ellipse(picture, (w // 2, int(0.31 * h)), (int(0.14 * w), int(0.17 * h)), 0, 0, 360, (225, 185, 160), -1)
    cv2.rectangle(picture, (int(0.42 * w), int(0.44 * h)), (int(0.58 * w), int(0.64 * h)), (215, 175, 150), -1)
    shoulders = np.array([[0.3, 0.6], [0.7, 0.6], [0.95, 0.78], [0.98, 1.0], [0.02, 1.0], [0.05, 0.78]])
    cv2.fillPoly(picture, [(shoulders * (w, h)).astype(np.int32)], (50, 55, 70))
    shirt = np.array([[0.44, 0.62], [0.56, 0.62], [0.5, 0.85]])
    cv2.fillPoly(picture, [(shirt * (w, h)).astype(np.int32)], wall)
    mask = (picture != wall).any(axis=2)
    mask |= pc.fill_holes(mask)
    rng = np.random.default_rng(5)
    blurred = cv2.GaussianBlur(picture, (0, 0), 1.0).astype(np.float32)  # a lens, not a ruler
    return np.clip(blurred + rng.normal(0, 2.0, picture.shape), 0, 255).astype(np.uint8), mask


def test_a_drawn_sitter_on_a_plain_wall_is_cut_out_as_drawn():
    picture, mask = head_and_shoulders()
    alpha = pc.plain_wall_alpha(picture)
    assert alpha is not None
    assert sp.iou(alpha > 0.5, mask) >= 0.98
    assert (alpha[int(0.7 * 520), 195:205] > 0.5).all()  # the wall-coloured shirt is kept


def test_a_busy_picture_has_no_plain_wall_to_cut_out():
    assert pc.plain_wall_alpha(sp.clutter((400, 520), 3)) is None


def test_the_edge_alpha_recovers_how_much_of_a_pixel_is_person():
    # Red wall on the left, a black person on the right, a 4-pixel ramp between them.
    share = np.zeros(80, np.float32)
    share[40:] = 1.0
    share[38:42] = (0.2, 0.4, 0.6, 0.8)
    wall = np.array((250, 10, 10), np.float32)
    picture = np.repeat((wall * (1 - share[:, None]) + 10 * share[:, None])[None], 60, axis=0)
    alpha = pc.edge_alpha(np.round(picture).astype(np.uint8), np.repeat(share[None] > 0.5, 60, axis=0), band=4)
    assert alpha[30, 36:44] == pytest.approx(share[36:44], abs=0.05)


# --- the suite ------------------------------------------------------------------------------------


def test_without_the_test_photos_the_suite_is_empty_and_says_why(monkeypatch, tmp_path):
    monkeypatch.setattr(sp, "TESTDATA", tmp_path / "absent")
    suite = sp.run_suite(quick=True)
    assert suite.cases == []
    assert "absent" in suite.name


@pytest.fixture(scope="module")
def quick_run(tmp_path_factory):
    if not (sp.TESTDATA / "portrait").is_dir():
        pytest.skip(f"real test images not available: {sp.TESTDATA / 'portrait'} (needs ../shared/testdata)")
    sheet = tmp_path_factory.mktemp("sheet")
    return sp.run_suite(quick=True, sheet=sheet), sheet


def test_the_quick_run_scores_three_cases(quick_run):
    suite, _ = quick_run
    assert suite.name == sp.SUITE_NAME
    assert len(suite.cases) == 3
    for case in suite.cases:
        assert 0.0 <= case.scores["iou"] <= 1.0
        assert case.good == (case.scores["iou"] >= 0.95 and case.scores["boundary_px"] <= 2.0)


def test_the_quick_run_writes_its_sheet(quick_run):
    suite, sheet = quick_run
    for case in suite.cases:
        assert (Path(sheet) / case.source_image).is_file()
        if case.output_image:
            assert (Path(sheet) / case.output_image).is_file()
