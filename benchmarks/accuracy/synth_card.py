"""ID cards on tables: how close the 身份证 engine's four corners come to where the card really is.

No real photo of a card comes with its corners measured, so this suite draws them: the 人像面
or 国徽面 of a made-up 居民身份证 (:mod:`tests.synthetic_cards`), warped by a known
homography onto a table the way a phone sees it (turned in the plane, tilted a little, its
corners rounded), over real photos of desks, pages and clutter from ``../shared/testdata``
or generated wood, printed paper and plain tables, with shadow, glare, blur, noise and
JPEG on some. Each picture runs through :func:`wizard.imaging.process.process_file` as the
CLI runs it; the corners it reports are compared with the drawn ones.

A card the engine crops wrongly, or passes whole as a "flat scan", is the failure that
hurts: the platform gets a picture of a table. Everything is made from seeds, nothing is
committed but this generator.

The picture is drawn in :mod:`benchmarks.accuracy.card_scene`; this module makes the cases from
their seeds, scores the corners the engine found and runs the suite.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

from benchmarks.accuracy.card_scene import (
    DRAWN_BACKGROUNDS,
    CardScene,
    backgrounds,
    long_side,
    photograph,
    printed_face,
)
from benchmarks.accuracy.outcome import Verdict, classify
from benchmarks.accuracy.synthetic import Suite, SynthCase
from wizard.case.model import Slot
from wizard.case.rules import RulePack, load_rules
from wizard.imaging.process import DRAFT_FOR, load_cached, process_file
from wizard.imaging.result import ProcessResult

NAME = "ID cards on tables"
BAR = "max corner error ≤ 2% of the card diagonal"
GOOD_SHARE = 0.02  # of the card's diagonal: the flattened card's print is then straight to the eye
WRONG_SHARE = 0.05  # beyond this a strip of table shows, or a corner of the card is cut away
NOT_FOUND_SHARE = 1.0  # the score of a card not found at all: worse than any wrong outline
FULL_CASES = 30
# A real page on wood (front), printed paper (back), drawn wood (front); without the shared
# folder these seeds still give both sides.
QUICK_SEEDS = (0, 7, 6)
# Phone photos at two resolutions, both ways up. The larger landscape one is decoded as a
# half-size draft by the engine (DRAFT_FOR), so the scale back to source pixels is exercised.
SIZES = ((2400, 1800), (1800, 2400), (3200, 2400), (2400, 3200))
SIDE_WORDS = {Slot.ID_FRONT: "人像面", Slot.ID_BACK: "国徽面"}


def scene_for(seed: int) -> CardScene:
    """Seed ``n`` lies on background ``n mod count``; each background gets both sides over the suite."""
    rng = np.random.default_rng(1000 + seed)
    kinds = backgrounds()
    side = Slot.ID_FRONT if (seed // len(kinds) + seed) % 2 == 0 else Slot.ID_BACK
    return CardScene(
        seed=seed, side=side, background=kinds[seed % len(kinds)], size=SIZES[rng.integers(len(SIZES))],
        long_share=float(rng.uniform(0.35, 0.70)), angle=float(rng.choice([-1, 1]) * rng.uniform(0, 30)),
        tilt=(float(rng.uniform(-15, 15)), float(rng.uniform(-10, 10))), place=tuple(rng.uniform(0.1, 0.9, 2)),
        shadow=bool(rng.random() < 0.4), glare=bool(rng.random() < 0.25),
        blur=float(rng.uniform(0.6, 1.6)) if rng.random() < 0.3 else 0.0,
        noise=float(rng.uniform(2, 7)) if rng.random() < 0.5 else 0.0,
        jpeg=int(rng.integers(55, 80)) if rng.random() < 0.3 else 0,
    )


def describe(scene: CardScene, truth: np.ndarray) -> str:
    """The case's name: everything a reader needs to picture it."""
    w, h = scene.size
    share = long_side(truth) / w
    parts = [f"card-{scene.seed:03d} {SIDE_WORDS[scene.side]} on {scene.background}, {w}×{h}",
             f"card {share:.0%} wide", f"turned {scene.angle:+.0f}°",
             f"tilt {scene.tilt[0]:+.0f}/{scene.tilt[1]:+.0f}°"]
    parts += ["shadow"] * scene.shadow + ["glare"] * scene.glare
    parts += [f"blur σ{scene.blur:.1f}"] * bool(scene.blur) + [f"noise σ{scene.noise:.0f}"] * bool(scene.noise)
    parts += [f"JPEG q{scene.jpeg}"] * bool(scene.jpeg)
    return ", ".join(parts)


# --- scoring ------------------------------------------------------------------------------------

def corner_errors(found: np.ndarray | None, truth: np.ndarray) -> np.ndarray | None:
    """The distance from each true corner to its found one, or None when nothing was found.

    The engine lists corners clockwise from the top-left *of the photo*, and a card turned on
    its side starts elsewhere: the found corners are matched under whichever of the four
    cyclic orders, either way round, fits best.
    """
    if found is None:
        return None
    points = np.asarray(found, np.float64).reshape(4, 2)
    orders = [np.roll(points, -k, axis=0) for k in range(4)] + [np.roll(points[::-1], -k, axis=0) for k in range(4)]
    return min((np.linalg.norm(order - truth, axis=1) for order in orders), key=lambda e: float(e.mean()))


