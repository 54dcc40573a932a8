"""The upload rules read from a finished file's bytes, shared by export and check.

Export refuses a file that would fail here, and check runs the same function on what is
on disk, so that what was exported always checks clean: format by content (and the
extension matching it), the byte limit, the slot's pixel size and dpi, and no metadata
(EXIF, GPS, XMP, ICC profile, comments) that could leave the applicant's machine.
"""

from __future__ import annotations

import io

from PIL import Image

from wizard.case.findings import Finding, error
from wizard.case.model import Slot
from wizard.case.rules import RulePack
from wizard.platform.formats import EXTENSIONS, sniff_bytes, upload_format_ok

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
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            findings += _pixel_spec(name, image, slot, rules) + _metadata(name, image, field)
    except (OSError, ValueError, Image.DecompressionBombError):
        findings.append(error("bundle.unreadable", field, file=name))
    return findings


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


def _metadata(name: str, image: Image.Image, field: str) -> list[Finding]:
    kinds = set(image.info) - _INFO_ALLOWED
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
