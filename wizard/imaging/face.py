"""Find the applicant's face, and only a human face, in a picture.

YuNet (OpenCV's ``cv2.FaceDetectorYN``, see :mod:`wizard.imaging.models`) scores every face
it sees. Real faces score 0.9 and more on the test photos, whatever the light, glasses or
beard; painted faces in a backdrop 0.6–0.7 and a dog 0.86: :data:`FACE_SCORE_MIN` sits
between them. Every face that passes counts: a photo with a second, smaller face is refused
by the caller, never cropped to the biggest one.

YuNet also finds a face that the frame cuts: its box then reaches past the picture's edge,
which is how "face cut off" is told from "no face".
"""

from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np

from wizard.imaging.models import FaceModelError, detect_faces

__all__ = ["FACE_SCORE_MIN", "Face", "FaceModelError", "FaceScan", "scan_faces"]

DETECT_SIDE = 640  # long side of the detection copy: 10-40 ms, faces down to ~20 px
FACE_SCORE_MIN = 0.88  # calibrated on ../shared/testdata: real faces ≥ 0.90, a dog 0.86, painted ones ≤ 0.71
MIN_FACE_FRACTION = 0.03  # a face narrower than this share of the copy's short side is noise, not a person
TILT_RETRY_DEG = 35.0  # a second search with the picture turned this far each way, when none is found upright
CUT_OUTSIDE_FRACTION = 0.12  # a box this far (share of its width) past the edge = the frame cuts the face


@dataclass(frozen=True)
class Face:
    """A face: its box, its eye centres (the image's left eye first) and YuNet's score, in picture pixels."""

    box: tuple[float, float, float, float]  # x, y, width, height
    eyes: tuple[tuple[float, float], ...] = ()
    score: float = 1.0

    @property
    def centre_x(self) -> float:
        return self.box[0] + self.box[2] / 2

    @property
    def area(self) -> float:
        return self.box[2] * self.box[3]


@dataclass(frozen=True)
class FaceScan:
    faces: list[Face]  # every face, largest first (including those the frame cuts)
    cut: list[tuple[float, float, float, float]] = field(default_factory=list)  # boxes reaching past an edge


def scan_faces(rgb: np.ndarray) -> FaceScan:
    """All faces of ``rgb`` (H×W×3), and which of them the frame cuts.

    A head tilted far to one side scores low; when nothing is found upright, the picture is
    searched again turned by ±:data:`TILT_RETRY_DEG`, so that such a photo is refused for its
    tilt (and whatever else is wrong) instead of "no face".
    """
    small, scale = _detection_copy(rgb)
    faces = _faces_at(small, scale, 0.0)
    for angle in (TILT_RETRY_DEG, -TILT_RETRY_DEG) if not faces else ():
        faces = _faces_at(small, scale, angle)
        if faces:
            break
    faces.sort(key=lambda f: f.area, reverse=True)
    height, width = rgb.shape[:2]
    cut = [f.box for f in faces if _outside(f.box, width, height) > CUT_OUTSIDE_FRACTION * f.box[2]]
    return FaceScan(faces, cut)


def _faces_at(small: np.ndarray, scale: float, angle: float) -> list[Face]:
    """The faces of ``small`` turned by ``angle`` degrees, boxes and eyes mapped back to the picture."""
    height, width = small.shape[:2]
    turn = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)
    view = cv2.warpAffine(small, turn, (width, height), borderMode=cv2.BORDER_REPLICATE) if angle else small
    back = cv2.invertAffineTransform(turn)
    smallest = MIN_FACE_FRACTION * min(height, width)
    faces = []
    for found in detect_faces(view, FACE_SCORE_MIN):
        if found.box[2] < smallest:
            continue
        x, y, w, h = found.box
        cx, cy = back @ np.array([x + w / 2, y + h / 2, 1.0])
        box = ((cx - w / 2) / scale, (cy - h / 2) / scale, w / scale, h / scale)
        eyes = tuple(tuple(float(v) / scale for v in back @ np.array([px, py, 1.0])) for px, py in found.points[:2])
        faces.append(Face(box, eyes, found.score))
    return faces


def _detection_copy(rgb: np.ndarray) -> tuple[np.ndarray, float]:
    scale = min(1.0, DETECT_SIDE / max(rgb.shape[:2]))
    if scale == 1.0:
        return np.ascontiguousarray(rgb), scale
    return cv2.resize(rgb, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA), scale


def _outside(box, width: int, height: int) -> float:
    """How far (pixels) the box reaches past the picture's left, right or top edge, at most."""
    x, y, w, _ = box
    return max(0.0, -x, x + w - width, -y)
