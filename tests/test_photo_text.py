"""Words left on the finished one-inch photo: a watermark painted out, a logo on the head said."""

from __future__ import annotations

import cv2
import numpy as np

from tests.conftest import shared_file
from wizard.case.model import Slot
from wizard.imaging import photo_text
from wizard.imaging.process import process_file
from wizard.imaging.text_lines import OcrUnavailable, read_lines


def _codes(result) -> dict[str, str]:
    return {f.code: f.severity.value for f in result.findings}


def test_a_watermark_on_the_clothes_is_painted_out_and_said(rules):
    result = process_file(Slot.PHOTO, shared_file("portrait", "dark_bg_dark_hair_man_goatee_watermark.jpg"), rules)[0]
    assert result.data and _codes(result)["photo.text_removed"] == "info"
    assert "photo.text_on_photo" not in _codes(result)
    assert not [line for line in read_lines(result.extra["pixels"], rules, upright=True) if line.confidence >= 0.8]


def test_a_logo_on_a_cap_is_a_warning_and_left_alone(rules):
    result = process_file(Slot.PHOTO, shared_file("reject", "warn_baseball_cap_woman_seaside.jpg"), rules)[0]
    assert _codes(result)["photo.text_on_photo"] == "warning"
    assert any(f.params.get("text") == "KAPPA" for f in result.findings)


def _photo_with_words(where: str) -> tuple[np.ndarray, tuple[float, float, float, float]]:
    photo = np.full((413, 295, 3), 250, np.uint8)
    cv2.ellipse(photo, (147, 170), (60, 80), 0, 0, 360, (200, 160, 130), -1)  # a face, roughly
    cv2.rectangle(photo, (20, 300), (275, 413), (40, 45, 60), -1)  # a dark jacket
    y = 380 if where == "clothes" else 170
    colour = (235, 235, 235) if where == "clothes" else (20, 20, 20)
    cv2.putText(photo, "SAMPLE PHOTO", (40, y), cv2.FONT_HERSHEY_SIMPLEX, 0.9, colour, 2, cv2.LINE_AA)
    return photo, (87.0, 90.0, 120.0, 160.0)


def test_words_on_the_clothes_go_and_words_on_the_face_stay(rules):
    clothes, face = _photo_with_words("clothes")
    cleaned, found = photo_text.without_words(clothes, face, rules)
    assert [f.code for f in found] == ["photo.text_removed"] and not np.array_equal(cleaned, clothes)
    assert np.array_equal(cleaned[:290], clothes[:290])  # nothing above the words was touched
    on_face, face = _photo_with_words("face")
    kept, found = photo_text.without_words(on_face, face, rules)
    assert [f.code for f in found] == ["photo.text_on_photo"] and np.array_equal(kept, on_face)


def test_without_the_ocr_the_photo_says_it_was_not_checked(rules, monkeypatch):
    def missing(*_args, **_kwargs):
        raise OcrUnavailable("未安装文字识别组件")

    monkeypatch.setattr(photo_text, "has_text", missing)
    photo, face = _photo_with_words("clothes")
    _, found = photo_text.without_words(photo, face, rules)
    assert [(f.code, f.severity.value) for f in found] == [("photo.text_unchecked", "warning")]
