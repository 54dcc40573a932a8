"""Where is the card? Four corners of an ID-1 card in a photo, and the perspective warp.

A 身份证 photographed on a wooden table, on a white desk with little contrast, at an
angle or with glare: the card is the largest convex four-sided outline in the picture
that is roughly card-shaped. Edges are looked for in several ways (brightness edges at
two sensitivities, colour edges, a brightness split) because each fails on some desk;
the best-scoring outline of all wins. Pure numpy/OpenCV; :mod:`wizard.imaging.document`
turns the result into findings and the upload file.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

import cv2
import numpy as np

from wizard.imaging.outline_lines import line_quads
from wizard.imaging.outline_score import SHAPE_FLOOR, Evidence, evidence, score, side_ratio, upper_bound

Quad = np.ndarray  # 4×2 float32: top-left, top-right, bottom-right, bottom-left
# A contour outline scoring this well (all four sides on edges, the right shape, print inside) ends
# the search: the line cue, the slow one, is only for pictures where no such outline was closed.
STRONG = 0.45
# Below this the best outline is a guess (a square of noise, a patch of table): no card is reported.
MIN_SCORE = 0.1


def find_card(rgb: np.ndarray, min_area: float, aspect: float | Sequence[float], shape_floor: float = SHAPE_FLOOR
              ) -> Quad | None:
    """The card's corners in ``rgb`` pixels, or None when no card-like outline is found."""
    found = [c for c in card_candidates(rgb, min_area, aspect, shape_floor=shape_floor) if c[1] >= MIN_SCORE]
    return max(found, key=lambda c: c[1])[0] if found else None


def card_candidates(
    rgb: np.ndarray, min_area: float, aspect: float | Sequence[float], *, lines: bool = True,
    shape_floor: float = SHAPE_FLOOR,
) -> list[tuple[Quad, float]]:
    """Every document-like outline of ``rgb`` with its score (:mod:`wizard.imaging.outline_score`).

    ``aspect`` is the document's side ratio, or several (a page may be A4 or letter). Outlines
    come from closed contours of several edge maps and, with ``lines``, from long straight lines
    (a card on a printed page has no closed contour of its own). The best few are refined to
    where straight lines fitted to their sides meet, and scored again. The 手持身份证照 engine
    needs more than the winner: the largest outline there is often a door or a picture frame.
    """
    h, w = rgb.shape[:2]
    aspects = (aspect,) if isinstance(aspect, (int, float)) else tuple(aspect)
    maps = list(_edge_maps(rgb))
    # The brightness split's boundary is an edge too: a white card on a white desk has little else.
    split_edge = cv2.morphologyEx(maps[3], cv2.MORPH_GRADIENT, np.ones((3, 3), np.uint8))
    found = evidence([*maps[:3], split_edge], rgb)
    quads = list(_contour_quads(maps, min_area * h * w))
    for region, sealed in _quiet_regions(maps[:3]):
        quads += [grown(q, sealed / 2 + 1) for q in _contour_quads([region], min_area * h * w)]
    judge = functools.partial(_scored, found=found, aspects=aspects, w=w, h=h, floor=shape_floor)
    scored = judge(quads)
    if lines and (not scored or scored[0][1] < STRONG):
        low, high = min(aspects) / 1.5, max(aspects) * 1.5
        scored = judge(quads + line_quads(found.edges, min_area * h * w, (max(1.0, low), high)))
    return _refine_best(scored, found, aspects, w, h, shape_floor)


def _scored(quads, found: Evidence, aspects, w: int, h: int, floor: float, keep: int = 12) -> list[tuple[Quad, float]]:
    """The ``keep`` best outlines, best first. Outlines are taken in the order of the score they could at
    best reach, and the search stops when that is below the ``keep``-th found: most are never scored."""
    bounded = [(upper_bound(q, found, aspects, floor) * _border_penalty(q, w, h), q) for q in _distinct(quads)]
    bounded.sort(key=lambda c: -c[0])
    scored: list[tuple[Quad, float]] = []
    for bound, quad in bounded:
        if bound <= 0 or (len(scored) >= keep and bound <= scored[keep - 1][1]):
            break
        value = score(quad, found, aspects, floor) * _border_penalty(quad, w, h)
        if value > 0:
            scored.append((quad, value))
            scored.sort(key=lambda c: -c[1])
    return scored


def _distinct(quads: list[Quad]) -> list[Quad]:
    """One of each outline several cues found alike (corners within 3 px)."""
    seen, kept = set(), []
    for quad in quads:
        key = tuple((np.round(quad / 3)).astype(int).ravel())
        if key not in seen:
            seen.add(key)
            kept.append(quad)
    return kept


