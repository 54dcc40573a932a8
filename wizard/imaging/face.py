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
    """All faces of ``rgb`` (H×W×3), and which of them the frame cuts."""
    small, scale = _detection_copy(rgb)
    smallest = MIN_FACE_FRACTION * min(small.shape[:2])
    faces = []
    for found in detect_faces(small, FACE_SCORE_MIN):
        if found.box[2] < smallest:
            continue
        box = tuple(v / scale for v in found.box)
        eyes = tuple((float(px) / scale, float(py) / scale) for px, py in found.points[:2])
        faces.append(Face(box, eyes, found.score))
    faces.sort(key=lambda f: f.area, reverse=True)
    height, width = rgb.shape[:2]
    cut = [f.box for f in faces if _outside(f.box, width, height) > CUT_OUTSIDE_FRACTION * f.box[2]]
    return FaceScan(faces, cut)


def _detection_copy(rgb: np.ndarray) -> tuple[np.ndarray, float]:
    scale = min(1.0, DETECT_SIDE / max(rgb.shape[:2]))
    if scale == 1.0:
        return np.ascontiguousarray(rgb), scale
    return cv2.resize(rgb, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA), scale


def _outside(box, width: int, height: int) -> float:
    """How far (pixels) the box reaches past the picture's left, right or top edge, at most."""
    x, y, w, _ = box
    return max(0.0, -x, x + w - width, -y)
