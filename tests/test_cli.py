"""`jzs-wizard validate`: exit codes 0/1/2, the JSON shape, readable Chinese output."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from wizard.case.model import save_case
from wizard.cli.main import main

from .conftest import attachment, make_case


def run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.mark.parametrize("kind", ["basic_info", "photo", "name_or_id"])
def test_valid_case_of_each_kind_exits_0(kind, tmp_path, capsys):
    path = save_case(make_case(kind, tmp_path), tmp_path / "case.json")
    code, out, _ = run(capsys, "validate", str(path), "--json")
    data = json.loads(out)
    assert code == 0 and data["ok"] is True
    assert set(data) == {"ok", "findings", "output", "metrics"}
    assert all(f["severity"] != "error" for f in data["findings"])


def _wrong_check_digit(case, tmp):
    good = case.applicant.id_number
    case.applicant.id_number = good[:17] + ("1" if good[17] == "0" else "0")


def _photo_on_basic_info(case, tmp):
    case.attachments.photo = attachment(tmp, "photo")


def _no_id_front(case, tmp):
    case.attachments.id_front = None


@pytest.mark.parametrize(
    ("kind", "change", "field", "code"),
    [
        ("basic_info", _wrong_check_digit, "applicant.id_number", "id.checksum"),
        ("basic_info", _photo_on_basic_info, "attachments.photo", "attachment.forbidden"),
        ("name_or_id", _no_id_front, "attachments.id_front", "attachment.required"),
    ],
)
def test_error_cases_exit_1_and_name_the_field(kind, change, field, code, tmp_path, capsys):
    case = make_case(kind, tmp_path)
    change(case, tmp_path)
    path = save_case(case, tmp_path / "case.json")
    exit_code, out, _ = run(capsys, "validate", str(path), "--json")
    data = json.loads(out)
    assert exit_code == 1 and data["ok"] is False
    hits = [f for f in data["findings"] if f["field"] == field and f["code"] == code]
    assert hits and hits[0]["severity"] == "error" and hits[0]["message"]


def test_readable_output_is_chinese(tmp_path, capsys):
    case = make_case("photo", tmp_path)
    case.commitment = None
    path = save_case(case, tmp_path / "case.json")
    code, out, _ = run(capsys, "validate", str(path))
    assert code == 1
    assert "修改类型：修改一寸白底免冠照" in out and "[错误] commitment" in out and "结论：1 个错误" in out


def test_english_is_the_second_language(tmp_path, capsys):
    case = make_case("photo", tmp_path)
    case.commitment = None
    path = save_case(case, tmp_path / "case.json")
    _, out, _ = run(capsys, "--lang", "en", "validate", str(path), "--json")
    assert "commitment" in json.loads(out)["findings"][0]["message"]


@pytest.mark.parametrize("content", [None, "{not json", '{"schema_version": 99}'])
def test_unusable_case_exits_2_with_a_message(content, tmp_path, capsys):
    path = tmp_path / "坏 案件.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    code, out, err = run(capsys, "validate", str(path))
    assert code == 2 and "坏 案件.json" in err and "Traceback" not in err
    code, out, _ = run(capsys, "validate", str(path), "--json")
    data = json.loads(out)
    assert code == 2 and data["ok"] is False and "坏 案件.json" in data["findings"][0]["message"]


def test_bad_arguments_exit_2(capsys):
    with pytest.raises(SystemExit) as caught:
        main(["validate"])
    assert caught.value.code == 2
    assert "参数错误" in capsys.readouterr().err


def test_console_script_version():
    done = subprocess.run([sys.executable, "-m", "wizard", "--version"], capture_output=True, text=True,
                          encoding="utf-8", timeout=60)
    assert done.returncode == 0
    assert "jzs-wizard" in done.stdout and "规则包 2026." in done.stdout
