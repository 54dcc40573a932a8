"""Benchmark of the 手写签名, 身份证, 手持身份证照 and 证明材料 engines on this machine (a plain script, not a test).

    python -m benchmarks.documents

Each case is a 12-megapixel JPEG (4000×3000) written once; the row is the median of several
runs with the decode cache cleared, after a warm-up run, against its target, with decoding the
same JPEG at full size as the floor.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
from PIL import Image

from benchmarks.inputs import camera_jpeg, decode_full, stand_in_portrait, testdata
from benchmarks.measure import FULL, Plan, median_seconds
from benchmarks.table import Row, measured, render
from tests.synthetic_handheld import card_corners, face_crop, hold_up, printed_card
from wizard.case.model import Slot
from wizard.case.rules import RulePack, load_rules
from wizard.imaging import process

SIZE, QUICK_SIZE = (4000, 3000), (1600, 1200)  # landscape (w, h)


def signature_photo(folder: Path, size: tuple[int, int]) -> Path:
    source = testdata("signature", "sig_clean_white_paper.jpg")
    image = Image.open(source).convert("RGB") if source else _drawn_signature()
    return camera_jpeg(image, size, folder / "signature.jpg")


def _drawn_signature() -> Image.Image:
    image = Image.new("RGB", (800, 600), (250, 250, 248))
    points = [(150 + x * 5, 300 + 60 * np.sin(x / 9)) for x in range(100)]
    from PIL import ImageDraw

    ImageDraw.Draw(image).line(points, fill=(20, 20, 30), width=7)
    return image


def _desk(size: tuple[int, int]) -> np.ndarray:
    rng = np.random.default_rng(1)
    w, h = size
    grain = np.sin(np.linspace(0, 60, h))[:, None] * 18 + rng.normal(0, 6, (h, w))
    return np.clip(np.stack([130 + grain, 85 + grain * 0.7, 50 + grain * 0.4], axis=2), 0, 255).astype(np.uint8)


def proof_photo(folder: Path, size: tuple[int, int]) -> Path:
    """An A4 certificate photographed on a wooden desk at an angle (portrait frame), legibility checked."""
    import cv2

    from tests.synthetic_pages import certificate, page_corners

    w, h = size[::-1]
    page = np.asarray(certificate(seal=True))
    quad = page_corners((w, h), (page.shape[1], page.shape[0]), 0.8, 12, 0.06, (0.5, 0.5))
    src = np.float32([[0, 0], [page.shape[1], 0], [page.shape[1], page.shape[0]], [0, page.shape[0]]])
    matrix = cv2.getPerspectiveTransform(src, quad)
    photo = _desk((w, h))
    inside = cv2.warpPerspective(np.full(page.shape[:2], 255, np.uint8), matrix, (w, h)) > 128
    photo[inside] = cv2.warpPerspective(page, matrix, (w, h), flags=cv2.INTER_AREA)[inside]
    path = folder / "proof.jpg"
    Image.fromarray(photo).save(path, quality=92)
    return path


def card_photo(folder: Path, size: tuple[int, int]) -> Path:
    """A tilted 身份证 lying on a wooden desk, filling 60% of the width."""
    desk = _desk(size)
    card = printed_card(_card_face())
    path = folder / "card.jpg"
    Image.fromarray(hold_up(desk, card, card_corners(size, 0.6, (0.5, 0.5), angle=8))).save(path, quality=92)
    return path


def _card_face() -> Image.Image | None:
    source = testdata("portrait", "plain_white_bg_man_curlyhair.jpg")
    return face_crop(source) if source else None


def handheld(folder: Path, size: tuple[int, int]) -> Path:
    """A person holding a 身份证 at chest height (portrait orientation)."""
    source = testdata("portrait", "plain_grey_bg_man_suit_halfbody.jpg")
    w, h = size[::-1]
    person = Image.open(source).convert("RGB") if source else stand_in_portrait()
    photo = np.asarray(person.resize((w, h), Image.Resampling.LANCZOS))
    picture = hold_up(photo, printed_card(_card_face()), card_corners((w, h), 0.46, (0.5, 0.8)))
    path = folder / "handheld.jpg"
    Image.fromarray(picture).save(path, quality=92)
    return path


def rows(plan: Plan = FULL) -> list[Row]:
    rules = load_rules()
    size = QUICK_SIZE if plan.quick else SIZE
    label = "2 MP (quick)" if plan.quick else "12 MP"
    note = "" if testdata() else "generated stand-ins (no testdata)"
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        cases = [("signature", Slot.SIGNATURE, signature_photo(folder, size), 0.5),
                 ("ID card", Slot.ID_FRONT, card_photo(folder, size), 0.6),
                 ("handheld", Slot.ID_HANDHELD, handheld(folder, size), 0.6),
                 ("proof page (with legibility check)", Slot.PROOF, proof_photo(folder, size), 1.0)]
        return [_row(f"{what} from {label}", slot, path, rules, plan, target, note)
                for what, slot, path, target in cases]


def _row(what: str, slot: Slot, path: Path, rules: RulePack, plan: Plan, target: float, note: str) -> Row:
    decode = median_seconds(lambda: decode_full(path), plan)
    seconds = median_seconds(lambda: process.process_file(slot, path, rules), plan)
    return measured(what, seconds, "s", target=target, floor=decode, floor_what="decode", note=note)


def main() -> None:
    print(render(rows()))


if __name__ == "__main__":
    main()
