"""Synthetic 手写签名 suite: drawn signatures on photographed paper, scored against the ink that was drawn.

No real photo of a signature comes with its true ink, so this suite draws its own: Chinese names
in the Kai font (ukai, thinned to a ballpoint line) and Latin-script spline signatures, on white,
cream, grey or coloured paper, under uneven light and cast shadows, over ruled lines, in blue,
green, black, faint or pencil ink, blurred, noisy and JPEG-compressed. Every picture comes from a
fixed seed; nothing but this generator is committed. Two pictures hold the same signature twice,
far apart: the engine must refuse them as several signatures, never pick one.

The score is the tolerant ink F-measure usual in document binarisation: the true mask is registered
onto the engine's output (scale, shift, and a turn within a few degrees of the writing as drawn or
levelled, or of a half turn), then precision is the share of output ink pixels within 1 output
pixel of true ink and recall the share of true ink within 1 pixel of output ink. A refused
picture scores 0.

The pen line is drawn in :mod:`benchmarks.accuracy.signature_drawing`, laid on paper and
photographed in :mod:`benchmarks.accuracy.signature_paper`, and scored in
:mod:`benchmarks.accuracy.ink_registration`; this module holds the cases and runs the suite.
"""

from __future__ import annotations

import io
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PIL import Image

from benchmarks.accuracy import signature_drawing
from benchmarks.accuracy.ink_registration import ink_f1, output_ink
from benchmarks.accuracy.outcome import Verdict, classify
from benchmarks.accuracy.signature_drawing import (
    Writing,
    chinese_name,
    chinese_writing,
    kai_font_present,
    latin_writing,
    pen_coverage,
    placed,
)
from benchmarks.accuracy.signature_paper import conditions, photographed
from benchmarks.accuracy.synthetic import Suite, SynthCase

SEED = 20_240_611
FULL_CASES = 32
QUICK_CASES = (0, 1, 2, 7)  # two Chinese names, a Latin signature and a two-copies picture
TWO_COPIES = frozenset({7, 22})
BAR = "ink F1 ≥ 0.9 (1 px tolerance)"


@dataclass
class Drawn:
    """One generated picture, its true ink and what it should get."""

    index: int
    picture: np.ndarray  # RGB uint8, before JPEG
    truth: np.ndarray  # bool, the ink drawn, at the picture's resolution
    name: str
    expected: Verdict
    quality: int
    tilt: float = 0.0  # degrees the writing was drawn off level (the turn that would level it, as cv2 turns)
    text: str = ""  # the Chinese name written ("" for a Latin signature)
    writings: list[Writing] = field(default_factory=list)  # each copy's pen line, as placed on the picture

    @property
    def copies(self) -> int:
        return 2 if self.expected is Verdict.REJECT else 1


# --- one picture ----------------------------------------------------------------------------------


def draw_case(index: int) -> Drawn:
    """Picture ``index`` of the suite: even numbers are Chinese names, odd ones Latin signatures."""
    rng = np.random.default_rng(SEED + index)
    zh, copies = index % 2 == 0, 2 if index in TWO_COPIES else 1
    if zh and not kai_font_present():
        font = signature_drawing.KAI_FONT  # looked up through its module, where a test may point it elsewhere
        raise FileNotFoundError(f"the Kai font {font} is absent (Debian package fonts-arphic-ukai)")
    w = int(rng.integers(1200, 2001))
    h = int(w * (rng.uniform(0.9, 1.0) if copies == 2 else rng.uniform(0.45, 0.75)))
    cond = conditions(rng)
    pen = rng.uniform(2, 4) * w / 1200  # a ballpoint line, 2–4 px on a 1200 px wide photo
    span = w * (rng.uniform(0.26, 0.32) if copies == 2 else rng.uniform(0.4, 0.62))
    tallest = 0.2 * w if copies == 2 else 0.7 * h
    text = chinese_name(rng) if zh else ""
    if zh:
        writing = chinese_writing(text, rng, min(span / (len(text) * 1.03), tallest), pen)
    else:
        writing = latin_writing(rng, span, tallest, pen)
    if copies == 2:  # far apart on the sheet, one in each ink: a form signed twice, or a scanned letter
        centres, inks = [(0.28 * w, 0.22 * h), (0.72 * w, 0.78 * h)], ["black ink", "blue ink"]
        cond.ink, cond.faint = "black + blue ink", False
    else:
        centres, inks = [(w / 2 + rng.normal(0, 0.04) * w, h / 2 + rng.normal(0, 0.04) * h)], [cond.ink]
    tilt = rng.uniform(-5, 5)
    writings = [placed(writing, c, tilt) for c in centres]
    layers = [(pen_coverage(copy, (h, w)), ink) for copy, ink in zip(writings, inks, strict=True)]
    truth = np.logical_or.reduce([coverage >= 0.5 for coverage, _ in layers])
    through = (centres[0][0] + rng.uniform(-0.3, 0.3) * span, centres[0][1] + rng.normal(0, 0.03) * h)
    picture = photographed(cond, layers, rng, through)
    what = f"zh {len(text)} chars {text}" if zh else "latin"
    name = ", ".join([f"sig-{index:03d} {what}", *(["two copies"] * (copies == 2)), f"tilt {tilt:.1f}°",
                      *cond.words(), f"{w}×{h}"])
    expected = Verdict.REJECT if copies == 2 else Verdict.ACCEPT
    return Drawn(index, picture, truth, name, expected, cond.quality, tilt, text, writings)