def card_scores(found: np.ndarray | None, truth: np.ndarray) -> dict[str, float]:
    """Mean corner error in source pixels, and the worst one as a share of the card's diagonal."""
    errors = corner_errors(found, truth)
    if errors is None:
        return {"mean_px": float("inf"), "max_share": NOT_FOUND_SHARE}
    diagonal = (np.linalg.norm(truth[2] - truth[0]) + np.linalg.norm(truth[3] - truth[1])) / 2
    return {"mean_px": round(float(errors.mean()), 2), "max_share": round(float(errors.max() / diagonal), 4)}


def found_corners(results: list[ProcessResult], scale: float) -> np.ndarray | None:
    """The card's corners the engine settled on, in source pixels; None for no card or a flat scan.

    The engine reports corners in the pixels it analysed, which for a large JPEG is a draft
    decoded at ``scale`` of the source.
    """
    metrics = results[0].metrics if results else {}
    if metrics.get("located") not in ("found", "manual") or not metrics.get("corners"):
        return None
    return np.asarray(metrics["corners"], np.float64) / scale


def expected_verdict(scene: CardScene, truth: np.ndarray, rules: RulePack) -> Verdict:
    """What a careful clerk would want said: a warning for glare, a card too small, a front with no portrait."""
    too_small = long_side(truth) < rules.check("document", "min_source_width")
    no_portrait = scene.side is Slot.ID_FRONT and printed_face("男") is None
    return Verdict.WARN if scene.glare or too_small or no_portrait else Verdict.ACCEPT


# --- running ------------------------------------------------------------------------------------

def run_case(scene: CardScene, rules: RulePack, folder: Path, sheet: Path | None = None) -> SynthCase:
    """Draw, process as the CLI does, and score one picture."""
    picture, truth = photograph(scene)
    path = folder / f"card-{scene.seed:03d}.jpg"  # one name per case: the decode cache keys on the path
    Image.fromarray(picture).save(path, quality=90)
    start = time.perf_counter()
    results = process_file(scene.side, path, rules)
    seconds = time.perf_counter() - start
    scale = load_cached(path, DRAFT_FOR.get(scene.side)).scale  # the engine's own decode, from the cache
    found = found_corners(results, scale)
    scores = card_scores(found, truth)
    produced = any(r.data for r in results)
    case = SynthCase(
        name=describe(scene, truth), verdict=classify(results), codes=[f.code for r in results for f in r.findings],
        scores=scores, good=found is not None and scores["max_share"] <= GOOD_SHARE,
        badly_wrong=produced and (found is None or scores["max_share"] > WRONG_SHARE),
        expected=expected_verdict(scene, truth, rules), seconds=round(seconds, 3),
    )
    if sheet is not None:
        _write_sheet(case, picture, truth, found, results, sheet)
    return case


def _write_sheet(case: SynthCase, picture: np.ndarray, truth: np.ndarray, found: np.ndarray | None,
                 results: list[ProcessResult], sheet: Path) -> None:
    """The source at ≤ 900 px wide with the true outline green and the found one red, and the output file."""
    folder = sheet / "synth_card"
    folder.mkdir(parents=True, exist_ok=True)
    stem = case.name.split(" ", 1)[0]
    preview = Image.fromarray(picture)
    factor = min(1.0, 900 / preview.width)
    preview = preview.resize((round(preview.width * factor), round(preview.height * factor)), Image.Resampling.LANCZOS)
    draw = ImageDraw.Draw(preview)
    for quad, colour in ((truth, (0, 200, 0)), (found, (230, 0, 0))):
        if quad is not None:
            points = [tuple(p) for p in (np.asarray(quad) * factor).tolist()]
            draw.line([*points, points[0]], fill=colour, width=3)
    preview.save(folder / f"{stem}-source.jpg", quality=85)
    case.source_image = f"synth_card/{stem}-source.jpg"
    data = next((r.data for r in results if r.data), b"")
    if data:
        (folder / f"{stem}-output.jpg").write_bytes(data)
        case.output_image = f"synth_card/{stem}-output.jpg"


def run_suite(quick: bool = False, sheet: Path | None = None) -> Suite:
    """The 30 generated cards (3 with ``quick``), processed and scored."""
    rules = load_rules()
    seeds = QUICK_SEEDS if quick else range(FULL_CASES)
    real = len(backgrounds()) > len(DRAWN_BACKGROUNDS)
    suite = Suite(NAME if real else f"{NAME} (generated backgrounds only: no ../shared/testdata)", BAR)
    with tempfile.TemporaryDirectory(prefix="synth_card_") as name:
        suite.cases = [run_case(scene_for(seed), rules, Path(name), sheet) for seed in seeds]
    found = [c for c in suite.cases if np.isfinite(c.scores["mean_px"])]
    if found:
        suite.means = {key: round(float(np.mean([c.scores[key] for c in found])), 4)
                       for key in ("mean_px", "max_share")}
    return suite
