"""``jzs-wizard --self-test``: prove that this installation has every part it needs.

A frozen bundle breaks in ways a checkout never does: PyInstaller leaves a data file out and
nothing complains until a user drops in a photo (a face model missing from the bundle means no
photo can be made; RapidOCR goes looking for its models on the network). So the self-test loads
every shipped resource and runs every engine on a small synthetic input drawn here: it needs
no file from outside and behaves the same in a checkout, an installed wheel and the bundle.

This module holds the checks that need no Qt; :mod:`ui.selftest` adds the Qt ones
(translations, style sheet, image plugins, an offscreen window) and the checklist PDF
renderer for the export check. Each check returns a short detail line or raises.
"""

from __future__ import annotations

import importlib.util
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import cv2
import numpy as np
from PIL import Image

from wizard.case.idnumber import check_digit, check_id
from wizard.case.messages import LANGUAGES, catalogue
from wizard.case.model import Applicant, Case, Change, Slot
from wizard.case.rules import RulePack, load_rules, read_rule_pack
from wizard.imaging import models
from wizard.imaging.hands import find_hands
from wizard.imaging.process import process_file
from wizard.platform.resources import resource_path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

Check = Callable[[Path], str]  # gets a scratch folder; returns a detail line or raises
PdfRenderer = Callable[[str, Path], None]  # ui.pdf.render_pdf; the export check needs one

# The templates wizard/bundle/checklist.py renders the bundle's 填写内容 and 清单 from.
TEMPLATES = ("checklist.html", "checklist.css", "fill.html", "fill.txt", "texts.toml")
QM_MAGIC = bytes.fromhex("3cb86418caef9c95cd211cbf60a1bddd")  # first 16 bytes of every Qt .qm file
CARD_ASPECT = 85.6 / 54.0  # ID-1 card, what a flattened 身份证 must come out as
OCR_TEXT = "JZS 2026 1123"
SAMPLE_BODY = "110105" + "19800315" + "123"  # a made-up person: 北京市朝阳区, 1980-03-15, 男
SAMPLE_ID = SAMPLE_BODY + check_digit(SAMPLE_BODY)


class CheckFailed(Exception):
    """A check ran but its result is wrong; the message says what was expected."""


class Skipped(Exception):
    """A check cannot run in this build (e.g. a module not written yet); printed, not a failure."""


@dataclass(frozen=True)
class CheckResult:
    name: str
    status: str  # "OK", "FAIL" or "SKIP"
    detail: str

    @property
    def failed(self) -> bool:
        return self.status == "FAIL"

    def line(self) -> str:
        return f"{self.status} {self.name}: {self.detail}"


def expect(condition: object, message: str) -> None:
    if not condition:
        raise CheckFailed(message)


def run_check(name: str, check: Check, scratch: Path) -> CheckResult:
    """Run one check; any exception becomes a FAIL line naming it (never a traceback)."""
    try:
        return CheckResult(name, "OK", check(scratch))
    except Skipped as exc:
        return CheckResult(name, "SKIP", str(exc))
    except Exception as exc:
        return CheckResult(name, "FAIL", f"{type(exc).__name__}: {exc}")


def run(extra: Iterable[tuple[str, Check]] = (), pdf_renderer: PdfRenderer | None = None,
        out: Callable[[str], None] = print) -> list[CheckResult]:
    """Run every check (then ``extra``), printing one line each as it finishes."""
    results = []
    with tempfile.TemporaryDirectory(prefix="jzs-selftest-") as tmp:
        for name, check in [*checks(pdf_renderer), *extra]:
            scratch = Path(tmp) / name
            scratch.mkdir()
            results.append(run_check(name, check, scratch))
            out(results[-1].line())
    return results


def exit_code(results: list[CheckResult]) -> int:
    return 1 if any(r.failed for r in results) else 0


def checks(pdf_renderer: PdfRenderer | None = None) -> list[tuple[str, Check]]:
    return [
        ("resources.rules", check_rules),
        ("resources.messages", check_messages),
        ("resources.help", check_help),
        ("resources.style", check_style),
        ("resources.translations", check_translation_files),
        ("resources.templates", check_templates),
        ("resources.icon", check_icon),
        ("engine.id_number", check_id_number),
        ("engine.face_models", check_face_models),
        ("engine.photo", check_photo),
        ("engine.signature", check_signature),
        ("engine.card", check_card),
        ("engine.heic", check_heic),
        ("engine.pdf", check_pdf),
        ("engine.ocr", check_ocr),
        ("export", partial(check_export, pdf_renderer=pdf_renderer)),
    ]


