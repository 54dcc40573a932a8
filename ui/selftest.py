"""The Qt half of ``jzs-wizard --self-test``: translations, style sheet, image plugins, a window.

:mod:`wizard.selftest` checks everything that needs no Qt. What only breaks in a frozen
bundle on the Qt side is checked here: Qt's own ``qtbase_zh_CN.qm`` found through
``QLibraryInfo`` (PyInstaller moves it), our ``.qm`` loading, the style sheet parsing, the
JPEG image plugin (previews are JPEG bytes), and the wizard window building offscreen. The
export check gets :func:`ui.pdf.render_pdf`, so the checklist PDF is printed as in real use.
Everything runs on the ``offscreen`` platform, so the self-test never shows a window.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import os
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TextIO

from PIL import Image
from PySide6.QtCore import QCoreApplication, QSettings, QtMsgType, QTranslator, qInstallMessageHandler
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from ui.app import install_translators
from wizard import __version__
from wizard import selftest as core
from wizard.case import drafts
from wizard.case.rules import load_rules
from wizard.platform.resources import resource_path, resource_root

REPORT_NAME = "self-test.txt"  # where the report goes when there is no console (Windows, console=False)


def qt_checks() -> list[tuple[str, core.Check]]:
    return [
        ("qt.translations", check_translations),
        ("qt.style", check_style),
        ("qt.jpeg_plugin", check_jpeg_plugin),
        ("qt.window", check_window),
    ]


def check_translations(_: Path) -> str:
    """Qt's 上一步/下一步 for Chinese, and our English catalogue, both load and translate."""
    app = QApplication.instance()
    loaded = install_translators(app, "zh_CN")
    try:
        core.expect(loaded, "Qt's qtbase_zh_CN.qm was not found (QLibraryInfo TranslationsPath)")
        next_text = QCoreApplication.translate("QWizard", "&Next >")
        core.expect(next_text != "&Next >", "qtbase_zh_CN.qm loaded but does not translate QWizard's buttons")
    finally:
        for translator in loaded:
            app.removeTranslator(translator)
    ours = QTranslator()
    core.expect(ours.load(str(resource_path("i18n", "jzs_en.qm"))) and not ours.isEmpty(), "jzs_en.qm does not load")
    return f"qtbase_zh_CN.qm ({next_text}), jzs_en.qm"


def check_style(_: Path) -> str:
    app = QApplication.instance()
    before = app.styleSheet()
    with _qt_warnings() as warnings:
        app.setStyleSheet(resource_path("ui", "style.qss").read_text(encoding="utf-8"))
        app.processEvents()
    app.setStyleSheet(before)
    problems = [w for w in warnings if "style" in w.lower()]
    core.expect(not problems, f"style.qss: {problems[:2]}")
    return "style.qss applies without a parse warning"


def check_jpeg_plugin(_: Path) -> str:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (10, 120, 200)).save(buffer, "JPEG")
    image = QImage.fromData(buffer.getvalue())
    core.expect(not image.isNull() and image.width() == 40, "Qt cannot decode JPEG (imageformats plugin missing)")
    return "Qt decodes JPEG"


def check_window(scratch: Path) -> str:
    """Build and show the wizard offscreen, with drafts and settings kept in the scratch folder."""
    from ui.main_window import MaterialsWizard

    with _data_dir(scratch):
        settings = QSettings(str(scratch / "settings.ini"), QSettings.Format.IniFormat)
        window = MaterialsWizard(load_rules(), "zh_CN", settings=settings)
        try:
            window.resize(1100, 780)
            window.show()
            QApplication.processEvents()
            shot = window.grab()
            pages = len(window.pageIds())
            core.expect(window.isVisible() and not shot.isNull(), "the wizard window did not show")
        finally:
            window.close()
            window.deleteLater()
            QApplication.processEvents()
    return f"wizard window with {pages} pages shown offscreen ({shot.width()}×{shot.height()})"


@contextlib.contextmanager
def _data_dir(folder: Path) -> Iterator[None]:
    """Point the drafts folder at ``folder`` for a while: the self-test never touches real drafts."""
    old = os.environ.get(drafts.DATA_ENV)
    os.environ[drafts.DATA_ENV] = str(folder)
    try:
        yield
    finally:
        if old is None:
            os.environ.pop(drafts.DATA_ENV, None)
        else:
            os.environ[drafts.DATA_ENV] = old


@contextlib.contextmanager
def _qt_warnings() -> Iterator[list[str]]:
    caught: list[str] = []

    def handler(kind: QtMsgType, _context, message: str) -> None:
        if kind != QtMsgType.QtDebugMsg:
            caught.append(message)

    previous = qInstallMessageHandler(handler)
    try:
        yield caught
    finally:
        qInstallMessageHandler(previous)


def pdf_renderer() -> core.PdfRenderer | None:
    if importlib.util.find_spec("ui.pdf") is None:
        return None
    from ui.pdf import render_pdf

    return render_pdf


def ensure_app() -> QApplication:
    """The running QApplication, or a new one on the offscreen platform (no window ever appears)."""
    from ui.qt_workarounds import pin_singletons

    pin_singletons()
    app = QApplication.instance()
    return app if app is not None else QApplication(["jzs-wizard", "-platform", "offscreen"])


def run(out: Callable[[str], None]) -> list[core.CheckResult]:
    ensure_app()  # before any check: the PDF renderer would otherwise create a bare QGuiApplication
    where = "frozen bundle" if getattr(sys, "frozen", False) else "checkout/installed"
    out(f"jzs-wizard {__version__} self-test ({where}; resources: {resource_root()})")
    return core.run(qt_checks(), pdf_renderer=pdf_renderer(), out=out)


def main(argv: Sequence[str] | None = None) -> int:
    """Run every check, print one line each and a summary; 0 when nothing failed, else 1."""
    started = time.perf_counter()
    with _report_stream() as stream:
        def out(line: str) -> None:
            print(line, file=stream, flush=True)

        results = run(out)
        failed = sum(r.failed for r in results)
        out(f"{'FAILED' if failed else 'PASSED'}: {len(results) - failed}/{len(results)} checks passed "
            f"in {time.perf_counter() - started:.1f} s")
    return core.exit_code(results)


@contextlib.contextmanager
def _report_stream() -> Iterator[TextIO]:
    """stdout; a windowed Windows build has none, so there the report goes to a file in the data folder."""
    if sys.stdout is not None:
        yield sys.stdout
        return
    with open(drafts.data_dir() / REPORT_NAME, "w", encoding="utf-8") as handle:
        yield handle
