"""Hostile inputs through the CLI and the GUI slot: a clear Chinese message naming the file, exit
code 2, no traceback, memory bounded; odd but valid pictures are read correctly."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from wizard.cli.main import main
from wizard.imaging.load import load_image
from wizard.platform import atomic

from .hostile_inputs import CORPUS

ROOT = Path(__file__).resolve().parents[1]
REFUSED = [name for name, (_, outcome) in CORPUS.items() if outcome == "refused"]
READ = [name for name, (_, outcome) in CORPUS.items() if outcome == "read"]


@pytest.mark.parametrize("name", REFUSED)
def test_cli_refuses_with_a_chinese_message_naming_the_file(name, tmp_path, capsys):
    source = CORPUS[name][0](tmp_path)
    code = main(["process", "--slot", "signature", str(source), "-o", str(tmp_path / "out.jpg")])
    err = capsys.readouterr().err
    assert code == 2
    assert source.name in err and "Traceback" not in err
    assert any("\u4e00" <= ch <= "\u9fff" for ch in err.replace(source.name, ""))
    assert not (tmp_path / "out.jpg").exists()


@pytest.mark.parametrize("name", REFUSED)
def test_cli_json_says_the_same(name, tmp_path, capsys):
    source = CORPUS[name][0](tmp_path)
    code = main(["process", "--slot", "photo", str(source), "-o", str(tmp_path / "out.jpg"), "--json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 2 and data["ok"] is False and source.name in data["findings"][0]["message"]


@pytest.mark.parametrize("name", READ)
def test_odd_but_valid_pictures_are_read_right(name, tmp_path):
    image = load_image(CORPUS[name][0](tmp_path))
    assert image.rgb.ndim == 3 and image.rgb.shape[2] == 3 and image.size == (300, 400)
    centre = image.rgb[200, 150].astype(int)
    expected = {
        "animated_gif": None,  # first frame, palette-mapped: only its being read matters
        "png_16bit": (195, 195, 195),  # 50000/65535 → 195, not clipped to 255
        "cmyk_jpeg": (225, 225, 225),  # K=30 of 255 → 225 grey, not inverted (Adobe CMYK is)
        "palette_png_transparent": (255, 255, 255),  # the transparent index goes to white
        "heic": (230, 230, 228),
        "multipage_tiff": (230, 230, 228),  # the first page
    }[name]
    if expected is not None:
        assert abs(centre - expected).max() <= 3, centre


def test_disk_full_during_a_write_is_a_clear_error(tmp_path, capsys, monkeypatch):
    from .conftest import shared_file

    source = shared_file("signature", "sig_clean_white_paper.jpg")

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic.os, "fsync", full)
    out = tmp_path / "签名.jpg"
    code = main(["process", "--slot", "signature", str(source), "-o", str(out)])
    err = capsys.readouterr().err
    assert code == 2 and "无法写入" in err and "签名.jpg" in err
    assert not out.exists() and list(tmp_path.iterdir()) == []  # no temporary file left behind


def test_unwritable_output_folder_is_a_clear_error(tmp_path, capsys, monkeypatch):
    from .conftest import shared_file

    source = shared_file("signature", "sig_clean_white_paper.jpg")
    target = tmp_path / "只读"
    target.mkdir()

    def denied(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(atomic.tempfile, "mkstemp", denied)  # root ignores chmod, so deny the write itself
    code = main(["process", "--slot", "signature", str(source), "-o", str(target / "out.jpg")])
    err = capsys.readouterr().err
    assert code == 2 and "无法写入" in err and "只读" in err


def test_unreadable_source_is_a_clear_error(tmp_path, capsys, monkeypatch):
    source = tmp_path / "不可读.jpg"
    source.write_bytes(b"\xff\xd8\xff" + b"\0" * 100)
    real_read = Path.read_bytes

    def denied(self):
        if self == source:
            raise PermissionError(errno.EACCES, "Permission denied")
        return real_read(self)

    monkeypatch.setattr(Path, "read_bytes", denied)
    code = main(["process", "--slot", "photo", str(source), "-o", str(tmp_path / "o.jpg")])
    err = capsys.readouterr().err
    assert code == 2 and "不可读.jpg" in err


MEMORY_CHILD = textwrap.dedent("""
    import sys, tempfile
    from pathlib import Path
    sys.path.insert(0, sys.argv[1])
    from tests.hostile_inputs import CORPUS, peak_rss_mb
    from wizard.cli.main import main
    folder = Path(tempfile.mkdtemp())
    for name, (make, _) in CORPUS.items():
        sub = folder / name
        sub.mkdir()
        main(["process", "--slot", "photo", str(make(sub)), "-o", str(sub / "out.jpg"), "--json"])
    print(f"PEAK {peak_rss_mb():.0f}")
""")


@pytest.mark.skipif(sys.platform == "win32", reason="ru_maxrss is POSIX")
def test_whole_corpus_stays_within_memory(tmp_path):
    done = subprocess.run([sys.executable, "-c", MEMORY_CHILD, str(ROOT)], capture_output=True, text=True,
                          timeout=300, cwd=tmp_path, env={**os.environ, "PYTHONIOENCODING": "utf-8"})
    assert done.returncode == 0, done.stderr[-2000:]
    peak = float(done.stdout.split("PEAK")[-1])
    assert peak < 600, f"peak RSS {peak} MB"
    assert "Traceback" not in done.stderr
