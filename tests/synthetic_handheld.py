"""Synthetic 手持身份证照 pictures: a Pillow-drawn card, with a portrait printed on it, held up in front
of a real portrait from ../shared/testdata (no licensed photo of a person holding a real card exists).

Used by tests/test_handheld_proof.py and the benchmarks; ``testdata`` is the shared folder.
"""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageDraw

from wizard.imaging.face import scan_faces

CARD_PX = (856, 540)  # ID-1 at 10 px/mm


def face_crop(portrait: Path) -> Image.Image:
    """The head of ``portrait``, cropped as an ID card portrait is (head filling the box)."""
    rgb = np.asarray(Image.open(portrait).convert("RGB"))
    x, y, w, h = scan_faces(rgb).faces[0].box
    box = (x - 0.25 * w, y - 0.35 * h, x + 1.25 * w, y + 1.35 * h)
    return Image.fromarray(rgb).crop(tuple(round(v) for v in box))


def drawn_card(portrait: Image.Image | None) -> Image.Image:
    """A light card with text lines and (when given) a portrait at the right, corners rounded on black."""
    w, h = CARD_PX
    card = Image.new("RGB", (w, h), (0, 0, 0))
    draw = ImageDraw.Draw(card)
    # The grey rim stands for the card's edge and the thin shadow it casts: a real card
    # held against a white shirt shows one; without it the outline is invisible there.
    draw.rounded_rectangle((0, 0, w - 1, h - 1), radius=32, fill=(236, 238, 242), outline=(150, 150, 155), width=5)
    for i, y in enumerate(range(60, 400, 48)):
        draw.rectangle((50, y, 50 + 280 + 40 * (i % 3), y + 20), fill=(40, 40, 50))
    draw.rectangle((50, 450, 790, 482), fill=(30, 30, 30))
    box = (520, 40, 820, 420)
    if portrait is not None:
        card.paste(portrait.resize((box[2] - box[0], box[3] - box[1])), box[:2])
    return card


def printed_card(portrait: Image.Image | None, side: str = "front") -> Image.Image:
    """The 人像面 (``side="front"``, with ``portrait`` in its photo box) or 国徽面 of a made-up card,
    printed as :mod:`tests.synthetic_cards` lays it out, at ``CARD_PX``, with the rim of ``drawn_card``."""
    from tests.synthetic_cards import CardPainter, Person, cjk_font_path

    font = cjk_font_path()
    if font is None:
        raise RuntimeError("printing a card needs Noto CJK (fonts-noto-cjk)")
    painter = CardPainter(font, CARD_PX[0] / 85.6)
    card = painter.front(Person()) if side == "front" else painter.back(Person())
    if side == "front" and portrait is not None:
        box = tuple(round(v * painter.k) for v in (55, 6, 80, 38))
        card.paste(portrait.resize((box[2] - box[0], box[3] - box[1])), box[:2])
    outlined = Image.new("RGB", CARD_PX, (0, 0, 0))
    mask = Image.new("L", CARD_PX, 0)
    ImageDraw.Draw(mask).rounded_rectangle((0, 0, CARD_PX[0] - 1, CARD_PX[1] - 1), radius=32, fill=255)
    outlined.paste(card.resize(CARD_PX), (0, 0), mask)
    ImageDraw.Draw(outlined).rounded_rectangle((0, 0, CARD_PX[0] - 1, CARD_PX[1] - 1), radius=32,
                                               outline=(150, 150, 155), width=5)
    return outlined


def hold_up(photo: np.ndarray, card: Image.Image, corners: np.ndarray) -> np.ndarray:
    """``card`` warped onto ``photo`` at ``corners`` (tl, tr, br, bl), its rounded corners kept."""
    h, w = photo.shape[:2]
    src = np.array([[0, 0], [CARD_PX[0] - 1, 0], [CARD_PX[0] - 1, CARD_PX[1] - 1], [0, CARD_PX[1] - 1]], np.float32)
    matrix = cv2.getPerspectiveTransform(src, corners.astype(np.float32))
    pixels = np.asarray(card)
    warped = cv2.warpPerspective(pixels, matrix, (w, h), flags=cv2.INTER_AREA)
    inside = cv2.warpPerspective((pixels.sum(axis=2) > 0).astype(np.uint8) * 255, matrix, (w, h)) > 128
    out = photo.copy()
    out[inside] = warped[inside]
    return out


def handheld_photo(testdata: Path, person: str = "plain_grey_bg_man_suit_halfbody.jpg",
                   size: tuple[int, int] = (1200, 1600), card_width: float = 0.46,
                   centre: tuple[float, float] = (0.5, 0.8)) -> np.ndarray:
    """``person`` (scaled to ``size``) holding a printed card with someone else's small portrait on it.

    The card spans ``card_width`` of the picture's width, centred at ``centre`` (shares of w, h),
    turned a few degrees like a card held in a hand.
    """
    photo = np.asarray(Image.open(testdata / "portrait" / person).convert("RGB").resize(size, Image.LANCZOS))
    card = printed_card(face_crop(testdata / "portrait" / "plain_white_bg_man_curlyhair.jpg"))
    return hold_up(photo, card, card_corners(size, card_width, centre))


def card_corners(size: tuple[int, int], card_width: float, centre: tuple[float, float], angle: float = 4.0):
    w, h = size
    cw = card_width * w
    ch = cw * CARD_PX[1] / CARD_PX[0]
    half = np.array([[-cw / 2, -ch / 2], [cw / 2, -ch / 2], [cw / 2, ch / 2], [-cw / 2, ch / 2]])
    turn = np.deg2rad(angle)
    rotation = np.array([[np.cos(turn), -np.sin(turn)], [np.sin(turn), np.cos(turn)]])
    return half @ rotation.T + np.array([centre[0] * w, centre[1] * h])
