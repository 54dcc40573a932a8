"""Is this the side the slot asks for? 身份证正面 is the 人像面, 身份证背面 the 国徽面, read from the words.

The platform's reviewer returns an application whose 正面 slot holds the 国徽面: the commonest
mix-up, because the people call the side with the emblem the "front". The flattened card's
largest print is read (:mod:`wizard.imaging.card_words`) and the side it names compared with the
slot: the wrong side is an error. A card that reads upside down is turned upright for the upload.
When the words name neither side (a passport, a blurred card, no OCR installed) the user is told
to check it by eye: never silently passed as the right side.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from wizard.case.findings import Finding, error, info
from wizard.case.model import Slot
from wizard.case.rules import RulePack
from wizard.imaging.card_words import BACK, FRONT, oriented, read_card_words
from wizard.imaging.text_lines import OcrUnavailable

WANTED = {Slot.ID_FRONT: FRONT, Slot.ID_BACK: BACK}
WRONG = {Slot.ID_FRONT: "document.front_is_back", Slot.ID_BACK: "document.back_is_front"}


def check_side(card: np.ndarray, slot: Slot, rules: RulePack) -> tuple[np.ndarray, list[Finding], dict[str, Any]]:
    """The card turned upright when it read upside down, the side findings and the side read."""
    field = f"attachments.{slot.value}"
    try:
        words = read_card_words(card, rules)
    except OcrUnavailable:
        return card, [info("document.side_unchecked", field)], {"side": None}
    metrics: dict[str, Any] = {"side": words.side, "side_confidence": round(words.confidence, 3)}
    if words.side is None:
        return card, [info("document.side_unread", field)], metrics
    upright = oriented(card, words.view) if words.view == "turned" else card
    metrics["turned"] = words.view == "turned"
    if words.side != WANTED[slot]:
        return upright, [error(WRONG[slot], field)], metrics
    return upright, [], metrics
