"""Synthetic 居民身份证 pictures for the OCR tests and benchmarks, drawn with Pillow and Noto CJK.

The layout follows the real card (ID-1, 85.6 × 54 mm; positions in millimetres): small
blue labels at the left, black values beside them, the portrait at the right, the
公民身份号码 along the bottom; the back has the emblem, the two title lines, 签发机关 and
有效期限. ``merged=True`` draws each value right against its label, as OCR often reads
them ("民族汉"). The people are made up; the numbers have valid check digits.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from wizard.case.idnumber import check_digit

FONT_CANDIDATES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/truetype/noto/NotoSansCJK-Regular.ttc",
)
CARD_MM = (85.6, 54.0)
LABEL_BLUE = (30, 110, 190)


def cjk_font_path() -> Path | None:
    return next((Path(p) for p in FONT_CANDIDATES if Path(p).exists()), None)


def make_id(region: str, birth: dt.date, seq: int) -> str:
    body = f"{region}{birth:%Y%m%d}{seq:03d}"
    return body + check_digit(body)


@dataclass
class Person:
    name: str = "张伟明"
    sex: str = "男"
    ethnicity: str = "汉"  # as printed: no 族
    birth: dt.date = dt.date(1980, 3, 15)
    address: str = "北京市东城区景山前街四号院三单元五零二室"
    id_number: str = ""
    authority: str = "北京市公安局东城分局"
    valid_from: dt.date = dt.date(2020, 5, 1)
    valid_until: dt.date | None = dt.date(2040, 5, 1)  # None = 长期

    def __post_init__(self) -> None:
        if not self.id_number:
            self.id_number = make_id("110101", self.birth, 123 if self.sex == "男" else 124)


class CardPainter:
    """Draws one side at ``px_per_mm`` (10 → 856 × 540, close to the flattened card)."""

    def __init__(self, font: Path, px_per_mm: float = 10.0) -> None:
        self.font_path, self.k = str(font), px_per_mm

    def _font(self, mm: float) -> ImageFont.FreeTypeFont:
        return ImageFont.truetype(self.font_path, max(8, round(mm * self.k)))

    def _blank(self) -> tuple[Image.Image, ImageDraw.ImageDraw]:
        w, h = round(CARD_MM[0] * self.k), round(CARD_MM[1] * self.k)
        image = Image.new("RGB", (w, h), (90, 90, 90))
        draw = ImageDraw.Draw(image)
        draw.rounded_rectangle((0, 0, w - 1, h - 1), radius=round(3 * self.k), fill=(236, 238, 240))
        return image, draw

    def _text(self, draw, mm_xy, text, size_mm, fill=(20, 20, 20)) -> float:
        """Draws ``text``; returns the x (mm) where it ends."""
        font = self._font(size_mm)
        x, y = mm_xy[0] * self.k, mm_xy[1] * self.k
        draw.text((x, y), text, font=font, fill=fill)
        return (x + draw.textlength(text, font=font)) / self.k

    def _field(self, draw, x, y, label, value, merged) -> float:
        end = self._text(draw, (x, y), label, 2.6, LABEL_BLUE)
        return self._text(draw, (end + (0.4 if merged else 3.0), y - 0.3), value, 3.0)

    def front(self, p: Person, merged: bool = False) -> Image.Image:
        image, draw = self._blank()
        draw.rectangle(tuple(v * self.k for v in (55, 6, 80, 38)), fill=(205, 215, 225), outline=(160, 170, 180))
        self._field(draw, 5, 6, "姓名", p.name, merged)
        end = self._field(draw, 5, 12, "性别", p.sex, merged)
        self._field(draw, max(end + 6, 22), 12, "民族", p.ethnicity, merged)
        birth = f"{p.birth.year} 年 {p.birth.month} 月 {p.birth.day} 日"
        self._field(draw, 5, 18, "出生", birth, merged)
        self._address(draw, p.address, merged)
        self._text(draw, (5, 44.5), "公民身份号码", 2.6, LABEL_BLUE)
        self._text(draw, (24, 43.8), p.id_number, 3.6)
        return image

    def _address(self, draw, address: str, merged: bool) -> None:
        end = self._text(draw, (5, 24), "住址", 2.6, LABEL_BLUE)
        x = end + (0.4 if merged else 3.0)
        for row in range(3):
            chunk = address[row * 12:(row + 1) * 12]
            if chunk:
                self._text(draw, (x, 23.7 + row * 4.4), chunk, 3.0)

    def back(self, p: Person) -> Image.Image:
        image, draw = self._blank()
        draw.ellipse(tuple(v * self.k for v in (6, 4, 22, 20)), outline=(200, 40, 40), width=max(1, round(self.k / 2)))
        self._text(draw, (27, 6), "中华人民共和国", 5.0)
        self._text(draw, (27, 13.5), "居民身份证", 6.5)
        self._text(draw, (14, 38), "签发机关", 2.6, LABEL_BLUE)
        self._text(draw, (28, 37.7), p.authority, 3.0)
        self._text(draw, (14, 45), "有效期限", 2.6, LABEL_BLUE)
        until = "长期" if p.valid_until is None else f"{p.valid_until:%Y.%m.%d}"
        self._text(draw, (28, 44.7), f"{p.valid_from:%Y.%m.%d}-{until}", 3.0)
        return image


def degrade(card: Image.Image, angle: float = 0.0, blur: float = 0.0, noise: float = 0.0, seed: int = 0) -> np.ndarray:
    """The card turned by ``angle`` degrees on a dark desk, blurred and with Gaussian noise (σ in grey levels)."""
    pad = round(card.width * 0.06)
    desk = Image.new("RGB", (card.width + 2 * pad, card.height + 2 * pad), (60, 62, 66))
    desk.paste(card, (pad, pad))
    image = desk.rotate(angle, resample=Image.BICUBIC, expand=True, fillcolor=(60, 62, 66)) if angle else desk
    if blur:
        image = image.filter(ImageFilter.GaussianBlur(blur))
    array = np.asarray(image, dtype=np.float32)
    if noise:
        array = array + np.random.default_rng(seed).normal(0, noise, array.shape)
    return np.clip(array, 0, 255).astype(np.uint8)
