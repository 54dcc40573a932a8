"""Offline ID card OCR: parsing text lines, the cross-check with the form, real OCR on drawn cards, the CLI."""

from __future__ import annotations

import datetime as dt
import json
import logging

import pytest
from PIL import Image

from wizard.case.findings import Severity
from wizard.case.messages import LANGUAGES, render
from wizard.case.model import Case, Change, Correction
from wizard.idcard.check import cross_check, expected_identity, prefill
from wizard.idcard.text import BACK, FRONT, LONG_TERM, CardField, CardText, OcrLine, guess_side, parse_card

from .synthetic_cards import CardPainter, Person, cjk_font_path, degrade, make_id

TODAY = dt.date(2026, 11, 23)
PERSON = Person(name="欧阳晓燕", sex="女", ethnicity="回", birth=dt.date(1986, 7, 9),
                address="上海市徐汇区漕溪北路八十八弄十二号六零一室", authority="上海市公安局徐汇分局",
                valid_from=dt.date(2018, 2, 3), valid_until=dt.date(2038, 2, 3))


def row(text, y, x=100.0, width=200.0, conf=0.99):
    """A horizontal OCR box at (x, y)."""
    return OcrLine(text, conf, ((x, y), (x + width, y), (x + width, y + 30), (x, y + 30)))


def codes(findings):
    return sorted(f.code for f in findings)


@pytest.fixture
def ethnicities(rules):
    return tuple(rules.options.ethnicity)


# --- parsing text lines ----------------------------------------------------------------------


def test_front_with_merged_labels(ethnicities):
    lines = [row("姓名欧阳晓燕", 50), row("性别女民族回", 110), row("出生1986年7月9日", 170),
             row("住址上海市徐汇区漕溪北路八十", 230), row("八弄十二号六零一室", 275),
             row(f"公民身份号码{PERSON.id_number}", 420, width=500)]
    card = parse_card(lines, None, ethnicities)
    assert card.side == FRONT
    assert {k: v.value for k, v in card.fields.items()} == {
        "name": "欧阳晓燕", "sex": "女", "ethnicity": "回", "birth": "1986-07-09",
        "address": PERSON.address, "id_number": PERSON.id_number,
    }


def test_front_with_labels_in_their_own_boxes_in_scrambled_order(ethnicities):
    lines = [row(PERSON.id_number, 420, x=300, width=400), row("民族", 110, x=300, width=60),
             row("姓名", 50, width=60), row("回", 110, x=400, width=30), row("欧阳晓燕", 50, x=200),
             row("性别", 110, width=60), row("女", 110, x=200, width=30), row("公民身份号码", 420, width=150)]
    fields = parse_card(lines, None, ethnicities).fields
    assert (fields["name"].value, fields["sex"].value, fields["ethnicity"].value) == ("欧阳晓燕", "女", "回")
    assert fields["id_number"].value == PERSON.id_number


def test_upside_down_boxes_keep_the_address_lines_in_order(ethnicities):
    upright = [row("姓名欧阳晓燕", 50), row("住址上海市徐汇区", 230), row("漕溪北路八十八弄", 275),
               row(PERSON.id_number, 420, x=300, width=400)]
    turned = [OcrLine(line.text, line.confidence, tuple((1000 - x, 600 - y) for x, y in line.box))
              for line in reversed(upright)]
    assert parse_card(turned, FRONT, ethnicities).value("address") == "上海市徐汇区漕溪北路八十八弄"


def test_multi_character_ethnicity_and_middle_dot_name(ethnicities):
    card = parse_card([row("姓名阿依古丽•买买提", 50), row("性別女 民族维吾尔", 110)], FRONT, ethnicities)
    assert card.value("name") == "阿依古丽·买买提"
    assert card.value("ethnicity") == "维吾尔"
    assert card.value("sex") == "女"  # 性別: the traditional form the recogniser sometimes reads


def test_unknown_ethnicity_is_kept_but_never_confident(ethnicities):
    card = parse_card([row("姓名张三", 50), row("民族汊", 110)], FRONT, ethnicities)
    assert card.value("ethnicity") == "汊" and card.confident("ethnicity", 0.5) == ""


