"""Export and check of the bundle: the right files for each kind of change, a checklist PDF
whose Chinese text can be read back, zip names in UTF-8, no metadata, tamper detection,
and an export killed at a random moment never leaves half a bundle."""

from __future__ import annotations

import hashlib
import io
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unicodedata
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from ui.pdf import render_pdf
from wizard.bundle.check import BundleUnreadable, check
from wizard.bundle.export import ExportRefused, bundle_name, export, resolve_attachments
from wizard.case.findings import has_errors
from wizard.case.model import Attachment, Case, Change, Correction, Slot, parse_case
from wizard.case.validate import validate
from wizard.cli.main import main

from .conftest import PHOTO_CONFIRMED, TODAY, confirmed_for, make_case, make_id, shared_file

ROOT = Path(__file__).resolve().parents[1]
DOCS = {"填写内容.html", "填写内容.txt", "清单.html", "清单.pdf", "case.json", "manifest.json"}
EXPECTED_IMAGES = {
    "basic_info": set(),
    "photo": {"01_免冠证件照.jpg"},
    "name_or_id": {"02_手写签名.jpg", "03_身份证正面.jpg", "04_身份证背面.jpg", "05_手持身份证照.jpg",
                   "06_证明材料_1.jpg"},
}
SIZES = {Slot.PHOTO: (295, 413), Slot.SIGNATURE: (600, 240)}


def jpeg_bytes(size=(295, 413), colour=(255, 255, 255), exif: bytes | None = None, noise: int = 0) -> bytes:
    image = Image.new("RGB", size, colour)
    if noise:
        image = Image.effect_noise(size, noise).convert("RGB")
    buffer = io.BytesIO()
    extra = {"exif": exif} if exif else {}
    image.save(buffer, "JPEG", quality=85, dpi=(300, 300), **extra)
    return buffer.getvalue()


def finished(tmp: Path, slot: Slot, index: int = 0) -> Attachment:
    """An already-processed attachment of the slot's exact pixel size."""
    path = tmp / f"{slot.value}_{index}.jpg"
    # The two 身份证 sides must be two pictures (one picture for both is an error): a shade each.
    shade = 255 - 5 * list(Slot).index(slot)
    path.write_bytes(jpeg_bytes(SIZES.get(slot, (640, 404)), colour=(shade, shade, shade)))
    return Attachment(source=str(path), processed=str(path), confirmed=confirmed_for(slot.value))


def good_case(kind: str, tmp: Path) -> Case:
    case = make_case(kind, tmp)
    for slot, items in case.attachments.present().items():
        if slot is Slot.PROOF:
            case.attachments.proof = [finished(tmp, slot, i) for i in range(len(items))]
        else:
            setattr(case.attachments, slot.value, finished(tmp, slot))
    return case


def do_export(case: Case, rules, out: Path, zip_too: bool = True):
    return export(case, rules, out, pdf_renderer=render_pdf, zip_too=zip_too, today=TODAY)


# Noto CJK draws an ideograph and its radical form with one glyph, and Qt's ToUnicode map names the
# radical: NFKC folds the Kangxi radicals back; the CJK Radicals Supplement ones need this table.
RADICALS = str.maketrans("⻔⻅⻚⻆⻓⻛⻢⻬⻜⻝⻉⻋⻦⻩⻘⻥⻰⻙⻤⻨", "门见页角长风马齐飞食贝车鸟黄青鱼龙韦金麦")


def pdf_text(path: Path) -> str:
    """The PDF's text with line breaks and spaces removed and radical code points folded back."""
    if shutil.which("pdftotext"):  # poppler-utils (pdfinfo below comes with it)
        text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True).stdout.decode()
    else:  # pragma: no cover - poppler-utils absent
        import pypdfium2 as pdfium

        text = "".join(page.get_textpage().get_text_range() for page in pdfium.PdfDocument(str(path)))
    return unicodedata.normalize("NFKC", text).translate(RADICALS).replace(" ", "").replace("\r", "").replace("\n", "")


