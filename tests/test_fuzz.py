"""Fuzzing in CI: whatever bytes arrive, the case reader and the picture loader answer with a
clear error of their own kind, never another exception (a traceback for the user)."""

from __future__ import annotations

import io
import json
import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from wizard.case.model import Case, CaseFileError, parse_case
from wizard.imaging.load import ImageLoadError, load_image

# tools/fuzz.py raises the count for the long run; CI keeps it quick (4 tests × 600 inputs).
FUZZ = settings(max_examples=int(os.environ.get("JZS_FUZZ_EXAMPLES", "600")), deadline=None,
                suppress_health_check=[HealthCheck.too_slow])

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=20,
)
case_keys = st.sampled_from(["schema_version", "changes", "applicant", "correction", "commitment", "attachments"])
case_like = st.dictionaries(case_keys, json_values, max_size=6)


@FUZZ
@given(st.one_of(case_like, json_values))
def test_any_json_gives_a_case_or_a_case_file_error(data):
    try:
        case = parse_case(json.dumps(data), "fuzz.json")
    except CaseFileError as exc:
        assert str(exc).startswith("fuzz.json")
    else:
        assert isinstance(case, Case)


@FUZZ
@given(st.text(max_size=300))
def test_any_text_gives_a_case_or_a_case_file_error(text):
    try:
        case = parse_case(text, "fuzz.json")
    except CaseFileError as exc:
        assert str(exc).startswith("fuzz.json")
    else:
        assert isinstance(case, Case)


def _sample(fmt: str, mode: str = "RGB") -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, (23, 17), (200, 30, 30) if mode == "RGB" else 128).save(buffer, fmt)
    return buffer.getvalue()


SAMPLES = [_sample("JPEG"), _sample("PNG"), _sample("GIF", "L"), _sample("BMP"), _sample("TIFF"), _sample("WEBP")]
PREFIXES = [b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"GIF89a", b"BM", b"II*\x00", b"RIFF\x00\x00\x00\x00WEBP", b""]
_DIR = Path(tempfile.mkdtemp(prefix="jzs-fuzz-"))


def _load(raw: bytes) -> None:
    path = _DIR / "样本 文件.jpg"
    path.write_bytes(raw)
    try:
        image = load_image(path)
    except ImageLoadError as exc:
        assert exc.finding.code.startswith("image.") and exc.finding.params.get("file") == str(path)
    else:
        h, w, channels = image.rgb.shape
        assert channels == 3 and w > 0 and h > 0 and image.rgb.dtype.name == "uint8"


@FUZZ
@given(st.sampled_from(PREFIXES), st.binary(max_size=400))
def test_random_bytes_behind_a_real_signature(prefix, tail):
    _load(prefix + tail)


@FUZZ
@given(st.sampled_from(SAMPLES), st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 255)), max_size=8),
       st.integers(0, 10_000))
def test_damaged_real_pictures(sample, flips, cut):
    data = bytearray(sample)
    for position, value in flips:
        data[position % len(data)] = value
    _load(bytes(data[: max(1, len(data) - cut % len(data))]))
