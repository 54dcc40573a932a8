"""Issue 18, hostile inputs round two: each item of the issue as tests that failed on the code before it.

Pictures that cost gigabytes, PDFs that cost PDFium gigabytes, devices and FIFOs, metadata smuggled
into a bundle, terminal escapes, a CPU bomb, and the inputs that ended in tracebacks. Memory and time
are measured by ``python -m benchmarks.hostile``, not here; these tests say what must happen.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from wizard.cli.main import main
from wizard.imaging.load import load_image

from .hostile_bundles import CASE_CORPUS, FOLDER_CORPUS, ZIP_CORPUS, sparse_entry
from .hostile_inputs import ROUND_TWO
from .hostile_pdfs import PDF_CORPUS, sliver_page

ROOT = Path(__file__).resolve().parents[1]
SLOTS = ["photo", "signature", "id_front", "id_back", "id_handheld", "proof"]
REFUSED = [n for n, (_, outcome) in ROUND_TWO.items() if outcome == "refused"]
BOUNDED = [n for n, (_, outcome) in ROUND_TWO.items() if outcome == "bounded"]
RAW_CONTROLS = set("\x1b\x07\r") | {chr(c) for c in range(0x80, 0xA0)}


@pytest.fixture(scope="session")
def made(tmp_path_factory):
    """Each hostile picture made once per session (the 10000² PNGs take a second or two to compress)."""
    cache: dict[str, Path] = {}

    def get(name: str) -> Path:
        if name not in cache:
            folder = tmp_path_factory.mktemp(name)
            cache[name] = ROUND_TWO[name][0](folder)
        return cache[name]

    return get


def has_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def run_cli(args: list[str], timeout: float = 60) -> subprocess.CompletedProcess:
    """The CLI in a fresh process, so that a hang (a FIFO, a device) fails the test instead of the run."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "wizard", *args], capture_output=True, text=True,
                          timeout=timeout, env=env, cwd=ROOT)


# --- 1 and 6: decompression bombs and the CPU bomb, in every slot -----------------------------


# what the refusal must say of each (the old loader refused some for another reason, or not at all)
REASONS = {"png_rgba_10000": "内存", "webp_header_10000": "内存", "heic_claiming_10000": "内存",
           "progressive_5000_scans": "渐进式", "symlink_loop": "循环", "name_too_long": "过长",
           "fifo_named_jpg": "普通文件", "link_to_dev_zero": "普通文件",
           "control_characters_in_name": "不是可识别的图片"}


@pytest.mark.parametrize("slot", SLOTS)
@pytest.mark.parametrize("name", REFUSED)
def test_bombs_and_odd_paths_are_refused_in_every_slot(name, slot, made, tmp_path, capsys):
    source = made(name)
    code = main(["process", "--slot", slot, str(source), "-o", str(tmp_path / "out.jpg"), "--json"])
    data = json.loads(capsys.readouterr().out)
    message = data["findings"][0]["message"]
    assert code == 2 and data["ok"] is False
    assert source.name in message and REASONS[name] in message
    assert not (tmp_path / "out.jpg").exists()


@pytest.mark.parametrize("name", BOUNDED)
def test_pictures_past_the_working_size_arrive_reduced(name, made):
    from wizard.imaging.budget import WORK_MAX_PIXELS

    image = load_image(made(name))
    assert image.rgb.shape[0] * image.rgb.shape[1] <= WORK_MAX_PIXELS and image.scale < 1
    assert image.source_size == (10_000, 10_000)


