"""The ``jzs-wizard`` entry point: a command goes to the CLI, nothing starts the wizard window.

It lives outside ``wizard`` because starting the GUI imports Qt, which ``wizard`` never does.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

CLI_WORDS = {"validate", "process", "export", "check", "read-id", "-h", "--help", "--version"}
SELF_TEST = "--self-test"
PDF_WORKER = "--render-pdf-pages"  # wizard.imaging.pdf_worker.WORKER_FLAG; kept literal so nothing heavy is imported


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == [PDF_WORKER]:  # the frozen program started as the PDF renderer's child (wizard/imaging/pdf_pages.py)
        from wizard.imaging.pdf_worker import serve

        return serve()
    if SELF_TEST in args:  # checks this installation (a frozen bundle above all): ui/selftest.py
        from ui.selftest import main as self_test_main

        return self_test_main(args)
    if any(a in CLI_WORDS for a in args):
        from wizard.cli.main import main as cli_main

        if "export" in args:  # only export prints a PDF: the other commands never load Qt
            from ui.pdf import render_pdf

            return cli_main(args, pdf_renderer=render_pdf)
        return cli_main(args)
    from ui.app import main as gui_main

    return gui_main(args)


if __name__ == "__main__":
    sys.exit(main())
