"""Which ink is the signature: strokes grouped at the scale of a character, not of a stroke.

A Chinese name is 2–4 characters of separate strokes and dots; a Latin signature is a few
connected words. Both are one group when strokes are joined across gaps measured in
*characters*: the character size is found by first joining strokes closer than a few pen
widths (the strokes of one character, the letters of one word), then taking the ink-weighted
median height of those clusters. Groups are formed with a gap of ``GAP_X`` characters across
and ``GAP_Y`` down, then groups on one line closer than their own height are merged (a character
of four dots, 心, has small clusters but sits next to its neighbour). A second group counts as
another signature only when it is itself signature-like: enough ink and at least a character in
size; a page of writing (many groups or three lines) is refused as not one signature. Small far
groups (a tick, a pen tip, a note) are dropped from the picture instead.
"""

from __future__ import annotations

import cv2
import numpy as np

CLUSTER_STROKES = 4.0  # strokes of one character are closer than this many pen widths
GAP_X = 1.2  # characters of one name are closer than this many character sizes across
GAP_Y = 0.3  # ... and down
MERGE_X = 1.0  # groups closer than this many of their heights across are one signature
MERGE_Y = 0.25  # stacked groups (a note above, an underline below) closer than this are one
FLAT = 0.35  # a group at most this share of the other's height is flat: an underline, a flourish
UNDER_OVERLAP = 0.5  # ... lying under it for this share of its own width
UNDER_GAP = 1.0  # ... closer than this many of the other's heights belongs to it
LINE_OVERLAP = 0.3  # groups whose boxes overlap by this share of the shorter height are on one line
CLUTTER = 4  # this many groups with CLUTTER_SHARE of the ink each: a page of writing, not a signature
CLUTTER_SHARE = 0.04
LINES = 3  # this many separate lines of writing: a letter or a paragraph
LINE_LENGTH = 1.6  # a line of writing is at least this many times as wide as it is tall (a character: ≤ 1.3)
BAND_HEIGHT = 0.3  # a line of writing is at least this many character sizes tall
CANDIDATE_SHARE = 0.12  # a second signature holds at least this share of the ink
CANDIDATE_SIZE = 0.8  # and spans at least this many character sizes
CANDIDATE_HEIGHT = 0.5  # and is at least this many character sizes tall


def _grow(m: np.ndarray, width: int, height: int) -> np.ndarray:
    """Box dilation via running sums (time independent of the box size)."""
    sums = cv2.boxFilter(m, cv2.CV_32S, (max(1, width), max(1, height)), normalize=False,
                         borderType=cv2.BORDER_CONSTANT)
    return (sums > 0).astype(np.uint8)


def character_size(mask: np.ndarray, stroke: float) -> float:
    """Ink-weighted median height of stroke clusters (characters, words), in pixels."""
    m = mask.astype(np.uint8)
    k = int(CLUSTER_STROKES * stroke) + 1
    count, labels, stats, _ = cv2.connectedComponentsWithStats(_grow(m, k, k), connectivity=8)
    if count <= 1:
        return 0.0
    ink = np.bincount(labels[m > 0], minlength=count)[1:].astype(np.float64)
    heights = np.maximum(1, stats[1:, cv2.CC_STAT_HEIGHT] - (k - 1))  # the grown box less the growth
    order = np.argsort(heights)
    cumulative = np.cumsum(ink[order])
    return float(heights[order][np.searchsorted(cumulative, cumulative[-1] / 2)])


def groups(mask: np.ndarray, stroke: float) -> tuple[list[dict], float]:
    """Ink groups, largest first, each {labels, members, box, ink, share}; and the character size.

    Stage one joins strokes at ``GAP_X``/``GAP_Y`` character sizes. Stage two merges groups on
    one line (their boxes overlap by ``LINE_OVERLAP`` of the shorter one's height) closer than
    ``MERGE_X`` times the taller one's height, and groups stacked closer than ``MERGE_Y`` of it:
    the second character of 吴心 is four dots whose own clusters are small, but it sits well
    within one character height of 吴. Lines of a letter are stacked further apart than that.
    """
    m = mask.astype(np.uint8)
    size = character_size(mask, stroke)
    if size == 0:
        return [], 0.0
    _count, labels = cv2.connectedComponents(_grow(m, int(GAP_X * size) + 1, int(GAP_Y * size) + 1), connectivity=8)
    # Exact ink boxes: per stroke component (a few hundred), gathered into its group.
    n, strokes, stats, _ = cv2.connectedComponentsWithStats(m, connectivity=8)
    first = np.zeros(n, np.int64)
    first[strokes.ravel()] = np.arange(strokes.size)  # any one pixel of each stroke component
    group = labels.ravel()[first[1:]]
    x0, y0 = stats[1:, 0], stats[1:, 1]
    x1, y1 = x0 + stats[1:, 2] - 1, y0 + stats[1:, 3] - 1
    found = []
    for i in np.unique(group):
        sel = group == i
        found.append({"members": [int(i)], "ink": int(stats[1:, cv2.CC_STAT_AREA][sel].sum()),
                      "box": [int(x0[sel].min()), int(y0[sel].min()), int(x1[sel].max()), int(y1[sel].max())]})
    found = _merged(found)
    total = max(1, sum(g["ink"] for g in found))
    for g in found:
        bx0, by0, bx1, by1 = g["box"]
        g.update(labels=labels, share=g["ink"] / total, box=(bx0, by0, bx1 - bx0 + 1, by1 - by0 + 1))
    return sorted(found, key=lambda g: -g["ink"]), size


