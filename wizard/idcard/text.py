"""What the 居民身份证 says, from the text lines an OCR engine read off it.

OCR gives boxes of text in no dependable order: a label often merges with its value
("民族汉", "性别男民族汉"), a label may stand alone in its own box with the value in the
next one, and a card photographed upside down or sideways reorders every line. So each
field is found by its pattern (a date with 年月日, an 18-character number, a 民族 from
the official list, a 签发机关 ending in 公安局…) and geometry is used only where no pattern
can help: to pair a lone label with the box beside it and to gather the lines of 住址.

Pure Python with no OCR import, so it is unit-tested on text lines alone.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from dataclasses import dataclass, field

from wizard.case.idnumber import check_id
from wizard.imaging.text_lines import OcrLine

FRONT, BACK = "front", "back"
FRONT_FIELDS = ("name", "sex", "ethnicity", "birth", "address", "id_number")
BACK_FIELDS = ("authority", "valid_from", "valid_until")
LONG_TERM = "长期"  # 有效期限 of a card for people over 46: no end date

_LABELS = ("姓名", "性别", "民族", "出生", "住址", "公民身份号码", "签发机关", "有效期限")
_BACK_MARKS = ("签发机关", "有效期限", "居民身份证", "中华人民共和国")
# OCR confuses these with digits inside a number; only applied to number candidates.
_DIGIT_LOOKALIKES = str.maketrans({"O": "0", "o": "0", "D": "0", "I": "1", "l": "1", "|": "1", "x": "X", "×": "X"})
_ID_RE = re.compile(r"[0-9OoDIl|]{17}[0-9OoDIl|Xx×]")
_BIRTH_RE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?")
_DATE_RE = re.compile(r"(\d{4})\D{0,2}?(\d{2})\D{0,2}?(\d{2})")
_AUTHORITY_RE = re.compile(r"(公安局|分局|派出所|公安厅|公安处)")
# The recogniser also knows traditional characters and sometimes reads a label with them
# (性別 seen on noisy synthetic cards).
_LABEL_MISREADS = {"性別": "性别", "簽發機關": "签发机关", "簽发机关": "签发机关"}
_NAME_CHARS = re.compile(r"[\u3400-\u9fff·•]+")


@dataclass(frozen=True)
class CardField:
    """A value read off the card and the confidence of the weakest line it came from."""

    value: str
    confidence: float


@dataclass
class CardText:
    """The fields of one side of the card. Dates are ISO ``YYYY-MM-DD``; ``valid_until`` may be 长期."""

    side: str
    fields: dict[str, CardField] = field(default_factory=dict)
    lines: list[OcrLine] = field(default_factory=list)

    def value(self, name: str) -> str:
        found = self.fields.get(name)
        return found.value if found else ""

    def confident(self, name: str, threshold: float) -> str:
        """The value when it was read with at least ``threshold`` confidence, else ''."""
        found = self.fields.get(name)
        return found.value if found and found.confidence >= threshold else ""


def normalise(text: str) -> str:
    """Full-width to half-width, no spaces, label misreads mended: what every pattern below expects."""
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    for wrong, right in _LABEL_MISREADS.items():
        text = text.replace(wrong, right)
    return text


def guess_side(lines: list[OcrLine]) -> str | None:
    """Which side the lines came from, or None when they look like neither."""
    text = "".join(normalise(line.text) for line in lines)
    back = sum(mark in text for mark in _BACK_MARKS) + bool(re.search(r"\d{4}\.\d{2}\.\d{2}", text))
    front = sum(label in text for label in ("姓名", "性别", "出生", "住址", "公民身份号码")) + bool(_ID_RE.search(text))
    if not back and not front:
        return None
    return BACK if back > front else FRONT


def parse_card(lines: list[OcrLine], side: str | None = None, ethnicities: tuple[str, ...] = ()) -> CardText:
    """Parse one side; ``side=None`` guesses it. ``ethnicities`` is the rule pack's 民族 list."""
    side = side or guess_side(lines) or FRONT
    upright = _upright(lines)
    parsed = parse_front(upright, ethnicities) if side == FRONT else parse_back(upright)
    parsed.lines = list(lines)
    return parsed


