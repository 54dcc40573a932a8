"""Read the 身份证 images offline, so a typo in the form is caught before the platform returns it.

The engine (RapidOCR's PP-OCR models from its wheel, loaded once per process, every call
serialised) lives in :mod:`wizard.imaging.text_lines`; parsing in :mod:`wizard.idcard.text`, the
cross-check with the form in :mod:`wizard.idcard.check`. This module reads a card: pixels in,
the card's fields out.
"""

from __future__ import annotations

import os

import numpy as np

from wizard.case.rules import RulePack, load_rules
from wizard.idcard.check import cross_check, prefill
from wizard.idcard.text import BACK, FRONT, CardText, parse_card
from wizard.imaging.text_lines import EngineInfo, OcrLine, OcrUnavailable, engine_info, read_lines, warm_up

__all__ = ["BACK", "FRONT", "CardText", "EngineInfo", "OcrLine", "OcrUnavailable", "cross_check", "engine_info",
           "prefill", "read_card", "read_card_file", "read_lines", "warm_up"]


def read_card_file(path: str | os.PathLike[str], side: str | None = None, rules: RulePack | None = None) -> CardText:
    """Load a picture with the safe loader and read it (raises ``ImageLoadError`` for bad files)."""
    from wizard.imaging.load import load_image  # imaging is heavy; only this entry point needs it

    return read_card(load_image(path).rgb, side, rules)


def read_card(rgb: np.ndarray, side: str | None = None, rules: RulePack | None = None) -> CardText:
    """Read one side of the card from an RGB picture, best a flattened card (``side=None`` guesses)."""
    rules = rules or load_rules()
    lines = read_lines(rgb, rules)
    return parse_card(lines, side, tuple(rules.options.ethnicity or ()))
