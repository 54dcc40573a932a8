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
    [
        "sig_clean_white_paper.jpg",
        "sig_grey_shaded_paper.jpg",
        "sig_lined_paper.jpg",
        "sig_vote_easy17_cursive_name_shadow_band_right.jpg",  # a hard cast shadow through the ink
        "sig_vote_hard12_show_through_ghost_dark_paper.jpg",
        "sig_vote_hard6_blue_ink_ruled_lines.jpg",
        "sig_vote_hard15_ruled_tilted_red_margin_shadow.jpg",  # tilted ruled lines and a red margin
        "sig_vote_hard17_ruled_red_margin_faint_ink.jpg",  # a double red margin; a stroke along a line
        "sig_green_ink_vignette.jpg",  # faint green on grainy paper: broken at first, the smoother paper passes
    ],
)
def test_real_signature_becomes_clean_black_on_white_without_a_warning(name):
    result = process_file(Slot.SIGNATURE, _real(name), RULES)[0]
    _assert_clean_canvas(result)
    assert not [f.code for f in result.findings if f.severity != "info"]
    assert result.metrics["self_check"]["thick"] < RULES.check("signature", "thick_max")  # no shadow bars


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("sig_vote_hard14_ruled_paper_shadow.jpg", "signature.at_edge"),  # a stroke runs off the top
        ("sig_vote_hard2_tiny_124x59_dark_edge.jpg", "signature.small"),
        ("sig_vote_med9_out_of_focus_warm_gradient.jpg", "signature.blurred"),
    ],
)
def test_a_picture_the_engine_cannot_vouch_for_is_warned_in_words(name, code):
    result = process_file(Slot.SIGNATURE, _real(name), RULES)[0]
    assert result.ok and code in _codes(result)
    finding = next(f for f in result.findings if f.code == code)
    assert finding.severity == "warning"


@pytest.mark.parametrize(
    "name", ["sig_vote_med7_blue_object_left_edge_shadow.jpg", "sig_vote_med3_green_ink_pen_tip_in_frame.jpg"]
)
def test_an_object_reaching_in_from_the_edge_is_taken_out_and_said(name):
    """A blue object's blob, a pen's tip: bold pieces at the picture's edge, no pen strokes."""
    result = process_file(Slot.SIGNATURE, _real(name), RULES)[0]
    assert "signature.edge_removed" in _codes(result)
    assert not [f.code for f in result.findings if f.severity != "info"]


def test_vignette_and_black_bars_are_not_kept_as_ink():
    result = process_file(Slot.SIGNATURE, _real("sig_vote_med4_black_marker_note_dark_border.jpg"), RULES)[0]
    assert "signature.edge_removed" in _codes(result)
    grey = _decoded(result)
    x0, _, x1, _ = _ink_box(grey)
    # A bar at the photo's side would stretch the ink box to the canvas's full ink width at that end.
    assert x1 - x0 < 0.8 * 600


def test_ruled_lines_are_removed():
    result = process_file(Slot.SIGNATURE, _real("sig_lined_paper.jpg"), RULES)[0]
    assert "signature.lines_removed" in _codes(result)
    grey = _decoded(result)
    assert ((grey < 128).mean(axis=1) < 0.6).all()  # no row of the canvas is a line across it


def test_blurred_photo_is_warned_not_passed_as_fine():
    result = process_file(Slot.SIGNATURE, _real("sig_blurred_dark_blob.jpg"), RULES)[0]
    assert "signature.blurred" in _codes(result)


def test_upside_down_latin_signature_asks_the_user_and_rotation_is_applied():
    """No cue tells a Latin signature's way up: there is no standing note, the user confirms it."""
    path = _real("sig_upside_down_180deg.jpg")
    result = process_file(Slot.SIGNATURE, path, RULES)[0]
    assert "signature.turned" not in _codes(result) and "signature.check_upright" not in _codes(result)
    assert [c.key for c in RULES.slots[Slot.SIGNATURE].confirm] == ["upright"]
    turned = process_file(Slot.SIGNATURE, path, RULES, Adjustment(rotation=2))[0]
    assert turned.ok and turned.adjust.rotation == 2
    assert not np.array_equal(_decoded(result), _decoded(turned))


def test_a_letter_with_signatures_and_a_page_of_writing_are_never_passed_as_one():
    for name in ("sig_multiple_on_scanned_letter.jpg", "sig_zh_tablet_stylus_paragraph_dotted_grid.jpg"):
        result = process_file(Slot.SIGNATURE, _real(name), RULES)[0]
        assert not result.data and _codes(result) & {"signature.several", "signature.page"}, name


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


