"""Where the parts of the face are, and how the head is held: measured from Face Mesh and Iris.

From the 468 Face Mesh points (MediaPipe's canonical numbering) and each eye's eyelid
contour (MediaPipe Iris), in the picture's pixels:

* ``chin`` (point 152) and ``brow`` (point 10, the top of the forehead the mesh covers);
* ``roll``: the eye line's tilt; ``yaw`` and ``pitch``: the face plane's turn, from the normal
  of the plane through the outer eye corners (33, 263), the forehead (10) and the chin (152),
  its pitch measured from the resting tilt of that plane (a level face leans back by about
  12° in mesh space);
* ``eye_open``: each eye's lid opening, height of its contour over its width (open ≈ 0.3);
* ``mouth_open``: the gap between the inner lips (13, 14) over the mouth's width (61, 291).

These are the inputs of ISO/IEC 29794-5's HeadPose, EyesOpen and MouthClosed measures (as
OFIQ computes them from landmarks); the thresholds live in ``[checks.photo]``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from wizard.imaging import models
from wizard.imaging.face import Face

CHIN, BROW, NOSE_TIP = 152, 10, 1
EYE_OUTER_LEFT_IMAGE, EYE_INNER_LEFT_IMAGE = 33, 133  # the subject's right eye, on the image's left
EYE_INNER_RIGHT_IMAGE, EYE_OUTER_RIGHT_IMAGE = 362, 263
LIP_UPPER, LIP_LOWER, MOUTH_LEFT, MOUTH_RIGHT = 13, 14, 61, 291
RESTING_PITCH = 12.0  # degrees the brow-chin line leans back in mesh space on a level face (measured)
MESH_SCALE = 1.5  # the mesh's square around YuNet's box, as MediaPipe crops it


@dataclass(frozen=True)
class FaceLandmarks:
    points: np.ndarray  # 468×3 Face Mesh points (x, y in picture pixels, z depth)
    presence: float  # the mesh model's face probability
    eye_open: tuple[float, float]  # image-left eye, image-right eye
    mouth_open: float
    roll: float  # degrees, positive = the eye on the image's right is lower
    yaw: float  # degrees, signed
    pitch: float  # degrees, signed: positive = chin down

    @property
    def chin(self) -> tuple[float, float]:
        return float(self.points[CHIN, 0]), float(self.points[CHIN, 1])

    @property
    def brow(self) -> tuple[float, float]:
        return float(self.points[BROW, 0]), float(self.points[BROW, 1])

    @property
    def eyes(self) -> tuple[tuple[float, float], tuple[float, float]]:
        left = (self.points[EYE_OUTER_LEFT_IMAGE, :2] + self.points[EYE_INNER_LEFT_IMAGE, :2]) / 2
        right = (self.points[EYE_INNER_RIGHT_IMAGE, :2] + self.points[EYE_OUTER_RIGHT_IMAGE, :2]) / 2
        return (float(left[0]), float(left[1])), (float(right[0]), float(right[1]))


def measure_face(rgb: np.ndarray, face: Face) -> FaceLandmarks:
    """Face Mesh and Iris on ``face`` of ``rgb``, reduced to the measures the photo checks use."""
    x, y, w, h = face.box
    (lx, ly), (rx, ry) = face.eyes if len(face.eyes) == 2 else ((x, y), (x + w, y))
    angle = math.degrees(math.atan2(ry - ly, rx - lx))
    points, presence = models.face_mesh(rgb, (x + w / 2, y + h / 2), MESH_SCALE * max(w, h), angle)
    eye_open = (_lid_opening(rgb, points, EYE_INNER_LEFT_IMAGE, EYE_OUTER_LEFT_IMAGE, False),
                _lid_opening(rgb, points, EYE_INNER_RIGHT_IMAGE, EYE_OUTER_RIGHT_IMAGE, True))
    yaw, pitch = _face_turn(points)
    return FaceLandmarks(points, presence, eye_open, _mouth_opening(points), _roll(points), yaw, pitch)


def _lid_opening(rgb: np.ndarray, points: np.ndarray, inner: int, outer: int, mirror: bool) -> float:
    contour = models.eye_contour(rgb, points[inner], points[outer], mirror)
    width = float(np.linalg.norm(contour[0] - contour[8]))
    return float(np.ptp(_along(contour, contour[8] - contour[0]))) / max(width, 1e-6)


def _along(contour: np.ndarray, axis: np.ndarray) -> np.ndarray:
    """Each contour point's distance across the eye's axis (so a tilted eye measures the same)."""
    normal = np.array([-axis[1], axis[0]]) / max(float(np.linalg.norm(axis)), 1e-6)
    return contour @ normal


def _mouth_opening(points: np.ndarray) -> float:
    gap = np.linalg.norm(points[LIP_UPPER, :2] - points[LIP_LOWER, :2])
    width = np.linalg.norm(points[MOUTH_LEFT, :2] - points[MOUTH_RIGHT, :2])
    return float(gap / max(width, 1e-6))


def _roll(points: np.ndarray) -> float:
    dx, dy = points[EYE_OUTER_RIGHT_IMAGE, :2] - points[EYE_OUTER_LEFT_IMAGE, :2]
    return math.degrees(math.atan2(dy, dx))


def _face_turn(points: np.ndarray) -> tuple[float, float]:
    across = points[EYE_OUTER_RIGHT_IMAGE] - points[EYE_OUTER_LEFT_IMAGE]
    down = points[CHIN] - points[BROW]
    normal = np.cross(across, down)
    normal /= max(float(np.linalg.norm(normal)), 1e-9)
    yaw = math.degrees(math.atan2(normal[0], normal[2]))
    pitch = math.degrees(math.atan2(normal[1], normal[2]))
    return yaw, -pitch - RESTING_PITCH
