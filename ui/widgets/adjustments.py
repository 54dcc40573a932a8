"""What a user adjusts on a processed picture, and the way back.

:class:`AdjustHistory` keeps the earlier adjustments of one picture for 撤销调整 (Ctrl+Z); a
history belongs to one case and one source file, so a step is never applied to another picture.
:class:`SignatureTools` are the 手写签名's own controls: 笔迹浓淡 (how faint an ink is kept),
橡皮擦 (rub out a speck on the result) and 取消框选 (process the whole picture again).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSlider, QWidget

from wizard.case.model import Adjustment


class AdjustHistory:
    """Earlier adjustments of one picture, newest last."""

    def __init__(self) -> None:
        self._steps: list[Adjustment] = []
        self._owner: tuple[str | None, str] | None = None  # (case, source) the steps belong to

    def push(self, owner: tuple[str | None, str], adjust: Adjustment) -> None:
        if self._owner != owner:  # another case or picture: its steps are not this one's
            self._steps, self._owner = [], owner
        self._steps.append(adjust)

    def pop(self, owner: tuple[str | None, str]) -> Adjustment | None:
        """The step before the current one, or None (nothing to undo, or the steps are another picture's)."""
        if self._owner != owner:
            self.clear()
            return None
        return self._steps.pop() if self._steps else None

    def clear(self) -> None:
        self._steps, self._owner = [], None

    def __bool__(self) -> bool:
        return bool(self._steps)


class SignatureTools(QWidget):
    ink_changed = Signal(int)  # -3..+3, when the slider is let go (or moved by the keyboard)
    eraser_toggled = Signal(bool)
    clear_crop = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ink_label = QLabel(self.tr("笔迹浓淡"), self)
        self.ink = QSlider(Qt.Orientation.Horizontal, self)
        self.ink.setRange(-3, 3)
        self.ink.setPageStep(1)
        self.ink.setTickPosition(QSlider.TickPosition.TicksBelow)
        self.ink.setMaximumWidth(140)
        self.ink.setAccessibleName(self.tr("笔迹浓淡"))
        self.ink.setToolTip(self.tr("向右：保留更淡的笔迹（笔画断开时）；向左：只保留更深的笔迹（有污点或阴影时）"))
        self.ink_label.setBuddy(self.ink)
        self.eraser = QPushButton(self.tr("橡皮擦"), self)
        self.eraser.setCheckable(True)
        self.eraser.setToolTip(self.tr("按下后在处理结果上拖动鼠标，擦掉多余的污点或线条；可撤销"))
        self.clear_box = QPushButton(self.tr("取消框选"), self)
        self.clear_box.setToolTip(self.tr("在原图上拖出一个框只处理框内的签名；点这里恢复处理整张图"))
        self.clear_box.setVisible(False)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.ink_label, self.ink, self.eraser, self.clear_box):
            layout.addWidget(widget)
        self.ink.sliderReleased.connect(lambda: self.ink_changed.emit(self.ink.value()))
        self.ink.valueChanged.connect(lambda v: None if self.ink.isSliderDown() else self.ink_changed.emit(v))
        self.eraser.toggled.connect(self.eraser_toggled)
        self.clear_box.clicked.connect(self.clear_crop)

    def show_adjust(self, adjust: Adjustment) -> None:
        """The controls as the picture was processed (no signal: nothing changed)."""
        self.clear_box.setVisible(adjust.crop_box is not None)
        self.ink.blockSignals(True)
        self.ink.setValue(adjust.ink_strength)
        self.ink.blockSignals(False)