def _characters(img: np.ndarray, lefts_tops: list[tuple[int, int]], size: int = 160) -> None:
    """Square blocks of separate strokes, one per character, with a dot (点) in each."""
    for x, y in lefts_tops:
        for k in range(3):
            cv2.line(img, (x, y + 30 + 50 * k), (x + size, y + 30 + 50 * k), (15, 15, 15), 7)
        cv2.line(img, (x + size // 2, y), (x + size // 2, y + size), (15, 15, 15), 7)
        cv2.circle(img, (x + size + 12, y + 8), 6, (15, 15, 15), -1)


def test_characters_at_different_heights_are_left_as_written():
    """A Chinese name's characters sit at different heights; that is no tilt to straighten."""
    img = np.full((700, 1400, 3), 232, np.uint8)
    _characters(img, [(250, 230), (550, 270), (850, 310)])
    canvas = clean_signature(img, RULES).canvas
    ink = canvas < 128
    thirds = [ink[:, s] for s in (slice(0, 230), slice(230, 370), slice(370, 600))]
    tops = [np.nonzero(t.any(axis=1))[0].min() for t in thirds]
    assert tops[0] < tops[1] < tops[2]  # still stepping down, as drawn
    assert (tops[2] - tops[0]) > 0.12 * (np.ptp(np.nonzero(ink.any(axis=1))[0]) + 1)


def test_dots_of_a_character_are_kept_and_the_name_is_one_signature():
    img = np.full((700, 1400, 3), 232, np.uint8)
    _characters(img, [(250, 250), (600, 250), (950, 250)])
    outcome = clean_signature(img, RULES)
    assert outcome.canvas is not None
    count = cv2.connectedComponents((outcome.canvas < 128).astype(np.uint8))[0] - 1
    assert count == 6  # three characters and their three dots


def test_broken_strokes_are_warned():
    img = np.full((600, 1400, 3), 230, np.uint8)
    for x in range(200, 1200, 22):  # a signature drawn as dashes: what faint ink broken up looks like
        cv2.line(img, (x, 300 + int(60 * np.sin(x / 40))), (x + 9, 300 + int(60 * np.sin((x + 9) / 40))),
                 (20, 20, 20), 5)
    outcome = clean_signature(img, RULES)
    assert outcome.canvas is not None and "signature.broken" in {f.code for f in outcome.findings}


def test_a_page_of_writing_is_refused_as_not_one_signature():
    img = np.full((1400, 1000, 3), 235, np.uint8)
    for row in range(5):
        for word in range(3):
            _strokes(img, (60 + 300 * word, 80 + 260 * row), colour=(20, 20, 20), scale=0.45)
    outcome = clean_signature(img, RULES)
    assert outcome.canvas is None and outcome.findings[0].code in {"signature.page", "signature.several"}


def test_a_tiny_picture_is_said_to_be_too_small():
    small = cv2.resize(_paper(), (140, 60), interpolation=cv2.INTER_AREA)
    assert clean_signature(small, RULES).findings[0].code == "signature.too_small"


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
    assert report["findings"][0]["code"] in {"signature.several", "signature.page"}
    assert "裁剪" in report["findings"][0]["message"]


def test_an_upside_down_chinese_name_is_read_both_ways_and_turned():
    from benchmarks.accuracy.signature_drawing import kai_font_present
    from benchmarks.accuracy.synth_signature import draw_case

    if not kai_font_present():
        pytest.skip("the Kai font (Debian package fonts-arphic-ukai) is absent: no Chinese name can be drawn")
    picture = draw_case(0).picture  # 张军
    upright = clean_signature(picture, RULES)
    over = clean_signature(np.ascontiguousarray(picture[::-1, ::-1]), RULES)
    assert "signature.turned" not in {f.code for f in upright.findings}
    assert "signature.turned" in {f.code for f in over.findings}
    a, b = upright.canvas < 128, over.canvas < 128
    near = cv2.dilate(a.astype(np.uint8), np.ones((7, 7), np.uint8)).astype(bool)
    assert (b & near).sum() > 0.9 * b.sum()  # turned back, it lies on the upright result


def test_the_eraser_rubs_out_what_it_covers_and_rubbing_out_everything_is_refused():
    img = _paper()
    _strokes(img, (200, 200), colour=(20, 20, 20), scale=1.5)
    plain = clean_signature(img, RULES)
    ys, xs = np.nonzero(plain.canvas < 128)
    dab = (int(xs[0]), int(ys[0]), 10)
    rubbed = clean_signature(img, RULES, erase=[dab])
    assert "signature.erased" in {f.code for f in rubbed.findings}
    x, y, _r = dab
    assert (rubbed.canvas[y - 5 : y + 6, x - 5 : x + 6] == 255).all()
    assert (rubbed.canvas < 128).sum() < (plain.canvas < 128).sum()
    everywhere = [(x, y, 40) for x in range(0, 600, 40) for y in range(0, 240, 40)]
    gone = clean_signature(img, RULES, erase=everywhere)
    assert gone.canvas is None and gone.findings[0].code == "signature.erased_all"


def test_a_bold_underline_written_along_a_ruled_line_stays_whole():
    """sig_vote_hard8: the underline joining both words lies on a ruled line for most of its length;
    removing the line must leave it whole (it had been cut into a dotted row)."""
    result = process_file(Slot.SIGNATURE, _real("sig_vote_hard8_bold_ink_ruled_red_margin.jpg"), RULES)[0]
    assert "signature.lines_removed" in _codes(result)
    ink = (_decoded(result) < 128).astype(np.uint8)
    _count, _labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    widest = stats[1:, cv2.CC_STAT_WIDTH].max()
    xs = np.nonzero(ink.any(axis=0))[0]
    assert widest > 0.6 * (xs.max() - xs.min() + 1)  # one piece runs under both words


@pytest.mark.parametrize("name", ["sig_clean_white_paper.jpg", "sig_vote_easy4_purple_ink_cream_paper.jpg"])
def test_a_sheet_with_two_copies_of_one_real_signature_is_several_never_merged(name):
    """The photo at the top left and a black copy of it at the bottom right, half a photo apart."""
    rgb = np.asarray(Image.open(_real(name)).convert("RGB"))
    h, w = rgb.shape[:2]
    sheet = np.empty((2 * h + h // 2, 2 * w + w // 2, 3), np.uint8)
    sheet[:] = np.median(rgb.reshape(-1, 3), axis=0).astype(np.uint8)
    sheet[:h, :w] = rgb
    sheet[-h:, -w:] = np.repeat(rgb.min(axis=2, keepdims=True), 3, axis=2)
    outcome = clean_signature(sheet, RULES)
    assert outcome.canvas is None and outcome.findings[0].code == "signature.several"
    assert len(outcome.metrics["candidates"]) == 2


@pytest.mark.parametrize("turns", [1, 3])
def test_a_chinese_name_on_its_side_is_laid_down_and_read_the_right_way_up(turns):
    from benchmarks.accuracy.signature_drawing import kai_font_present
    from benchmarks.accuracy.synth_signature import draw_case

    if not kai_font_present():
        pytest.skip("the Kai font (Debian package fonts-arphic-ukai) is absent: no Chinese name can be drawn")
    picture = draw_case(14).picture  # 周超明
    upright = clean_signature(picture, RULES)
    lying = clean_signature(np.ascontiguousarray(np.rot90(picture, turns)), RULES)
    finding = next(f for f in lying.findings if f.code == "signature.turned_quarter")
    assert finding.params["degrees"] == (90 if turns == 1 else 270)  # clockwise, undoing the turn
    a, b = upright.canvas < 128, lying.canvas < 128
    near = cv2.dilate(a.astype(np.uint8), np.ones((7, 7), np.uint8)).astype(bool)
    assert (b & near).sum() > 0.9 * b.sum()


def test_latin_ink_on_its_side_is_left_as_it_was_and_the_user_asked_to_turn_it():
    img = _paper()
    _strokes(img, (200, 200), colour=(20, 20, 20), scale=1.5)
    outcome = clean_signature(np.ascontiguousarray(np.rot90(img)), RULES)
    assert "signature.maybe_rotated" in {f.code for f in outcome.findings}
    ys, xs = np.nonzero(outcome.canvas < 128)
    assert np.ptp(ys) > np.ptp(xs)  # still standing as the photo had it


def test_broken_strokes_on_grainy_paper_are_tried_with_smoother_paper_which_must_pass_every_look():
    result = process_file(Slot.SIGNATURE, _real("sig_green_ink_vignette.jpg"), RULES)[0]
    assert result.metrics["paper_strokes"] == RULES.check("signature", "smooth_paper_strokes")
    clean = process_file(Slot.SIGNATURE, _real("sig_clean_white_paper.jpg"), RULES)[0]
    assert "paper_strokes" not in clean.metrics  # only a broken picture is tried again