def _merged(found: list[dict]) -> list[dict]:
    """Merge groups closer than their own height until nothing changes (few groups: quadratic is fine)."""
    changed = True
    while changed and len(found) > 1:
        changed = False
        for a in range(len(found)):
            for b in range(a + 1, len(found)):
                ga, gb = found[a], found[b]
                (ax0, ay0, ax1, ay1), (bx0, by0, bx1, by1) = ga["box"], gb["box"]
                tall = max(ay1 - ay0, by1 - by0) + 1
                gap_x = max(ax0, bx0) - min(ax1, bx1)  # negative: the boxes overlap across
                gap_y = max(ay0, by0) - min(ay1, by1)
                short = min(ay1 - ay0, by1 - by0) + 1
                same_line = -gap_y >= LINE_OVERLAP * short and gap_x <= MERGE_X * tall
                stacked = gap_x < 0 and gap_y <= MERGE_Y * tall
                # An underline: flat, below the other for most of its width. (A flat piece above is
                # more often a shadow's edge or a ruled line's remnant than a line drawn over a name.)
                a_flat = ay1 - ay0 < by1 - by0
                flat_w, flat_top, other_bottom = ((ax1 - ax0 + 1, ay0, by1) if a_flat else (bx1 - bx0 + 1, by0, ay1))
                underline = (short <= FLAT * tall and -gap_x >= UNDER_OVERLAP * flat_w
                             and flat_top > other_bottom - short and gap_y <= UNDER_GAP * tall)
                if same_line or stacked or underline:
                    ga["members"] += gb["members"]
                    ga["ink"] += gb["ink"]
                    ga["box"] = [min(ax0, bx0), min(ay0, by0), max(ax1, bx1), max(ay1, by1)]
                    del found[b]
                    changed = True
                    break
            if changed:
                break
    return found


def candidates(found: list[dict], size: float) -> list[dict]:
    """Groups that are signatures in their own right: enough ink, at least a character big and half
    a character tall (a ruled line's remnant along the picture's edge is long but flat)."""
    return [g for g in found if g["share"] >= CANDIDATE_SHARE and max(g["box"][2:]) >= CANDIDATE_SIZE * size
            and g["box"][3] >= CANDIDATE_HEIGHT * size]


def cluttered(found: list[dict], mask: np.ndarray, size: float) -> bool:
    """Many comparable groups, or many lines of writing (a letter, a paragraph): not one signature.

    Dense text defeats the character size (its clusters are whole paragraphs), so the lines are
    also counted directly: bands of the row profile separated by empty rows, each holding
    ``CLUTTER_SHARE`` of the ink, at least ``BAND_HEIGHT`` character sizes tall (the remnant of a
    ruled line along the picture's edge is a band too, but a flat one) and ``LINE_LENGTH`` times as
    wide as tall (the characters of a name written downwards, or turned on its side, are bands too,
    but each only about a character wide).
    """
    if sum(g["share"] >= CLUTTER_SHARE for g in found) >= CLUTTER:
        return True
    rows = mask.sum(axis=1).astype(np.float64)
    inked = np.concatenate([[0], (rows > 0).astype(np.int8), [0]])
    edges = np.diff(inked)
    starts, ends = np.nonzero(edges == 1)[0], np.nonzero(edges == -1)[0]
    bands = [rows[s:e].sum() for s, e in zip(starts, ends, strict=True)
             if e - s >= BAND_HEIGHT * size and _extent(mask[s:e]) >= LINE_LENGTH * (e - s)]
    return sum(b >= CLUTTER_SHARE * rows.sum() for b in bands) >= LINES


def _extent(rows: np.ndarray) -> int:
    """How wide the ink of a band of rows spans."""
    xs = np.nonzero(rows.any(axis=0))[0]
    return int(xs[-1] - xs[0] + 1) if len(xs) else 0


def main_ink(mask: np.ndarray, found: list[dict]) -> np.ndarray:
    """The largest group's ink only: stray ticks, a pen tip or a far note are not the signature."""
    if not found:
        return mask
    return mask & np.isin(found[0]["labels"], found[0]["members"])
