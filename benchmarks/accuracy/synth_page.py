"""证明材料 photographed on a desk: is every page found and flattened, and does its upload file still read?

Each picture is made: a certificate (:func:`tests.synthetic_pages.certificate`, Chinese and Latin
print, a red seal on some) warped by a known homography onto a real desk or clutter photo from
``../shared/testdata`` (or a drawn one without it), turned up to 30°, its far edge foreshortened,
under a lamp's uneven light, with sensor noise. The page's corners are known; the engine's are
compared, and the legibility the engine measured (the share of characters its OCR still reads in
the upload file) is reported for every page.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import cv2
import numpy as np
from PIL import Image

from benchmarks.accuracy.card_scene import CardScene, background, backgrounds
from benchmarks.accuracy.outcome import Verdict, classify
from benchmarks.accuracy.synth_card import corner_errors
from benchmarks.accuracy.synthetic import Suite, SynthCase
from tests.synthetic_pages import certificate, page_corners
from wizard.case.model import Slot
from wizard.case.rules import load_rules
from wizard.imaging.process import process_file

NAME = "proof pages on desks"
BAR = "page found, max corner error ≤ 2% of the page diagonal, upload keeps ≥ 95% of the characters"
SIZES = ((1800, 2400), (2400, 1800))  # the proof engine works at most 2400 px long: corners are source pixels
FULL_CASES, QUICK_CASES = 12, 2


def scene(seed: int) -> dict:
    rng = np.random.default_rng(7000 + seed)
    kinds = backgrounds()
    return {"seed": seed, "background": kinds[seed % len(kinds)], "size": SIZES[seed % 2],
            "share": float(rng.uniform(0.6, 0.85)), "angle": float(rng.choice([-1, 1]) * rng.uniform(0, 30)),
            "tilt": float(rng.uniform(0, 0.12)), "centre": (float(rng.uniform(0.45, 0.55)), 0.5),
            "text_px": int(rng.integers(22, 34)), "seal": bool(rng.random() < 0.3), "noise": float(rng.uniform(2, 6))}


def photograph(s: dict) -> tuple[np.ndarray, np.ndarray]:
    """The photo and the page's true corners (tl, tr, br, bl as printed)."""
    rng = np.random.default_rng(8000 + s["seed"])
    w, h = s["size"]
    desk_scene = CardScene(seed=s["seed"], side=Slot.ID_FRONT, background=s["background"], size=(w, h),
                           long_share=0.5, angle=0, tilt=(0, 0), place=(0.5, 0.5), shadow=False, glare=False,
                           blur=0, noise=0, jpeg=0)
    desk = background(desk_scene, rng)
    page = np.asarray(certificate(text_px=s["text_px"], seal=s["seal"]), np.float32)
    fit = min(1.0, 0.92 * min(w, h) / (s["share"] * h * (page.shape[1] / page.shape[0]) * 1.5))
    quad = page_corners((w, h), (page.shape[1], page.shape[0]), s["share"] * fit, s["angle"], s["tilt"], s["centre"])
    src = np.float32([[0, 0], [page.shape[1], 0], [page.shape[1], page.shape[0]], [0, page.shape[0]]])
    matrix = cv2.getPerspectiveTransform(src, quad)
    inside = cv2.warpPerspective(np.ones(page.shape[:2], np.float32), matrix, (w, h))[..., None]
    warped = cv2.warpPerspective(page, matrix, (w, h), flags=cv2.INTER_AREA)
    y, x = np.mgrid[0:h, 0:w].astype(np.float32)
    lamp = 0.75 + 0.25 * np.exp(-(((x - rng.uniform(0, w)) ** 2 + (y - rng.uniform(0, h)) ** 2) / (0.5 * w * h)))
    photo = (desk * (1 - inside) + warped * inside) * lamp[..., None]
    photo += s["noise"] * rng.standard_normal(photo.shape).astype(np.float32)
    return np.clip(photo, 0, 255).astype(np.uint8), quad


def run_case(s: dict, folder: Path) -> SynthCase:
    picture, truth = photograph(s)
    path = folder / f"page-{s['seed']:03d}.jpg"
    Image.fromarray(picture).save(path, quality=90)
    started = time.perf_counter()
    results = process_file(Slot.PROOF, path, load_rules())
    seconds = time.perf_counter() - started
    metrics = results[0].metrics if results else {}
    found = np.asarray(metrics["corners"], np.float64) if metrics.get("located") == "found" else None
    errors = corner_errors(found, truth)
    diagonal = float(np.linalg.norm(truth[2] - truth[0]))
    share = 1.0 if errors is None else float(errors.max()) / diagonal
    legible = metrics.get("legibility")
    scores = {"max_corner_share": round(share, 4), "legibility": -1.0 if legible is None else float(legible)}
    good = share <= 0.02 and legible is not None and legible >= 0.95
    name = (f"page-{s['seed']:03d} on {s['background']}, {s['size'][0]}×{s['size'][1]}, turned {s['angle']:+.0f}°, "
            f"text {s['text_px']} px" + (", seal" if s["seal"] else "") + f": {metrics.get('format')}, "
            f"{metrics.get('bytes')} B, legibility {legible}")
    return SynthCase(name, classify(results), [f.code for r in results for f in r.findings], scores, good,
                     badly_wrong=classify(results) is Verdict.ACCEPT and share > 0.05, seconds=round(seconds, 3))


def run_suite(quick: bool = False, sheet: Path | None = None) -> Suite:
    suite = Suite(NAME, BAR)
    with tempfile.TemporaryDirectory(prefix="synth_page_") as name:
        suite.cases = [run_case(scene(seed), Path(name)) for seed in range(QUICK_CASES if quick else FULL_CASES)]
    suite.notes = [f"legibility per page: {c.name}" for c in suite.cases]
    flattened = [c.scores["max_corner_share"] <= 0.02 for c in suite.cases]
    suite.means = {"flattened": round(float(np.mean(flattened)), 3),
                   "legibility": round(float(np.mean([max(0.0, c.scores["legibility"]) for c in suite.cases])), 3)}
    return suite