# --- resources ------------------------------------------------------------------------------


def check_rules(_: Path) -> str:
    pack = read_rule_pack(resource_path("rules", "rules.toml"))  # not the cached load_rules(): read it now
    return f"rule pack {pack.pack.version}, {len(pack.slots)} upload slots"


def check_messages(_: Path) -> str:
    """Each language's catalogue loads, and each engine catalogue exists in every language."""
    counts = []
    for lang in LANGUAGES:
        resource_path("messages", f"{lang}.toml")  # names the file if it is missing
        counts.append(f"{lang} {len(catalogue.__wrapped__(lang)['messages'])}")  # uncached: read the files now
    parts = {lang: {p.name.split(".", 1)[1] for p in resource_path("messages").glob(f"{lang}.*.toml")}
             for lang in LANGUAGES}
    reference = set().union(*parts.values())
    for lang, found in parts.items():
        expect(found == reference, f"messages/{lang}.*.toml lacks {sorted(reference - found)}")
    return "messages: " + ", ".join(counts)


def check_help(_: Path) -> str:
    with open(resource_path("help", "help.toml"), "rb") as handle:
        topics = tomllib.load(handle)
    expect(topics, "help/help.toml is empty")
    return f"{len(topics)} help sections"


def check_style(_: Path) -> str:
    text = resource_path("ui", "style.qss").read_text(encoding="utf-8")
    expect("{" in text, "ui/style.qss holds no rule")
    return f"style sheet {len(text)} characters"


def check_translation_files(_: Path) -> str:
    names = []
    for lang in LANGUAGES[1:]:  # Chinese is the source language: no .qm of ours
        data = resource_path("i18n", f"jzs_{lang}.qm").read_bytes()
        expect(data.startswith(QM_MAGIC), f"i18n/jzs_{lang}.qm is not a compiled Qt translation")
        names.append(f"jzs_{lang}.qm")
    return ", ".join(names)


def check_templates(_: Path) -> str:
    for name in TEMPLATES:
        path = resource_path("templates", name)
        if path.suffix == ".toml":
            with open(path, "rb") as handle:
                tomllib.load(handle)
        else:
            expect(path.read_text(encoding="utf-8").strip(), f"templates/{name} is empty")
    return f"{len(TEMPLATES)} templates"


def check_icon(_: Path) -> str:
    with Image.open(resource_path("icons", "jzs-wizard.png")) as icon:
        return f"icon {icon.size[0]}×{icon.size[1]}"


# --- engines --------------------------------------------------------------------------------


def check_id_number(_: Path) -> str:
    """The 居民身份证号码 check, with python-stdnum's region table (stdnum/cn/loc.dat) behind it."""
    result = check_id(SAMPLE_ID)
    expect(result.valid and result.region_known, f"sample ID number gave {result.problem}, region {result.region}")
    return f"sample ID number valid, region {result.region}"


def check_face_models(_: Path) -> str:
    """Every learned model runs on a drawn face: YuNet finds it, Face Mesh, Iris and Selfie Segmentation
    place their points and mask on it, the palm and hand models see no hand beside it (a missing or
    damaged file fails here, not on a user's photo)."""
    picture = drawn_face()
    found = models.detect_faces(picture, 0.5)
    expect(len(found) == 1, f"YuNet found {len(found)} faces on the drawn face, expected 1")
    x, y, w, h = found[0].box
    points, _ = models.face_mesh(picture, (x + w / 2, y + h / 2), 1.5 * max(w, h), 0.0)
    inside = (points[:, 0] > x - 0.2 * w) & (points[:, 0] < x + 1.2 * w) & (points[:, 1] > y - 0.2 * h)
    expect(points.shape == (468, 3) and inside.mean() > 0.9, "Face Mesh points fall outside the drawn face")
    lids = models.eye_contour(picture, points[133], points[33], False)
    expect(lids.shape == (16, 2) and np.isfinite(lids).all(), "MediaPipe Iris gave no eyelid contour")
    share = models.person_share(picture)  # a drawing is no person to it: only the shape and range are checked
    expect(share.shape == (256, 256) and 0.0 <= float(share.min()) <= float(share.max()) <= 1.0,
           f"Selfie Segmentation gave {share.shape} values in {share.min():.2f}..{share.max():.2f}")
    hands = find_hands(picture, found[0].box, points)  # a drawing holds no hand: the palm model sees none
    expect(all(h.presence < 0.7 for h in hands), "the hand models saw a hand beside the drawn face")
    presence, fingers = models.hand_landmarks(cv2.resize(picture, (models.HAND_SIDE, models.HAND_SIDE)))
    expect(fingers.shape == (21, 2) and presence < 0.7, f"the hand landmark model called the drawn face a hand "
           f"({presence:.2f})")
    return (f"YuNet score {found[0].score:.2f}; Face Mesh 468 points; Iris 16 lid points; person mask runs; "
            f"palm and hand models run (no hand: {presence:.2f})")


