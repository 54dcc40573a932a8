"""Text lines in a picture, offline: the OCR engine, loaded once per process.

The engine is RapidOCR 3.x on onnxruntime: its PP-OCR models ship inside the wheel, so
nothing is downloaded, ever. We point it at those model files by path, which skips its
download-and-verify branch entirely (the machine may have no network at all). The import
is lazy (about a second, and the GUI must start without it), the models are loaded once
per process under a lock, and every call is serialised: RapidOCR keeps per-call settings
on the instance, and onnxruntime already uses every core for one call.

Two readers use it: the ID card (:mod:`wizard.idcard.ocr` parses what it reads) and the photo
engine's self-check (a watermark or caption left on the one-inch photo). The document engines
also ask the two halves apart: where the text boxes are (:func:`text_boxes`, on a small copy:
cheap) and what a few chosen boxes say (:func:`recognise`, at full resolution): which side of
the card, whether it is mirrored, and whether the upload file still reads like the original.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from wizard.case.rules import RulePack, load_rules


@dataclass(frozen=True)
class OcrLine:
    """One box of text: the string, the engine's confidence 0..1 and the box's four corners."""

    text: str
    confidence: float
    box: tuple[tuple[float, float], ...] = ()

    @property
    def centre(self) -> tuple[float, float]:
        if not self.box:
            return (0.0, 0.0)
        return (sum(p[0] for p in self.box) / len(self.box), sum(p[1] for p in self.box) / len(self.box))


_LOCK = threading.Lock()  # guards loading and every call
_ENGINE: Any = None
_LOAD_SECONDS: float | None = None


class OcrUnavailable(RuntimeError):
    """The OCR engine or its models are missing; the message is for the user (Chinese)."""


@dataclass(frozen=True)
class EngineInfo:
    load_seconds: float | None  # None until the models were loaded in this process
    models: tuple[str, ...]


def read_lines(rgb: np.ndarray, rules: RulePack | None = None, *, upright: bool = False) -> list[OcrLine]:
    """Every text box the engine finds, with its confidence, in picture coordinates. ``upright``: the
    picture's text is known to stand upright (a finished photo), so the direction model is skipped."""
    result = _run(rgb, rules, use_cls=not upright, use_rec=True)
    if result.txts is None or result.boxes is None:
        return []
    return [
        OcrLine(str(text), float(score), tuple((float(x), float(y)) for x, y in box))
        for text, score, box in zip(result.txts, result.scores, result.boxes, strict=False)
    ]


def has_text(rgb: np.ndarray, rules: RulePack | None = None) -> bool:
    """Whether the detector alone finds any text box: a third of a whole reading, and on a portrait
    without words (most of them) the end of the question."""
    found = _run(rgb, rules, use_cls=False, use_rec=False)
    return found.boxes is not None and len(found.boxes) > 0


def _run(rgb: np.ndarray, rules: RulePack | None, *, use_cls: bool, use_rec: bool) -> Any:
    """One engine call on a work copy of ``rgb``. RapidOCR takes BGR and keeps every per-call choice
    on the instance, so all three are always said."""
    rules = rules or load_rules()
    work = _work_copy(rgb, int(rules.check("ocr", "max_side")))
    engine = _engine(rules)
    with _LOCK:
        return engine(np.ascontiguousarray(work[:, :, ::-1]), use_det=True, use_cls=use_cls, use_rec=use_rec)


def text_boxes(rgb: np.ndarray, rules: RulePack | None = None, max_side: int = 640) -> list[np.ndarray]:
    """The text boxes (4×2 corners, ``rgb`` pixels) the detector finds on a copy at most ``max_side`` long."""
    h, w = rgb.shape[:2]
    scale = min(1.0, max_side / max(h, w))
    small = rgb if scale >= 1 else cv2.resize(rgb, (round(w * scale), round(h * scale)), interpolation=cv2.INTER_AREA)
    found = _run(small, rules, use_cls=False, use_rec=False)
    if found.boxes is None:
        return []
    return [np.asarray(box, np.float32) / scale for box in found.boxes]


def recognise(crops: list[np.ndarray], rules: RulePack | None = None) -> list[tuple[str, float]]:
    """What each upright line picture (RGB) says, with the recogniser's confidence; no detection."""
    crops = [np.ascontiguousarray(c[:, :, ::-1]) for c in crops if c.size and min(c.shape[:2]) >= 2]
    if not crops:
        return []
    engine = _engine(rules or load_rules())
    from rapidocr.ch_ppocr_rec.typings import TextRecInput

    with _LOCK:
        found = engine.text_rec(TextRecInput(img=crops))
    return [(str(t), float(c)) for t, c in zip(found.txts or (), found.scores or (), strict=False)]


