"""居民身份证号码: the checks python-stdnum leaves to us, and the properties of GB 11643."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wizard.case.idnumber import (
    check_digit,
    check_id,
    compact,
    downgrade_18_to_15,
    is_standard_upgrade,
    upgrade_15_to_18,
)

from .conftest import TODAY, make_id

bodies = st.text(alphabet="0123456789", min_size=17, max_size=17)


@given(bodies)
def test_every_body_has_exactly_one_check_digit(body):
    valid = [c for c in "0123456789X" if _checksum_ok(body + c)]
    assert valid == [check_digit(body)]


def _checksum_ok(number: str) -> bool:
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    last = 10 if number[17] == "X" else int(number[17])
    total = sum(int(d) * w for d, w in zip(number[:17], weights, strict=True)) + last
    # ISO 7064 MOD 11-2: the weighted sum including the check digit (weight 1) is 1 mod 11
    return total % 11 == 1


@given(
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(1999, 12, 31)),
    st.integers(min_value=0, max_value=999),
)
def test_15_to_18_keeps_birth_date_and_sex(birth, seq):
    old = f"110105{birth:%y%m%d}{seq:03d}"
    new = upgrade_15_to_18(old)
    old_check, new_check = check_id(old, TODAY), check_id(new, TODAY)
    assert new_check.valid and old_check.valid
    assert new_check.birth_date == old_check.birth_date == birth
    assert new_check.sex == old_check.sex == ("男" if seq % 2 else "女")
    assert downgrade_18_to_15(new) == old
    assert is_standard_upgrade(old, new)


@pytest.mark.parametrize(
    ("number", "problem"),
    [
        ("", "id.empty"),
        ("11010519800315123", "id.length"),
        ("1101051980031512345", "id.length"),
        ("11010519800315A234", "id.format"),
        ("990105198003151234", "id.region_invalid"),
        ("110105198013151234", "id.birth_invalid"),
        ("110105189912311234", "id.birth_invalid"),
        ("11010580133112", "id.length"),
    ],
)
def test_problems(number, problem):
    assert check_id(number, TODAY).problem == problem


def test_wrong_check_digit_is_reported():
    good = make_id()
    wrong = good[:17] + ("0" if good[17] != "0" else "1")
    assert check_id(good, TODAY).valid
    assert check_id(wrong, TODAY).problem == "id.checksum"


def test_future_birth_date_is_refused_although_stdnum_accepts_it():
    future = make_id(birth="20301201")
    from stdnum.cn import ric

    assert ric.calc_check_digit(future) == future[-1]  # the checksum itself is fine
    assert check_id(future, TODAY).problem == "id.birth_future"


def test_unknown_county_is_a_known_gap_not_a_crash():
    # 110199 is not a county of Beijing; stdnum raises for it instead of answering.
    number = make_id(region="110199")
    result = check_id(number, TODAY)
    assert result.valid and not result.region_known and result.region == "北京市"


def test_county_not_in_use_in_birth_year_is_unknown_region():
    # 513229 马尔康县 existed until 2015; someone born 2020 cannot carry it.
    result = check_id(make_id(region="513229", birth="20200101"), TODAY)
    assert result.valid and not result.region_known


def test_known_region_sex_and_birth():
    result = check_id(make_id(region="110105", birth="19800315", seq="124"), TODAY)
    assert (result.region, result.sex, result.birth_date) == ("北京市朝阳区", "女", dt.date(1980, 3, 15))


def test_compact_removes_inner_spaces_and_full_width_forms():
    assert compact(" 110105 1980 0315 123x ") == "11010519800315123X"
    assert compact("１１０１０５１９８００３１５１２３Ｘ") == "11010519800315123X"


def test_15_digit_number_is_converted():
    result = check_id("110105800315123", TODAY)
    assert result.valid and result.was_15 and result.number18 == upgrade_15_to_18("110105800315123")
    assert result.number18.startswith("11010519800315123")


def test_check_id_never_raises_on_garbage():
    for text in ["\x00" * 18, "９" * 18, "x" * 15, "-" * 40, "1" * 15 + "\n"]:
        check_id(text, TODAY)
