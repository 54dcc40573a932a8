"""手持身份证照 and 证明材料 engines.

Handheld: a Pillow-drawn card with someone's small portrait on it, held up in front of a real
portrait; the card's portrait is no second person, a real second person is. Proof: a generated
PDF (grey text pages and a colour page) through the CLI, broken and locked PDFs, an image.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from tests.synthetic_cards import cjk_font_path
from tests.synthetic_handheld import card_corners, drawn_card, face_crop, handheld_photo, hold_up
from wizard.case.messages import render
from wizard.case.model import Slot
from wizard.case.rules import load_rules
from wizard.cli.main import main
from wizard.imaging.handheld import look
from wizard.imaging.load import ImageLoadError
from wizard.imaging.process import process_file

SHARED = Path(__file__).parents[2] / "shared" / "testdata"
RULES = load_rules()
LIMIT = RULES.upload.max_bytes


def _shared() -> Path:
    if not (SHARED / "portrait").is_dir() or not (SHARED / "reject").is_dir():
        pytest.skip(f"shared test images are absent: {SHARED} (the shared testdata folder is not mounted)")
    return SHARED


def _codes(results) -> set[str]:
    return {f.code for r in results for f in r.findings}


def _save(rgb: np.ndarray, path: Path, quality: int = 92) -> Path:
    Image.fromarray(rgb).save(path, quality=quality)
    return path


# --- 手持身份证照 ---------------------------------------------------------------------------


def test_card_portrait_is_not_a_second_person(tmp_path):
    photo = handheld_photo(_shared())
    view = look(photo, RULES)
    assert view.face is not None and len(view.printed) == 1 and view.others == []  # the portrait was seen
    truth = card_corners((1200, 1600), 0.46, (0.5, 0.8))
    assert np.linalg.norm(view.card - truth, axis=1).max() < 4
    result = process_file(Slot.ID_HANDHELD, _save(photo, tmp_path / "hand.jpg"), RULES)[0]
    assert result.ok and _codes([result]) == set(), _codes([result])
    assert len(result.data) <= LIMIT and result.metrics["quality"] >= RULES.check("handheld", "min_quality")


def test_twelve_megapixel_handheld_stays_clear(tmp_path):
    photo = handheld_photo(_shared(), size=(3000, 4000))
    result = process_file(Slot.ID_HANDHELD, _save(photo, tmp_path / "12mp.jpg"), RULES)[0]
    assert result.ok and len(result.data) <= LIMIT
    # Measured: 960×1280 at quality ~90, face ~300 px wide: never a quality-25 thumbnail.
    assert result.metrics["quality"] >= 70 and max(result.size) >= 1000
    assert result.metrics["out_face_width"] >= 150 and result.metrics["out_card_width"] >= 400


def test_two_people_with_a_card_are_rejected(tmp_path):
    photo = np.asarray(Image.open(_shared() / "reject" / "two_men_side_by_side.jpg").convert("RGB"))
    h, w = photo.shape[:2]
    card = drawn_card(face_crop(SHARED / "portrait" / "plain_white_bg_man_curlyhair.jpg"))
    held = hold_up(photo, card, card_corners((w, h), 0.3, (0.3, 0.8)))
    result = process_file(Slot.ID_HANDHELD, _save(held, tmp_path / "two.jpg"), RULES)[0]
    assert not result.ok and "handheld.several_people" in _codes([result])


def test_small_face_outside_the_card_is_a_second_person():
    """A bystander as small as the card's portrait, but beside the card, still counts."""
    photo = handheld_photo(_shared()).copy()
    small = np.asarray(face_crop(SHARED / "portrait" / "plain_white_bg_man_curlyhair.jpg").resize((170, 210)))
    photo[40:250, 960:1130] = small
    view = look(photo, RULES)
    assert len(view.others) == 1


def test_no_card_and_no_face_are_reported(tmp_path):
    portrait = _save(np.asarray(Image.open(_shared() / "portrait" / "plain_grey_bg_man_suit_halfbody.jpg")
                                .convert("RGB")), tmp_path / "p.jpg")
    assert "handheld.no_card" in _codes(process_file(Slot.ID_HANDHELD, portrait, RULES))
    card_only = np.full((900, 1200, 3), 60, np.uint8)
    card_only = hold_up(card_only, drawn_card(None), card_corners((1200, 900), 0.6, (0.5, 0.5)))
    result = process_file(Slot.ID_HANDHELD, _save(card_only, tmp_path / "c.jpg"), RULES)[0]
    assert not result.ok and "handheld.no_face" in _codes([result])


