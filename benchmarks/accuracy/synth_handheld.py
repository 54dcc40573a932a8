"""手持身份证照 as applicants take them: does the engine find the card, never count the card's portrait
as a second person, and see when a selfie shows the card mirrored?

No photo of a person holding a real 居民身份证 may be used, so each picture is made: a real test
portrait from ``../shared/testdata`` holding a made-up card printed with the real layout
(:func:`tests.synthetic_handheld.printed_card`, someone else's head in its photo box), at the chest
or beside the chin, turned a little, and for half the pictures mirrored as a phone's front camera
mirrors the whole picture; some hold no card at all. The truth is in the case: where the card is,
whether it is mirrored, whether there is one.
"""

from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image

from benchmarks.accuracy.outcome import Verdict, classify
from benchmarks.accuracy.synthetic import Suite, SynthCase
from benchmarks.inputs import testdata
from tests.synthetic_handheld import card_corners, face_crop, hold_up, printed_card
from wizard.case.model import Slot
from wizard.case.rules import load_rules
from wizard.imaging.face import scan_faces
from wizard.imaging.process import process_file

NAME = "手持身份证照 (handheld ID photos)"
BAR = "card found, portrait never a second person, mirroring seen; no card → error"
PEOPLE = ("plain_grey_bg_man_suit_halfbody.jpg", "busy_office_bg_woman_shoulder_length_hair.jpg",
          "plain_white_bg_woman_long_braid_overalls.jpg", "plain_blue_bg_man_glasses_broad_smile.jpg",
          "busy_flags_curtain_man_suit.jpg")
PLACES = ("chest", "chin", "none")
SIZE = (1200, 1600)  # (w, h): a phone's portrait frame, as decoded for the engine
FULL_CASES, QUICK_CASES = 30, 5


@dataclass(frozen=True)
class HeldScene:
    seed: int
    person: str
    place: str  # chest, chin (beside it) or none (no card)
    mirrored: bool
    angle: float


def scene_for(seed: int) -> HeldScene:
    rng = np.random.default_rng(5000 + seed)
    return HeldScene(seed, PEOPLE[seed % len(PEOPLE)], PLACES[(seed // len(PEOPLE)) % len(PLACES)],
                     bool(seed % 2), float(rng.uniform(-12, 12)))


def picture(scene: HeldScene) -> np.ndarray | None:
    """The photo as the phone saved it, or None when the portrait is not in the test data."""
    path = testdata("portrait", scene.person)
    card_face = testdata("portrait", "plain_white_bg_man_curlyhair.jpg")
    if path is None or card_face is None:
        return None
    photo = np.asarray(Image.open(path).convert("RGB").resize(SIZE, Image.Resampling.LANCZOS))
    if scene.place != "none":
        card = printed_card(face_crop(card_face))
        photo = hold_up(photo, card, card_corners(SIZE, *_placement(photo, scene), angle=scene.angle))
    return np.ascontiguousarray(photo[:, ::-1]) if scene.mirrored else photo


def _placement(photo: np.ndarray, scene: HeldScene) -> tuple[float, tuple[float, float]]:
    """(card width share, centre) at the chest, or beside the chin on the side with more room."""
    w, h = SIZE
    if scene.place == "chest":
        return 0.46, (0.5, 0.8)
    faces = scan_faces(photo).faces
    x, y, fw, fh = faces[0].box if faces else (0.35 * w, 0.2 * h, 0.3 * w, 0.3 * h)
    width = 0.36
    room_right = w - (x + fw)
    cx = (x + fw + 0.05 * w + width * w / 2) if room_right > x else (x - 0.05 * w - width * w / 2)
    cx = float(np.clip(cx, width * w / 2 + 10, w - width * w / 2 - 10))
    return width, (cx / w, float(np.clip((y + fh) / h, 0.2, 0.85)))


def run_case(scene: HeldScene, folder: Path) -> SynthCase | None:
    photo = picture(scene)
    if photo is None:
        return None
    path = folder / f"held-{scene.seed:03d}.jpg"
    Image.fromarray(photo).save(path, quality=92)
    started = time.perf_counter()
    results = process_file(Slot.ID_HANDHELD, path, load_rules())
    seconds = time.perf_counter() - started
    codes = [f.code for r in results for f in r.findings]
    metrics = results[0].metrics if results else {}
    scores = case_scores(scene, codes, metrics)
    good = all(scores.values())
    name = (f"held-{scene.seed:03d} {scene.person.split('.')[0]}, card {scene.place}"
            + (f", turned {scene.angle:+.0f}°" if scene.place != "none" else "") + (", mirrored" * scene.mirrored))
    expected = Verdict.REJECT if scene.place == "none" else Verdict.ACCEPT
    return SynthCase(name, classify(results), codes, scores, good,
                     badly_wrong=not good and classify(results) is not Verdict.REJECT, expected=expected,
                     seconds=round(seconds, 3))


def case_scores(scene: HeldScene, codes: list[str], metrics: dict) -> dict[str, float]:
    """1.0/0.0 per question this picture asks."""
    if scene.place == "none":
        return {"no_card_error": float("handheld.no_card" in codes)}
    scores = {"card_found": float("handheld.no_card" not in codes),
              "portrait_not_a_person": float("handheld.several_people" not in codes)}
    if "handheld.no_card" not in codes:
        scores["mirror_right"] = float(bool(metrics.get("mirrored")) == scene.mirrored)
    return scores


def run_suite(quick: bool = False, sheet: Path | None = None) -> Suite:
    suite = Suite(NAME, BAR)
    with tempfile.TemporaryDirectory(prefix="synth_held_") as name:
        cases = [run_case(scene_for(s), Path(name)) for s in range(QUICK_CASES if quick else FULL_CASES)]
    suite.cases = [c for c in cases if c is not None]
    if not suite.cases:
        suite.name += " (skipped: no ../shared/testdata portraits)"
        return suite
    suite.means = {key: round(float(np.mean(values)), 3) for key, values in _by_score(suite.cases).items()}
    mirrored = [c for c in suite.cases if "mirrored" in c.name and "mirror_right" in c.scores]
    if mirrored:
        suite.means["mirrored_detected"] = round(float(np.mean([c.scores["mirror_right"] for c in mirrored])), 3)
    return suite


def _by_score(cases: list[SynthCase]) -> dict[str, list[float]]:
    found: dict[str, list[float]] = {}
    for case in cases:
        for key, value in case.scores.items():
            found.setdefault(key, []).append(value)
    return found