def test_id_lookalike_letters_become_digits_and_a_bad_checksum_is_not_trusted():
    good = PERSON.id_number
    read = parse_card([row(f"公民身份号码{good[:10]}O{good[11:]}", 400)], FRONT).fields["id_number"]
    assert good[10] == "0" and read.value == good and read.confidence > 0.9
    wrong = good[:17] + ("0" if good[17] != "0" else "1")
    assert parse_card([row(wrong, 400)], FRONT).fields["id_number"].confidence == 0.0


@pytest.mark.parametrize(
    ("texts", "until"),
    [
        (["有效期限2015.03.01-2035.03.01"], "2035-03-01"),
        (["有效期限", "2015.03.01-长期"], LONG_TERM),
        (["2015.03.01-", "长期", "有效期限"], LONG_TERM),
        (["有效期限 2015．03．01—2025．03．01"], "2025-03-01"),
    ],
)
def test_back_validity_patterns(texts, until):
    card = parse_card([row("签发机关北京市公安局东城分局", 10), *(row(t, 60 + 40 * i) for i, t in enumerate(texts))])
    assert card.side == BACK
    assert (card.value("valid_from"), card.value("valid_until")) == ("2015-03-01", until)
    assert card.value("authority") == "北京市公安局东城分局"


def test_side_guess():
    assert guess_side([row("中华人民共和国", 0), row("居民身份证", 40)]) == BACK
    assert guess_side([row("公民身份号码", 0)]) == FRONT
    assert guess_side([row("超市小票", 0)]) is None


# --- the cross-check with the form ----------------------------------------------------------


def front_card(name=PERSON.name, number=PERSON.id_number, conf=0.99, **extra):
    fields = {"name": CardField(name, conf), "id_number": CardField(number, conf), "sex": CardField("女", conf),
              "birth": CardField("1986-07-09", conf), "ethnicity": CardField("回", conf)}
    fields.update({k: CardField(v, conf) for k, v in extra.items()})
    return CardText(FRONT, fields)


def back_card(until, conf=0.99):
    return CardText(BACK, {"valid_from": CardField("2018-02-03", conf), "valid_until": CardField(until, conf)})


def form(name=PERSON.name, number=PERSON.id_number, ethnicity="回族", changes=()):
    case = Case(changes=set(changes))
    case.applicant.name, case.applicant.id_number, case.applicant.ethnicity = name, number, ethnicity
    return case


def test_matching_card_has_no_findings(rules):
    assert cross_check(form(), front_card(), back_card("2038-02-03"), TODAY, rules) == []


def test_id_mismatch_is_an_error_whose_message_masks_both_numbers(rules):
    other = make_id("310104", dt.date(1986, 7, 9), 246)
    findings = cross_check(form(number=other), front_card(), None, TODAY, rules)
    assert codes(findings) == ["ocr.id_mismatch"] and findings[0].severity is Severity.ERROR
    assert findings[0].field == "attachments.id_front"
    for lang in LANGUAGES:
        text = render(findings[0], rules, lang)
        assert PERSON.id_number not in text and other not in text and PERSON.id_number[-4:] in text


def test_a_weak_read_never_becomes_a_mismatch(rules):
    case = form(name="李四", number=make_id("310104", dt.date(1990, 1, 1), 111), ethnicity="汉族")
    findings = cross_check(case, front_card(conf=0.5), back_card("2020-01-01", conf=0.5), TODAY, rules)
    assert codes(findings) == ["ocr.unreadable", "ocr.unreadable"]
    assert all(f.severity is Severity.INFO for f in findings)


def test_name_and_ethnicity_mismatch_are_warnings(rules):
    findings = cross_check(form(name="欧阳小燕", ethnicity="汉族"), front_card(), None, TODAY, rules)
    assert codes(findings) == ["ocr.ethnicity_mismatch", "ocr.name_mismatch"]
    assert {f.severity for f in findings} == {Severity.WARNING}


def test_printed_ethnicity_matches_the_form_option(rules):
    assert cross_check(form(ethnicity="回族"), front_card(), None, TODAY, rules) == []