# --- the front: 姓名 性别 民族 出生 住址 公民身份号码 ------------------------------------------


def parse_front(lines: list[OcrLine], ethnicities: tuple[str, ...] = ()) -> CardText:
    card = CardText(FRONT)
    finders = {
        "id_number": _find_id,
        "birth": _find_birth,
        "sex": _find_sex,
        "ethnicity": lambda ls: _find_ethnicity(ls, ethnicities),
        "name": _find_name,
        "address": _find_address,
    }
    for name, find in finders.items():
        found = find(lines)
        if found is not None:
            card.fields[name] = found
    return card


def _find_id(lines: list[OcrLine]) -> CardField | None:
    """The 18-character number; a candidate with a valid check digit wins over one without."""
    best: tuple[bool, float, str] | None = None
    for line in lines:
        for match in _ID_RE.finditer(normalise(line.text)):
            number = match.group(0).translate(_DIGIT_LOOKALIKES)
            # A checksum-valid read is trusted as read; an invalid one is kept at a confidence
            # that no threshold accepts, so it can be shown but never compared.
            valid = check_id(number, dt.date.max).problem in (None, "id.birth_future")
            candidate = (valid, line.confidence if valid else 0.0, number)
            best = max(best, candidate) if best else candidate
    return CardField(best[2], best[1]) if best else None


def _find_birth(lines: list[OcrLine]) -> CardField | None:
    for line in lines:
        match = _BIRTH_RE.search(normalise(line.text))
        if match:
            try:
                date = dt.date(*(int(g) for g in match.groups()))
            except ValueError:
                continue
            return CardField(date.isoformat(), line.confidence)
    return None


def _find_sex(lines: list[OcrLine]) -> CardField | None:
    for line in lines:
        match = re.search(r"性别[:：]?([男女])", normalise(line.text))
        if match:
            return CardField(match.group(1), line.confidence)
    label = _label_box(lines, "性别")
    lone = [line for line in lines if normalise(line.text) in ("男", "女")]
    if label and lone:
        nearest = _nearest_right(label, lone)
        return CardField(normalise(nearest.text), nearest.confidence)
    return None


def _find_ethnicity(lines: list[OcrLine], ethnicities: tuple[str, ...]) -> CardField | None:
    """The card prints the name without 族 ("汉"); the value is returned as printed."""
    short = sorted({e.removesuffix("族") for e in ethnicities if e.endswith("族")}, key=len, reverse=True)
    for line in lines:
        match = re.search(r"民族[:：]?([\u3400-\u9fff]{1,6})", normalise(line.text))
        if match:
            value = _known_prefix(match.group(1), short)
            return CardField(value or match.group(1), line.confidence if value or not short else 0.0)
    label = _label_box(lines, "民族")
    lone = [line for line in lines if normalise(line.text).removesuffix("族") in short]
    if label and lone:
        nearest = _nearest_right(label, lone)
        return CardField(normalise(nearest.text), nearest.confidence)
    return None


def _known_prefix(text: str, names: list[str]) -> str:
    """The longest 民族 name that ``text`` starts with ("汉出生" never happens, "汉" does)."""
    return next((n for n in names if text.startswith(n)), "")


def _find_name(lines: list[OcrLine]) -> CardField | None:
    for line in lines:
        text = normalise(line.text)
        if text.startswith("姓名") and len(text) > 2:
            name = _name_text(text[2:])
            if name:
                return CardField(name, line.confidence)
    label = _label_box(lines, "姓名")
    if label is None:
        return None
    others = [line for line in lines if line is not label and _name_text(normalise(line.text)) == normalise(line.text)
              and not _is_label(line)]
    if not others:
        return None
    nearest = _nearest_right(label, others)
    return CardField(normalise(nearest.text), nearest.confidence)