def drawn_face() -> np.ndarray:
    """A flat drawing of a head and shoulders (skin, hair, eyes, brows, nose, mouth) on a light wall."""
    picture = np.full((480, 360, 3), 235, np.uint8)
    cv2.ellipse(picture, (180, 230), (80, 105), 0, 0, 360, (205, 160, 130), -1)
    cv2.ellipse(picture, (180, 150), (92, 60), 0, 180, 360, (40, 30, 25), -1)
    for x in (148, 212):
        cv2.ellipse(picture, (x, 215), (16, 8), 0, 0, 360, (250, 250, 250), -1)
        cv2.circle(picture, (x, 215), 6, (50, 35, 25), -1)
        cv2.line(picture, (x - 18, 197), (x + 16, 195), (60, 40, 30), 4)
    cv2.line(picture, (180, 225), (174, 262), (170, 120, 100), 3)
    cv2.ellipse(picture, (180, 290), (28, 9), 0, 0, 180, (150, 60, 60), -1)
    cv2.rectangle(picture, (80, 335), (280, 480), (40, 40, 90), -1)
    return cv2.GaussianBlur(picture, (0, 0), 1.2)


def check_photo(scratch: Path) -> str:
    """A plain grey picture has no face: the 免冠证件照 engine must say so, not crash or crop."""
    path = _save(scratch / "grey.jpg", np.full((600, 450, 3), 128, np.uint8))
    codes = _codes(process_file(Slot.PHOTO, path, _rules()))
    expect("photo.no_face" in codes, f"grey picture gave {codes}, expected photo.no_face")
    return "plain grey picture → photo.no_face"


def check_signature(scratch: Path) -> str:
    path = _save(scratch / "signature.png", synthetic_signature())
    result = process_file(Slot.SIGNATURE, path, _rules())[0]
    expect(result.ok, f"synthetic stroke was not processed: {_codes([result])}")
    return f"synthetic stroke → {result.size[0]}×{result.size[1]} px, {len(result.data)} bytes"


def check_card(scratch: Path) -> str:
    path = _save(scratch / "card.jpg", synthetic_card_photo())
    result = process_file(Slot.ID_FRONT, path, _rules())[0]
    expect(result.ok, f"synthetic card was not flattened: {_codes([result])}")
    aspect = result.size[0] / result.size[1]
    expect(abs(aspect / CARD_ASPECT - 1) < 0.04, f"flattened card is {result.size}, not 85.6:54")
    return f"tilted synthetic card → flattened {result.size[0]}×{result.size[1]} px"


def check_heic(scratch: Path) -> str:
    """pillow-heif's libheif must be in the bundle: iPhones save photos as HEIC."""
    from wizard.imaging.load import load_image  # registers the HEIF opener

    path = scratch / "red.heic"
    Image.new("RGB", (64, 48), (200, 30, 40)).save(path, format="HEIF", quality=90)
    loaded = load_image(path)
    red = loaded.rgb[24, 32]
    expect(loaded.rgb.shape[:2] == (48, 64) and red[0] > 150 > red[1], f"HEIC decoded wrong: {red}")
    return "HEIC written and read back"


def check_pdf(scratch: Path) -> str:
    """pypdfium2's PDFium library must be in the bundle: 证明材料 often come as PDF."""
    import pypdfium2 as pdfium

    path = scratch / "blank.pdf"
    document = pdfium.PdfDocument.new()
    document.new_page(595, 842)  # A4 in points
    document.save(path)
    document.close()
    reopened = pdfium.PdfDocument(path)
    try:
        bitmap = reopened[0].render(scale=50 / 72).to_numpy()
    finally:
        reopened.close()
    expect(abs(bitmap.shape[0] - 585) <= 1 and abs(bitmap.shape[1] - 413) <= 1, f"A4 page rendered as {bitmap.shape}")
    return f"PDF written and page rendered ({pdfium.PDFIUM_INFO.version})"


def check_ocr(_: Path) -> str:
    from wizard.idcard import ocr

    seconds = ocr.warm_up(_rules())
    lines = ocr.read_lines(synthetic_text_line(), _rules())
    text = " ".join(line.text for line in lines)
    expect("2026" in text, f"read {text!r} from a line printed {OCR_TEXT!r}")
    return f"models loaded in {seconds:.1f} s; read {text!r}"


