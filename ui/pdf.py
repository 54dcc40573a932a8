"""Print the checklist HTML to an A4 PDF with Qt: the one PDF stack the program uses.

``wizard.bundle.export.export`` cannot import Qt (``wizard`` never does), so the GUI and the
launcher hand it :func:`render_pdf` as its ``pdf_renderer``. The document's default font
is a CJK family so the Chinese glyphs are embedded in the PDF instead of showing as boxes
on a computer without that font.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QMarginsF
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication, QPageLayout, QPageSize, QPdfWriter, QTextDocument

RESOLUTION = 300  # dpi of the PDF's device: text positions are exact, the file stays small
MARGIN_MM = 0.0  # QTextDocument.print_ adds its own 2 cm margins
# Families tried in order; the first installed one becomes the document's default font.
CJK_FAMILIES = ("Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", "SimSun",
                "Noto Serif CJK SC", "WenQuanYi Micro Hei")
FONT_POINT_SIZE = 10.5

_app: QGuiApplication | None = None  # kept alive for the process when we had to create it


def render_pdf(html: str, path: str | os.PathLike[str]) -> None:
    """Write ``html`` as an A4 PDF to ``path`` (the caller makes the write atomic)."""
    _ensure_app()
    writer = QPdfWriter(str(Path(path)))
    writer.setResolution(RESOLUTION)
    writer.setPageLayout(_a4_layout())
    writer.setTitle("信息修改材料清单")
    writer.setCreator("建造师材料助手")
    document = QTextDocument()
    document.setDefaultFont(_cjk_font())
    document.setHtml(html)
    # No page size of our own: print_() then lays the text out at the writer's resolution,
    # adds 2 cm margins and page numbers (Qt's own pagination for printing).
    document.print_(writer)


def _a4_layout() -> QPageLayout:
    margins = QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM)
    return QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait, margins,
                       QPageLayout.Unit.Millimeter)


def _cjk_font() -> QFont:
    installed = set(QFontDatabase.families())
    family = next((f for f in CJK_FAMILIES if f in installed), None)
    font = QFont(family) if family else QFont()
    font.setPointSizeF(FONT_POINT_SIZE)
    return font


def _ensure_app() -> None:
    """QTextDocument needs a QGuiApplication for fonts; the CLI has none, so make one offscreen.

    It is a QApplication (a QGuiApplication subclass): a process that later opens a widget,
    such as a test session, could not create one once a plain QGuiApplication exists.
    """
    global _app
    if QGuiApplication.instance() is not None:
        return
    from PySide6.QtWidgets import QApplication

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    _app = QApplication(["jzs-wizard"])
