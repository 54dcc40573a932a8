"""Find the applicant's face, and only a human face, in a picture.

OpenCV's Haar cascades ship inside the opencv-python wheel (``cv2.data.haarcascades``), so
detection works offline with nothing to download. A cascade alone takes cat faces, dog
faces and wallpaper for people, so every candidate must also show an eye when its region is
looked at again at full resolution. Every confirmed face counts: a photo with a second,
smaller face is rejected by the caller, never cropped to the biggest one.

A face cut by the frame edge is not found by a frontal cascade at all; mirroring the
picture outwards at the sides completes a half face into a whole one, so a detection
reaching past the edge of the original means "face cut off".
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

import cv2
import numpy as np

CASCADE_DIR = cv2.data.haarcascades  # folder of the XML files, ending in a separator
DETECT_SIDE = 480  # long side of the detection copy: faces in portraits are large; this keeps it ~50 ms
EYE_ROI_WIDTH = 120  # face regions are re-read at this width so eyes are big enough for the eye cascade
MIN_FACE_FRACTION = 0.08  # smallest face searched for, as a share of the copy's short side
CUT_OUTSIDE_FRACTION = 0.12  # a mirrored detection this far (share of its width) past the edge = cut


class FaceModelError(RuntimeError):
    """A cascade file is missing or unreadable (OpenCV would otherwise find nothing, silently)."""


@dataclass(frozen=True)
class Face:
    """A confirmed face: the cascade's box and the eye centres, in the picture's pixels."""

    box: tuple[float, float, float, float]  # x, y, width, height
    eyes: tuple[tuple[float, float], ...] = ()

    @property
    def centre_x(self) -> float:
        return self.box[0] + self.box[2] / 2

    @property
    def area(self) -> float:
        return self.box[2] * self.box[3]


@dataclass(frozen=True)
class FaceScan:
    faces: list[Face]  # confirmed faces, largest first
    cut: list[tuple[float, float, float, float]] = field(default_factory=list)  # faces past the frame edge


_PER_THREAD = threading.local()


def _cascade(name: str) -> cv2.CascadeClassifier:
    """The classifier ``name``, one per thread: a CascadeClassifier shared by two threads running
    ``detectMultiScale`` at once corrupts memory (seen as crashes in the GUI's thread pool)."""
    classifiers = getattr(_PER_THREAD, "classifiers", None)
    if classifiers is None:
        classifiers = _PER_THREAD.classifiers = {}
    if name not in classifiers:
        path = CASCADE_DIR + name
        classifier = cv2.CascadeClassifier(path)
        if classifier.empty():
            raise FaceModelError(f"人脸检测模型文件缺失或损坏：{path}，请重新安装本程序")
        classifiers[name] = classifier
    return classifiers[name]


def scan_faces(rgb: np.ndarray) -> FaceScan:
    """All confirmed faces of ``rgb`` (H×W×3), and if there are none, any face cut by the edge."""
    grey, scale = _detection_copy(rgb)
    full_grey = cv2.cvtColor(np.ascontiguousarray(rgb), cv2.COLOR_RGB2GRAY)
    faces = []
    for box in _detect(grey):
        full_box = tuple(float(v) / scale for v in box)
        eyes = find_eyes(full_grey, full_box)
        if eyes:
            faces.append(Face(full_box, eyes))
    faces.sort(key=lambda f: f.area, reverse=True)
    cut = [] if faces else [tuple(float(v) / scale for v in b) for b in _cut_faces(grey)]
    return FaceScan(faces, cut)


def _detection_copy(rgb: np.ndarray) -> tuple[np.ndarray, float]:
    scale = min(1.0, DETECT_SIDE / max(rgb.shape[:2]))
    small = rgb if scale == 1.0 else cv2.resize(rgb, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    grey = cv2.cvtColor(np.ascontiguousarray(small), cv2.COLOR_RGB2GRAY)
    return cv2.equalizeHist(grey), scale  # equalised: backlit and dim faces are still found


def _detect(grey: np.ndarray) -> list[tuple[int, int, int, int]]:
    smallest = max(24, int(min(grey.shape) * MIN_FACE_FRACTION))
    found = _cascade("haarcascade_frontalface_alt2.xml").detectMultiScale(
        grey, scaleFactor=1.1, minNeighbors=3, minSize=(smallest, smallest)
    )
    return [tuple(int(v) for v in box) for box in found]


def _cut_faces(grey: np.ndarray) -> list[tuple[int, int, int, int]]:
    pad = grey.shape[1] // 3
    mirrored = cv2.copyMakeBorder(grey, 0, 0, pad, pad, cv2.BORDER_REFLECT)
    width = grey.shape[1]
    cut = []
    for x, y, w, h in _detect(mirrored):
        x -= pad
        outside = max(0, -x) + max(0, x + w - width)
        if outside > CUT_OUTSIDE_FRACTION * w:
            cut.append((x, y, w, h))
    return cut


def find_eyes(grey: np.ndarray, box: tuple[float, float, float, float]) -> tuple[tuple[float, float], ...]:
    """Eye centres inside the upper part of a face box (0, 1 or 2 of them), left eye first."""
    x, y, w, h = (round(v) for v in box)
    x0, y0 = max(0, x), max(0, y + int(0.1 * h))
    roi = grey[y0 : max(y0 + 1, y + int(0.62 * h)), x0 : max(x0 + 1, x + w)]
    if roi.size == 0 or min(roi.shape) < 8:
        return ()
    factor = EYE_ROI_WIDTH / roi.shape[1]
    # Not equalised: on a face region that turns skin texture into eye-like blobs and hides real eyes.
    interpolation = cv2.INTER_AREA if factor < 1 else cv2.INTER_LINEAR
    roi = cv2.resize(roi, None, fx=factor, fy=factor, interpolation=interpolation)
    candidates = []
    for name in ("haarcascade_eye_tree_eyeglasses.xml", "haarcascade_eye.xml"):
        found = _cascade(name).detectMultiScale(roi, 1.1, 3, minSize=(12, 12), maxSize=(60, 60))
        candidates += [(ex + ew / 2, ey + eh / 2) for ex, ey, ew, eh in found]
    return tuple((x0 + cx / factor, y0 + cy / factor) for cx, cy in _pair(candidates, EYE_ROI_WIDTH))


def _pair(candidates: list[tuple[float, float]], width: float) -> list[tuple[float, float]]:
    """At most one eye per half of the face: the candidate nearest each half's expected eye spot."""
    chosen = []
    for expected_x in (0.3 * width, 0.7 * width):
        side = [c for c in candidates if (c[0] < width / 2) == (expected_x < width / 2)]
        if side:
            chosen.append(min(side, key=lambda c: abs(c[0] - expected_x) + abs(c[1] - 0.45 * width)))
    return chosen
