"""The accuracy harness (``python -m benchmarks.accuracy``): its judgement of outcomes, reasons and reviews."""

from __future__ import annotations

import pytest

from benchmarks.accuracy import reasons
from benchmarks.accuracy.__main__ import main as accuracy_main
from benchmarks.accuracy.corpus import Expectation, Run, quick_subset, read_expectations, run_one
from benchmarks.accuracy.outcome import Verdict, blocking_codes, classify
from benchmarks.accuracy.report import confusion, mismatch_lines
from benchmarks.accuracy.review import Review, ReviewError, read_reviews, tally, write_reviews
from benchmarks.accuracy.sheet import write_sheet
from tests.conftest import TESTDATA, shared_file
from wizard.case.findings import error, info, warning
from wizard.case.messages import catalogue
from wizard.case.model import Adjustment, Slot
from wizard.imaging.result import ProcessResult


def _result(*findings, data=b"x") -> ProcessResult:
    return ProcessResult(data, list(findings), {}, Adjustment(), (1, 1))


@pytest.mark.parametrize(
    ("results", "verdict"),
    [
        ([_result(info("photo.background_replaced"))], Verdict.ACCEPT),
        ([_result(warning("photo.background_check_edges"))], Verdict.WARN),
        ([_result(warning("photo.blurry"), error("photo.head_cut"))], Verdict.REJECT),
        ([_result(data=b"")], Verdict.REJECT),  # no file at all, whatever the findings say
        ([], Verdict.REJECT),
        ([_result(), _result(warning("proof.text_too_small"))], Verdict.WARN),  # one warned page warns the whole
    ],
)
def test_the_user_meets_accept_warn_or_reject(results, verdict):
    assert classify(results) is verdict


def test_the_codes_behind_a_refusal_are_its_errors_not_its_warnings():
    results = [_result(warning("photo.blurry"), error("photo.many_faces", count=2))]
    assert blocking_codes(results) == ["photo.many_faces"]
    assert blocking_codes([_result(info("a"), warning("photo.blurry"))]) == ["photo.blurry"]


def _run(expect: Verdict, got: Verdict, codes: list[str], tags=("multiple_faces",), output=b"o") -> Run:
    expectation = Expectation(f"x/{expect.value}_{got.value}.jpg", Slot.PHOTO, expect, tuple(tags))
    return Run(expectation, got, [], [(output, "jpeg")] if output else [], 0.1, codes=codes)


def test_a_right_refusal_for_the_wrong_reason_is_told_apart():
    right = _run(Verdict.REJECT, Verdict.REJECT, ["photo.many_faces"])
    wrong = _run(Verdict.REJECT, Verdict.REJECT, ["photo.resolution_low"])
    unnamed = _run(Verdict.REJECT, Verdict.REJECT, ["photo.no_face"], tags=("hat",))
    assert (right.reason, wrong.reason, unnamed.reason) == ("right", "wrong", "no code")
    assert right.decision_right and wrong.decision_right


def test_a_warn_picture_may_be_refused_but_not_passed():
    assert _run(Verdict.WARN, Verdict.REJECT, ["photo.many_faces"]).decision_right
    assert not _run(Verdict.WARN, Verdict.ACCEPT, []).decision_right
    assert not _run(Verdict.ACCEPT, Verdict.WARN, ["photo.blurry"]).decision_right


def test_the_confusion_table_counts_expected_against_got_and_lists_the_mismatches():
    runs = [_run(Verdict.ACCEPT, Verdict.ACCEPT, []), _run(Verdict.ACCEPT, Verdict.REJECT, ["photo.no_face"]),
            _run(Verdict.REJECT, Verdict.REJECT, ["photo.resolution_low"])]
    table = confusion(runs)
    assert table[(Verdict.ACCEPT, Verdict.ACCEPT)] == 1 and table[(Verdict.ACCEPT, Verdict.REJECT)] == 1
    assert sum(table.values()) == 3
    lines = mismatch_lines(runs)
    assert len(lines) == 2 and "photo.no_face" in lines[0] and "reason wrong" in lines[1]