def _name_text(text: str) -> str:
    """Han characters and the middle dot of transliterated names (阿依古丽·买买提)."""
    match = _NAME_CHARS.match(text.lstrip(":："))
    return match.group(0).replace("•", "·") if match else ""


def _find_address(lines: list[OcrLine]) -> CardField | None:
    """住址 runs over up to four lines: its own, then the lines below it above the ID number."""
    start = next((line for line in lines if normalise(line.text).startswith("住址")), None)
    if start is None:
        return None
    first = normalise(start.text)[2:].lstrip(":：")
    parts, confidence = [first] if first else [], start.confidence
    for line in _below(start, lines):
        parts.append(normalise(line.text))
        confidence = min(confidence, line.confidence)
    return CardField("".join(parts), confidence) if parts else None


def _below(start: OcrLine, lines: list[OcrLine]) -> list[OcrLine]:
    """The 住址 value boxes: right of the label on its row, then the rows under it down to the ID line."""
    x0 = min(p[0] for p in start.box) if start.box else 0.0
    height = _height(start)
    stop = min((line.centre[1] for line in lines if _is_stop(line) and line.centre[1] > start.centre[1]),
               default=math.inf)

    def same_row(line: OcrLine) -> bool:
        return abs(line.centre[1] - start.centre[1]) < height / 2 and line.centre[0] > start.centre[0]

    def under(line: OcrLine) -> bool:  # the portrait is to the right, nothing of the address to the left
        return start.centre[1] + height / 2 <= line.centre[1] < stop and min(p[0] for p in line.box) > x0 - height

    chosen = [line for line in lines if line is not start and not _is_label(line) and (same_row(line) or under(line))]
    rows = sorted(chosen, key=lambda line: (round((line.centre[1] - start.centre[1]) / height), line.centre[0]))
    return rows[:4]


def _is_stop(line: OcrLine) -> bool:
    text = normalise(line.text)
    return "公民身份" in text or "号码" in text or bool(_ID_RE.search(text))


# --- the back: 签发机关 有效期限 ----------------------------------------------------------------


def parse_back(lines: list[OcrLine]) -> CardText:
    card = CardText(BACK)
    authority = _find_authority(lines)
    if authority:
        card.fields["authority"] = authority
    card.fields.update(_find_validity(lines))
    return card


def _find_authority(lines: list[OcrLine]) -> CardField | None:
    for line in lines:
        text = normalise(line.text)
        if "签发机关" in text and len(text.split("签发机关", 1)[1]) >= 2:
            return CardField(text.split("签发机关", 1)[1].lstrip(":："), line.confidence)
    for line in lines:  # the label read in a box of its own
        text = normalise(line.text)
        if _AUTHORITY_RE.search(text) and not _is_label(line):
            return CardField(text, line.confidence)
    return None


def _find_validity(lines: list[OcrLine]) -> dict[str, CardField]:
    """有效期限 ``2015.03.01-2035.03.01`` or ``2015.03.01-长期``, in one box or several."""
    ordered = sorted(lines, key=lambda line: "有效期限" not in normalise(line.text))
    for line in ordered:
        text = normalise(line.text)
        dates = [d for d in (_date(m) for m in _DATE_RE.finditer(text)) if d]
        if not dates or not _plausible_period(dates):
            continue  # e.g. a foreign card's dates misread: never turn a bad read into "expired"
        found = {"valid_from": CardField(dates[0].isoformat(), line.confidence)}
        if len(dates) > 1:
            found["valid_until"] = CardField(dates[1].isoformat(), line.confidence)
        elif LONG_TERM in text or any(normalise(other.text) == LONG_TERM for other in lines):
            found["valid_until"] = CardField(LONG_TERM, line.confidence)
        return found
    return {}