# --- each kind of change ----------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["basic_info", "photo", "name_or_id"])
def test_export_holds_exactly_the_allowed_files_and_checks_clean(kind, tmp_path, rules):
    case = good_case(kind, tmp_path)
    bundle = do_export(case, rules, tmp_path / "out")
    assert bundle.path.name == f"李某某_{case.applicant.id_number[-4:]}_2026-11-23_信息修改材料"
    assert {p.name for p in bundle.path.iterdir()} == DOCS | EXPECTED_IMAGES[kind]
    assert not has_errors(check(bundle.path, rules, TODAY))
    assert not has_errors(check(bundle.zip_path, rules, TODAY))
    assert sorted(p.name for p in bundle.path.parent.iterdir()) == [bundle.path.name, bundle.path.name + ".zip"]


@pytest.mark.parametrize("kind", ["basic_info", "photo", "name_or_id"])
def test_checklist_pdf_carries_the_guide_steps_in_chinese(kind, tmp_path, rules):
    bundle = do_export(good_case(kind, tmp_path), rules, tmp_path / "out", zip_too=False)
    text = pdf_text(bundle.path / "清单.pdf")
    for words in ("信息修改材料清单", "个人办事", "国务院部门", "住房和城乡建设部", "一级建造师执业资格认定",
                  "在线办理", "立即前往", "实人认证成功", "信息修改或材料补充", "本人作出上述承诺",
                  "获取短信验证码", "您所申请的事项已经提交成功！", "□"):
        assert unicodedata.normalize("NFKC", words) in text, words
    assert unicodedata.normalize("NFKC", rules.changes[Change(kind)].label) in text
    for name in EXPECTED_IMAGES[kind]:
        assert name in text
    info = subprocess.run(["pdfinfo", str(bundle.path / "清单.pdf")], capture_output=True, text=True).stdout
    assert "(A4)" in info


@pytest.mark.parametrize(("kind", "forbidden"), [("basic_info", True), ("photo", True), ("name_or_id", False)])
def test_fill_text_says_what_to_type_and_what_to_leave_empty(kind, forbidden, tmp_path, rules):
    case = good_case(kind, tmp_path)
    bundle = do_export(case, rules, tmp_path / "out", zip_too=False)
    text = (bundle.path / "填写内容.txt").read_text(encoding="utf-8")
    html = (bundle.path / "填写内容.html").read_text(encoding="utf-8")
    assert ("修改信息：请勿填写" in text) is forbidden
    assert "毕业院校：同济大学" in text and "同济大学" in html
    if not forbidden:
        assert f"证件号：{case.correction.id_number}" in text and "情况说明：派出所" in text
    assert ("请勿上传任何附件材料" in text) is (kind == "basic_info")


def test_fill_html_escapes_values(tmp_path, rules):
    case = good_case("name_or_id", tmp_path)
    case.correction.explanation = "户籍更正<script>alert(1)</script>，附公安机关证明材料一份。"
    bundle = do_export(case, rules, tmp_path / "out", zip_too=False)
    for name in ("填写内容.html", "清单.html"):
        assert "<script>" not in (bundle.path / name).read_text(encoding="utf-8")


def test_zip_names_are_utf8_and_intact(tmp_path, rules):
    bundle = do_export(good_case("name_or_id", tmp_path), rules, tmp_path / "out")
    with zipfile.ZipFile(bundle.zip_path) as archive:
        infos = archive.infolist()
    names = {Path(i.filename).name for i in infos}
    assert names == DOCS | EXPECTED_IMAGES["name_or_id"]
    assert all(i.filename.startswith(bundle.path.name + "/") for i in infos)
    assert all(i.flag_bits & 0x800 for i in infos)  # bit 11: the names are UTF-8


def test_no_metadata_in_exported_images_even_from_a_source_with_exif(tmp_path, rules):
    case = good_case("photo", tmp_path)
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    Path(case.attachments.photo.processed).write_bytes(jpeg_bytes(exif=exif.tobytes()))
    stripped = do_export(case, rules, tmp_path / "out")  # the finished file is rebuilt without it (issue 18)
    photo = (stripped.path / "01_免冠证件照.jpg").read_bytes()
    assert b"PhoneMaker" not in photo and b"Exif" not in photo
    bundle = do_export(good_case("name_or_id", tmp_path), rules, tmp_path / "out2")
    for path in bundle.path.glob("*.jpg"):
        with Image.open(path) as image:
            assert not image.getexif() and not {"exif", "icc_profile", "comment", "xmp"} & set(image.info)


