"""Case files: round trip, atomic writes, migration, and clear messages for broken files."""

from __future__ import annotations

import json
import os
import stat

import pytest

from wizard.case.model import SCHEMA_VERSION, Case, CaseFileError, Change, load_case, parse_case, save_case
from wizard.platform import atomic

from .conftest import make_case


def test_round_trip_keeps_every_value(tmp_path):
    case = make_case("name_or_id", tmp_path)
    path = save_case(case, tmp_path / "案件 一.json")
    assert load_case(path) == case
    data = json.loads(path.read_text(encoding="utf-8"))
    assert set(data) == {"schema_version", "changes", "applicant", "correction", "commitment", "attachments"}
    assert data["applicant"]["name"] == "李某某"  # Chinese kept as text, not \u escapes
    assert "李某某" in path.read_text(encoding="utf-8")


@pytest.mark.skipif(os.name != "posix", reason="owner-only permissions are a POSIX notion")
def test_case_file_is_owner_only(tmp_path):
    path = save_case(Case(), tmp_path / "c.json")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_failed_write_leaves_the_old_file_and_no_temp(tmp_path, monkeypatch):
    path = save_case(make_case("photo", tmp_path), tmp_path / "c.json")
    before = path.read_bytes()

    def disk_full(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "fsync", disk_full)
    with pytest.raises(OSError):
        save_case(Case(changes={Change.BASIC_INFO}), path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".c.json")) == []


def test_hand_written_case_without_version_is_migrated():
    text = json.dumps({
        "changes": "photo",
        "applicant": {"name": "李某某"},
        "attachments": {"photo": "me.jpg", "proof": ["a.pdf", "b.jpg"]},
    })
    case = parse_case(text)
    assert case.schema_version == SCHEMA_VERSION
    assert case.changes == {Change.PHOTO}
    assert case.attachments.photo.source == "me.jpg"
    assert [p.source for p in case.attachments.proof] == ["a.pdf", "b.jpg"]


def test_newer_schema_is_refused_with_a_clear_message():
    with pytest.raises(CaseFileError, match=r"较新版本.*请升级"):
        parse_case(json.dumps({"schema_version": SCHEMA_VERSION + 1}))


@pytest.mark.parametrize(
    ("text", "expect"),
    [
        ('{\n  "changes": ["photo"],\n  "applicant": {,}\n}', "第 3 行"),
        ('{"applicant": {"nmae": "x"}}', "applicant.nmae"),
        ('{"changes": ["everything"]}', "changes"),
        ('{"commitment": "maybe"}', "commitment"),
        ('{"attachments": {"photo": {"processed": "x.jpg"}}}', "attachments.photo.source"),
        ('[1, 2]', "JSON 对象"),
        ('{"schema_version": "one"}', "schema_version"),
    ],
)
def test_malformed_file_names_the_place(text, expect):
    with pytest.raises(CaseFileError) as caught:
        parse_case(text, "案件.json")
    message = str(caught.value)
    assert message.startswith("案件.json") and expect in message
    assert "Traceback" not in message


def test_unreadable_files_are_case_file_errors(tmp_path):
    with pytest.raises(CaseFileError, match="找不到"):
        load_case(tmp_path / "none.json")
    with pytest.raises(CaseFileError, match="文件夹"):
        load_case(tmp_path)
    binary = tmp_path / "b.json"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(CaseFileError, match="UTF-8"):
        load_case(binary)
    huge = tmp_path / "huge.json"
    huge.write_bytes(b" " * 2_000_001)
    with pytest.raises(CaseFileError, match="过大"):
        load_case(huge)