def test_a_silent_defect_is_a_reviewed_defect_that_passed_without_a_word(tmp_path):
    passed, warned = _run(Verdict.ACCEPT, Verdict.ACCEPT, []), _run(Verdict.ACCEPT, Verdict.WARN, ["w"], output=b"w")
    changed = _run(Verdict.REJECT, Verdict.ACCEPT, [], output=b"new")
    reviews = [Review(passed.expectation.file, "defect", "halo", passed.output_id),
               Review(warned.expectation.file, "defect", "jagged", warned.output_id),
               Review(changed.expectation.file, "defect", "old", "0123456789ab")]
    write_reviews(reviews, tmp_path / "review.tsv")
    result = tally([passed, warned, changed], read_reviews(tmp_path / "review.tsv"))
    assert result.silent == [passed.expectation.file]
    assert result.stale == [changed.expectation.file] and result.defects == [passed.expectation.file,
                                                                             warned.expectation.file]


def test_a_review_with_an_unknown_verdict_names_its_line(tmp_path):
    path = tmp_path / "review.tsv"
    path.write_text("file\tverdict\tnote\toutput\na.jpg\tgood\t\t-\nb.jpg\tmaybe\t\t-\n", encoding="utf-8")
    with pytest.raises(ReviewError, match=r"review.tsv:3"):
        read_reviews(path)


def test_every_code_a_reason_maps_to_has_words_in_the_catalogue():
    words = catalogue("zh_CN")["messages"]
    codes = {code for table in reasons.BY_SLOT.values() for codes in table.values() for code in codes}
    assert codes and sorted(c for c in codes if c not in words) == []


def test_every_tag_of_the_expectations_has_been_read():
    shared_file("expected.tsv")
    unread = {(e.file, t) for e in read_expectations() for t in reasons.unknown_tags(e.slot.value, e.tags)}
    assert unread == set()


def test_the_review_covers_every_picture_of_the_expectations():
    shared_file("expected.tsv")
    assert {e.file for e in read_expectations()} <= set(read_reviews())


def test_the_quick_subset_takes_every_kind_of_picture():
    shared_file("expected.tsv")
    everything = read_expectations()
    subset = quick_subset(everything)
    assert {(e.slot, e.expect) for e in subset} == {(e.slot, e.expect) for e in everything}
    assert len(subset) < len(everything) / 3


def test_real_pictures_run_as_the_cli_runs_them_and_land_on_the_sheet(rules, tmp_path):
    shared_file("portrait", "plain_grey_bg_man_suit_halfbody.jpg")
    good = run_one(Expectation("portrait/plain_grey_bg_man_suit_halfbody.jpg", Slot.PHOTO, Verdict.ACCEPT, ()), rules)
    two = run_one(Expectation("reject/two_men_side_by_side.jpg", Slot.PHOTO, Verdict.REJECT, ("multiple_faces",)),
                  rules, TESTDATA)
    assert good.verdict is not Verdict.REJECT and good.outputs and good.output_id != "-"
    assert (two.verdict, two.reason) == (Verdict.REJECT, "right") and two.output_id.startswith("r-")
    heading = {"date": "today", "machine": "here", "summary": "s"}
    page = write_sheet(tmp_path, [good, two], {}, [], rules, heading)
    text = page.read_text(encoding="utf-8")
    assert "照片中检测到 2 张人脸" in text and "未评审" in text
    # two sources, one result, and the refused picture with its two faces boxed
    assert len(list((tmp_path / "img").glob("*"))) == 4 and two.previews


def test_the_quick_run_prints_every_slot_and_the_silent_defects(capsys):
    shared_file("expected.tsv")
    assert accuracy_main(["--quick", "--no-synthetic"]) == 0
    out = capsys.readouterr().out
    assert all(f"== {slot}:" in out for slot in ("photo", "signature", "proof", "id_front"))
    assert "SILENT DEFECTS" in out and "time per picture" in out