# --- the suite ----------------------------------------------------------------------------------


def run_suite(quick: bool = False, sheet: Path | None = None) -> Suite:
    """Draw the pictures, run each through the engine as the CLI does, and score the outputs."""
    from wizard.case.rules import load_rules

    indices = list(QUICK_CASES if quick else range(FULL_CASES))
    name = "signatures"
    if not kai_font_present():
        skipped = [i for i in indices if i % 2 == 0]
        indices = [i for i in indices if i % 2]
        name += f" (Kai font {signature_drawing.KAI_FONT.name} absent: {len(skipped)} Chinese names skipped)"
    rules = load_rules()
    suite = Suite(name, BAR)
    with tempfile.TemporaryDirectory(prefix="synth_signature_") as folder:
        for index in indices:
            suite.cases.append(run_case(draw_case(index), rules, Path(folder), sheet))
    single = [c.scores["f1"] for c in suite.cases if c.expected is Verdict.ACCEPT]
    suite.means = {"f1": float(np.mean(single))} if single else {}
    if not quick:
        wrongly = sum(bool({"signature.turned", "signature.turned_quarter"} & set(c.codes)) for c in suite.cases)
        note = _orientation_note([i for i in indices if i % 2 == 0 and i not in TWO_COPIES], rules)
        suite.notes.append(f"{note}; upright pictures turned wrongly: {wrongly}/{len(suite.cases)}")
    return suite


def _orientation_note(chinese: list[int], rules) -> str:
    """The Chinese names turned by 180°, 90° and 270°: how many the engine turns back."""
    from wizard.imaging.signature import clean_signature

    if not chinese:
        return "orientation: no Chinese names drawn (Kai font absent)"
    back = {2: 0, 1: 0, 3: 0}
    for index in chinese:
        picture = draw_case(index).picture
        for turns in back:
            codes = {f.code for f in clean_signature(np.ascontiguousarray(np.rot90(picture, turns)), rules).findings}
            back[turns] += bool(codes & {"signature.turned", "signature.turned_quarter"})
    n = len(chinese)
    return (f"orientation (Chinese names turned, then processed): turned back {back[2]}/{n} upside down, "
            f"{back[1]}/{n} turned 90° left, {back[3]}/{n} turned 90° right")


def run_case(drawn: Drawn, rules, folder: Path, sheet: Path | None = None) -> SynthCase:
    """One picture through :func:`process_file`: verdict, codes, F1, and the bar met or badly missed."""
    from wizard.case.model import Slot
    from wizard.imaging.process import process_file

    path = folder / f"sig-{drawn.index:03d}.jpg"
    Image.fromarray(drawn.picture).save(path, "JPEG", quality=drawn.quality)
    start = time.perf_counter()
    results = process_file(Slot.SIGNATURE, path, rules)
    seconds = time.perf_counter() - start  # the engine's time only, not the drawing or the scoring
    verdict = classify(results)
    data = next((r.data for r in results if r.data), b"")
    f1 = ink_f1(drawn.truth, output_ink(data), drawn.tilt)
    if drawn.copies == 2:
        # Nothing to score when the engine rightly refuses: the decision is the whole answer.
        good = verdict is drawn.expected
        badly_wrong = verdict is not Verdict.REJECT
    else:
        good = f1 >= 0.9 and verdict is drawn.expected
        badly_wrong = f1 < 0.7
    case = SynthCase(drawn.name, verdict, [f.code for r in results for f in r.findings], {"f1": round(f1, 4)},
                     good, badly_wrong, drawn.expected, round(seconds, 3))
    if sheet is not None:
        case.source_image, case.output_image = _write_sheet_files(drawn, data, sheet)
    return case


def _write_sheet_files(drawn: Drawn, data: bytes, sheet: Path) -> tuple[str, str]:
    """A downscaled source and the output as PNG under ``sheet/synth_signature``; paths relative to ``sheet``."""
    folder = sheet / "synth_signature"
    folder.mkdir(parents=True, exist_ok=True)
    stem = f"sig-{drawn.index:03d}"
    source = Image.fromarray(drawn.picture)
    if source.width > 900:
        source = source.resize((900, round(source.height * 900 / source.width)), Image.LANCZOS)
    source.save(folder / f"{stem}.jpg", "JPEG", quality=85)
    if not data:
        return f"synth_signature/{stem}.jpg", ""
    Image.open(io.BytesIO(data)).save(folder / f"{stem}-out.png")
    return f"synth_signature/{stem}.jpg", f"synth_signature/{stem}-out.png"
