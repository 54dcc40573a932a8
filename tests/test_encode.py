"""The byte-budget encoder shared by every slot."""

from __future__ import annotations

import io

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from wizard.imaging.encode import BudgetError, fit_to_bytes


def _noise(height: int, width: int, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    base = cv_smooth(rng.integers(0, 255, (height, width, 3)).astype(np.float32))
    return base.astype(np.uint8)


def cv_smooth(values: np.ndarray) -> np.ndarray:
    # Photographs are smooth-ish noise: average neighbours so JPEG behaves as on a photo.
    return (values + np.roll(values, 1, 0) + np.roll(values, 1, 1) + np.roll(values, 1, (0, 1))) / 4


def _plain_size(pixels: np.ndarray, quality: int) -> int:
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, "JPEG", quality=quality)
    return len(buffer.getvalue())


def test_baseline_jfif_dpi_and_no_metadata():
    encoded = fit_to_bytes(_noise(413, 295), 100_000, 300)
    image = Image.open(io.BytesIO(encoded.data))
    assert image.format == "JPEG" and image.size == (295, 413) == encoded.size
    assert image.info.get("dpi") == (300, 300) and image.info.get("jfif_unit") == 1
    assert not image.info.get("progressive") and not image.info.get("progression")
    assert "exif" not in image.info and "icc_profile" not in image.info and "comment" not in image.info
    assert b"Exif" not in encoded.data[:200] and b"http://ns.adobe.com/xap" not in encoded.data


def test_never_padded_and_quality_is_the_highest_that_fits():
    pixels = _noise(413, 295, seed=3)
    encoded = fit_to_bytes(pixels, 60_000, 300)
    assert encoded.data.endswith(b"\xff\xd9")  # ends at the EOI marker: no trailing padding
    assert len(encoded.data) <= 60_000
    if encoded.quality < 100:
        bigger = fit_to_bytes(pixels, 10_000_000, 300, min_quality=encoded.quality + 1)
        assert len(bigger.data) > 60_000


@settings(max_examples=12, deadline=None)
@given(budget=st.integers(min_value=20_000, max_value=150_000), seed=st.integers(0, 5))
def test_never_over_budget_and_never_worse_than_plain_q95(budget, seed):
    pixels = _noise(300, 220, seed)
    encoded = fit_to_bytes(pixels, budget, 300)
    assert len(encoded.data) <= budget
    if _plain_size(pixels, 95) <= budget:
        assert encoded.quality >= 95


def test_greyscale_is_one_channel():
    grey = _noise(100, 200)[..., 0]
    encoded = fit_to_bytes(grey, 100_000, 300)
    assert Image.open(io.BytesIO(encoded.data)).mode == "L"


def test_over_budget_without_downscale_raises():
    with pytest.raises(BudgetError):
        fit_to_bytes(_noise(800, 800), 5_000, 300)


def test_downscale_when_allowed():
    encoded = fit_to_bytes(_noise(800, 800), 20_000, 150, allow_downscale=True)
    assert len(encoded.data) <= 20_000 and encoded.size[0] < 800
    assert Image.open(io.BytesIO(encoded.data)).size == encoded.size
