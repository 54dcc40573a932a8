"""What only the applicant can confirm about a picture: one checkbox per item of the rule pack.

No check sees for sure that a photo is bare-headed, that both eyes are open and the face is
not covered, or that it is not a picture of a screen or a print (``[[slots.photo.confirm]]``).
The wizard asks; until every box is ticked the validator keeps an error on the photo. The
boxes belong to one picture: a new picture starts unticked.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QLabel, QVBoxLayout, QWidget

from wizard.case.rules import Confirmation


class ConfirmationsView(QWidget):
    """Checkboxes for ``confirmations``; ``changed`` carries the ticked keys after every click."""

    changed = Signal(list)

    def __init__(self, confirmations: list[Confirmation], english: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(QLabel(self.tr("请亲自查看处理后的照片，逐项确认（这几项程序无法可靠判断）："), self))
        self.boxes: dict[str, QCheckBox] = {}
        for item in confirmations:
            box = QCheckBox(item.label_en if english else item.label, self)
            box.toggled.connect(lambda _on: self.changed.emit(self.checked()))
            layout.addWidget(box)
            self.boxes[item.key] = box

    def checked(self) -> list[str]:
        return [key for key, box in self.boxes.items() if box.isChecked()]

    def set_checked(self, keys: list[str]) -> None:
        """Show ``keys`` as ticked without emitting ``changed`` (the case already holds them)."""
        for key, box in self.boxes.items():
            box.blockSignals(True)
            box.setChecked(key in keys)
            box.blockSignals(False)