def test_manifest_masks_the_id_and_records_every_file(tmp_path, rules):
    case = good_case("name_or_id", tmp_path)
    bundle = do_export(case, rules, tmp_path / "out")
    text = (bundle.path / "manifest.json").read_text(encoding="utf-8")
    manifest = json.loads(text)
    assert case.applicant.id_number not in text and manifest["case"]["id_number"].startswith("110105****")
    assert manifest["program"]["version"] and manifest["rules"]["version"] == rules.pack.version
    assert {e["name"] for e in manifest["files"]} == DOCS - {"manifest.json"} | EXPECTED_IMAGES["name_or_id"]
    for entry in manifest["files"]:
        data = (bundle.path / entry["name"]).read_bytes()
        assert entry["sha256"] == hashlib.sha256(data).hexdigest() and entry["bytes"] == len(data)
    photo = next(e for e in manifest["files"] if e["slot"] == "signature")
    assert (photo["width"], photo["height"], photo["format"]) == (600, 240, "jpeg")


def test_bundled_case_reopens_with_the_bundle_files(tmp_path, rules):
    bundle = do_export(good_case("name_or_id", tmp_path), rules, tmp_path / "out")
    case = parse_case((bundle.path / "case.json").read_text(encoding="utf-8"))
    assert case.attachments.id_front.processed == "03_身份证正面.jpg"
    assert not has_errors(validate(resolve_attachments(case, bundle.path), rules, TODAY))


def test_a_case_with_errors_is_refused_and_nothing_written(tmp_path, rules):
    case = good_case("name_or_id", tmp_path)
    case.attachments.id_front = None
    with pytest.raises(ExportRefused) as refused:
        do_export(case, rules, tmp_path / "out")
    assert "attachment.required" in {f.code for f in refused.value.findings}
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_export_again_replaces_the_bundle_without_leftovers(tmp_path, rules):
    case = good_case("name_or_id", tmp_path)
    first = do_export(case, rules, tmp_path / "out")
    case.attachments.proof.append(finished(tmp_path, Slot.PROOF, 7))
    second = do_export(case, rules, tmp_path / "out")
    assert first.path == second.path and (second.path / "06_证明材料_2.jpg").exists()
    assert len(list((tmp_path / "out").iterdir())) == 2 and not has_errors(check(second.path, rules, TODAY))


@pytest.mark.parametrize(("name", "expected"), [("李某某", "李某某"), ('a<b>:c"/d\\e|f?g*', "a_b__c__d_e_f_g_"),
                                                ("con", "_con"), (" . ", "申报人")])
def test_bundle_name_is_safe_on_windows(name, expected):
    assert bundle_name(name, TODAY) == f"{expected}_2026-11-23_信息修改材料"


# --- tampering ----------------------------------------------------------------------------------


def _tamper_replace(folder: Path) -> None:
    (folder / "03_身份证正面.jpg").write_bytes(jpeg_bytes((640, 404), colour=(250, 240, 240)))


def _tamper_add(folder: Path) -> None:
    (folder / "01_免冠证件照.jpg").write_bytes(jpeg_bytes())


def _tamper_too_big(folder: Path) -> None:
    (folder / "06_证明材料_1.jpg").write_bytes(jpeg_bytes((1400, 1400), noise=60))


def _tamper_exif(folder: Path) -> None:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    (folder / "02_手写签名.jpg").write_bytes(jpeg_bytes((600, 240), exif=exif.tobytes()))


@pytest.mark.parametrize(("tamper", "codes"), [
    (_tamper_replace, {"bundle.hash_mismatch"}),
    (_tamper_add, {"bundle.extra_file"}),
    (_tamper_too_big, {"bundle.hash_mismatch", "bundle.too_big"}),
    (_tamper_exif, {"bundle.hash_mismatch", "bundle.metadata"}),
])
def test_tampered_bundle_does_not_check_clean(tamper, codes, tmp_path, rules):
    case = good_case("name_or_id", tmp_path)
    case.attachments.photo = None
    bundle = do_export(case, rules, tmp_path / "out", zip_too=False)
    tamper(bundle.path)
    found = {f.code for f in check(bundle.path, rules, TODAY) if f.severity.value == "error"}
    assert codes <= found