def check_export(scratch: Path, pdf_renderer: PdfRenderer | None) -> str:
    """Export a complete 基本信息 case into a temporary folder and zip, check the files, remove them."""
    if importlib.util.find_spec("wizard.bundle.export") is None:
        raise Skipped("wizard.bundle.export is not part of this build yet")
    if pdf_renderer is None:
        raise Skipped("no checklist PDF renderer given (it needs Qt: run jzs-wizard --self-test)")
    from wizard.bundle.export import export

    bundle = export(sample_case(), _rules(), scratch, pdf_renderer=pdf_renderer, zip_too=True)
    for entry in bundle.manifest["files"]:
        written = bundle.path / entry["name"]
        expect(written.is_file() and written.stat().st_size == entry["bytes"], f"{written} missing or wrong size")
    expect(bundle.zip_path and bundle.zip_path.is_file(), "the zip was not written")
    size = sum(p.stat().st_size for p in bundle.path.iterdir())
    _remove(bundle.path, bundle.zip_path)
    expect(not any(scratch.iterdir()), f"left behind: {[p.name for p in scratch.iterdir()]}")
    return f"{len(bundle.manifest['files'])} files ({size // 1024} KB) and a zip written and removed"


# --- synthetic inputs -----------------------------------------------------------------------


def synthetic_signature() -> np.ndarray:
    """One dark pen stroke, a wave across white paper."""
    paper = np.full((300, 900, 3), 255, np.uint8)
    xs = np.arange(100)
    points = np.stack([80 + xs * 7, 150 + (60 * np.sin(xs / 6)).astype(int)], axis=1).astype(np.int32)
    cv2.polylines(paper, [points], False, (20, 20, 20), 6, cv2.LINE_AA)
    return paper


def synthetic_card_photo() -> np.ndarray:
    """A light ID-1 card with printed lines, photographed at an angle on a dark table."""
    width, height = 856, 540
    card = np.full((height, width, 3), (235, 238, 240), np.uint8)
    for row, y in enumerate(range(80, 460, 60)):
        cv2.putText(card, f"{OCR_TEXT} {row}", (60, y), cv2.FONT_HERSHEY_SIMPLEX, 1.2, (30, 30, 30), 2, cv2.LINE_AA)
    corners = np.float32([[0, 0], [width, 0], [width, height], [0, height]])
    on_table = np.float32([[190, 200], [1030, 170], [1060, 720], [160, 700]])
    table = np.full((900, 1200, 3), (60, 70, 80), np.uint8)
    matrix = cv2.getPerspectiveTransform(corners, on_table)
    return cv2.warpPerspective(card, matrix, (1200, 900), dst=table, borderMode=cv2.BORDER_TRANSPARENT)


def synthetic_text_line() -> np.ndarray:
    """Black Latin text on white, drawn with OpenCV's own font (no system font needed)."""
    line = np.full((80, 520, 3), 255, np.uint8)
    cv2.putText(line, OCR_TEXT, (12, 55), cv2.FONT_HERSHEY_SIMPLEX, 1.5, (0, 0, 0), 3, cv2.LINE_AA)
    return line


def sample_case() -> Case:
    """A complete, valid 基本信息 case of a made-up person (no attachments are needed for it)."""
    applicant = Applicant(
        name="自检样例", id_number=SAMPLE_ID, gender="男", phone="13812348000", ethnicity="汉族",
        school="同济大学", major="建筑施工管理", education="本科", degree="无学位", graduation_date="2002-07-04",
    )
    return Case(changes={Change.BASIC_INFO}, applicant=applicant, commitment=True)


# --- helpers --------------------------------------------------------------------------------


def _rules() -> RulePack:
    return load_rules()


def _save(path: Path, rgb: np.ndarray) -> Path:
    Image.fromarray(rgb).save(path)
    return path


def _codes(results) -> list[str]:
    return [finding.code for result in results for finding in result.findings]


def _remove(folder: Path, zip_path: Path | None) -> None:
    shutil.rmtree(folder)
    if zip_path:
        zip_path.unlink()


def main() -> int:
    """The checks without Qt (``python -m wizard.selftest``); the export check is skipped."""
    started = time.perf_counter()
    results = run()
    print(f"{sum(not r.failed for r in results)}/{len(results)} checks passed in {time.perf_counter() - started:.1f} s")
    return exit_code(results)


if __name__ == "__main__":
    sys.exit(main())