def line_crop(rgb: np.ndarray, box: np.ndarray, pad: float = 0.15) -> np.ndarray:
    """The text box ``box`` cut out upright (a little margin round it), as the recogniser wants it."""
    tl, tr, br, bl = np.asarray(box, np.float32)
    width = max(2, round(max(np.linalg.norm(tr - tl), np.linalg.norm(br - bl))))
    height = max(2, round(max(np.linalg.norm(bl - tl), np.linalg.norm(br - tr))))
    margin = pad * height
    target = np.float32([[margin, margin], [width + margin, margin], [width + margin, height + margin],
                         [margin, height + margin]])
    matrix = cv2.getPerspectiveTransform(np.float32([tl, tr, br, bl]), target)
    size = (round(width + 2 * margin), round(height + 2 * margin))
    return cv2.warpPerspective(rgb, matrix, size, flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_REPLICATE)


def warm_up(rules: RulePack | None = None) -> float:
    """Load the models now (e.g. on a worker when the ID step opens); returns the load time."""
    _engine(rules or load_rules())
    return _LOAD_SECONDS or 0.0


def engine_info() -> EngineInfo:
    return EngineInfo(_LOAD_SECONDS, tuple(p.name for p in _model_files().values()) if _models_dir() else ())


def _work_copy(rgb: np.ndarray, max_side: int) -> np.ndarray:
    """A 12 MP phone photo gains nothing over ~1600 px and costs seconds: shrink big pictures."""
    if rgb.ndim != 3 or rgb.shape[2] != 3:
        raise ValueError("expected an H×W×3 RGB array")
    h, w = rgb.shape[:2]
    scale = max_side / max(h, w)
    if scale >= 1:
        return rgb
    return cv2.resize(rgb, (round(w * scale), round(h * scale)), interpolation=cv2.INTER_AREA)


def _engine(rules: RulePack) -> Any:
    global _ENGINE, _LOAD_SECONDS
    if _ENGINE is not None:
        return _ENGINE
    with _LOCK:
        if _ENGINE is None:
            started = time.perf_counter()
            _ENGINE = _build_engine(rules)
            _LOAD_SECONDS = time.perf_counter() - started
    return _ENGINE


def _build_engine(rules: RulePack) -> Any:
    _silence()
    try:
        from rapidocr import RapidOCR
    except ImportError as exc:
        raise OcrUnavailable(f"未安装文字识别组件 rapidocr/onnxruntime（{exc}），无法自动读取身份证") from None
    files = _model_files()
    params = {
        "Global.log_level": "critical",
        "Det.model_path": str(files["det"]),
        "Cls.model_path": str(files["cls"]),
        "Rec.model_path": str(files["rec"]),
        "Det.limit_type": "max",
        "Det.limit_side_len": int(rules.check("ocr", "det_side")),
    }
    engine = RapidOCR(params=params)
    _load_all(engine)
    _silence()  # RapidOCR() resets its logger's level from the config; say it again
    return engine


def _load_all(engine: Any) -> None:
    """Load all three models now, not on the first card (so the load time is measured apart)."""
    for loader in ("_load_det_model", "_load_cls_model", "_load_rec_model"):
        load = getattr(engine, loader, None)
        if load is not None:
            load()


def _models_dir() -> Path | None:
    try:
        import rapidocr
    except ImportError:
        return None
    return Path(rapidocr.__file__).resolve().parent / "models"


def _model_files() -> dict[str, Path]:
    """The detection, direction and recognition models bundled in the wheel, found by name.

    Found by pattern rather than by exact file name, so a 3.x update that ships newer
    PP-OCR models keeps working; a missing one is a broken install, said in Chinese.
    """
    folder = _models_dir()
    if folder is None:
        raise OcrUnavailable("未安装文字识别组件 rapidocr，无法自动读取身份证")
    files = {}
    for task in ("det", "cls", "rec"):
        found = sorted(folder.glob(f"*{task}*.onnx"))
        if not found:
            raise OcrUnavailable(f"文字识别组件不完整（缺少 {task} 模型，位置 {folder}），请重新安装本程序")
        files[task] = found[-1]
    return files


def _silence() -> None:
    """RapidOCR logs every model path and timing to the console at INFO: not for our users."""
    for name in ("RapidOCR", "rapidocr"):
        logging.getLogger(name).setLevel(logging.CRITICAL)
