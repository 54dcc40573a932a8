"""Keep ID numbers and phone numbers out of logs and messages.

``mask_id("11010519491231002X")`` → ``110105********002X``; ``mask_phone`` →
``138****8000``. :class:`MaskingFilter` applies both to every log record, so a log
never holds a full number even when a message was formatted carelessly.
"""

from __future__ import annotations

import logging
import re

_ID_RE = re.compile(r"(?<![0-9])([1-9][0-9]{5})([0-9]{8}|[0-9]{5})([0-9]{3}[0-9Xx]|[0-9]{1})(?![0-9])")
_PHONE_RE = re.compile(r"(?<![0-9])(1[3-9][0-9])([0-9]{4})([0-9]{4})(?![0-9])")


def mask_id(number: str) -> str:
    """Keep the region (6) and the last 4 characters; hide the birth date and sequence."""
    n = number.strip()
    if len(n) <= 10:
        return "*" * len(n)
    return n[:6] + "*" * (len(n) - 10) + n[-4:]


def mask_phone(number: str) -> str:
    n = number.strip()
    if len(n) < 7:
        return "*" * len(n)
    return n[:3] + "*" * (len(n) - 7) + n[-4:]


def mask_text(text: str) -> str:
    """Mask every ID-like and phone-like number inside free text."""
    text = _ID_RE.sub(lambda m: mask_id(m.group(0)), text)
    return _PHONE_RE.sub(lambda m: mask_phone(m.group(0)), text)


class MaskingFilter(logging.Filter):
    """A logging filter that masks IDs and phone numbers in the final message."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = mask_text(record.getMessage())
        record.msg, record.args = message, None
        return True


def install_log_masking(logger: logging.Logger | None = None) -> None:
    """Attach :class:`MaskingFilter` to every handler of ``logger`` (the root by default)."""
    target = logger or logging.getLogger()
    for handler in target.handlers:
        if not any(isinstance(f, MaskingFilter) for f in handler.filters):
            handler.addFilter(MaskingFilter())
