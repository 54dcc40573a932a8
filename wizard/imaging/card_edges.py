"""Where is the card? Four corners of an ID-1 card in a photo, and the perspective warp.

A 身份证 photographed on a wooden table, on a white desk with little contrast, at an
angle or with glare: the card is the largest convex four-sided outline in the picture
that is roughly card-shaped. Edges are looked for in several ways (brightness edges at
two sensitivities, colour edges, a brightness split) because each fails on some desk;
the best-scoring outline of all wins. Pure numpy/OpenCV; :mod:`wizard.imaging.document`
turns the result into findings and the upload file.
"""

from __future__ import annotations

import cv2
import numpy as np

Quad = np.ndarray  # 4×2 float32: top-left, top-right, bottom-right, bottom-left


def find_card(rgb: np.ndarray, min_area: float, aspect: float) -> Quad | None:
    """The card's corners in ``rgb`` pixels, or None when no card-like outline is found."""
    found = card_candidates(rgb, min_area, aspect)
    return max(found, key=lambda c: c[1])[0] if found else None


def card_candidates(rgb: np.ndarray, min_area: float, aspect: float) -> list[tuple[Quad, float]]:
    """Every card-like outline of ``rgb`` with its score (higher is more card-like and larger).

    The 手持身份证照 engine needs more than the winner: the largest outline there is often a
    door or a picture frame, and the card is the one that fits the ID-1 shape near the face.
    """
    h, w = rgb.shape[:2]
    found = []
    for edges in _edge_maps(rgb):
        contours, _ = cv2.findContours(edges, cv2.RETR_LIST, cv2.CHAIN_APPROX_NONE)
        for contour in contours:
            quad = _as_quad(contour, min_area * h * w)
            quad = None if quad is None else _refined(quad, contour.reshape(-1, 2).astype(np.float32))
            if quad is None:
                continue
            score = _score(quad, contour, aspect) * _border_penalty(quad, w, h)
            if score > 0:
                found.append((quad, float(score)))
    return found


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
    if np.unique(np.round(along[near])).size < 0.6 * 0.8 * length:
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


def _score(quad: Quad, contour: np.ndarray, aspect: float) -> float:
    """Area, weighted by how well the outline fills its quadrilateral and how card-like its shape is."""
    area = cv2.contourArea(quad)
    fill = min(1.0, cv2.contourArea(cv2.convexHull(contour)) / max(area, 1.0))
    ratio = side_ratio(quad)
    shape = np.exp(-abs(np.log(ratio / aspect)) * 3)
    return area * fill * (0.3 + 0.7 * shape)


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


def cut_at_fold(rgb: np.ndarray, quad: Quad) -> Quad:
    """An outline running off the picture often holds more than the card: an open passport's
    facing page, a sheet the card lies on. The card's own side is then a straight line inside
    the outline, nearly parallel to the opposite side and spanning most of it (a page edge,
    a fold); cut there. Without such a line the outline is returned unchanged."""
    h, w = rgb.shape[:2]
    for side in edge_sides(quad, w, h):
        line = _fold_line(rgb, quad, side)
        if line is not None:
            before, after = _side_line(quad, side - 1), _side_line(quad, side + 1)
            first, second = _meet(before, line), _meet(line, after)
            if first is not None and second is not None:
                quad = quad.copy()
                quad[side], quad[(side + 1) % 4] = first, second
    return quad


def _side_line(quad: Quad, side: int):
    a, b = quad[side % 4], quad[(side + 1) % 4]
    return a, (b - a) / max(float(np.linalg.norm(b - a)), 1.0)


def _fold_line(rgb: np.ndarray, quad: Quad, side: int):
    """The straight line inside ``quad`` farthest from ``side`` in its half, parallel to the opposite side."""
    grey = cv2.GaussianBlur(cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY), (5, 5), 0)
    median = float(np.median(grey))
    edges = cv2.Canny(grey, max(5, 0.2 * median), max(15, 0.5 * median))
    origin, direction = _side_line(quad, side + 2)  # the opposite side
    span = float(np.linalg.norm(quad[(side + 2) % 4] - quad[(side + 3) % 4]))
    found = cv2.HoughLinesP(edges, 1, np.pi / 360, 80, minLineLength=int(0.6 * span), maxLineGap=20)
    near_side, _ = _side_line(quad, side)
    depth = abs(_offset(near_side, origin, direction))
    best, best_gap = None, 0.0
    for x1, y1, x2, y2 in [] if found is None else found[:, 0]:
        a, b = np.array([x1, y1], np.float32), np.array([x2, y2], np.float32)
        unit = (b - a) / max(float(np.linalg.norm(b - a)), 1.0)
        parallel = abs(unit[0] * direction[1] - unit[1] * direction[0]) < np.sin(np.radians(3))
        gap = abs(_offset(near_side, a, unit))  # distance from the edge side
        if parallel and 0.02 * depth < gap < 0.5 * depth and gap > best_gap and _inside(quad, a, b):
            best, best_gap = (a, unit if unit @ direction < 0 else -unit), gap
    return best


def _offset(point: np.ndarray, origin: np.ndarray, unit: np.ndarray) -> float:
    rel = point - origin
    return float(rel[0] * unit[1] - rel[1] * unit[0])


def _inside(quad: Quad, *points: np.ndarray) -> bool:
    contour = quad.astype(np.float32).reshape(-1, 1, 2)
    # A few pixels of slack: the fold runs right up to the outline's sides.
    return all(cv2.pointPolygonTest(contour, (float(p[0]), float(p[1])), True) >= -6 for p in points)


def side_ratio(quad: Quad) -> float:
    """Long side over short side, each averaged over the two opposite sides."""
    tl, tr, br, bl = quad
    across = (np.linalg.norm(tr - tl) + np.linalg.norm(br - bl)) / 2
    down = (np.linalg.norm(bl - tl) + np.linalg.norm(br - tr)) / 2
    return float(max(across, down) / max(min(across, down), 1.0))


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
