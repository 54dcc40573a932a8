"""PDF pages as pictures, for the 证明材料 slot: one safe way to open a PDF and render its pages.

Certificates come as PDFs from a scanner or a government website. pypdfium2 (PDFium, the
engine of Chrome's PDF viewer) renders them without any other program installed. Every
way a PDF can fail (not a PDF after all, damaged, locked with a password, no pages)
becomes an :class:`~wizard.imaging.load.ImageLoadError` whose finding names the file, so
the CLI and the GUI report it as they report an unreadable picture.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pypdfium2 as pdfium

from wizard.case.findings import error
from wizard.imaging.load import ImageLoadError

FIELD = "attachments.proof"
_PASSWORD = 4  # FPDF_ERR_PASSWORD
_POINTS_PER_INCH = 72


def render_pages(path: Path, dpi: int, max_pages: int, max_side: int) -> tuple[list[np.ndarray], int]:
    """The first ``max_pages`` pages of ``path`` as RGB arrays at ``dpi`` (long side at most
    ``max_side``), and the document's page count."""
    document = _open(path)
    try:
        total = len(document)
        if total == 0:
            raise _failure("proof.pdf_empty", path)
        return [_render(document[i], dpi, max_side, path) for i in range(min(total, max_pages))], total
    finally:
        document.close()


def _open(path: Path) -> pdfium.PdfDocument:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise _failure("image.unreadable", path, reason=exc.strerror or str(exc)) from None
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        # PDFium's last-error code can be left over from an earlier document: a password is
        # only the reason when the file has an encryption dictionary at all.
        locked = exc.err_code == _PASSWORD and b"/Encrypt" in data
        code = "proof.pdf_password" if locked else "proof.pdf_broken"
        raise _failure(code, path) from None


def _render(page: pdfium.PdfPage, dpi: int, max_side: int, path: Path) -> np.ndarray:
    try:
        width, height = page.get_size()
        scale = min(dpi / _POINTS_PER_INCH, max_side / max(width, height, 1.0))
        bitmap = page.render(scale=scale, may_draw_forms=True)
        rgb = np.array(bitmap.to_pil().convert("RGB"))
    except pdfium.PdfiumError:
        raise _failure("proof.pdf_broken", path) from None
    finally:
        page.close()
    return rgb


def _failure(code: str, path: Path, **params) -> ImageLoadError:
    return ImageLoadError(error(code, FIELD, file=str(path), **params))