def test_blurred_handheld_is_warned(tmp_path):
    from PIL import ImageFilter

    photo = Image.fromarray(handheld_photo(_shared())).filter(ImageFilter.GaussianBlur(4))
    result = process_file(Slot.ID_HANDHELD, _save(np.asarray(photo), tmp_path / "blur.jpg"), RULES)[0]
    assert {"handheld.face_blurred", "handheld.card_blurred"} <= _codes([result])


# --- 证明材料 ---------------------------------------------------------------------------------


def _page(colour: bool, text_px: int) -> Image.Image:
    font_path = cjk_font_path()
    if font_path is None:
        pytest.skip("the Noto CJK font is not installed (needed to draw Chinese text pages)")
    page = Image.new("RGB", (1240, 1754), "white")  # A4 at 150 dpi
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(str(font_path), text_px)
    for row, y in enumerate(range(150, 1500, int(text_px * 1.7))):
        draw.text((100, y), f"兹证明张伟明同志的公民身份号码已予更正 Certificate {row}", font=font, fill=(0, 0, 0))
    if colour:
        draw.ellipse((800, 1300, 1100, 1600), outline=(220, 30, 30), width=10)  # the red seal
    return page


def _pdf(path: Path) -> Path:
    grey, seal, small = _page(False, 30), _page(True, 30), _page(False, 14)
    grey.convert("L").save(path, save_all=True, append_images=[seal, small.convert("L")], resolution=150)
    return path


def test_pdf_proof_writes_every_page_through_the_cli(tmp_path, capsys):
    out = tmp_path / "证明"
    code = main(["process", "--slot", "proof", str(_pdf(tmp_path / "x.pdf")), "-o", str(out), "--json"])
    report = json.loads(capsys.readouterr().out)
    assert code == 0 and report["ok"]
    files = sorted(out.iterdir())
    assert [f.name for f in files] == ["证明_1.png", "证明_2.jpg", "证明_3.png"]
    modes = [Image.open(f).mode for f in files]
    # Grey text pages as black-and-white PNGs (they kept more characters than greyscale JPEGs: measured
    # 1.0 against 0.97), the sealed page as a colour JPEG.
    assert modes == ["1", "RGB", "1"]
    assert all(f.stat().st_size <= LIMIT for f in files)
    pages = report["metrics"]["pages"]
    assert [p["format"] for p in pages] == ["png", "jpeg", "png"]
    # The small print of page 3 stays at full size in a PNG: it reads (measured 0.98), so no warning.
    assert all(p["legibility"] >= RULES.check("proof", "min_kept_share") for p in pages)
    assert not {"proof.text_too_small", "proof.illegible"} & {f["code"] for f in report["findings"]}


def _raw_pdf(objects: list[bytes], trailer: bytes = b"") -> bytes:
    """A minimal PDF with a correct cross-reference table."""
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    start = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, trailer, start)
    return bytes(out)


LOCKED = _raw_pdf(
    [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
     b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
     b"<< /Filter /Standard /V 1 /R 2 /O <" + b"11" * 32 + b"> /U <" + b"22" * 32 + b"> /P -4 >>"],
    b"/Encrypt 4 0 R /ID [<00112233445566778899aabbccddeeff> <00112233445566778899aabbccddeeff>] ",
)
EMPTY = _raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"])


@pytest.mark.parametrize(("data", "codes"), [
    (LOCKED, {"proof.pdf_password"}),
    (EMPTY, {"proof.pdf_empty", "proof.pdf_broken"}),  # PDFium refuses a page tree with no pages
    (b"%PDF-1.4\n garbage", {"proof.pdf_broken"}),
])
def test_unreadable_pdf_is_a_clear_message_naming_the_file(tmp_path, capsys, data, codes):
    path = tmp_path / "公安证明.pdf"
    path.write_bytes(data)
    with pytest.raises(ImageLoadError) as caught:
        process_file(Slot.PROOF, path, RULES)
    assert caught.value.finding.code in codes
    assert "公安证明.pdf" in render(caught.value.finding, RULES)
    assert main(["process", "--slot", "proof", str(path), "-o", str(tmp_path / "o")]) == 2
    assert "公安证明.pdf" in capsys.readouterr().err


def test_image_proof_is_one_page_within_the_limit(tmp_path):
    path = tmp_path / "scan.png"
    _page(True, 30).save(path)
    (result,) = process_file(Slot.PROOF, path, RULES)
    assert result.ok and len(result.data) <= LIMIT and result.metrics["grey"] is False
    assert Image.open(io.BytesIO(result.data)).mode == "RGB"
    assert "proof.text_too_small" not in _codes([result])
