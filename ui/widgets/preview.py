"""A picture preview that can carry handles: a crop frame (move with the mouse, zoom with
the wheel or +/-, keeping the slot's aspect), a free box drawn by dragging (the signature: pick
one of several), four card corners (drag each), or an eraser rubbing out bits of a finished signature.

It works in *source* pixel coordinates, the ones ``Adjustment.crop_box`` and
``Adjustment.corners`` use; the preview image is a downscaled copy whose scale it knows.
"""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QKeyEvent, QMouseEvent, QPainter, QPen, QPolygonF, QWheelEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

HANDLE_RADIUS = 7
ZOOM_STEP = 1.06
MIN_SELECT = 8  # source pixels: a smaller drawn box is a click, not a selection
ERASER_RADIUS = 8  # pixels of the finished picture


class Handles(str, Enum):
    NONE = "none"
    CROP = "crop"
    CORNERS = "corners"
    SELECT = "select"  # draw a free rectangle (the signature: pick one of several)
    ERASE = "erase"  # rub out with the mouse (the finished signature: a speck, a remnant)


class PreviewView(QWidget):
    crop_changed = Signal(tuple)  # (x, y, w, h) in source pixels, after a drag or zoom ends
    corners_changed = Signal(list)  # four (x, y) in source pixels
    erased = Signal(list)  # (x, y, r) dabs rubbed out in one stroke, in the shown picture's pixels

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(160, 160)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._image = QImage()
        self._source_size = (1, 1)
        self._mode = Handles.NONE
        self._crop: QRectF | None = None  # source pixels
        self._corners: list[QPointF] = []
        self._drag: tuple[str, int, QPointF] | None = None
        self._before_select: QRectF | None = None
        self._dabs: list[tuple[int, int, int]] = []  # the eraser stroke being drawn
        self._placeholder = ""
        self._banner = ""  # a refusal written across the picture: it will not be uploaded

    # --- content ---------------------------------------------------------------------------

    def set_placeholder(self, text: str) -> None:
        self._placeholder = text
        self.update()

    def set_image(self, image: QImage, source_size: tuple[int, int], banner: str = "") -> None:
        """Show ``image``; ``banner`` (a refused result) is written across its top in red."""
        self._image, self._source_size = image, (max(1, source_size[0]), max(1, source_size[1]))
        self._banner = banner
        self.update()

    def banner(self) -> str:
        return self._banner

    def clear(self) -> None:
        self._image, self._crop, self._corners, self._banner = QImage(), None, [], ""
        self.update()

    def set_crop(self, box: tuple[int, int, int, int] | None) -> None:
        self._mode = Handles.CROP if box and self._mode is Handles.NONE else self._mode
        self._crop = QRectF(*box) if box else None
        self.update()

    def set_corners(self, corners: list[tuple[float, float]] | None) -> None:
        self._mode = Handles.CORNERS if corners else self._mode
        self._corners = [QPointF(x, y) for x, y in corners or []]
        self.update()

    def set_mode(self, mode: Handles) -> None:
        self._mode = mode
        self.update()

    def has_image(self) -> bool:
        return not self._image.isNull()

    def crop(self) -> tuple[int, int, int, int] | None:
        if self._crop is None:
            return None
        r = self._crop
        return round(r.x()), round(r.y()), round(r.width()), round(r.height())

    def sizeHint(self) -> QSize:
        return QSize(300, 300)

    # --- geometry ----------------------------------------------------------------------------

    def _target(self) -> QRectF:
        """Where the picture is drawn inside the widget (fit, centred)."""
        if self._image.isNull():
            return QRectF()
        w, h = self._source_size
        scale = min(self.width() / w, self.height() / h)
        return QRectF((self.width() - w * scale) / 2, (self.height() - h * scale) / 2, w * scale, h * scale)

    def _to_widget(self, p: QPointF) -> QPointF:
        t = self._target()
        return QPointF(t.x() + p.x() * t.width() / self._source_size[0],
                       t.y() + p.y() * t.height() / self._source_size[1])

    def _to_source(self, p: QPointF) -> QPointF:
        t = self._target()
        if t.width() <= 0:
            return QPointF()
        return QPointF((p.x() - t.x()) * self._source_size[0] / t.width(),
                       (p.y() - t.y()) * self._source_size[1] / t.height())

    # --- painting ------------------------------------------------------------------------------

    def _paint_banner(self, painter: QPainter) -> None:
        """A red frame round the picture and the refusal on a band across its top."""
        target = self._target()
        painter.setPen(QPen(QColor(200, 30, 30), 3))
        painter.drawRect(target)
        band = QRectF(target.x(), target.y(), target.width(), max(24.0, target.height() * 0.12))
        painter.fillRect(band, QColor(200, 30, 30, 215))
        painter.setPen(QColor(255, 255, 255))
        painter.drawText(band, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self._banner)

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.fillRect(self.rect(), self.palette().base())
        if self._image.isNull():
            painter.setPen(self.palette().placeholderText().color())
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self._placeholder)
            return
        painter.drawImage(self._target(), self._image)
        if self._banner:
            self._paint_banner(painter)
        pen = QPen(QColor(0, 120, 215), 2)
        painter.setPen(pen)
        if self._mode in (Handles.CROP, Handles.SELECT) and self._crop is not None:
            top_left = self._to_widget(self._crop.topLeft())
            bottom_right = self._to_widget(self._crop.bottomRight())
            painter.drawRect(QRectF(top_left, bottom_right))
        if self._dabs:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(255, 255, 255))
            scale = self._target().width() / self._source_size[0]
            for x, y, r in self._dabs:
                painter.drawEllipse(self._to_widget(QPointF(x, y)), r * scale, r * scale)
        if self._mode is Handles.CORNERS and len(self._corners) == 4:
            points = [self._to_widget(p) for p in self._corners]
            painter.drawPolygon(QPolygonF(points))
            painter.setBrush(QColor(0, 120, 215, 160))
            for p in points:
                painter.drawEllipse(p, HANDLE_RADIUS, HANDLE_RADIUS)

    # --- interaction ---------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        pos = event.position()
        if self._mode is Handles.CORNERS and self._corners:
            dists = [(self._to_widget(c) - pos).manhattanLength() for c in self._corners]
            nearest = min(range(4), key=dists.__getitem__)
            if dists[nearest] <= HANDLE_RADIUS * 3:
                self._drag = ("corner", nearest, pos)
        elif self._mode is Handles.CROP and self._crop is not None and self._crop.contains(self._to_source(pos)):
            self._drag = ("crop", 0, pos)
        elif self._mode is Handles.SELECT and self.has_image():
            self._drag = ("select", 0, pos)
            self._before_select = self._crop
        elif self._mode is Handles.ERASE and self.has_image() and not self._banner:
            self._drag = ("erase", 0, pos)
            self._dab(pos)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if not self._drag:
            return
        kind, index, start = self._drag
        pos = event.position()
        if kind == "corner":
            self._corners[index] = self._clamped(self._to_source(pos))
        elif kind == "erase":
            self._dab(pos)
        elif kind == "select":
            self._crop = QRectF(self._clamped(self._to_source(start)), self._clamped(self._to_source(pos))).normalized()
        else:
            delta = self._to_source(pos) - self._to_source(start)
            self._move_crop(delta.x(), delta.y())
            self._drag = (kind, index, pos)
        self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._drag:
            kind = self._drag[0]
            self._drag = None
            if kind == "select" and (self._crop is None or min(self._crop.width(), self._crop.height()) < MIN_SELECT):
                self._crop = self._before_select  # a click, not a drag: the old box stays
                self.update()
                return
            if kind == "erase":
                dabs, self._dabs = self._dabs, []
                self.erased.emit(dabs)
                return
            self._emit("crop" if kind == "select" else kind)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if self._mode is not Handles.CROP or self._crop is None:
            event.ignore()
            return
        self._zoom(1 / ZOOM_STEP if event.angleDelta().y() > 0 else ZOOM_STEP)
        self._emit("crop")

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Keyboard use of the crop frame: arrows move, +/- zoom (the mouse is not required)."""
        if self._mode not in (Handles.CROP, Handles.SELECT) or self._crop is None:
            super().keyPressEvent(event)
            return
        step = max(2.0, self._crop.width() / 50)
        moves = {Qt.Key.Key_Left: (-step, 0), Qt.Key.Key_Right: (step, 0),
                 Qt.Key.Key_Up: (0, -step), Qt.Key.Key_Down: (0, step)}
        key = Qt.Key(event.key())
        if key in moves:
            self._move_crop(*moves[key])
        elif key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self._zoom(1 / ZOOM_STEP)
        elif key == Qt.Key.Key_Minus:
            self._zoom(ZOOM_STEP)
        else:
            super().keyPressEvent(event)
            return
        self.update()
        self._emit("crop")

    def _move_crop(self, dx: float, dy: float) -> None:
        r = QRectF(self._crop)
        r.translate(dx, dy)
        w, h = self._source_size
        r.moveLeft(min(max(r.left(), 0.0), max(0.0, w - r.width())))
        r.moveTop(min(max(r.top(), 0.0), max(0.0, h - r.height())))
        self._crop = r

    def _zoom(self, factor: float) -> None:
        """Scale the frame about its centre, keeping its aspect and staying inside the picture."""
        r = self._crop
        w, h = self._source_size
        factor = min(factor, w / r.width(), h / r.height())
        centre = r.center()
        new = QRectF(0, 0, r.width() * factor, r.height() * factor)
        if new.width() < 20:
            return
        new.moveCenter(centre)
        self._crop = new
        self._move_crop(0, 0)
        self.update()

    def _dab(self, pos: QPointF) -> None:
        p = self._to_source(pos)
        w, h = self._source_size
        if 0 <= p.x() < w and 0 <= p.y() < h:
            dab = (round(p.x()), round(p.y()), ERASER_RADIUS)
            if not self._dabs or self._dabs[-1][:2] != dab[:2]:
                self._dabs.append(dab)
            self.update()

    def _clamped(self, p: QPointF) -> QPointF:
        w, h = self._source_size
        return QPointF(min(max(p.x(), 0.0), w), min(max(p.y(), 0.0), h))

    def _emit(self, kind: str) -> None:
        if kind == "crop" and self._crop is not None:
            self.crop_changed.emit(self.crop())
        elif kind == "corner":
            self.corners_changed.emit([(round(p.x(), 1), round(p.y(), 1)) for p in self._corners])