def test_name_or_id_correction_compares_with_the_corrected_identity(rules):
    old = make_id("310104", dt.date(1986, 7, 9), 246)
    case = form(name="欧阳小燕", number=old, changes=[Change.NAME_OR_ID])
    case.correction = Correction(name=PERSON.name, id_number=PERSON.id_number, explanation="x" * 12)
    assert expected_identity(case) == (PERSON.name, PERSON.id_number)
    assert cross_check(case, front_card(), None, TODAY, rules) == []


def test_birth_and_sex_are_checked_against_the_form_number_when_the_card_number_is_unreadable(rules):
    card = front_card(sex="男", birth="1986-07-19")
    card.fields["id_number"] = CardField(PERSON.id_number, 0.3)
    findings = cross_check(form(), card, None, TODAY, rules)
    assert codes(findings) == ["ocr.birth_mismatch", "ocr.id_unreadable", "ocr.sex_mismatch"]


@pytest.mark.parametrize(
    ("until", "expected", "severity"),
    [("2026-11-22", ["ocr.card_expired"], Severity.ERROR), ("2026-12-10", ["ocr.card_expiring"], Severity.WARNING),
     ("2027-06-01", [], None), (LONG_TERM, [], None)],
)
def test_expiry(rules, until, expected, severity):
    findings = cross_check(Case(), None, back_card(until), TODAY, rules)
    assert codes(findings) == expected and all(f.severity is severity for f in findings)


def test_back_with_authority_but_no_validity(rules):
    card = CardText(BACK, {"authority": CardField("上海市公安局徐汇分局", 0.99)})
    assert codes(cross_check(Case(), None, card, TODAY, rules)) == ["ocr.validity_unreadable"]


def test_prefill_fills_only_empty_fields(rules):
    case = form(name="", number="", ethnicity="")
    case.applicant.gender = "男"  # typed by the user: never overwritten
    assert prefill(case, front_card(), rules) == {
        "applicant.name": PERSON.name, "applicant.id_number": PERSON.id_number, "applicant.ethnicity": "回族"}
    correcting = form(changes=[Change.NAME_OR_ID])
    assert prefill(correcting, front_card(), rules) == {
        "correction.name": PERSON.name, "correction.id_number": PERSON.id_number}
    assert prefill(form(name="", number=""), front_card(conf=0.4), rules) == {}


# --- real OCR on drawn cards ------------------------------------------------------------------


@pytest.fixture(scope="module")
def painter():
    font = cjk_font_path()
    if font is None:
        pytest.skip("Noto CJK font not installed (apt-get install fonts-noto-cjk): cannot draw ID cards")
    return CardPainter(font, px_per_mm=10)


@pytest.fixture(scope="module")
def engine():
    """The process-wide engine, loaded once for the whole module."""
    from wizard.idcard import ocr

    ocr.warm_up()
    return ocr


FRONT_CASES = {
    "straight": dict(angle=0, blur=0, noise=0),
    "tilted_blurred": dict(angle=-6, blur=1.0, noise=6),
    "upside_down_noisy": dict(angle=178, blur=0.6, noise=10),
}


@pytest.mark.parametrize("name", FRONT_CASES)
@pytest.mark.parametrize("merged", [False, True], ids=["spaced", "merged"])
def test_front_is_read_at_angles_blur_and_noise(engine, painter, name, merged):
    picture = degrade(painter.front(PERSON, merged=merged), **FRONT_CASES[name], seed=7)
    card = engine.read_card(picture)
    assert card.side == FRONT
    got = {k: card.value(k) for k in ("name", "sex", "ethnicity", "birth", "id_number")}
    assert got == {"name": PERSON.name, "sex": "女", "ethnicity": "回", "birth": "1986-07-09",
                   "id_number": PERSON.id_number}
    assert card.fields["id_number"].confidence >= 0.85


