"""The rule pack: complete, consistent with the guide, and a broken edit is reported plainly."""

from __future__ import annotations

import pytest

from wizard.case.model import Change, Slot
from wizard.case.rules import Need, RulePackError, read_rule_pack
from wizard.platform.resources import resource_path


def test_pack_names_its_version_and_source(rules):
    assert rules.pack.version and "办事指南" in rules.pack.source


def test_ethnicities_are_gb_t_3304(rules):
    names = rules.options.ethnicity
    assert len(names) == 58 and len(set(names)) == 58
    assert names[:3] == ["汉族", "蒙古族", "回族"] and names[55] == "基诺族"
    assert names[56:] == ["其他", "外国血统中国籍人士"]


def test_upload_rules_match_the_guide(rules):
    assert rules.upload.formats == ["jpg", "jpeg", "bmp", "gif", "png"]
    assert rules.upload.max_bytes == 100_000
    photo = rules.slots[Slot.PHOTO]
    assert (photo.width, photo.height, photo.dpi, photo.group) == (295, 413, 300, "①")
    assert {rules.slots[s].group for s in (Slot.ID_FRONT, Slot.ID_BACK, Slot.ID_HANDHELD)} == {"②"}
    assert rules.slots[Slot.PROOF].group == "③"
    assert "无学位" in rules.options.degree


def test_every_kind_quotes_the_guide(rules):
    assert "请不要在“修改信息”栏目中输入任何信息" in rules.changes[Change.BASIC_INFO].dont
    assert "除一寸白底免冠照以外" in rules.changes[Change.PHOTO].dont
    assert "必须重新上传" in rules.changes[Change.NAME_OR_ID].dont


def test_matrix_correction_need(rules):
    assert rules.correction_need({Change.BASIC_INFO}) is Need.FORBIDDEN
    assert rules.correction_need({Change.PHOTO, Change.NAME_OR_ID}) is Need.REQUIRED
    assert rules.slot_need(set(), Slot.PHOTO) is Need.FORBIDDEN


def test_broken_pack_edit_is_reported_with_the_place(tmp_path):
    text = resource_path("rules", "rules.toml").read_text(encoding="utf-8")
    broken = tmp_path / "rules.toml"
    broken.write_text(text.replace('id_handheld = "required", proof = "optional" }',
                                   'proof = "optional" }'), encoding="utf-8")
    with pytest.raises(RulePackError, match=r"matrix\.name_or_id.*id_handheld"):
        read_rule_pack(broken)
    broken.write_text(text + "\n[pack\n", encoding="utf-8")
    with pytest.raises(RulePackError, match="格式错误"):
        read_rule_pack(broken)
