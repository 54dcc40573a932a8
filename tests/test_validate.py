"""The validator, table-driven: every row of the scenario matrix and every field rule."""

from __future__ import annotations

import pytest

from wizard.case.findings import Severity
from wizard.case.idnumber import downgrade_18_to_15
from wizard.case.model import Attachment, Change, Correction
from wizard.case.validate import validate

from .conftest import TODAY, attachment, make_case, make_id


def codes(findings, severity=None):
    return {(f.code, f.field) for f in findings if severity is None or f.severity is severity}


def errors(case, rules):
    return codes(validate(case, rules, TODAY), Severity.ERROR)


@pytest.mark.parametrize("kind", ["basic_info", "photo", "name_or_id"])
def test_complete_case_of_each_kind_has_no_errors(kind, rules, tmp_path):
    assert errors(make_case(kind, tmp_path), rules) == set()


def test_no_change_chosen(rules, tmp_path):
    case = make_case("basic_info", tmp_path)
    case.changes = set()
    assert errors(case, rules) == {("changes.none", "changes")}


# --- scenario matrix: (kind, slot) -> required / optional / forbidden ---------------------------

SLOTS = ["photo", "signature", "id_front", "id_back", "id_handheld", "proof"]
MATRIX = {
    "basic_info": dict.fromkeys(SLOTS, "forbidden"),
    "photo": {**dict.fromkeys(SLOTS, "forbidden"), "photo": "required"},
    "name_or_id": {"photo": "optional", "signature": "optional", "id_front": "required",
                   "id_back": "required", "id_handheld": "required", "proof": "optional"},
}


@pytest.mark.parametrize(("kind", "slot"), [(k, s) for k in MATRIX for s in SLOTS])
def test_matrix_slot(kind, slot, rules, tmp_path):
    need = MATRIX[kind][slot]
    case = make_case(kind, tmp_path)
    _set_slot(case, slot, attachment(tmp_path, slot))
    present = errors(case, rules)
    _set_slot(case, slot, None)
    absent = errors(case, rules)
    field = f"attachments.{slot}"
    assert (("attachment.forbidden", field) in present) == (need == "forbidden")
    assert (("attachment.required", field) in absent) == (need == "required")
    if need != "forbidden":
        assert not any(f == field for _, f in present)


def _set_slot(case, slot, value):
    if slot == "proof":
        case.attachments.proof = [value] if value else []
    else:
        setattr(case.attachments, slot, value)


@pytest.mark.parametrize("kind", ["basic_info", "photo"])
@pytest.mark.parametrize("field", ["name", "id_number", "explanation"])
def test_correction_must_stay_empty_for_basic_and_photo(kind, field, rules, tmp_path):
    case = make_case(kind, tmp_path)
    setattr(case.correction, field, {"name": "王某", "id_number": make_id(seq="777"),
                                     "explanation": "随便写点东西的情况说明"}[field])
    assert ("field.forbidden", f"correction.{field}") in errors(case, rules)


@pytest.mark.parametrize(
    ("changes", "slot", "expect"),
    [
        ({"basic_info", "photo"}, "photo", "required"),
        ({"basic_info", "photo"}, "signature", "forbidden"),
        ({"name_or_id", "photo"}, "photo", "required"),
        ({"name_or_id", "photo"}, "id_front", "required"),
        ({"name_or_id", "basic_info"}, "proof", "optional"),
    ],
)
def test_combinations_follow_from_the_same_rules(changes, slot, expect, rules):
    from wizard.case.model import Slot

    assert rules.slot_need({Change(c) for c in changes}, Slot(slot)).value == expect


def test_name_or_id_needs_a_new_name_or_id(rules, tmp_path):
    case = make_case("name_or_id", tmp_path)
    case.correction = Correction(explanation="历史注册记录未正确对应，需要更正。")
    assert ("correction.nothing", "correction.name") in errors(case, rules)


def test_name_or_id_needs_explanation(rules, tmp_path):
    case = make_case("name_or_id", tmp_path)
    case.correction.explanation = ""
    assert ("field.required", "correction.explanation") in errors(case, rules)
    case.correction.explanation = "升位"
    assert ("explanation.short", "correction.explanation") in errors(case, rules)
    case.correction.explanation = "说明" * 200
    assert ("explanation.long", "correction.explanation") in codes(validate(case, rules, TODAY), Severity.WARNING)


