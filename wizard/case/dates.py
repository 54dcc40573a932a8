"""Dates as people type them: 2008-07-01, 2008.7.1, 2008/07/01, 20080701, 2008年7月1日.

The platform's 毕业时间 reads ``YYYY-MM-DD``; the case keeps that form. What an applicant
types is read here, in one place for the GUI and anything else that takes typed dates.
"""

from __future__ import annotations

import datetime as dt
import re

_SEPARATED = re.compile(r"^\s*(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*日?\s*$")
_DIGITS = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})\s*$")


def read_date(text: str) -> dt.date | None:
    """The date ``text`` names, or ``None`` when it names no real date."""
    match = _SEPARATED.match(text) or _DIGITS.match(text)
    if not match:
        return None
    try:
        return dt.date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def normalise_date(text: str) -> str:
    """``YYYY-MM-DD`` when ``text`` is a date in any accepted form; otherwise ``text`` as typed
    (stripped), so that the validator can say what is wrong with it."""
    date = read_date(text)
    return date.isoformat() if date else text.strip()
