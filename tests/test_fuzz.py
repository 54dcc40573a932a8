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


# --- round two (issue 18): PDFs, zips and bundle folders ------------------------------------------
# Each PDF example starts the renderer's child process (~0.15 s), so CI tries few; tools/fuzz.py more.
PDF_FUZZ = settings(max_examples=int(os.environ.get("JZS_FUZZ_PDF_EXAMPLES", "15")), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])
BUNDLE_FUZZ = settings(max_examples=int(os.environ.get("JZS_FUZZ_BUNDLE_EXAMPLES", "60")), deadline=None,
                       suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


def _plain_pdf() -> bytes:
    from .hostile_pdfs import plain_pdf

    return plain_pdf(_DIR).read_bytes()


def _damaged(sample: bytes, flips: list[tuple[int, int]], cut: int) -> bytes:
    data = bytearray(sample)
    for position, value in flips:
        data[position % len(data)] = value
    return bytes(data[: max(1, len(data) - cut % len(data))])


@PDF_FUZZ
@given(st.one_of(st.binary(max_size=600).map(lambda tail: b"%PDF-1.7\n" + tail),
                 st.tuples(st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 255)), max_size=8),
                           st.integers(0, 10_000)).map(lambda args: _damaged(_plain_pdf(), *args))))
def test_any_pdf_gives_pages_or_a_load_error(data):
    from wizard.imaging.pdf_pages import render_pages

    path = _DIR / "证明 样本.pdf"
    path.write_bytes(data)
    try:
        pages, total = render_pages(path, 72, 2, 600)
    except ImageLoadError as exc:
        assert exc.finding.params.get("file") == str(path)
    else:
        assert total >= 1 and all(p.ndim == 3 and p.shape[2] == 3 for p in pages)


_BUNDLE: list[Path] = []


def _exported_bundle() -> Path:
    """One real exported bundle (folder and zip), made on first use and reused by every example."""
    if not _BUNDLE:
        from ui.pdf import render_pdf
        from wizard.bundle.export import export
        from wizard.case.rules import load_rules

        from .conftest import TODAY, make_case, small_jpeg

        folder = Path(tempfile.mkdtemp(prefix="jzs-fuzz-bundle-"))
        case = make_case("name_or_id", folder)
        signature = case.attachments.signature  # the slot's own pixel size, as export requires
        small_jpeg(Path(signature.processed), (600, 240))
        bundle = export(case, load_rules(), folder / "out", pdf_renderer=render_pdf, zip_too=True, today=TODAY)
        _BUNDLE.append(bundle.zip_path)
    return _BUNDLE[0]


def _check_gives_findings_or_refuses(path: Path) -> None:
    from wizard.bundle.check import BundleUnreadable, check
    from wizard.case.findings import Finding
    from wizard.case.rules import load_rules

    try:
        findings = check(path, load_rules())
    except BundleUnreadable as exc:
        assert exc.finding.code.startswith("bundle.") and exc.finding.params.get("file")
    else:
        assert all(isinstance(f, Finding) for f in findings)


@BUNDLE_FUZZ
@given(st.lists(st.tuples(st.integers(0, 2_000_000), st.integers(0, 255)), min_size=1, max_size=12),
       st.integers(0, 2_000_000))
def test_any_damaged_bundle_zip_gives_findings_or_a_refusal(flips, cut):
    data = _damaged(_exported_bundle().read_bytes(), flips, cut)
    path = _DIR / "材料 样本.zip"
    path.write_bytes(data)
    _check_gives_findings_or_refuses(path)


BUNDLE_FILES = ["manifest.json", "case.json", "01_免冠证件照.jpg", "03_身份证正面.jpg", "清单.pdf", "extra.bin"]


@BUNDLE_FUZZ
@given(st.sampled_from(BUNDLE_FILES), st.one_of(json_values.map(lambda v: json.dumps(v).encode()),
                                                st.binary(max_size=300)),
       st.booleans())
def test_any_spoiled_bundle_folder_gives_findings_or_a_refusal(name, content, append):
    import shutil
    import zipfile

    folder = Path(tempfile.mkdtemp(prefix="jzs-fuzz-folder-", dir=_DIR))
    try:
        with zipfile.ZipFile(_exported_bundle()) as archive:
            archive.extractall(folder)
        bundle = next(folder.iterdir())
        target = bundle / name
        if append and target.exists():
            content = target.read_bytes() + content
        target.write_bytes(content)
        _check_gives_findings_or_refuses(bundle)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