def test_back_of_an_expired_card_is_an_error(engine, painter, rules):
    expired = Person(valid_from=dt.date(2006, 9, 1), valid_until=dt.date(2026, 9, 1))
    card = engine.read_card(degrade(painter.back(expired), angle=4, blur=0.7, noise=5, seed=3))
    assert card.side == BACK and card.value("valid_until") == "2026-09-01"
    findings = cross_check(Case(), None, card, TODAY, rules)
    assert codes(findings) == ["ocr.card_expired"]


def test_long_term_back_is_fine(engine, painter, rules):
    card = engine.read_card(degrade(painter.back(Person(valid_until=None)), angle=-3), side=BACK)
    assert card.value("valid_until") == LONG_TERM and cross_check(Case(), None, card, TODAY, rules) == []


def test_mismatched_id_on_a_drawn_card(engine, painter, rules):
    card = engine.read_card(degrade(painter.front(PERSON), angle=3, noise=4))
    case = form(number=make_id("110101", PERSON.birth, 246))  # valid, same birth and sex, not the card's
    assert "ocr.id_mismatch" in codes(cross_check(case, card, None, TODAY, rules))
    assert cross_check(form(), card, None, TODAY, rules) == []


def test_blank_picture_is_unreadable_not_a_mismatch(engine, rules):
    import numpy as np

    card = engine.read_card(np.full((300, 480, 3), 235, np.uint8), side=FRONT)
    assert card.fields == {}
    assert codes(cross_check(form(), card, None, TODAY, rules)) == ["ocr.unreadable"]


def test_engine_logs_nothing_to_the_console(engine, painter, capfd, caplog):
    with caplog.at_level(logging.DEBUG):
        engine.read_card(degrade(painter.back(PERSON)), side=BACK)
    out, err = capfd.readouterr()
    assert out == "" and err == ""
    assert not any(PERSON.id_number in r.getMessage() for r in caplog.records)


# --- jzs-wizard read-id --------------------------------------------------------------------------


def run_cli(capsys, *argv):
    from wizard.cli.main import main

    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def front_file(painter, tmp_path):
    path = tmp_path / "身份证正面.png"
    Image.fromarray(degrade(painter.front(PERSON), angle=2)).save(path)
    return path


def test_cli_readable_output_masks_the_number(engine, front_file, capsys):
    code, out, _ = run_cli(capsys, "read-id", str(front_file), "--side", "front")
    assert code == 0
    assert PERSON.name in out and "1986-07-09" in out
    assert PERSON.id_number not in out and PERSON.id_number[:6] + "********" + PERSON.id_number[-4:] in out


def test_cli_json_carries_fields_confidences_and_cross_check(engine, front_file, tmp_path, capsys):
    from wizard.case.model import save_case

    case_path = save_case(form(name="欧阳小燕"), tmp_path / "case.json")
    code, out, _ = run_cli(capsys, "read-id", str(front_file), "--case", str(case_path), "--json")
    data = json.loads(out)
    assert code == 0 and data["ok"] is True
    assert data["metrics"]["side"] == FRONT
    read = data["metrics"]["fields"]["id_number"]
    assert read == {"value": PERSON.id_number, "confidence": pytest.approx(1, abs=0.15)}
    assert [f["code"] for f in data["findings"]] == ["ocr.name_mismatch"]


def test_cli_missing_file_cannot_run(capsys, tmp_path):
    code, out, _ = run_cli(capsys, "read-id", str(tmp_path / "没有.jpg"), "--json")
    assert code == 2 and json.loads(out)["ok"] is False


@pytest.mark.parametrize(
    "text",
    ["有效期限1305.09.03-1315.09.03", "有效期限2015.03.01-2017.03.01", "有效期限2015.03.01-2025.04.01",
     "17.10.03-09.05.2013"],
)
def test_implausible_validity_is_not_read_as_a_date(text):
    card = parse_card([row("签发机关", 100), row("北京市公安局", 100, x=300), row(text, 160)], "back", ())
    assert "valid_until" not in card.fields and "valid_from" not in card.fields


def test_plausible_validity_is_read():
    card = parse_card([row("有效期限", 160), row("2015.03.01-2035.03.01", 160, x=300)], "back", ())
    assert card.fields["valid_until"].value == "2035-03-01"
