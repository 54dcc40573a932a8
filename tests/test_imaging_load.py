"""The one safe loader: every odd file a user may drop, generated here."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image, ImageCms

from wizard.case.messages import render
from wizard.case.rules import load_rules
from wizard.imaging.load import ImageLoadError, load_image


def _save(path, image: Image.Image, fmt: str, **params) -> str:
    image.save(path, fmt, **params)
    return str(path)


def _failure(path) -> str:
    with pytest.raises(ImageLoadError) as caught:
        load_image(path)
    return caught.value.finding.code


def test_png_named_jpg_is_read_by_content(tmp_path):
    path = _save(tmp_path / "photo.jpg", Image.new("RGB", (20, 10), (10, 200, 30)), "PNG")
    loaded = load_image(path)
    assert loaded.fmt == "png" and loaded.size == (20, 10)
    assert tuple(loaded.rgb[0, 0]) == (10, 200, 30)


def test_exif_orientation_is_applied(tmp_path):
    image = Image.new("RGB", (40, 20), "white")
    image.paste((255, 0, 0), (0, 0, 10, 20))  # red stripe on the left of the stored pixels
    exif = Image.Exif()
    exif[0x0112] = 6  # stored turned: displayed rotated 90° clockwise
    path = _save(tmp_path / "turned.jpg", image, "JPEG", exif=exif, quality=95)
    loaded = load_image(path)
    assert loaded.size == (20, 40) and loaded.source_size == (20, 40)
    assert loaded.rgb[2, 10, 0] > 200 and loaded.rgb[2, 10, 1] < 80  # red now on top


def test_alpha_is_composited_on_white_not_dropped(tmp_path):
    rgba = np.zeros((10, 10, 4), np.uint8)
    rgba[..., :3] = (0, 0, 0)  # hidden colour under full transparency
    rgba[:5, :, 3] = 255
    rgba[:5, :, :3] = (0, 0, 255)
    path = _save(tmp_path / "a.png", Image.fromarray(rgba, "RGBA"), "PNG")
    loaded = load_image(path)
    assert loaded.had_alpha
    assert tuple(loaded.rgb[8, 5]) == (255, 255, 255)
    assert tuple(loaded.rgb[2, 5]) == (0, 0, 255)


def test_half_transparent_is_blended(tmp_path):
    rgba = np.full((4, 4, 4), (0, 0, 0, 128), np.uint8)
    loaded = load_image(_save(tmp_path / "half.png", Image.fromarray(rgba, "RGBA"), "PNG"))
    assert 125 <= loaded.rgb[0, 0, 0] <= 129


@pytest.mark.parametrize("fmt,suffix", [("WEBP", "webp"), ("TIFF", "tif"), ("BMP", "bmp")])
def test_other_formats(tmp_path, fmt, suffix):
    path = _save(tmp_path / f"x.{suffix}", Image.new("RGB", (16, 12), (200, 100, 50)), fmt, **(
        {"lossless": True} if fmt == "WEBP" else {}))
    loaded = load_image(path)
    assert loaded.size == (16, 12)
    assert np.abs(loaded.rgb[5, 5].astype(int) - (200, 100, 50)).max() <= 2


def test_gif_first_frame(tmp_path):
    frames = [Image.new("RGB", (8, 8), c) for c in ((255, 0, 0), (0, 255, 0))]
    path = tmp_path / "anim.gif"
    frames[0].save(path, save_all=True, append_images=frames[1:])
    loaded = load_image(path)
    assert loaded.rgb[4, 4, 0] > 200 and loaded.rgb[4, 4, 1] < 50


def test_heic(tmp_path):
    pillow_heif = pytest.importorskip("pillow_heif", reason="pillow-heif is a declared dependency")
    path = tmp_path / "iphone.heic"
    pillow_heif.from_pillow(Image.new("RGB", (64, 48), (30, 120, 220))).save(path, quality=95)
    loaded = load_image(path)
    assert loaded.fmt == "heif" and loaded.size == (64, 48)
    assert np.abs(loaded.rgb[20, 20].astype(int) - (30, 120, 220)).max() <= 12


def test_sixteen_bit_grey_is_scaled_not_clipped(tmp_path):
    values = np.full((6, 6), 32768, np.uint16)
    path = _save(tmp_path / "deep.png", Image.fromarray(values), "PNG")
    loaded = load_image(path)
    assert loaded.grey and 126 <= loaded.rgb[0, 0, 0] <= 129


def test_cmyk_jpeg_converted(tmp_path):
    cmyk = Image.new("CMYK", (10, 10), (0, 255, 255, 0))  # pure red ink
    loaded = load_image(_save(tmp_path / "print.jpg", cmyk, "JPEG", quality=95))
    red, green, blue = (int(v) for v in loaded.rgb[5, 5])
    assert red > 200 and green < 60 and blue < 60


def test_cmyk_with_icc_profile(tmp_path):
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    image = Image.new("CMYK", (10, 10), (0, 0, 0, 0))
    path = _save(tmp_path / "icc.tif", image, "TIFF", icc_profile=srgb)  # a mismatched profile: no crash
    assert load_image(path).rgb.shape == (10, 10, 3)


def test_non_ascii_path(tmp_path):
    folder = tmp_path / "张三的照片"
    folder.mkdir()
    path = _save(folder / "一寸照.jpg", Image.new("RGB", (10, 10), "white"), "JPEG")
    assert load_image(path).size == (10, 10)


def test_draft_decodes_large_jpeg_smaller_but_not_below_request(tmp_path):
    path = _save(tmp_path / "big.jpg", Image.new("RGB", (1600, 1200), "grey"), "JPEG")
    loaded = load_image(path, draft_for=(400, 300))
    assert loaded.source_size == (1600, 1200)
    assert 400 <= loaded.size[0] < 1600 and loaded.scale == loaded.size[0] / 1600


def test_zero_byte_file(tmp_path):
    path = tmp_path / "empty.jpg"
    path.write_bytes(b"")
    assert _failure(path) == "image.empty"


def test_truncated_jpeg(tmp_path):
    buffer = io.BytesIO()
    noise = np.random.default_rng(1).integers(0, 255, (200, 200, 3), dtype=np.uint8)
    Image.fromarray(noise).save(buffer, "JPEG", quality=90)
    path = tmp_path / "cut.jpg"
    path.write_bytes(buffer.getvalue()[: len(buffer.getvalue()) // 2])
    assert _failure(path) == "image.truncated"


def test_not_an_image(tmp_path):
    path = tmp_path / "letter.jpg"
    path.write_text("这不是图片", encoding="utf-8")
    assert _failure(path) == "image.not_image"


def test_missing_file(tmp_path):
    assert _failure(tmp_path / "nowhere.jpg") == "image.missing"


def test_too_many_pixels_is_a_message_not_a_bomb(tmp_path):
    path = _save(tmp_path / "huge.png", Image.new("L", (3000, 3000)), "PNG")
    with pytest.raises(ImageLoadError) as caught:
        load_image(path, max_pixels=1_000_000)
    assert caught.value.finding.code == "image.too_many_pixels"


@pytest.mark.parametrize("code", ["image.empty", "image.truncated", "image.not_image", "image.too_many_pixels",
                                  "image.unreadable", "image.missing"])
def test_loader_messages_are_chinese_and_name_the_file(code):
    from wizard.case.findings import error

    text = render(error(code, file="D:/照片/我.jpg", max=100, reason="x"), load_rules())
    assert "D:/照片/我.jpg" in text and text != code
    assert any("\u4e00" <= ch <= "\u9fff" for ch in text.replace("照片/我", ""))