def test_proof_recommended_unless_standard_upgrade(rules, tmp_path):
    case = make_case("name_or_id", tmp_path)
    case.attachments.proof = []
    case.correction.name = ""
    warn = codes(validate(case, rules, TODAY), Severity.WARNING)
    assert ("proof.recommended", "attachments.proof") in warn  # irregular ID change
    case.applicant.id_number = downgrade_18_to_15(case.correction.id_number)
    warn = codes(validate(case, rules, TODAY), Severity.WARNING)
    assert ("proof.recommended", "attachments.proof") not in warn  # the regular 15→18 upgrade
    assert errors(case, rules) == set()  # a 15-digit record number is what is being corrected


def test_signature_recommended_after_name_change(rules, tmp_path):
    case = make_case("name_or_id", tmp_path)
    case.attachments.signature = None
    assert ("signature.recommended", "attachments.signature") in codes(
        validate(case, rules, TODAY), Severity.WARNING)
    assert errors(case, rules) == set()


def test_new_id_must_be_valid_18_digits(rules, tmp_path):
    case = make_case("name_or_id", tmp_path)
    good = case.correction.id_number
    case.correction.id_number = good[:17] + ("1" if good[17] == "0" else "0")
    assert ("id.checksum", "correction.id_number") in errors(case, rules)
    case.correction.id_number = downgrade_18_to_15(good)
    assert ("id.not_18", "correction.id_number") in errors(case, rules)


def test_bad_record_id_is_only_a_warning_when_the_id_is_corrected(rules, tmp_path):
    case = make_case("name_or_id", tmp_path)
    case.applicant.id_number = case.applicant.id_number[:17] + "Y"
    assert ("id.format", "applicant.id_number") in codes(validate(case, rules, TODAY), Severity.WARNING)
    case.correction.id_number = ""
    assert ("id.format", "applicant.id_number") in errors(case, rules)


# --- field rules ----------------------------------------------------------------------------

FIELD_CASES = [
    # (field, value, expected error code or None)
    ("name", "李某某", None),
    ("name", "买买提·艾力", None),
    ("name", "买买提.艾力", "name.dot"),
    ("name", "买买提•艾力", "name.dot"),
    ("name", "Li Mou", "name.chars"),
    ("name", "李", "field.too_short"),
    ("name", "李3", "name.chars"),
    ("name", "·李某", "name.chars"),
    ("name", "李䶮", None),  # extension A character in real names
    ("phone", "13812348000", None),
    ("phone", "12812348000", "phone.invalid"),
    ("phone", "1381234800", "phone.invalid"),
    ("phone", "138 1234 8000", "phone.invalid"),
    ("phone", "+8613812348000", "phone.invalid"),
    ("ethnicity", "回族", None),
    ("ethnicity", "外国血统中国籍人士", None),
    ("ethnicity", "回", "option.suggest"),
    ("ethnicity", "火星族", "option.unknown"),
    ("gender", "女", "gender.mismatch"),
    ("gender", "M", "gender.invalid"),
    ("education", "本科", None),
    ("education", "大学", "option.unknown"),
    ("degree", "学士", None),
    ("degree", "学仕", "option.unknown"),
    ("graduation_date", "2002-07-04", None),
    ("graduation_date", "2002/07/04", "date.format"),
    ("graduation_date", "2002-02-30", "date.format"),
    ("graduation_date", "2027-07-01", "date.future"),
    ("graduation_date", "1994-07-01", "date.before_age"),  # born 1980: 14 years old
    ("graduation_date", "1949-07-01", "date.too_early"),
    ("school", "同", "field.too_short"),
    ("major", "建" * 61, "field.too_long"),
]


@pytest.mark.parametrize(("field", "value", "expected"), FIELD_CASES)
def test_field_rule(field, value, expected, rules, tmp_path):
    case = make_case("basic_info", tmp_path)
    setattr(case.applicant, field, value)
    found = {code for code, where in errors(case, rules) if where == f"applicant.{field}"}
    assert found == ({expected} if expected else set())


@pytest.mark.parametrize("field", ["name", "id_number", "gender", "phone", "ethnicity", "school", "major",
                                   "education", "degree", "graduation_date"])
def test_every_basic_field_is_required(field, rules, tmp_path):
    case = make_case("basic_info", tmp_path)
    setattr(case.applicant, field, "")
    assert ("field.required", f"applicant.{field}") in errors(case, rules)