# 居民身份证 are valid 5, 10 or 20 years (or 长期); second-generation cards exist since 2004, the
# first generation since 1984.
_VALIDITY_YEARS = (5, 10, 20)
_FIRST_ISSUE_YEAR = 1984


def _plausible_period(dates: list[dt.date]) -> bool:
    start = dates[0]
    if not _FIRST_ISSUE_YEAR <= start.year <= dt.date.today().year + 1:
        return False
    if len(dates) == 1:
        return True
    end = dates[1]
    return end.year - start.year in _VALIDITY_YEARS and (end.month, end.day) == (start.month, start.day)


def _date(match: re.Match[str]) -> dt.date | None:
    try:
        return dt.date(*(int(g) for g in match.groups()))
    except ValueError:
        return None


# --- geometry: only to pair lone labels and to gather the address ---------------------------


def _is_label(line: OcrLine) -> bool:
    text = normalise(line.text)
    return any(text.startswith(label) for label in _LABELS) or text in ("男", "女")


def _label_box(lines: list[OcrLine], label: str) -> OcrLine | None:
    return next((line for line in lines if normalise(line.text) == label), None)


def _height(line: OcrLine) -> float:
    if not line.box:
        return 1.0
    ys = [p[1] for p in line.box]
    return max(max(ys) - min(ys), 1.0)


def _nearest_right(label: OcrLine, candidates: list[OcrLine]) -> OcrLine:
    """The candidate closest to the label, with a strong preference for the same text row."""
    lx, ly = label.centre

    def distance(line: OcrLine) -> float:
        x, y = line.centre
        return abs(y - ly) * 4 + abs(x - lx) + (0 if x > lx else 1e6)

    return min(candidates, key=distance)


def _upright(lines: list[OcrLine]) -> list[OcrLine]:
    """Boxes turned into the card's own frame (text rows horizontal, reading top to bottom).

    Text direction comes from the long edges of the boxes; whether the card is upside down
    comes from the ID number, which is always below 姓名 (front) and the 有效期限 below the
    emblem (back). Boxes are only re-placed, never re-read.
    """
    with_box = [line for line in lines if len(line.box) == 4]
    if len(with_box) != len(lines) or not lines:
        return list(lines)
    angle = _text_angle(with_box)
    turned = [_rotate_line(line, -angle) for line in lines]
    if _upside_down(turned):
        turned = [_rotate_line(line, math.pi) for line in turned]
    return turned


def _text_angle(lines: list[OcrLine]) -> float:
    """Median direction of the text rows, from each box's longer edge, weighted to wide boxes."""
    angles = []
    for line in lines:
        (x0, y0), (x1, y1), (x2, y2) = line.box[0], line.box[1], line.box[2]
        first, second = (x1 - x0, y1 - y0), (x2 - x1, y2 - y1)
        dx, dy = first if math.hypot(*first) >= math.hypot(*second) else second
        if math.hypot(dx, dy) > 2 * min(math.hypot(*first), math.hypot(*second)):
            angles.append(math.atan2(dy, dx) % math.pi)  # a row has no direction yet: mod 180°
    if not angles:
        return 0.0
    angles.sort()
    median = angles[len(angles) // 2]
    return median - math.pi if median > math.pi / 2 else median


def _upside_down(lines: list[OcrLine]) -> bool:
    def y_of(pred) -> float | None:
        found = [line.centre[1] for line in lines if pred(normalise(line.text))]
        return sum(found) / len(found) if found else None

    top = y_of(lambda t: t.startswith(("姓名", "中华人民共和国", "居民身份证")))
    bottom = y_of(lambda t: "公民身份" in t or bool(_ID_RE.search(t)) or "有效期限" in t or "签发机关" in t)
    return top is not None and bottom is not None and top > bottom


def _rotate_line(line: OcrLine, angle: float) -> OcrLine:
    cos, sin = math.cos(angle), math.sin(angle)
    box = tuple((x * cos - y * sin, x * sin + y * cos) for x, y in line.box)
    return OcrLine(line.text, line.confidence, box)