def _quiet_regions(maps):
    """The regions between edges, each a blob of its own: a card's plain margin inside its outline is
    one even where print outside touches the outline (which merges the outline with the print). The
    wider sealing closes the gaps between a page's text rows, whose ends are then the card's edge."""
    side = max(maps[0].shape)
    for edges in maps:
        yield 255 - cv2.dilate(edges, np.ones((5, 5), np.uint8)), 5
    wide = max(7, round(0.015 * side)) | 1
    union = maps[0] | maps[1] | maps[2]
    yield 255 - cv2.dilate(union, np.ones((wide, wide), np.uint8)), wide
    # The opposite: a card printed all over with a fine pattern (the 国徽面's guilloche) is a busy
    # region on a plain desk; closed solid and opened free of thin lines touching it, it is one blob.
    kernel = np.ones((wide, wide), np.uint8)
    yield cv2.morphologyEx(cv2.morphologyEx(union, cv2.MORPH_CLOSE, kernel), cv2.MORPH_OPEN, kernel), 0


def grown(quad: Quad, distance: float) -> Quad:
    """``quad`` with every side moved ``distance`` pixels outwards (a region's outline back onto its edge)."""
    centre = quad.mean(axis=0)
    lines = []
    for a, b in zip(quad, np.roll(quad, -1, axis=0), strict=False):
        direction = (b - a) / max(float(np.linalg.norm(b - a)), 1e-6)
        normal = np.array([direction[1], -direction[0]], np.float32)
        if normal @ (a - centre) < 0:
            normal = -normal
        lines.append((a + distance * normal, direction))
    corners = [_meet(lines[i - 1], lines[i]) for i in range(4)]
    return quad if any(c is None for c in corners) else np.array(corners, np.float32)


def _contour_quads(maps, min_area: float):
    for edges in maps:
        contours, _ = cv2.findContours(edges, cv2.RETR_LIST, cv2.CHAIN_APPROX_NONE)
        for contour in contours:
            quad = _as_quad(contour, min_area)
            quad = None if quad is None else _refined(quad, contour.reshape(-1, 2).astype(np.float32))
            if quad is not None:
                yield quad


def _refine_best(scored, found: Evidence, aspects, w: int, h: int, floor: float, count: int = 6):
    """The best ``count`` outlines with their sides fitted to the edge pixels along them, scored again."""
    points = np.argwhere(found.edges > 0)[:, ::-1].astype(np.float32)
    better = []
    for quad, old in scored[:count]:
        near = _near_outline(points, quad)
        fitted = _refined(quad, near) if len(near) else None
        new = 0.0 if fitted is None else score(fitted, found, aspects, floor) * _border_penalty(fitted, w, h)
        # The fitted corners are the precise ones: kept unless the fit wandered off the outline.
        better.append((fitted, new) if new >= 0.8 * old else (quad, old))
    return better + scored[count:]


def _near_outline(points: np.ndarray, quad: Quad) -> np.ndarray:
    """The edge pixels within a few per cent of the outline (not the print inside, not the table outside)."""
    x, y, bw, bh = cv2.boundingRect(quad.astype(np.float32).reshape(-1, 1, 2))
    band = max(3, round(0.04 * max(bw, bh)))
    mask = np.zeros((y + bh + 2 * band, x + bw + 2 * band), np.uint8)
    cv2.polylines(mask, [np.round(quad).astype(np.int32).reshape(-1, 1, 2)], True, 1, band)
    xi, yi = points[:, 0].astype(int), points[:, 1].astype(int)
    keep = (xi >= 0) & (yi >= 0) & (xi < mask.shape[1]) & (yi < mask.shape[0])
    keep[keep] = mask[yi[keep], xi[keep]] > 0
    return points[keep]


