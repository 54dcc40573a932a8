"""What is wrong with a refused photo, drawn on it, so that "请查看照片" can be followed.

A refused photo is never uploaded, but the user must see why: a second face boxed, the top
edge where the hair is cut off, where the one-inch frame would have to reach past the
picture, the patch of the old background left beside a shoulder. The marks are drawn here
(pure pixels, the same for the GUI and the accuracy sheet); the finding's words say what the
red means. Nothing drawn here ever goes into an upload file.
"""

from __future__ import annotations

import cv2
import numpy as np

from wizard.case.findings import Finding
from wizard.imaging.photo_analysis import Analysis

RED = (220, 30, 30)
OUTSIDE = (200, 200, 200)  # where a frame reaches past the picture: grey canvas
VIEW_SIDE = 900  # longest side of a marked source picture (what a preview shows anyway)
FACE_CODES = {"photo.face_cut", "photo.eyes_closed", "photo.not_frontal", "photo.eyes_not_level",
              "photo.face_blurred", "photo.mouth_open", "photo.hand_near_face", "photo.face_covered"}
FRAME_CODES = {"photo.frame_short", "photo.resolution_low"}


def mark_source(analysis: Analysis, findings: list[Finding], frame=None) -> np.ndarray:
    """The analysed picture, scaled to at most :data:`VIEW_SIDE`, with the faces, the cut top edge
    and the frame (``frame`` = x, y, w, h in the picture, may reach past it) drawn in red."""
    codes = {f.code for f in findings}
    rgb = analysis.rgb
    scale = min(1.0, VIEW_SIDE / max(rgb.shape[:2]))
    pad = _padding(rgb.shape, frame, scale) if frame is not None and codes & FRAME_CODES else (0, 0, 0, 0)
    view = cv2.resize(rgb, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else rgb.copy()
    view = cv2.copyMakeBorder(view, *pad, cv2.BORDER_CONSTANT, value=OUTSIDE) if any(pad) else view
    top, _, left, _ = pad
    thick = max(2, round(max(view.shape[:2]) / 300))

    def box(x, y, w, h):
        p0 = (round(x * scale) + left, round(y * scale) + top)
        cv2.rectangle(view, p0, (p0[0] + round(w * scale), p0[1] + round(h * scale)), RED, thick)

    if "photo.many_faces" in codes:
        for face in analysis.faces:
            box(*face.box)
    elif analysis.face is not None and codes & FACE_CODES:
        box(*analysis.face.box)
    if "photo.head_cut" in codes and analysis.face is not None:
        x, _, w, _ = analysis.face.box
        cv2.line(view, (round((x - 0.3 * w) * scale) + left, top + thick),
                 (round((x + 1.3 * w) * scale) + left, top + thick), RED, 2 * thick)
    if frame is not None and codes & FRAME_CODES:
        box(*frame)
    return np.ascontiguousarray(view)


def outline(photo: np.ndarray, region: np.ndarray | None) -> np.ndarray:
    """``photo`` with the outline of ``region`` (a boolean mask of the same size) drawn in red."""
    shown = photo.copy()
    if region is None or not region.any():
        return shown
    contours, _ = cv2.findContours(region.astype(np.uint8), cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    cv2.drawContours(shown, contours, -1, RED, 2)
    return shown


def _padding(shape, frame, scale: float) -> tuple[int, int, int, int]:
    """Grey canvas (top, bottom, left, right, view pixels) so that a frame past the picture shows whole."""
    x, y, w, h = frame
    height, width = shape[:2]
    sides = (-y, y + h - height, -x, x + w - width)
    return tuple(max(0, int(np.ceil(v * scale)) + 4) if v > 0 else 0 for v in sides)
