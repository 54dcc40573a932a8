"""Text for a terminal: every control character made visible before it is printed.

File names and zip member names come from whoever made the file. Printed raw, an ESC
sequence in one can move the cursor, hide text or repaint a line (a fake "结论：没有发现问题。"
over the real verdict); a newline or carriage return can forge a line of output; bidirectional
overrides reorder what is shown. :func:`printable` replaces each such character with a visible
escape (``\\x1b``, ``\\n``, ``\\u202e``); :func:`printable_json` does the same to what the JSON
encoder leaves raw (it escapes C0 itself, but not C1 or the Unicode format controls).
"""

from __future__ import annotations

import re

# C0 and DEL, C1, and the Unicode controls that change how following text is shown: bidi
# embeddings, overrides and isolates, line and paragraph separators, zero-width joiners' kin.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
_JSON_RAW = re.compile("[\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")


def _escape(match: re.Match[str]) -> str:
    char = match.group(0)
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """``text`` with every control character shown as an escape, safe to print as one line."""
    return _CONTROL.sub(_escape, text)


def printable_json(encoded: str) -> str:
    """JSON text from ``json.dumps(..., ensure_ascii=False)`` with the characters it left raw escaped
    the JSON way (``\\u009b``), so the document still parses to the same strings."""
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group(0)):04x}", encoded)