def test_file_for_a_forbidden_slot_is_found(tmp_path, rules):
    bundle = do_export(good_case("photo", tmp_path), rules, tmp_path / "out", zip_too=False)
    (bundle.path / "03_身份证正面.jpg").write_bytes(jpeg_bytes((640, 404)))
    codes = {f.code for f in check(bundle.path, rules, TODAY)}
    assert {"bundle.extra_file", "bundle.slot_forbidden"} <= codes


def test_deleted_file_and_edited_manifest_are_found(tmp_path, rules):
    bundle = do_export(good_case("name_or_id", tmp_path), rules, tmp_path / "out", zip_too=False)
    (bundle.path / "04_身份证背面.jpg").unlink()
    codes = {f.code for f in check(bundle.path, rules, TODAY)}
    assert {"bundle.file_missing", "bundle.slot_missing"} <= codes
    (bundle.path / "manifest.json").write_text("{", encoding="utf-8")
    with pytest.raises(BundleUnreadable) as refused:  # nothing to check against: exit 2 (issue 18)
        check(bundle.path, rules, TODAY)
    assert refused.value.finding.code == "bundle.manifest_invalid"


@pytest.mark.parametrize("evil", ["../escape.txt", "/etc/evil.txt", "C:/evil.txt", "a/../../b.txt"])
def test_zip_with_paths_out_of_the_folder_is_refused(evil, tmp_path, rules, capsys):
    archive = tmp_path / "evil.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("bundle/manifest.json", "{}")
        zf.writestr(evil, "x")
    with pytest.raises(BundleUnreadable):
        check(archive, rules)
    assert main(["check", str(archive)]) == 2
    assert "不安全" in capsys.readouterr().err
    assert not (tmp_path / "escape.txt").exists()


def test_zip_bomb_is_refused(tmp_path, rules):
    archive = tmp_path / "bomb.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("bundle/big.bin", b"\0" * 60_000_000)
    with pytest.raises(BundleUnreadable) as refused:
        check(archive, rules)
    assert refused.value.finding.code == "bundle.zip_too_big"


# --- the command line ---------------------------------------------------------------------------


