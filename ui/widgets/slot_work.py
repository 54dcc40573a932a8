"""The work behind an image slot, run on the pool: process the picture, write the finished
file, and make the preview images. Never touches a widget (QImage is safe off the GUI thread).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtGui import QImage

from wizard.case.findings import Finding
from wizard.case.model import Adjustment, Slot
from wizard.case.rules import RulePack
from wizard.platform.atomic import write_bytes_atomic

PREVIEW_SIDE = 900  # longest side of the "before" preview, in pixels


@dataclass
class SlotOutcome:
    source: str
    before: QImage = field(default_factory=QImage)
    source_size: tuple[int, int] = (0, 0)
    after: QImage = field(default_factory=QImage)
    processed: str | None = None
    findings: list[Finding] = field(default_factory=list)
    adjust: Adjustment = field(default_factory=Adjustment)
    metrics: dict = field(default_factory=dict)
    refused: QImage = field(default_factory=QImage)  # what the engine made of a picture it refuses
    page_count: int = 1  # outputs the source gave (the pages of a PDF)


_RESULTS_LOCK = threading.Lock()
_LAST_RESULTS: dict[tuple, list] = {}  # the last 证明材料's results: its pages' slots do not each render it again


def _results(slot: Slot, source: str, rules: RulePack, adjust: Adjustment) -> list:
    from wizard.imaging.process import process_file

    if slot is not Slot.PROOF:  # one output per picture: nothing to share, and no lock between slots
        return process_file(slot, source, rules, adjust)
    path = Path(source)
    stat = path.stat() if path.exists() else None
    key = (slot, str(path), stat and stat.st_mtime_ns, stat and stat.st_size, adjust.model_dump_json())
    with _RESULTS_LOCK:  # one job renders a many-page PDF; the jobs of its other pages wait and reuse it
        if key not in _LAST_RESULTS:
            results = process_file(slot, source, rules, adjust)
            _LAST_RESULTS.clear()
            _LAST_RESULTS[key] = results
        return _LAST_RESULTS[key]


def process_for_slot(slot: Slot, source: str, rules: RulePack, adjust: Adjustment, target: Path,
                     page: int | None = None) -> SlotOutcome:
    """Process ``source`` for ``slot`` and write the finished file (of ``page``, for a PDF) to ``target``."""
    # imported here: OpenCV and the engines load on first use, not at program start
    from wizard.imaging.load import ImageLoadError
    from wizard.imaging.process import DRAFT_FOR, NoEngine, load_cached

    outcome = SlotOutcome(source=source, adjust=adjust)
    try:
        results = _results(slot, source, rules, adjust)
    except ImageLoadError as exc:
        outcome.findings = [exc.finding]
        return outcome
    except NoEngine:
        from wizard.case.findings import error

        outcome.findings = [error("slot.no_engine", f"attachments.{slot.value}")]
        return outcome
    outcome.page_count = len(results)
    first = results[min(page or 1, len(results)) - 1]
    outcome.findings, outcome.adjust, outcome.metrics = list(first.findings), first.adjust, dict(first.metrics)
    if slot is not Slot.PROOF:
        import numpy as np

        image = load_cached(Path(source), DRAFT_FOR.get(slot))
        outcome.before = _preview(np.rot90(image.rgb, -adjust.rotation) if adjust.rotation else image.rgb)
        w, h = image.source_size
        outcome.source_size = (h, w) if adjust.rotation % 2 else (w, h)
    if first.data:
        write_bytes_atomic(target, first.data)
        outcome.processed = str(target)
        outcome.after = QImage.fromData(first.data)
    elif "pixels" in first.extra:  # refused, but shown, so that "请查看照片" can be followed
        outcome.refused = _preview(first.extra["pixels"])
    if slot is Slot.PROOF and not outcome.after.isNull():
        outcome.before, outcome.source_size = outcome.after, (outcome.after.width(), outcome.after.height())
    return outcome


def _preview(rgb) -> QImage:
    import numpy as np

    h, w = rgb.shape[:2]
    step = max(1, int(np.ceil(max(h, w) / PREVIEW_SIDE)))
    small = np.ascontiguousarray(rgb[::step, ::step])
    image = QImage(small.data, small.shape[1], small.shape[0], small.strides[0], QImage.Format.Format_RGB888)
    return image.copy()  # own the pixels: ``small`` goes away with this frame


def read_card_quietly(path: str, side: str, rules: RulePack):
    """OCR one flattened card side; ``None`` when the OCR engine is not available on this machine."""
    from wizard.idcard import ocr  # the OCR models load on first use, on the pool

    try:
        return ocr.read_card_file(path, side, rules)
    except ocr.OcrUnavailable:
        return None
