"""What the card's own words say about the picture: which side of the 居民身份证 it shows, and
whether it is mirrored.

A portrait and a blank back look alike to an edge finder; the words do not. The 人像面 carries
the labels 姓名 性别 民族 出生 住址 公民身份号码 and an 18-character number; the 国徽面 says
中华人民共和国 居民身份证 and carries 签发机关 and 有效期限. The tallest text lines of the flattened
card are found on a small copy (cheap) and only those are read, at full resolution, in each
way the card could lie: upright or turned half round (a flattened card is landscape either
way), and, for a selfie, mirrored (a phone's front camera flips the picture, and with it the
card's print). The reading the recogniser is surest of, and that finds the card's words, wins:
mirrored print read as if upright gives low-confidence nonsense, read flipped it reads clean.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from wizard.case.rules import RulePack
from wizard.imaging.text_lines import line_crop, recognise, text_boxes

FRONT, BACK = "front", "back"  # 人像面, 国徽面 (as wizard.idcard.text names them)
FRONT_WORDS = ("姓名", "性别", "民族", "出生", "住址", "公民身份号码")
BACK_WORDS = ("中华人民共和国", "居民身份证", "签发机关", "有效期限")
_NUMBER = re.compile(r"\d{17}[\dXx]")
_VALIDITY = re.compile(r"\d{4}\.\d{2}\.\d{2}")
LINES = 3  # the tallest lines read: the back's two title lines, the front's number and name or address
PIECE = 8.0  # a long line is read only this many line heights along (the recogniser's time grows with width)
MIRROR_MARGIN = 0.08  # the mirrored reading must be surer by this much to call the card mirrored

VIEWS = ("upright", "turned", "mirrored", "mirrored_turned")


@dataclass(frozen=True)
class CardWords:
    """The side the words say (None: neither), the way the card lies, and how sure the reading was."""

    side: str | None
    view: str  # one of VIEWS: how the picture must be turned / flipped to read upright
    confidence: float  # mean recogniser confidence of the winning reading, 0..1
    texts: tuple[str, ...] = ()

    @property
    def mirrored(self) -> bool:
        return self.view.startswith("mirrored")


def read_card_words(card: np.ndarray, rules: RulePack, *, mirror: bool = False) -> CardWords:
    """Read the flattened ``card`` (landscape RGB); ``mirror`` also tries it mirrored (a selfie)."""
    boxes = tallest_lines(card, rules)
    if not boxes:
        return CardWords(None, "upright", 0.0)
    # Upright (and mirrored) first; turned half round only when that reading found no card words.
    rounds = (("upright", "mirrored"), ("turned", "mirrored_turned")) if mirror else (("upright",), ("turned",))
    best: CardWords | None = None
    for views in rounds:
        for reading in _read(card, boxes, views, rules):
            if best is None or _quality(reading) > _quality(best) + (MIRROR_MARGIN if reading.mirrored else 0.0):
                best = reading
        if best.side and best.confidence >= 0.9:
            break
    return best


def tallest_lines(card: np.ndarray, rules: RulePack) -> list[np.ndarray]:
    """The boxes of the card's ``LINES`` tallest text lines (wider than tall), tallest first."""
    # The lines wanted are the card's largest print: a 480 px copy finds them at a third of the cost.
    boxes = [b for b in text_boxes(card, rules, max_side=480) if _width(b) >= 1.5 * _height(b)]
    return [_piece(b) for b in sorted(boxes, key=lambda b: -_height(b))[:LINES]]


def _piece(box: np.ndarray) -> np.ndarray:
    """The start of a long line's box, at most ``PIECE`` heights long: 中华人民共和国 and the first
    digits of the 公民身份号码 are as telling as the whole line."""
    tl, tr, br, bl = box
    share = min(1.0, PIECE * _height(box) / max(_width(box), 1.0))
    return np.array([tl, tl + share * (tr - tl), bl + share * (br - bl), bl], np.float32)


def _read(card: np.ndarray, boxes: list[np.ndarray], views: tuple[str, ...], rules: RulePack) -> list[CardWords]:
    """One reading per view; the lines of all views go to the recogniser together (one batch, not two)."""
    crops = []
    for view in views:
        seen = oriented(card, view)
        crops += [line_crop(seen, _box_in_view(b, view, card.shape)) for b in boxes]
    found = recognise(crops, rules)
    readings = []
    for n, view in enumerate(views):
        part = found[n * len(boxes) : (n + 1) * len(boxes)]
        texts = tuple(t for t, _ in part)
        confidence = float(np.mean([c for _, c in part])) if part else 0.0
        readings.append(CardWords(side_of(texts), view, confidence, texts))
    return readings


def oriented(picture: np.ndarray, view: str) -> np.ndarray:
    """``picture`` turned and/or flipped as ``view`` says (each view is its own inverse)."""
    flips = {"upright": picture, "turned": picture[::-1, ::-1], "mirrored": picture[:, ::-1],
             "mirrored_turned": picture[::-1, :]}
    return np.ascontiguousarray(flips[view])


def _box_in_view(box: np.ndarray, view: str, shape: tuple[int, ...]) -> np.ndarray:
    """A box's corners in the turned/flipped picture, still top-left first as the reader sees it."""
    h, w = shape[:2]
    x, y = box[:, 0], box[:, 1]
    if view == "upright":
        return box
    if view == "turned":
        moved, order = np.stack([w - 1 - x, h - 1 - y], axis=1), [2, 3, 0, 1]
    elif view == "mirrored":
        moved, order = np.stack([w - 1 - x, y], axis=1), [1, 0, 3, 2]
    else:
        moved, order = np.stack([x, h - 1 - y], axis=1), [3, 2, 1, 0]
    return moved[order].astype(np.float32)


def side_of(texts: tuple[str, ...]) -> str | None:
    """人像面 (front) or 国徽面 (back) by the words read, or None when they name neither."""
    text = re.sub(r"\s+", "", "".join(texts))
    front = sum(word in text for word in FRONT_WORDS) + 2 * bool(_NUMBER.search(text))
    back = sum(word in text for word in BACK_WORDS) + bool(_VALIDITY.search(text))
    if front == back:
        return None
    return FRONT if front > back else BACK


def _quality(reading: CardWords) -> float:
    """Confidence, and a bonus for finding the card's words (mirrored print never reads as them)."""
    return reading.confidence + (0.2 if reading.side else 0.0)


def _width(box: np.ndarray) -> float:
    return float(np.linalg.norm(box[1] - box[0]))


def _height(box: np.ndarray) -> float:
    return float(np.linalg.norm(box[3] - box[0]))
