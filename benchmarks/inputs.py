"""Benchmark inputs: the real photos of ``../shared/testdata/`` scaled to camera sizes, or, where
that folder is absent, a generated stand-in of the same size (the figures then say so).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

TESTDATA = Path(__file__).resolve().parents[2] / "shared" / "testdata"
TWELVE_MP = (3000, 4000)  # portrait (w, h)
QUICK_SIZE = (900, 1200)  # ~1 MP: --quick only checks that the command runs


def testdata(*parts: str) -> Path | None:
    path = TESTDATA.joinpath(*parts)
    return path if path.exists() else None


def stand_in_portrait(size: tuple[int, int] = (576, 768), busy: bool = False) -> Image.Image:
    """A drawn head and shoulders on a grey wall (or on noise, ``busy``): no face a detector would trust."""
    w, h = size
    rng = np.random.default_rng(7)
    wall = rng.integers(0, 255, (h, w, 3), dtype=np.uint8) if busy else np.full((h, w, 3), 205, np.uint8)
    image = Image.fromarray(wall)
    draw = ImageDraw.Draw(image)
    draw.ellipse((w * 0.33, h * 0.18, w * 0.67, h * 0.55), fill=(224, 182, 150))
    draw.rectangle((w * 0.15, h * 0.62, w * 0.85, h), fill=(40, 45, 60))
    return image


def portrait(name: str) -> tuple[Image.Image, bool]:
    """The test portrait ``name`` as RGB and True, or a stand-in and False."""
    path = testdata("portrait", name)
    if path is None:
        return stand_in_portrait(busy=name.startswith("busy")), False
    return Image.open(path).convert("RGB"), True


def camera_jpeg(image: Image.Image, size: tuple[int, int], path: Path) -> Path:
    """``image`` resized to ``size`` and saved the way a phone would (quality 92)."""
    image.resize(size, Image.Resampling.BICUBIC).save(path, quality=92)
    return path


def decode_full(path: Path) -> None:
    """The floor of every picture line: decoding the same JPEG at full size into an RGB array."""
    with Image.open(path) as image:
        np.asarray(image.convert("RGB"))
