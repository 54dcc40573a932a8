"""Synthetic 证明材料 pages: a certificate of Chinese and Latin print on white A4, drawn with Pillow and
Noto CJK, for the proof tests and the page suite of the accuracy benchmark. The wording is made up."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from tests.synthetic_cards import cjk_font_path

LINES = (
    "证明", "兹证明张伟明同志，公民身份号码110101198003151239，", "因户籍信息登记有误，其姓名已于2023年5月12日",
    "经公安机关核准更正。原姓名张伟民，现姓名张伟明。", "特此证明。", "Certificate of correction No. 2023-0512-117",
    "北京市公安局东城分局景山派出所", "二〇二三年五月十二日",
)


def certificate(width: int = 1240, text_px: int = 30, rows: int = 24, seal: bool = False) -> Image.Image:
    """An A4 page ``width`` pixels wide: ``rows`` lines of print ``text_px`` high, a red seal if asked."""
    font_path = cjk_font_path()
    if font_path is None:
        raise RuntimeError("drawing a certificate needs Noto CJK (fonts-noto-cjk)")
    height = round(width * 2**0.5)
    page = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(str(font_path), text_px)
    margin, step = round(0.08 * width), round(1.8 * text_px)
    for row in range(rows):
        y = margin + row * step
        if y + text_px > height - margin:
            break
        draw.text((margin, y), LINES[row % len(LINES)], font=font, fill=(15, 15, 15))
    if seal:
        r = round(0.12 * width)
        draw.ellipse((width - margin - 2 * r, height - margin - 2 * r, width - margin, height - margin),
                     outline=(220, 30, 30), width=max(3, r // 12))
    return page


def page_corners(size: tuple[int, int], page: tuple[int, int], share: float, angle: float,
                 tilt: float, centre: tuple[float, float]) -> np.ndarray:
    """Where a page of ``page`` pixels lands in a photo of ``size``: ``share`` of the photo's height,
    turned ``angle`` degrees, its far edge ``tilt`` shorter (the phone held at an angle over the desk)."""
    w, h = size
    ph = share * h
    pw = ph * page[0] / page[1]
    top = pw / 2 * (1 - tilt)
    half = np.array([[-top, -ph / 2], [top, -ph / 2], [pw / 2, ph / 2], [-pw / 2, ph / 2]])
    turn = np.radians(angle)
    rotation = np.array([[np.cos(turn), -np.sin(turn)], [np.sin(turn), np.cos(turn)]])
    return (half @ rotation.T + np.array([centre[0] * w, centre[1] * h])).astype(np.float32)