def _edge_maps(rgb: np.ndarray):
    grey = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    blurred = cv2.GaussianBlur(grey, (5, 5), 0)
    median = float(np.median(blurred))
    close = np.ones((5, 5), np.uint8)
    for low, high in ((0.66 * median, 1.33 * median), (0.2 * median, 0.5 * median)):
        edges = cv2.Canny(blurred, max(5, low), max(15, high))
        yield cv2.morphologyEx(edges, cv2.MORPH_CLOSE, close)
    # A white card on a white desk differs more in colour (saturation, tint) than in brightness.
    lab = cv2.cvtColor(cv2.GaussianBlur(rgb, (5, 5), 0), cv2.COLOR_RGB2LAB)
    chroma = np.max([cv2.Canny(lab[:, :, c], 10, 30) for c in range(3)], axis=0)
    yield cv2.morphologyEx(chroma, cv2.MORPH_CLOSE, close)
    _, split = cv2.threshold(blurred, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    yield split
    yield 255 - split


def _as_quad(contour: np.ndarray, min_area: float) -> Quad | None:
    hull = cv2.convexHull(contour)
    area = cv2.contourArea(hull)
    if area < min_area:
        return None
    perimeter = cv2.arcLength(hull, True)
    for eps in (0.02, 0.04, 0.06):
        approx = cv2.approxPolyDP(hull, eps * perimeter, True)
        if len(approx) == 4 and cv2.isContourConvex(approx):
            return order_corners(approx.reshape(4, 2).astype(np.float32))
    # Rounded corners or a cut-off corner: the tightest rotated rectangle, if it fits well.
    rect = cv2.boxPoints(cv2.minAreaRect(hull))
    if area / max(cv2.contourArea(rect), 1.0) > 0.93:
        return order_corners(rect.astype(np.float32))
    return None


def _refined(quad: Quad, points: np.ndarray) -> Quad | None:
    """Corners where straight lines fitted to the four sides meet.

    The card's corners are rounded, so the outline's own corner points sit inside the
    rounding and the quadrilateral through them is slightly skewed; the sides are
    straight. Each side is fitted twice: loosely around the rough side, then tightly
    around the first fit. A side the outline does not follow along most of its length
    is no side at all (a random blob): None.
    """
    lines = []
    for a, b in zip(quad, np.roll(quad, -1, axis=0), strict=False):
        length = float(np.linalg.norm(b - a))
        line = (a, (b - a) / max(length, 1.0))
        for tolerance in (0.03 * length, max(2.0, 0.005 * length)):
            line = _fit_side(points, line, length, tolerance)
            if line is None:
                return None
        lines.append(line)
    corners = [_meet(lines[i - 1], lines[i]) for i in range(4)]
    return None if any(c is None for c in corners) else np.array(corners, np.float32)


def _fit_side(points: np.ndarray, line, length: float, tolerance: float):
    origin, direction = line
    rel = points - origin
    along = rel @ direction
    off = np.abs(rel[:, 0] * direction[1] - rel[:, 1] * direction[0])
    near = (off < tolerance) & (along > 0.1 * length) & (along < 0.9 * length)
    # How much of the side the points cover: distinct whole-pixel positions along it (a count, not a sort).
    covered = np.count_nonzero(np.bincount(np.clip(np.round(along[near]), 0, length + 1).astype(np.int64)))
    if covered < 0.6 * 0.8 * length:
        return None
    vx, vy, x0, y0 = cv2.fitLine(points[near], cv2.DIST_HUBER, 0, 0.01, 0.01).ravel()
    fitted = np.array([vx, vy], np.float32)
    if fitted @ direction < 0:
        fitted = -fitted
    centre = np.array([x0, y0], np.float32)
    # Keep the side's start where it was along the new line, so "along" still runs 0..length.
    return centre + ((origin - centre) @ fitted) * fitted, fitted


def _meet(first, second) -> np.ndarray | None:
    (p, u), (q, v) = first, second
    cross = u[0] * v[1] - u[1] * v[0]
    if abs(cross) < 1e-3:
        return None
    t = ((q - p)[0] * v[1] - (q - p)[1] * v[0]) / cross
    return p + t * u


def _border_penalty(quad: Quad, w: int, h: int) -> float:
    """Less trust in an outline with a side along the picture's edge: that side is the photo's
    edge, not the card's (a flat scan filling the picture is handled by the caller)."""
    return 0.25 ** len(edge_sides(quad, w, h))


def edge_sides(quad: Quad, w: int, h: int, near: float = 3.0) -> list[int]:
    """Indices of the sides (0 = top-left→top-right, clockwise) that lie along the picture's edge."""
    sides = []
    for i, (a, b) in enumerate(zip(quad, np.roll(quad, -1, axis=0), strict=False)):
        for axis, limit in ((0, 0), (0, w - 1), (1, 0), (1, h - 1)):
            if abs(a[axis] - limit) <= near and abs(b[axis] - limit) <= near:
                sides.append(i)
    return sides


def cut_at_fold(rgb: np.ndarray, quad: Quad, near: float = 3.0) -> Quad:
    """An outline running off the picture often holds more than the card: an open passport's
    facing page, a sheet the card lies on. The card's own side is then a straight line inside
    the outline, nearly parallel to the opposite side and spanning much of it (a page edge, a
    fold). Every such line is tried as the cut, and the cut outline that scores best as a
    document (:mod:`wizard.imaging.outline_score`, its shape left out: the question is where the
    document ends, not what it is) is kept; the outline unchanged if none does better."""
    h, w = rgb.shape[:2]
    maps = list(_edge_maps(rgb))
    found = evidence(maps[:3], rgb)
    for side in edge_sides(quad, w, h, near):
        best, best_score = quad, score(quad, found, (side_ratio(quad),))
        for line in _fold_lines(maps[1], quad, side):
            before, after = _side_line(quad, side - 1), _side_line(quad, side + 1)
            first, second = _meet(before, line), _meet(line, after)
            if first is None or second is None:
                continue
            cut = quad.copy()
            cut[side], cut[(side + 1) % 4] = first, second
            value = score(cut, found, (side_ratio(cut),))
            if value > best_score:
                best, best_score = cut, value
        quad = _leave_room(quad, best, side)
    return quad


def _leave_room(quad: Quad, cut: Quad, side: int, share: float = 0.025) -> Quad:
    """The cut moved back towards the removed part by ``share`` of the outline's depth: print that
    touches the fold (a title line under a passport's hinge) is kept whole; a sliver of hinge is not harm."""
    if cut is quad:
        return quad
    out = cut.copy()
    for corner, far in ((side % 4, (side + 3) % 4), ((side + 1) % 4, (side + 2) % 4)):
        inward = cut[corner] - cut[far]
        out[corner] = cut[corner] + share * inward / max(float(np.linalg.norm(inward)), 1.0) * float(
            np.linalg.norm(inward))
    return out


def _side_line(quad: Quad, side: int):
    a, b = quad[side % 4], quad[(side + 1) % 4]
    return a, (b - a) / max(float(np.linalg.norm(b - a)), 1.0)


def _fold_lines(edges: np.ndarray, quad: Quad, side: int):
    """The straight lines inside ``quad`` in the half next to ``side``, parallel to the opposite side
    and at least 45% as long as the opposite side is inside the picture."""
    origin, direction = _side_line(quad, side + 2)  # the opposite side
    span = _length_inside(quad[(side + 2) % 4], quad[(side + 3) % 4], edges.shape[1], edges.shape[0])
    found = cv2.HoughLinesP(edges, 1, np.pi / 360, 80, minLineLength=int(0.45 * span), maxLineGap=20)
    near_side, _ = _side_line(quad, side)
    depth = abs(_offset(near_side, origin, direction))
    for x1, y1, x2, y2 in [] if found is None else found[:, 0]:
        a, b = np.array([x1, y1], np.float32), np.array([x2, y2], np.float32)
        unit = (b - a) / max(float(np.linalg.norm(b - a)), 1.0)
        parallel = abs(unit[0] * direction[1] - unit[1] * direction[0]) < np.sin(np.radians(3))
        gap = abs(_offset(near_side, a, unit))  # distance from the edge side
        if parallel and 0.02 * depth < gap < 0.5 * depth and _inside(quad, a, b):
            yield a, (unit if unit @ direction < 0 else -unit)


def _length_inside(a: np.ndarray, b: np.ndarray, w: int, h: int) -> float:
    """The length of segment a-b that lies inside the picture (an outline may run past its edge)."""
    points = a + np.linspace(0, 1, 101)[:, None] * (b - a)
    inside = (points[:, 0] >= 0) & (points[:, 0] < w) & (points[:, 1] >= 0) & (points[:, 1] < h)
    return float(np.linalg.norm(b - a)) * float(inside.mean())


def _offset(point: np.ndarray, origin: np.ndarray, unit: np.ndarray) -> float:
    rel = point - origin
    return float(rel[0] * unit[1] - rel[1] * unit[0])


def _inside(quad: Quad, *points: np.ndarray) -> bool:
    contour = quad.astype(np.float32).reshape(-1, 1, 2)
    # A few pixels of slack: the fold runs right up to the outline's sides.
    return all(cv2.pointPolygonTest(contour, (float(p[0]), float(p[1])), True) >= -6 for p in points)


def order_corners(points: np.ndarray) -> Quad:
    """Top-left, top-right, bottom-right, bottom-left (clockwise from the top-left)."""
    pts = np.asarray(points, dtype=np.float32).reshape(4, 2)
    centre = pts.mean(axis=0)
    angles = np.arctan2(pts[:, 1] - centre[1], pts[:, 0] - centre[0])
    pts = pts[np.argsort(angles)]  # clockwise on screen, starting somewhere
    start = int(np.argmin(pts.sum(axis=1)))
    return np.roll(pts, -start, axis=0)


def warp_card(rgb: np.ndarray, quad: Quad, width: int, aspect: float) -> np.ndarray:
    """The card flattened to ``width`` × ``width / aspect``, landscape whatever its pose."""
    tl, tr, br, bl = quad
    across = np.linalg.norm(tr - tl) + np.linalg.norm(br - bl)
    down = np.linalg.norm(bl - tl) + np.linalg.norm(br - tr)
    if down > across:  # the card lies on its side: start at the corner that makes it landscape
        quad = np.roll(quad, -1, axis=0)
    height = round(width / aspect)
    target = np.array([[0, 0], [width - 1, 0], [width - 1, height - 1], [0, height - 1]], np.float32)
    matrix = cv2.getPerspectiveTransform(quad.astype(np.float32), target)
    return cv2.warpPerspective(rgb, matrix, (width, height), flags=cv2.INTER_AREA, borderMode=cv2.BORDER_REPLICATE)