def test_cli_export_and_check(tmp_path, rules, capsys):
    from wizard.case.model import save_case

    case_file = save_case(good_case("name_or_id", tmp_path), tmp_path / "case.json")
    assert main(["export", str(case_file), "-o", str(tmp_path / "out")]) == 2
    assert "清单.pdf" in capsys.readouterr().err
    code = main(["export", str(case_file), "-o", str(tmp_path / "out"), "--zip", "--json"], pdf_renderer=render_pdf)
    data = json.loads(capsys.readouterr().out)
    assert code == 0 and data["ok"] and Path(data["output"]).is_dir() and data["metrics"]["zip"].endswith(".zip")
    assert main(["check", data["metrics"]["zip"], "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["ok"] is True
    _tamper_add(Path(data["output"]))
    assert main(["check", data["output"]]) == 1
    assert "不属于它的文件" in capsys.readouterr().out


def test_cli_export_refuses_a_case_with_errors(tmp_path, capsys):
    from wizard.case.model import save_case

    case = good_case("photo", tmp_path)
    case.commitment = None
    case_file = save_case(case, tmp_path / "case.json")
    code = main(["export", str(case_file), "-o", str(tmp_path / "out"), "--json"], pdf_renderer=render_pdf)
    data = json.loads(capsys.readouterr().out)
    assert code == 1 and [f["code"] for f in data["findings"]] == ["commitment.unset"]
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


# --- property: whatever is exported checks clean -------------------------------------------------

# A shade per slot: one picture for both 身份证 sides is an error, so the two must differ.
_IMAGES = {slot: jpeg_bytes(SIZES.get(slot, (640, 404)), colour=(240 - 3 * n, 240, 235)) for n, slot in enumerate(Slot)}


def _attachment_in(folder: Path, slot: Slot, index: int) -> Attachment:
    path = folder / f"{slot.value}_{index}.jpg"
    path.write_bytes(_IMAGES[slot])
    return Attachment(source=str(path), processed=str(path), confirmed=confirmed_for(slot.value))


@st.composite
def cases(draw):
    changes = draw(st.sets(st.sampled_from(list(Change)), min_size=1))
    name = draw(st.sampled_from(["李某某", "欧阳娜娜", "阿依古丽·买买提", "王一"]))
    seq = draw(st.sampled_from(["123", "135", "357"]))
    case = Case(changes=changes, commitment=True)
    case.applicant = make_case("basic_info", Path(".")).applicant.model_copy(
        update={"name": name, "id_number": make_id(seq=seq)})
    slots = {s for s in Slot if _need(changes, s) != "forbidden"}
    chosen = {s for s in slots if _need(changes, s) == "required" or draw(st.booleans())}
    proofs = draw(st.integers(1, 3)) if Slot.PROOF in chosen else 0
    if Change.NAME_OR_ID in changes:
        case.correction = Correction(name=draw(st.sampled_from(["李某", ""])) or "", id_number=make_id(seq="579"),
                                     explanation="公安机关已出具户籍更正证明，现更正身份证号码。")
    return case, chosen, proofs


def _need(changes, slot):
    from wizard.case.rules import load_rules

    return load_rules().slot_need(changes, slot).value


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cases())
def test_exported_bundles_always_check_clean(rules, drawn):
    case, chosen, proofs = drawn
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for slot in chosen:
            if slot is Slot.PROOF:
                case.attachments.proof = [_attachment_in(folder, slot, i) for i in range(proofs)]
            else:
                setattr(case.attachments, slot.value, _attachment_in(folder, slot, 0))
        bundle = do_export(case, rules, folder / "out")
        found = check(bundle.zip_path, rules, TODAY) + check(bundle.path, rules, TODAY)
        assert not has_errors(found), [f.code for f in found]


# --- interrupted export -------------------------------------------------------------------------

EXPORT_LOOP = """
import sys
from pathlib import Path
from ui.pdf import render_pdf
from wizard.bundle.export import export
from wizard.case.model import load_case
from wizard.case.rules import load_rules
import datetime as dt
case, rules = load_case(sys.argv[1]), load_rules()
print("ready", flush=True)
for _ in range(200):
    export(case, rules, Path(sys.argv[2]), pdf_renderer=render_pdf, zip_too=True, today=dt.date(2026, 11, 23))
"""


def test_killed_export_leaves_the_old_bundle_or_nothing(tmp_path, rules):
    from wizard.case.model import save_case

    case = good_case("name_or_id", tmp_path)
    case.attachments.proof = [_big_proof(tmp_path, i) for i in range(12)]
    case_file = save_case(case, tmp_path / "case.json")
    out = tmp_path / "out"
    old = do_export(case, rules, out)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    rng = random.Random(6)
    interrupted = 0
    for _ in range(5):
        proc = subprocess.Popen([sys.executable, "-c", EXPORT_LOOP, str(case_file), str(out)], env=env,
                                stdout=subprocess.PIPE, cwd=tmp_path)
        assert proc.stdout.readline().strip() == b"ready"
        time.sleep(rng.uniform(0.0, 0.4))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        interrupted += any(p.name.startswith(".") for p in out.iterdir())  # a kill mid-export leaves temp names
        if old.path.exists():
            assert not has_errors(check(old.path, rules, TODAY))
        if old.zip_path.exists():
            assert not has_errors(check(old.zip_path, rules, TODAY))
    assert interrupted, "no kill landed inside an export: the test proved nothing"
    do_export(case, rules, out)  # the next export cleans up whatever a kill left behind
    assert sorted(p.name for p in out.iterdir()) == [old.path.name, old.zip_path.name]


def _big_proof(tmp: Path, index: int) -> Attachment:
    path = tmp / f"big_proof_{index}.jpg"
    path.write_bytes(jpeg_bytes((320, 320), noise=40))
    assert len(path.read_bytes()) < 100_000
    return Attachment(source=str(path), processed=str(path))


# --- one real run through the engines ---------------------------------------------------------


def test_unprocessed_real_photo_is_processed_during_export(tmp_path, rules):
    source = shared_file("portrait", "plain_white_bg_man_curlyhair.jpg")
    case = good_case("photo", tmp_path)
    case.attachments.photo = Attachment(source=str(source), confirmed=list(PHOTO_CONFIRMED))
    bundle = do_export(case, rules, tmp_path / "out")
    with Image.open(bundle.path / "01_免冠证件照.jpg") as image:
        assert image.size == (295, 413) and not image.getexif()
    assert not has_errors(check(bundle.zip_path, rules, TODAY))
