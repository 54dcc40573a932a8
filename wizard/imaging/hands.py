"""A hand near or over the face: MediaPipe's palm detector, each palm confirmed by its hand landmarks.

Why two models: the palm detector alone scores ears, collars and shoulders up to 0.68 on the
acceptable portraits of ``../shared/testdata``, no margin below real hands (0.71-0.96). The
hand-landmark model also says whether its crop holds a hand at all: ≥ 0.94 on every real hand
of the corpus (mirrored, halved and re-compressed too), ≤ 0.19 on the acceptable portraits.
Its 21 points then say where the hand is (near the face is measured from the fingers, not the
palm's box) and how big it is: the ear of a head turned three-quarters is the one look-alike
(presence up to 0.53) and spans less than half a face width, where a hand spans 0.7-1.3.

The palm detector sees a square of :data:`CROP_FACTOR` face sizes around the face (the whole
picture would shrink the hands of a half-body photo to a few pixels), letterboxed in black
like MediaPipe's own pipeline. Known misses: a single finger, a hand mostly out of the frame.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from wizard.imaging import models

CROP_FACTOR = 3.0  # palm search square, in face sizes: a hand beside or under the face fits
PALM_SCORE_MIN = 0.3  # below MediaPipe's 0.5 on purpose: the landmark model is the real test
MAX_CANDIDATES = 4  # landmark runs per photo at most (highest palm scores first)
NMS_IOU = 0.3  # MediaPipe's min_suppression_threshold for palms
ROI_SCALE = 2.6  # MediaPipe's palm box → hand crop enlargement …
ROI_SHIFT = 0.5  # … and shift towards the fingers, in palm-box heights
NOSE_TIP = 1  # Face Mesh point: hand points inside the face outline above it cover the eyes' half
CHEEKS = (234, 454)  # Face Mesh points: the face's width


@dataclass(frozen=True)
class Hand:
    """One palm candidate, in picture pixels."""

    presence: float  # the landmark model's "this crop holds a hand", 0..1
    gap: float  # nearest of its 21 points to the face outline, in face widths (0 = on or over the face)
    extent: float  # largest distance between two of its points, in face widths
    over_upper_face: bool  # some of its points lie inside the face outline above the nose tip
    points: np.ndarray  # 21×2


def find_hands(rgb: np.ndarray, face_box, mesh: np.ndarray) -> list[Hand]:
    """Hand candidates around the face of ``rgb``; ``face_box`` is YuNet's (x, y, w, h), ``mesh``
    the 468 Face Mesh points in the same pixels (for the face's outline and width)."""
    outline = cv2.convexHull(mesh[:, :2].astype(np.float32))
    width = max(float(np.linalg.norm(mesh[CHEEKS[0], :2] - mesh[CHEEKS[1], :2])), 1.0)
    hands = []
    for box, keypoints in _palms(rgb, face_box)[:MAX_CANDIDATES]:
        presence, points = _landmarks(rgb, box, keypoints)
        inside = [cv2.pointPolygonTest(outline, (float(x), float(y)), True) for x, y in points]
        upper = any(d >= 0 and y < mesh[NOSE_TIP, 1] for d, (_, y) in zip(inside, points, strict=True))
        extent = float(np.linalg.norm(points[:, None] - points[None], axis=2).max())
        hands.append(Hand(presence, max(0.0, -max(inside)) / width, extent / width, upper, points))
    return hands


def _palms(rgb: np.ndarray, face_box) -> list[tuple[np.ndarray, np.ndarray]]:
    """Palms in the square around the face, best first: (box x0 y0 x1 y1, 7 keypoints), picture pixels."""
    x, y, w, h = face_box
    side = models.PALM_SIDE
    scale = side / (CROP_FACTOR * max(w, h))
    to_crop = np.array([[scale, 0, side / 2 - scale * (x + w / 2)], [0, scale, side / 2 - scale * (y + h / 2)]])
    crop = cv2.warpAffine(rgb, to_crop, (side, side), flags=cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR,
                          borderMode=cv2.BORDER_CONSTANT, borderValue=0)
    logits, raw = models.palm_detector(crop)
    scores = 1 / (1 + np.exp(-np.clip(logits, -100, 100)))
    chosen = np.flatnonzero(scores >= PALM_SCORE_MIN)
    anchors = _ANCHORS[chosen]
    centres = raw[chosen, :2] / side + anchors
    halves = raw[chosen, 2:4] / side / 2
    boxes = np.hstack([centres - halves, centres + halves]) * side
    back = cv2.invertAffineTransform(to_crop)
    found = []
    for k in _suppress(scores[chosen], boxes):
        keypoints = (raw[chosen[k], 4:].reshape(7, 2) / side + anchors[k]) * side
        found.append((_mapped(boxes[k].reshape(2, 2), back).ravel(), _mapped(keypoints, back)))
    return found


def _landmarks(rgb: np.ndarray, box: np.ndarray, keypoints: np.ndarray) -> tuple[float, np.ndarray]:
    """The landmark model on MediaPipe's hand crop: the palm box enlarged, shifted towards the fingers
    and turned so that wrist → middle-finger base (palm keypoints 0 → 2) points up."""
    side = models.HAND_SIDE
    width, height = box[2] - box[0], box[3] - box[1]
    up = keypoints[2] - keypoints[0]
    up = up / max(float(np.linalg.norm(up)), 1e-6)
    right = np.array([-up[1], up[0]])
    centre = (box[:2] + box[2:]) / 2 + ROI_SHIFT * height * up
    step = ROI_SCALE * max(width, height) / side
    origin = centre - side / 2 * step * (right - up)
    to_picture = np.array([[right[0] * step, -up[0] * step, origin[0]], [right[1] * step, -up[1] * step, origin[1]]])
    crop = cv2.warpAffine(rgb, to_picture, (side, side), flags=cv2.WARP_INVERSE_MAP | cv2.INTER_LINEAR,
                          borderMode=cv2.BORDER_CONSTANT, borderValue=0)
    presence, points = models.hand_landmarks(crop)
    return presence, _mapped(points, to_picture)


def palm_anchors() -> np.ndarray:
    """MediaPipe's SSD anchor centres for the 192 px palm model (2016×2, in 0..1): 4 layers of strides
    8, 16, 16, 16 with 2 anchors per cell each; the three stride-16 layers share one 12×12 grid."""
    grids = []
    for stride, per_cell in ((8, 2), (16, 6)):
        cells = models.PALM_SIDE // stride
        ys, xs = np.mgrid[0:cells, 0:cells]
        centres = np.stack([(xs + 0.5) / cells, (ys + 0.5) / cells], axis=-1).reshape(-1, 1, 2)
        grids.append(np.repeat(centres, per_cell, axis=1).reshape(-1, 2))
    return np.concatenate(grids).astype(np.float32)


_ANCHORS = palm_anchors()


def _suppress(scores: np.ndarray, boxes: np.ndarray) -> list[int]:
    """Indices of the boxes left after non-maximum suppression, best score first."""
    kept: list[int] = []
    for i in np.argsort(-scores):
        if all(_iou(boxes[i], boxes[j]) < NMS_IOU for j in kept):
            kept.append(int(i))
    return kept


def _iou(a: np.ndarray, b: np.ndarray) -> float:
    inter = max(0.0, min(a[2], b[2]) - max(a[0], b[0])) * max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return float(inter / union) if union > 0 else 0.0


def _mapped(points: np.ndarray, affine: np.ndarray) -> np.ndarray:
    return points @ affine[:, :2].T + affine[:, 2]