@pytest.mark.parametrize("name", BOUNDED)
def test_a_blank_bomb_is_no_proof_page(name, made, tmp_path, capsys):
    code = main(["process", "--slot", "proof", str(made(name)), "-o", str(tmp_path / "p.jpg"), "--json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 1 and "proof.page_blank" in {f["code"] for f in data["findings"]}
    assert not (tmp_path / "p.jpg").exists()


def test_read_id_refuses_a_bomb(made, capsys):
    source = made("png_rgba_10000")
    assert main(["read-id", str(source), "--side", "front"]) == 2
    err = capsys.readouterr().err
    assert source.name in err and "内存" in err and "Traceback" not in err


def test_export_refuses_a_bomb_attachment_naming_it(made, tmp_path, capsys, rules):
    from ui.pdf import render_pdf
    from wizard.case.model import Attachment, save_case

    from .conftest import make_case

    case = make_case("name_or_id", tmp_path)
    case.attachments.proof = [Attachment(source=str(made("webp_header_10000")))]
    case_file = save_case(case, tmp_path / "case.json")
    code = main(["export", str(case_file), "-o", str(tmp_path / "out"), "--json"], pdf_renderer=render_pdf)
    data = json.loads(capsys.readouterr().out)
    assert code == 1 and any("WebP炸弹" in f["message"] for f in data["findings"])


def test_a_100_megapixel_webp_prints_no_english_warning(made, tmp_path):
    done = run_cli(["process", "--slot", "proof", str(made("webp_header_10000")), "-o", str(tmp_path / "o.jpg")])
    assert done.returncode == 2 and "Warning" not in done.stderr and "Traceback" not in done.stderr


# --- 2: PDF bombs -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(PDF_CORPUS))
def test_pdf_bombs_are_refused_naming_the_file(name, tmp_path, capsys):
    source = PDF_CORPUS[name](tmp_path)
    code = main(["process", "--slot", "proof", str(source), "-o", str(tmp_path / "out"), "--json"])
    message = json.loads(capsys.readouterr().out)["findings"][0]["message"]
    assert code == 2 and source.name in message and has_chinese(message)


def test_a_sliver_page_is_not_passed(tmp_path, capsys):
    code = main(["process", "--slot", "proof", str(sliver_page(tmp_path)), "-o", str(tmp_path / "o"), "--json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 1 and "proof.page_sliver" in {f["code"] for f in data["findings"]}


def test_the_frozen_program_knows_the_pdf_worker_flag():
    from ui.launcher import PDF_WORKER
    from wizard.imaging.pdf_worker import WORKER_FLAG

    assert PDF_WORKER == WORKER_FLAG


# --- 3: devices and FIFOs -----------------------------------------------------------------------


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_dev_zero_as_a_source_is_refused(tmp_path):
    done = run_cli(["process", "--slot", "photo", "/dev/zero", "-o", str(tmp_path / "o.jpg")], timeout=30)
    assert done.returncode == 2 and "/dev/zero" in done.stderr and "普通文件" in done.stderr


def test_a_fifo_case_file_does_not_hang(tmp_path):
    fifo = tmp_path / "案件.json"
    os.mkfifo(fifo)
    for command in (["validate", str(fifo)], ["read-id", str(ROOT / "README.md"), "--case", str(fifo)]):
        done = run_cli(command, timeout=30)
        assert done.returncode == 2 and "案件.json" in done.stderr


@pytest.fixture
def bundle(tmp_path, rules):
    from .test_bundle import do_export, good_case

    return do_export(good_case("name_or_id", tmp_path), rules, tmp_path / "out")


HANGS = {"case_json_links_to_dev_zero", "case_json_is_a_fifo"}  # in a fresh process: a hang fails, not stalls


@pytest.mark.parametrize("name", sorted(FOLDER_CORPUS))
def test_spoiled_bundle_folders_end_with_exit_2(name, bundle, capsys):
    spoiled = FOLDER_CORPUS[name](bundle.path)
    if name in HANGS:
        done = run_cli(["check", str(bundle.path), "--json"], timeout=60)
        code, out = done.returncode, done.stdout
        assert "Traceback" not in done.stderr
    else:
        code, out = main(["check", str(bundle.path), "--json"]), capsys.readouterr().out
    message = json.loads(out)["findings"][0]["message"]
    assert code == 2 and spoiled in message and has_chinese(message)


def test_a_3_gb_entry_is_not_read(bundle, rules):
    from wizard.bundle.check import check

    sparse_entry(bundle.path)
    codes = {f.code for f in check(bundle.path, rules)}
    assert "bundle.entry_too_big" in codes


# --- 4: metadata smuggled into a bundle ---------------------------------------------------------

SECRET = b"root:x:0:0:root:/root:/bin/bash\n"  # what a copied system file looks like
GPS = b"GPS 31.2304N 121.4737E"


def _smuggling_jpeg(plain: bytes, comment: bool = True, trailing: bool = True) -> bytes:
    """``plain`` with an APP0 carrying a payload, a GPS comment, and a system file after EOI."""
    app0 = b"JFIF\x00\x01\x01\x01\x01,\x01,\x00\x00" + GPS
    extra = b"\xff\xe0" + len(app0 + b"xx").to_bytes(2, "big") + app0
    if comment:
        extra += b"\xff\xfe" + (len(GPS) + 2).to_bytes(2, "big") + GPS
    return plain[:2] + extra + plain[2:] + (SECRET if trailing else b"")


def test_a_bundle_from_smuggling_files_carries_none_of_it(tmp_path, rules):
    from wizard.bundle.check import check

    from .test_bundle import do_export, good_case

    case = good_case("name_or_id", tmp_path)
    for items in case.attachments.present().values():
        for item in items:
            path = Path(item.processed)
            path.write_bytes(_smuggling_jpeg(path.read_bytes()))
    bundle = do_export(case, rules, tmp_path / "out")
    everything = b"".join(p.read_bytes() for p in bundle.path.iterdir())
    with zipfile.ZipFile(bundle.zip_path) as archive:
        everything += b"".join(archive.read(info) for info in archive.infolist())
    assert SECRET not in everything and GPS not in everything
    assert "bundle.metadata" not in {f.code for f in check(bundle.zip_path, rules)}


def _rewrite(bundle: Path, name: str, data: bytes) -> None:
    """Replace a bundle file and fix its manifest entry, as a careful tamperer would."""
    import hashlib

    (bundle / name).write_bytes(data)
    manifest = json.loads((bundle / "manifest.json").read_text(encoding="utf-8"))
    for entry in manifest["files"]:
        if entry["name"] == name:
            entry.update(bytes=len(data), sha256=hashlib.sha256(data).hexdigest())
    (bundle / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")


@pytest.mark.parametrize("smuggle", ["trailing", "app0", "png_chunks"])
def test_check_refuses_smuggled_data(smuggle, bundle, rules):
    import io

    from PIL import Image, PngImagePlugin

    from wizard.bundle.check import check

    name = "03_身份证正面.jpg"
    plain = (bundle.path / name).read_bytes()
    if smuggle == "trailing":
        data = plain + SECRET
    elif smuggle == "app0":
        data = _smuggling_jpeg(plain, comment=False, trailing=False)  # the payload inside the JFIF segment
    else:
        info = PngImagePlugin.PngInfo()
        info.add(b"tIME", b"\x07\xea\x0b\x17\x0c\x00\x00")
        info.add(b"prVt", GPS)
        buffer = io.BytesIO()
        Image.open(io.BytesIO(plain)).save(buffer, "PNG", pnginfo=info)
        (bundle.path / name).unlink()
        name = "03_身份证正面.png"
        manifest = json.loads((bundle.path / "manifest.json").read_text(encoding="utf-8"))
        next(e for e in manifest["files"] if e["name"].startswith("03_"))["name"] = name
        (bundle.path / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
        data = buffer.getvalue()
    _rewrite(bundle.path, name, data)
    found = [f for f in check(bundle.path, rules) if f.code == "bundle.metadata"]
    assert found and found[0].params["file"] == name


# --- 5: terminal escapes ------------------------------------------------------------------------


def test_zip_member_names_cannot_forge_the_verdict(tmp_path):
    archive = ZIP_CORPUS["escape_member_names"](tmp_path)
    done = run_cli(["check", str(archive)])
    assert done.returncode == 2 and not RAW_CONTROLS & set(done.stdout + done.stderr)
    assert "\\x1b[8m" in done.stderr and "转义.zip" in done.stderr


def test_file_names_with_controls_are_printed_escaped(made, tmp_path):
    source = made("control_characters_in_name")
    done = run_cli(["process", "--slot", "photo", str(source), "-o", str(tmp_path / "o.jpg")])
    assert done.returncode == 2 and not RAW_CONTROLS & set(done.stderr)
    assert done.stderr.count("\n") == 1 and "\\x1b[2J\\x07\\r" in done.stderr


def test_json_output_escapes_c1_controls(tmp_path, capsys):
    source = tmp_path / "坏\x9b2J.jpg"
    source.write_text("x", encoding="utf-8")
    assert main(["process", "--slot", "photo", str(source), "-o", str(tmp_path / "o.jpg"), "--json"]) == 2
    out = capsys.readouterr().out
    assert "\x9b" not in out and "\\u009b" in out and "\x9b" in json.loads(out)["findings"][0]["message"]


# --- 7: what ended in tracebacks ---------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(CASE_CORPUS))
def test_hostile_case_files_are_exit_2_naming_the_file(name, tmp_path, capsys):
    from ui.pdf import render_pdf

    case_file = tmp_path / f"案件_{name}.json"
    case_file.write_bytes(CASE_CORPUS[name])
    commands = [["validate", str(case_file)], ["export", str(case_file), "-o", str(tmp_path / "out")]]
    for command in commands:
        assert main([*command, "--json"], pdf_renderer=render_pdf) == 2, command
        message = json.loads(capsys.readouterr().out)["findings"][0]["message"]
        assert case_file.name in message and has_chinese(message)
        assert "should" not in message and "error" not in message.lower()  # no English reason inside


def test_read_id_with_a_hostile_case_is_exit_2(tmp_path, capsys):
    case_file = tmp_path / "深.json"
    case_file.write_bytes(CASE_CORPUS["deep_nesting"])
    assert main(["read-id", str(ROOT / "README.md"), "--case", str(case_file)]) == 2
    assert "深.json" in capsys.readouterr().err


@pytest.mark.parametrize("name", sorted(ZIP_CORPUS))
def test_hostile_zips_are_exit_2_naming_the_zip(name, tmp_path, capsys):
    archive = ZIP_CORPUS[name](tmp_path)
    assert main(["check", str(archive), "--json"]) == 2
    message = json.loads(capsys.readouterr().out)["findings"][0]["message"]
    assert archive.name in message and has_chinese(message)


def test_duplicate_keys_are_warned_of(tmp_path, rules):
    from wizard.case.model import load_case
    from wizard.case.validate import validate

    case_file = tmp_path / "重复.json"
    case_file.write_text('{"changes": ["photo"], "applicant": {"name": "甲", "name": "乙"}}', encoding="utf-8")
    found = [f for f in validate(load_case(case_file), rules) if f.code == "case.duplicate_key"]
    assert [f.params["key"] for f in found] == ["name"]


def test_a_data_folder_that_cannot_be_made_is_a_clear_message(tmp_path, monkeypatch, capsys):
    from PySide6.QtWidgets import QMessageBox

    from ui import app
    from wizard.case import drafts

    blocker = tmp_path / "数据"
    blocker.write_text("a file where the folder should be", encoding="utf-8")
    monkeypatch.setenv(drafts.DATA_ENV, str(blocker))
    with pytest.raises(drafts.DataFolderError, match="数据"):
        drafts.data_dir()
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *args: shown.append(args[2]))
    assert app.main([]) == 2
    assert shown and str(blocker) in shown[0] and str(blocker) in capsys.readouterr().err


# --- the low items ------------------------------------------------------------------------------


def test_output_equal_to_the_source_is_refused(tmp_path, capsys):
    from .conftest import small_jpeg

    source = small_jpeg(tmp_path / "签名.jpg")
    before = source.read_bytes()
    assert main(["process", "--slot", "signature", str(source), "-o", str(source)]) == 2
    assert "原图本身" in capsys.readouterr().err and source.read_bytes() == before


def test_a_killed_multi_page_write_leaves_no_pages(tmp_path, monkeypatch, capsys):
    from wizard.cli import main as cli_main
    from wizard.imaging.result import ProcessResult

    pages = [ProcessResult(b"\xff\xd8page", [], {}, None, (1, 1)) for _ in range(3)]
    written = []

    def dies_after_one(path, data):
        if written:
            raise KeyboardInterrupt  # the process is killed half-way
        written.append(path)
        path.write_bytes(data)

    monkeypatch.setattr(cli_main, "write_file", dies_after_one)
    with pytest.raises(KeyboardInterrupt):
        cli_main._write_pages(pages, tmp_path / "证明")
    assert list(tmp_path.iterdir()) == []


def test_temporary_files_of_a_dead_writer_are_swept(tmp_path):
    from wizard.platform.atomic import write_bytes_atomic

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    stray = tmp_path / f".out.jpg.{dead.stdout.strip()}-abc.tmp"
    stray.write_bytes(b"half")
    write_bytes_atomic(tmp_path / "out.jpg", b"new")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.jpg"]


def test_a_killed_check_leaves_no_copy_behind(bundle, tmp_path, monkeypatch, rules):
    import tempfile

    from wizard.bundle.check import check

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    leftover = tmp_path / f"jzs-check-{dead.stdout.strip()}-x1y2"
    leftover.mkdir()
    (leftover / "case.json").write_text("full ID and phone", encoding="utf-8")
    check(bundle.zip_path, rules)
    assert not leftover.exists() and not list(tmp_path.glob("jzs-check-*"))


def test_the_zip_is_as_private_as_its_folder(bundle):
    assert bundle.zip_path.stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize("kind", ["directory", "fifo"])
def test_a_folder_or_fifo_attachment_is_not_called_missing(kind, tmp_path, rules):
    from wizard.case.model import Attachment
    from wizard.case.validate import validate

    from .conftest import make_case

    odd = tmp_path / "不是文件.jpg"
    odd.mkdir() if kind == "directory" else os.mkfifo(odd)
    case = make_case("photo", tmp_path)
    case.attachments.photo = Attachment(source=str(odd), confirmed=case.attachments.photo.confirmed)
    codes = {f.code for f in validate(case, rules)}
    assert ("attachment.is_folder" if kind == "directory" else "attachment.is_device") in codes
    assert "attachment.missing_file" not in codes


def test_exporting_into_an_old_bundle_is_refused(bundle, tmp_path, rules):
    from wizard.bundle.check import check
    from wizard.bundle.export import ExportFailed

    from .test_bundle import do_export, good_case

    with pytest.raises(ExportFailed, match="已导出的材料"):
        do_export(good_case("name_or_id", tmp_path), rules, bundle.path)
    assert "bundle.extra_file" not in {f.code for f in check(bundle.path, rules)}
