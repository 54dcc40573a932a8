"""Benchmark of the 手写签名, 身份证 and 手持身份证照 engines on this machine (a plain script, not a test).

    python -m benchmarks.documents

Each case is a 12-megapixel JPEG (4000×3000) written once, processed once to warm up, then
RUNS times with the decode cache cleared; the median is printed with its target.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

import numpy as np
from PIL import Image

from tests.synthetic_handheld import card_corners, drawn_card, face_crop, handheld_photo, hold_up
from wizard.case import Slot
from wizard.imaging import process
from wizard.rules import load_rules

TESTDATA = Path(__file__).resolve().parents[2] / "shared" / "testdata"
RUNS = 7
SIZE = (4000, 3000)


def signature_photo(folder: Path) -> Path:
    image = Image.open(TESTDATA / "signature" / "sig_clean_white_paper.jpg").convert("RGB")
    path = folder / "12mp_signature.jpg"
    image.resize(SIZE, Image.Resampling.BICUBIC).save(path, quality=92)
    return path


def card_photo(folder: Path) -> Path:
    rng = np.random.default_rng(1)
    w, h = SIZE
    grain = np.sin(np.linspace(0, 60, h))[:, None] * 18 + rng.normal(0, 6, (h, w))
    desk = np.clip(np.stack([130 + grain, 85 + grain * 0.7, 50 + grain * 0.4], axis=2), 0, 255).astype(np.uint8)
    card = drawn_card(face_crop(TESTDATA / "portrait" / "plain_white_bg_man_curlyhair.jpg"))
    path = folder / "12mp_card.jpg"
    Image.fromarray(hold_up(desk, card, card_corners(SIZE, 0.6, (0.5, 0.5), angle=8))).save(path, quality=92)
    return path


def handheld(folder: Path) -> Path:
    path = folder / "12mp_handheld.jpg"
    Image.fromarray(handheld_photo(TESTDATA, size=(3000, 4000))).save(path, quality=92)
    return path


def median_seconds(slot: Slot, path: Path, rules) -> tuple[float, dict]:
    result = process.process_file(slot, path, rules)[0]  # warm-up: imports, cascades, caches of OpenCV
    times = []
    for _ in range(RUNS):
        process._LAST.clear()
        start = time.perf_counter()
        process.process_file(slot, path, rules)
        times.append(time.perf_counter() - start)
    return statistics.median(times), result.metrics


def main() -> None:
    rules = load_rules()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        cases = [("signature", Slot.SIGNATURE, signature_photo(folder), 0.5),
                 ("ID card", Slot.ID_FRONT, card_photo(folder), 0.6),
                 ("handheld", Slot.ID_HANDHELD, handheld(folder), 0.6)]
        for label, slot, path, target in cases:
            seconds, metrics = median_seconds(slot, path, rules)
            verdict = "pass" if seconds <= target else "MISS"
            extra = {k: metrics.get(k) for k in ("quality", "bytes", "out_size", "out_face_width") if k in metrics}
            print(f"12 MP {label:<10} median {seconds:.3f} s  target ≤ {target} s  {verdict}  {extra}")


if __name__ == "__main__":
    main()
