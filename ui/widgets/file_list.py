"""Files with a thumbnail, their size in KB and their pixels: what the bundle holds, or will.

The thumbnails are decoded on the pool (``TaskRunner``), never on the GUI thread; a newer list
makes an older one's thumbnails stale, and they are dropped.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QIcon, QImage, QPixmap
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QStyle, QWidget

from ui.tasks import TaskRunner

THUMB_SIDE = 64
_PICTURES = {".jpg", ".jpeg", ".png", ".bmp", ".gif"}


def read_thumbnails(paths: list[str]) -> dict[str, tuple[QImage, tuple[int, int]]]:
    """On the pool: a small copy and the pixel size of each picture (QImage is safe off the GUI thread)."""
    found = {}
    for path in paths:
        image = QImage(path) if Path(path).suffix.lower() in _PICTURES else QImage()
        if not image.isNull():
            small = image.scaled(THUMB_SIDE, THUMB_SIDE, Qt.AspectRatioMode.KeepAspectRatio,
                                 Qt.TransformationMode.SmoothTransformation)
            found[path] = (small, (image.width(), image.height()))
    return found


class FileList(QListWidget):
    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.setIconSize(QSize(THUMB_SIDE, THUMB_SIDE))
        self.setSelectionMode(QListWidget.SelectionMode.NoSelection)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.setMinimumHeight(3 * (THUMB_SIDE + 12))  # three files in view; the page scrolls for the rest
        self._paths: list[str] = []

    def show_files(self, entries: list[tuple[str, str]]) -> None:
        """``entries``: (what to call the file, its path)."""
        self.clear()
        self._paths = [path for _, path in entries]
        blank = self.style().standardIcon(QStyle.StandardPixmap.SP_FileIcon)
        for title, path in entries:
            item = QListWidgetItem(blank, self._text(title, path, None))
            item.setData(Qt.ItemDataRole.UserRole, (title, path))
            item.setToolTip(path)
            self.addItem(item)
        self.setVisible(bool(entries))
        if entries:
            self.runner.run("file_list", read_thumbnails, list(self._paths), on_done=self._thumbnails)

    def texts(self) -> list[str]:
        return [self.item(i).text() for i in range(self.count())]

    def has_thumbnail(self, row: int) -> bool:
        return bool(self.item(row).data(Qt.ItemDataRole.UserRole + 1))

    def _text(self, title: str, path: str, pixels: tuple[int, int] | None) -> str:
        try:
            size = self.tr("%.1f KB") % (Path(path).stat().st_size / 1000)
        except OSError:
            size = self.tr("（文件不在）")
        return f"{title}\n{size}" + (f" · {pixels[0]}×{pixels[1]}" if pixels else "")

    def _thumbnails(self, found: dict[str, tuple[QImage, tuple[int, int]]]) -> None:
        for row in range(self.count()):
            item = self.item(row)
            title, path = item.data(Qt.ItemDataRole.UserRole)
            if path in found:
                small, pixels = found[path]
                item.setIcon(QIcon(QPixmap.fromImage(small)))
                item.setText(self._text(title, path, pixels))
                item.setData(Qt.ItemDataRole.UserRole + 1, True)
