"""居民身份证号码 (GB 11643-1999): checksum, birth date, sex, region, 15→18 digits.

Built on python-stdnum's ``cn.ric`` for the check digit and the region table, and
covering its holes: it raises a bare ``KeyError`` for some region codes, refuses
15-digit numbers, accepts birth dates in the future, and its ``compact()`` keeps inner
spaces. :func:`check_id` never raises for any input string.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from stdnum import numdb
from stdnum.cn import ric
from stdnum.exceptions import ValidationError as StdnumError

# Province-level codes (first two digits) in use by GB/T 2260, plus 83 (港澳台居民居住证 of
# Taiwan residents, which carries an 18-digit number of the same form).
PROVINCE_CODES = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 "
    "61 62 63 64 65 71 81 82 83".split()
)
EARLIEST_BIRTH = dt.date(1900, 1, 1)


@dataclass(frozen=True)
class IdCheck:
    """What :func:`check_id` found. ``problem`` is a finding code, or ``None`` when valid."""

    number: str  # compacted input
    problem: str | None = None
    number18: str | None = None  # the 18-digit form (converted when the input had 15)
    birth_date: dt.date | None = None
    sex: str | None = None  # 男 / 女
    region: str | None = None  # province + county, when known
    region_known: bool = False
    was_15: bool = False

    @property
    def valid(self) -> bool:
        return self.problem is None


def compact(number: str) -> str:
    """Remove every kind of space and separator, turn full-width digits and x into 0-9 / X."""
    text = unicodedata.normalize("NFKC", number or "")
    return re.sub(r"[\s\-_.]", "", text).upper()


def check_digit(body17: str) -> str:
    """The GB 11643 check digit for a 17-digit body."""
    if len(body17) != 17 or not body17.isdigit():
        raise ValueError("body must be 17 digits")
    return ric.calc_check_digit(body17 + "0")


def upgrade_15_to_18(number15: str) -> str:
    """Convert an old 15-digit number to 18 digits: insert the century "19", add the check digit."""
    number15 = compact(number15)
    if len(number15) != 15 or not number15.isdigit():
        raise ValueError("not a 15-digit ID number")
    body = number15[:6] + "19" + number15[6:]
    return body + check_digit(body)


def downgrade_18_to_15(number18: str) -> str | None:
    """The 15-digit number an 18-digit one was upgraded from, if it could have been (born 19xx)."""
    number18 = compact(number18)
    if len(number18) != 18 or number18[6:8] != "19":
        return None
    return number18[:6] + number18[8:17]


def is_standard_upgrade(old: str, new: str) -> bool:
    """True when ``new`` is exactly the 15→18 upgrade of ``old`` (正常升位)."""
    old_c, new_c = compact(old), compact(new)
    return len(old_c) == 15 and old_c.isdigit() and upgrade_15_to_18(old_c) == new_c


def check_id(number: str, today: dt.date | None = None) -> IdCheck:
    """Check an ID number of 15 or 18 digits; never raises."""
    today = today or dt.date.today()
    raw = compact(number)
    if not raw:
        return IdCheck(raw, "id.empty")
    was_15 = len(raw) == 15
    if was_15:
        if not raw.isdigit():
            return IdCheck(raw, "id.format")
        full = upgrade_15_to_18(raw)
    elif len(raw) == 18:
        if not raw[:17].isdigit() or not (raw[17].isdigit() or raw[17] == "X"):
            return IdCheck(raw, "id.format")
        full = raw
    else:
        return IdCheck(raw, "id.length")
    if raw[:2] not in PROVINCE_CODES:
        return IdCheck(raw, "id.region_invalid", was_15=was_15)
    try:
        birth = dt.date(int(full[6:10]), int(full[10:12]), int(full[12:14]))
    except ValueError:
        return IdCheck(raw, "id.birth_invalid", was_15=was_15)
    if birth > today:
        return IdCheck(raw, "id.birth_future", birth_date=birth, was_15=was_15)
    if birth < EARLIEST_BIRTH:
        return IdCheck(raw, "id.birth_invalid", birth_date=birth, was_15=was_15)
    if not was_15 and full[17] != check_digit(full[:17]):
        return IdCheck(raw, "id.checksum", birth_date=birth, was_15=was_15)
    sex = "男" if int(full[16]) % 2 == 1 else "女"
    region, known = region_name(full)
    return IdCheck(raw, None, full, birth, sex, region, known, was_15)


def region_name(number18: str) -> tuple[str | None, bool]:
    """The region the number was issued in, and whether stdnum's table knows the county.

    stdnum raises ``KeyError`` (no county entry) or ``InvalidComponent`` (code unknown or
    not in use in the birth year); both mean "unknown region", not an invalid number.
    """
    try:
        info = ric.get_birth_place(number18)
        return f"{info.get('province', '')}{info.get('county', '')}", True
    except (KeyError, StdnumError, ValueError):
        pass
    results = numdb.get("cn/loc").info(number18[:6])
    province = next((p.get("province") for _, p in results if p.get("province")), None)
    return province, False
