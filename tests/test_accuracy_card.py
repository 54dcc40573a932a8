"""The ID-cards-on-tables suite measures what it says: corner matching, the drawn truth, and a quick run.

A suite that scored a wrong outline as right, or drew its truth corners somewhere other than
the card, would report numbers about nothing; these tests catch both.
"""

from __future__ import annotations

import dataclasses

import cv2
import numpy as np
import pytest

from benchmarks.accuracy.card_scene import CardScene, card_face, photograph
from benchmarks.accuracy.outcome import Verdict
from benchmarks.accuracy.synth_card import card_scores, corner_errors, found_corners, run_suite, scene_for
from tests.synthetic_cards import cjk_font_path
from wizard.case.model import Adjustment
from wizard.imaging.result import ProcessResult

TRUTH = np.array([[100.0, 200.0], [900.0, 260.0], [860.0, 760.0], [60.0, 700.0]])
needs_font = pytest.mark.skipif(cjk_font_path() is None, reason="Noto CJK is needed to print the card")


def _result(**metrics) -> ProcessResult:
    return ProcessResult(b"jpeg", [], metrics, Adjustment(), (10, 10))


def test_truth_itself_has_no_error():
    assert card_scores(TRUTH, TRUTH) == {"mean_px": 0.0, "max_share": 0.0}


@pytest.mark.parametrize("shift", [1, 2, 3])
@pytest.mark.parametrize("reverse", [False, True])
def test_corners_listed_in_another_order_still_match(shift: int, reverse: bool):
    listed = np.roll(TRUTH[::-1] if reverse else TRUTH, shift, axis=0)
    assert np.allclose(corner_errors(listed, TRUTH), 0)


def test_corners_moved_by_3_4_are_5_px_off():
    scores = card_scores(TRUTH + np.array([3.0, 4.0]), TRUTH)
    diagonal = (np.linalg.norm(TRUTH[2] - TRUTH[0]) + np.linalg.norm(TRUTH[3] - TRUTH[1])) / 2
    assert scores["mean_px"] == pytest.approx(5.0)
    assert scores["max_share"] == pytest.approx(5.0 / diagonal, abs=1e-4)


def test_a_wrong_outline_scores_badly():
    # The cyclic matching must not forgive a quadrilateral of the wrong size.
    assert card_scores(TRUTH * 1.2, TRUTH)["max_share"] > 0.05


@pytest.mark.parametrize("results", [[], [_result(located="none")], [_result(located="flat")],
                                     [_result(located="found")]])
def test_no_card_found_is_not_found(results):
    assert found_corners(results, 1.0) is None


def test_a_missing_card_scores_as_not_found():
    assert corner_errors(None, TRUTH) is None
    assert card_scores(None, TRUTH) == {"mean_px": float("inf"), "max_share": 1.0}


def test_found_corners_come_back_in_source_pixels():
    # A half-size draft: the engine's corners are in draft pixels.
    found = found_corners([_result(located="found", corners=(TRUTH / 2).tolist())], 0.5)
    assert np.allclose(found, TRUTH)


def _quiet(seed: int) -> CardScene:
    """The seed's card on a plain dark table with nothing spoiling it, so the card's pixels are clear."""
    return dataclasses.replace(scene_for(seed), background="dark table", shadow=False, glare=False, blur=0.0,
                               noise=0.0, jpeg=0, size=(1600, 1200))


@needs_font
def test_the_generator_is_deterministic_for_a_seed():
    first, again, other = photograph(scene_for(3)), photograph(scene_for(3)), photograph(scene_for(4))
    assert np.array_equal(first[0], again[0]) and np.array_equal(first[1], again[1])
    assert not np.array_equal(first[1], other[1])


@needs_font
@pytest.mark.parametrize("seed", [2, 5])
def test_the_truth_corners_are_where_the_printed_card_is(seed: int):
    """Warping the photo back from the truth corners gives the painted card, the right way up."""
    scene = _quiet(seed)
    picture, truth = photograph(scene)
    card, _ = card_face(scene)
    w, h = card.size
    outer = np.array([[-0.5, -0.5], [w - 0.5, -0.5], [w - 0.5, h - 0.5], [-0.5, h - 0.5]], np.float32)
    back = cv2.warpPerspective(picture, cv2.getPerspectiveTransform(truth, outer), (w, h))
    painted = np.asarray(card, np.float32).mean(axis=2)
    seen = back.astype(np.float32).mean(axis=2)
    inner = (slice(h // 10, -h // 10), slice(w // 10, -w // 10))  # away from the rounded corners
    assert np.corrcoef(painted[inner].ravel(), seen[inner].ravel())[0, 1] > 0.9
    upside_down = np.corrcoef(painted[inner].ravel(), seen[::-1, ::-1][inner].ravel())[0, 1]
    assert upside_down < 0.5


@needs_font
def test_the_card_is_brighter_than_the_dark_table_inside_its_corners():
    picture, truth = photograph(_quiet(1))
    inside = np.zeros(picture.shape[:2], np.uint8)
    cv2.fillConvexPoly(inside, truth.round().astype(np.int32), 1)
    grey = picture.mean(axis=2)
    assert grey[inside == 1].mean() > 150 > 80 > grey[inside == 0].mean()


@needs_font
def test_quick_suite_scores_three_cases_and_writes_the_sheet(tmp_path):
    suite = run_suite(quick=True, sheet=tmp_path)
    assert len(suite.cases) == 3
    assert all(isinstance(c.verdict, Verdict) for c in suite.cases)
    assert all(set(c.scores) == {"mean_px", "max_share"} for c in suite.cases)
    assert {"人像面", "国徽面"} <= {c.name.split()[1] for c in suite.cases}  # both sides of the card
    for case in suite.cases:
        assert (tmp_path / case.source_image).is_file() and (tmp_path / case.output_image).is_file()
    assert suite.summary().startswith("ID cards on tables")
