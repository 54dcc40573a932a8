"""Benchmark of the one-inch photo engine (免冠证件照) on this machine (a plain script, not a test).

    python -m benchmarks.photo

Rows, medians over several runs with the caches cleared before each run:
  * a 12-megapixel JPEG portrait on a plain wall → finished photo (target ≤ 0.6 s and ≤ 4× the
    time of just decoding that JPEG at full size);
  * a 12-megapixel portrait in front of a busy background (segmentation path; target ≤ 2.5 s);
  * the encoder against one plain ``save(quality=95)``: never over budget, never lower quality.
"""

from __future__ import annotations

import io
import statistics
import tempfile
import threading
from pathlib import Path

from PIL import Image

from benchmarks.inputs import TWELVE_MP, camera_jpeg, decode_full, portrait, testdata
from benchmarks.measure import FULL, Plan, median_seconds, timings
from benchmarks.table import Row, measured, render
from wizard.case.model import Slot
from wizard.case.rules import RulePack, load_rules
from wizard.imaging import process
from wizard.imaging.encode import fit_to_bytes

PLAIN, BUSY = "plain_grey_bg_man_suit_halfbody.jpg", "busy_street_bg_woman.jpg"
PLAIN_TARGET_S, PLAIN_MAX_RATIO, BUSY_TARGET_S = 0.6, 2.0, 1.2
MODELS_TARGET_S = 0.3


def rows(plan: Plan = FULL) -> list[Row]:
    rules = load_rules()
    size, label = TWELVE_MP, "12 MP"  # kept in --quick too: the ratio to a full-size decode is the point
    with tempfile.TemporaryDirectory() as folder:
        plain_image, real = portrait(PLAIN)
        plain = camera_jpeg(plain_image, size, Path(folder) / "plain.jpg")
        busy = camera_jpeg(portrait(BUSY)[0], size, Path(folder) / "busy.jpg")
        note = "" if real else "generated stand-in (no testdata)"
        return [
            _engine_row(f"photo {label} plain wall", plain, rules, plan, PLAIN_TARGET_S, PLAIN_MAX_RATIO, note),
            _engine_row(f"photo {label} busy background", busy, rules, plan, BUSY_TARGET_S, None, note),
            encoder_row(rules, plan, plain),
            models_row(plan),
        ]


def models_row(plan: Plan) -> Row:
    """Loading YuNet, Face Mesh, Iris and Selfie Segmentation, as a new GUI worker thread does once."""
    return measured("face and person models load (per thread)", median_seconds(_load_models_in_a_new_thread, plan),
                    "s", target=MODELS_TARGET_S, note="YuNet, Face Mesh, Iris, Selfie Segmentation, palm and hand")


def _load_models_in_a_new_thread() -> None:
    from wizard.imaging import models

    worker = threading.Thread(target=models.load_all)
    worker.start()
    worker.join()


def _engine_row(what: str, path: Path, rules: RulePack, plan: Plan, target: float, max_ratio: float | None,
                note: str) -> Row:
    decode = median_seconds(lambda: decode_full(path), plan)
    seconds = median_seconds(lambda: process.process_file(Slot.PHOTO, path, rules), plan)
    return measured(what, seconds, "s", target=target, floor=decode, floor_what="decode", max_ratio=max_ratio,
                    note=note)


def finished_pixels(path: Path, rules: RulePack):
    """The finished photo's pixels before encoding, or None when the engine refused the picture."""
    return process.process_file(Slot.PHOTO, path, rules)[0].extra.get("pixels")


def encoder_row(rules: RulePack, plan: Plan, timed_source: Path) -> Row:
    """fit_to_bytes vs one plain q95 save: time on ``timed_source``'s photo; bytes and quality on every portrait."""
    budget = rules.upload.max_bytes
    pixels = finished_pixels(timed_source, rules)
    if pixels is None:
        return Row("encoder fit-to-budget vs save q95", "—", "", "—", "—", "not run", "engine found no face")
    ours = statistics.median(timings(lambda: fit_to_bytes(pixels, budget, 300), plan, before=lambda: None))
    plain = statistics.median(timings(lambda: _plain_save(pixels), plan, before=lambda: None))
    checks = [_compare(pixels, budget)]
    if not plan.quick:
        checks += [_compare(p, budget) for p in _every_portrait(rules)]
    over = sum(c["over"] for c in checks)
    lower = sum(c["lower"] for c in checks)
    first = checks[0]
    failures = ([f"{over} over budget"] if over else []) + ([f"{lower} with lower quality"] if lower else [])
    note = (f"q{first['q']} {first['bytes'] / 1000:.0f} KB vs plain q95 {first['plain'] / 1000:.0f} KB, "
            f"budget {budget / 1000:.0f} KB; lowest q{min(c['q'] for c in checks)} over {len(checks)} photo(s)")
    return Row("encoder fit-to-budget vs save q95", f"{ours * 1000:.1f} ms", "≤ budget, q ≥ plain",
               f"{plain * 1000:.1f} ms save q95", f"{ours / plain:.2f}×",
               "misses: " + ", ".join(failures) if failures else "meets", note)


def _plain_save(pixels) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, "JPEG", quality=95)
    return buffer.getvalue()


def _compare(pixels, budget: int) -> dict:
    ours, plain = fit_to_bytes(pixels, budget, 300), len(_plain_save(pixels))
    return {"q": ours.quality, "bytes": len(ours.data), "plain": plain, "over": len(ours.data) > budget,
            "lower": plain <= budget and ours.quality < 95}


def _every_portrait(rules: RulePack):
    folder = testdata("portrait")
    for source in sorted(folder.iterdir()) if folder else []:
        pixels = finished_pixels(source, rules)
        if pixels is not None:
            yield pixels


def main() -> None:
    print(render(rows()))


if __name__ == "__main__":
    main()
