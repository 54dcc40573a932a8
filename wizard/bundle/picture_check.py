"""The upload rules read from a finished file's bytes, shared by export and check.

Export refuses a file that would fail here, and check runs the same function on what is
on disk, so that what was exported always checks clean: format by content (and the
extension matching it), the byte limit, the slot's pixel size and dpi, and no metadata
(EXIF, GPS, XMP, ICC profile, comments, data after the end of the image, unknown APPn
payloads, ancillary PNG chunks) that could leave the applicant's machine. A file is priced
before it is decoded, as the loader does: an upload file of 100 KB may still declare
10000×10000 pixels or thousands of progressive scans.
"""

from __future__ import annotations

import io
import struct
import warnings

from PIL import Image

from wizard.case.findings import Finding, error
from wizard.case.model import Slot
from wizard.case.rules import RulePack
from wizard.imaging.budget import MAX_JPEG_SCANS, jpeg_scans
from wizard.imaging.containers import extras
from wizard.platform.formats import EXTENSIONS, sniff_bytes, upload_format_ok

MAX_UPLOAD_PIXELS = 25_000_000  # no upload slot needs more; the photo is 295×413

# JPEG segments a plain baseline JPEG needs: the JFIF header and Adobe's colour transform flag.
_JPEG_ALLOWED_APP = {("APP0", b"JFIF\x00"), ("APP14", b"Adobe")}
_INFO_ALLOWED = {"dpi", "jfif", "jfif_version", "jfif_unit", "jfif_density", "adobe", "adobe_transform",
                 "progressive", "progression", "gamma", "srgb", "transparency", "aspect", "version",
                 "background", "duration", "loop", "compression", "interlace"}


def check_picture(name: str, data: bytes, slot: Slot, rules: RulePack) -> list[Finding]:
    """The upload rules on one file's bytes: format by content, bytes, pixels, dpi, metadata."""
    field = f"attachments.{slot.value}"
    fmt = sniff_bytes(data[:32])
    findings = []
    suffix = name.rsplit(".", 1)[-1].lower()
    if not upload_format_ok(fmt, rules.upload.formats) or suffix not in EXTENSIONS.get(fmt or "", ()):
        findings.append(error("bundle.format", field, file=name, formats=", ".join(rules.upload.formats)))
    if len(data) > rules.upload.max_bytes:
        findings.append(error("bundle.too_big", field, file=name, bytes=len(data), max=rules.upload.max_bytes))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # priced below
            with Image.open(io.BytesIO(data)) as image:
                costly = _too_costly(name, data, image, field)
                if costly:
                    return [*findings, costly]
                image.load()
                findings += _pixel_spec(name, image, slot, rules) + _metadata(name, data, fmt, image, field)
    except (OSError, ValueError, SyntaxError, EOFError, struct.error, IndexError, Image.DecompressionBombError):
        findings.append(error("bundle.unreadable", field, file=name))
    return findings


def _too_costly(name: str, data: bytes, image: Image.Image, field: str) -> Finding | None:
    width, height = image.size
    progressive = bool(image.info.get("progressive") or image.info.get("progression"))
    if width * height > MAX_UPLOAD_PIXELS or (progressive and jpeg_scans(data) > MAX_JPEG_SCANS):
        return error("bundle.too_costly", field, file=name, width=width, height=height)
    return None


def _pixel_spec(name: str, image: Image.Image, slot: Slot, rules: RulePack) -> list[Finding]:
    rule = rules.slots[slot]
    field = f"attachments.{slot.value}"
    findings = []
    if rule.width and rule.height and image.size != (rule.width, rule.height):
        findings.append(error("bundle.pixels", field, file=name, width=image.size[0], height=image.size[1],
                              expected=f"{rule.width}×{rule.height}"))
    dpi = image.info.get("dpi")
    if rule.dpi and (not dpi or round(float(dpi[0])) != rule.dpi or round(float(dpi[1])) != rule.dpi):
        shown = f"{round(float(dpi[0]))}" if dpi else "0"
        findings.append(error("bundle.dpi", field, file=name, dpi=shown, expected=rule.dpi))
    return findings


def _metadata(name: str, data: bytes, fmt: str | None, image: Image.Image, field: str) -> list[Finding]:
    kinds = set(image.info) - _INFO_ALLOWED
    kinds.update(extras(data, fmt or ""))  # NotWellFormed is a ValueError: the file is unreadable
    for marker, payload in getattr(image, "applist", []):
        if not any(marker == m and payload.startswith(p) for m, p in _JPEG_ALLOWED_APP):
            kinds.add(_marker_kind(marker, payload))
    if image.getexif():
        kinds.add("exif")
    if not kinds:
        return []
    return [error("bundle.metadata", field, file=name, kinds=", ".join(sorted(kinds)))]


def _marker_kind(marker: str, payload: bytes) -> str:
    if payload.startswith(b"Exif"):
        return "exif"
    if payload.startswith(b"http://ns.adobe.com/xap"):
        return "xmp"
    if payload.startswith(b"ICC_PROFILE"):
        return "icc_profile"
    return "comment" if marker == "COM" else marker