@pytest.mark.parametrize(
    ("education", "degree", "severity"),
    [("大专", "硕士", "error"), ("大专", "学士", "error"), ("本科", "硕士", "warning"),
     ("硕士研究生", "学士", None), ("博士研究生", "博士", None), ("高中", "无学位", None)],
)
def test_education_and_degree_combinations(education, degree, severity, rules, tmp_path):
    case = make_case("basic_info", tmp_path)
    case.applicant.education, case.applicant.degree = education, degree
    got = {f.severity.value for f in validate(case, rules, TODAY) if f.field == "applicant.degree"}
    assert got == ({severity} if severity else set())


def test_wrong_check_digit_names_the_field(rules, tmp_path):
    case = make_case("basic_info", tmp_path)
    good = case.applicant.id_number
    case.applicant.id_number = good[:17] + ("1" if good[17] == "0" else "0")
    assert ("id.checksum", "applicant.id_number") in errors(case, rules)


def test_gender_mismatch_is_a_warning_while_the_id_is_corrected(rules, tmp_path):
    case = make_case("name_or_id", tmp_path)
    case.applicant.gender = "女"
    found = [f for f in validate(case, rules, TODAY) if f.code == "gender.mismatch"]
    assert [f.severity for f in found] == [Severity.WARNING]


@pytest.mark.parametrize(("value", "code"), [(None, "commitment.unset"), (False, "commitment.refused")])
def test_commitment_must_be_given(value, code, rules, tmp_path):
    case = make_case("photo", tmp_path)
    case.commitment = value
    assert (code, "commitment") in errors(case, rules)


def test_attachment_files_are_checked(rules, tmp_path):
    case = make_case("photo", tmp_path)
    case.attachments.photo = Attachment(source=str(tmp_path / "gone.jpg"))
    assert ("attachment.missing_file", "attachments.photo") in errors(case, rules)
    big = tmp_path / "big.png"
    big.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 100_001)
    case.attachments.photo = Attachment(source=str(big), processed=str(big))
    assert ("attachment.too_big", "attachments.photo") in errors(case, rules)
    webp = tmp_path / "p.jpg"
    webp.write_bytes(b"RIFF\0\0\0\0WEBPVP8 " + b"\0" * 100)
    case.attachments.photo = Attachment(source=str(webp), processed=str(webp))
    assert ("attachment.format", "attachments.photo") in errors(case, rules)


def test_processing_findings_are_carried_with_their_slot(rules, tmp_path):
    from wizard.case.findings import error

    case = make_case("photo", tmp_path)
    case.attachments.photo.findings = [error("photo.faces_many", "", count=2)]
    assert ("photo.faces_many", "attachments.photo") in errors(case, rules)


def test_a_refused_picture_says_why_and_not_that_it_was_never_processed(rules, tmp_path):
    from wizard.case.findings import error

    case = make_case("photo", tmp_path)
    waiting = case.attachments.photo.model_copy(update={"processed": None})
    refused = waiting.model_copy(update={"findings": [error("photo.background_patch", "attachments.photo")],
                                         "confirmed": []})
    case.attachments.photo = waiting
    assert "attachment.not_processed" in [f.code for f in validate(case, rules, TODAY)]
    case.attachments.photo = refused
    codes = [f.code for f in validate(case, rules, TODAY)]
    assert "photo.background_patch" in codes and "attachment.not_processed" not in codes
    assert "attachment.confirm_missing" not in codes  # a photo to retake is not asked to be confirmed


def test_a_photo_counts_as_done_only_once_the_applicant_confirms_what_no_check_sees(rules, tmp_path):
    case = make_case("photo", tmp_path)
    assert "attachment.confirm_missing" not in [f.code for f in validate(case, rules, TODAY)]
    case.attachments.photo.confirmed = ["bare_headed", "eyes_open"]
    (missing,) = [f for f in validate(case, rules, TODAY) if f.code == "attachment.confirm_missing"]
    assert missing.severity is Severity.ERROR and missing.params["count"] == 1
    assert "翻拍" in missing.params["items"] and "免冠" not in missing.params["items"]
    case.attachments.photo.confirmed = []
    (missing,) = [f for f in validate(case, rules, TODAY) if f.code == "attachment.confirm_missing"]
    assert missing.params["count"] == 3


def test_a_case_file_written_before_confirmations_still_loads(tmp_path):
    from wizard.case.model import load_case

    path = tmp_path / "old.json"
    path.write_text('{"changes": ["photo"], "attachments": {"photo": {"source": "a.jpg"}}}', encoding="utf-8")
    assert load_case(path).attachments.photo.confirmed == []
