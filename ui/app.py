"""Start the GUI: QApplication, translations (Qt's own and ours), style, the wizard window."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from PySide6.QtCore import QLibraryInfo, QLocale, QSettings, QTranslator
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from ui.qt_workarounds import pin_singletons
from wizard.case import drafts
from wizard.case.rules import RulePackError, load_rules
from wizard.platform.privacy import install_log_masking
from wizard.platform.resources import resource_path

ORGANISATION, APPLICATION = "jzs-wizard", "jzs-wizard"


def install_translators(app: QApplication, lang: str) -> list[QTranslator]:
    """Chinese: Qt's qtbase_zh_CN (QWizard reads 上一步/下一步), then our catalogue of the Qt strings it
    leaves in English (the file dialog's 查找范围, 文件类型, 文件夹), and Chinese dates in Qt's own
    dialogs; English: our jzs_en.qm."""
    catalogues: list[tuple[str, str]] = []
    if lang == "zh_CN":
        QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
        catalogues.append((QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath), "qtbase_zh_CN.qm"))
        catalogues.append((str(resource_path("i18n")), "qt_extra_zh_CN.qm"))
    else:
        catalogues.append((str(resource_path("i18n")), f"jzs_{lang}.qm"))
    translators = []
    for folder, name in catalogues:
        translator = QTranslator(app)
        if translator.load(name, folder):
            app.installTranslator(translator)
            translators.append(translator)
    return translators


def setup_logging() -> None:
    folder = drafts.data_dir() / "logs"
    folder.mkdir(exist_ok=True, mode=0o700)
    handler = logging.FileHandler(folder / "jzs-wizard.log", encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=logging.INFO, handlers=[handler])
    install_log_masking()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="jzs-wizard", description="建造师材料助手（图形界面）")
    parser.add_argument("--lang", choices=("zh_CN", "en"), help="界面语言（默认使用上次的选择，首次为简体中文）")
    args, qt_args = parser.parse_known_args(argv)
    pin_singletons()  # before any widget: see ui/qt_workarounds.py
    app = QApplication.instance() or QApplication([sys.argv[0], *qt_args])
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)
    app.setWindowIcon(QIcon(str(resource_path("icons", "jzs-wizard.png"))))  # title bar, taskbar, Linux docks
    try:
        setup_logging()
    except drafts.DataFolderError as exc:  # read-only, or a file where the folder should be
        from PySide6.QtWidgets import QMessageBox

        print(exc, file=sys.stderr)
        QMessageBox.critical(None, "建造师材料助手", str(exc))
        return 2
    settings = QSettings()
    lang = args.lang or settings.value("lang", "zh_CN")
    settings.setValue("lang", lang)
    install_translators(app, lang)
    app.setStyleSheet(resource_path("ui", "style.qss").read_text(encoding="utf-8"))
    try:
        rules = load_rules()
    except RulePackError as exc:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.critical(None, "建造师材料助手", str(exc))
        return 2
    from ui.main_window import MaterialsWizard

    window = MaterialsWizard(rules, lang, settings=settings)
    window.fit_to(app.primaryScreen().availableGeometry())
    window.show()
    return app.exec()
