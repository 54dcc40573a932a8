"""Glare on a flattened card: the two ways a lamp or a window spoils a 身份证 photo.

A lamp straight above gives a blown-out patch: every channel near 255. Light glancing
off the laminate gives a veil instead: a band brighter and greyer than the tinted card
around it (the card's pale blue and pink patterns wash out to white-blue), with the print
under it faded but not gone. The first is found by level, the second by comparing each
spot's paper colour with the paper colour of its wide surroundings. The veil measure
needs a tinted card, as the 居民身份证 is; on an untinted white card only blown-out
patches are found.
"""

from __future__ import annotations

import cv2
import numpy as np

WORK_WIDTH = 250  # glare is a large-scale effect: a small copy is enough and fast


def blown_share(card: np.ndarray, level: int) -> float:
    """Share of the card that is blown-out white (all channels ≥ ``level``), in patches, not letters."""
    blown = (card.min(axis=2) >= level).astype(np.uint8)
    # Glare is a patch, not the white of a few letters: open away thin bright strokes first.
    blown = cv2.morphologyEx(blown, cv2.MORPH_OPEN, np.ones((7, 7), np.uint8))
    return float(blown.mean())


def veil_share(card: np.ndarray, brighter: float, greyer: float) -> float:
    """Share of the card whose paper is ``brighter`` grey levels brighter and ``greyer`` levels
    less coloured (channel spread) than the paper around it."""
    height = max(8, round(WORK_WIDTH * card.shape[0] / card.shape[1]))
    small = cv2.resize(card, (WORK_WIDTH, height), interpolation=cv2.INTER_AREA)
    # Paper, not print: a max filter wider than a letter stroke takes the paper around the ink.
    paper = cv2.dilate(small, np.ones((5, 5), np.uint8)).astype(np.int16)
    white = paper.min(axis=2)
    tint = paper.max(axis=2) - white
    # The surroundings' size follows the width (0.3 of an ID-1 card's height), so that a document of
    # another shape (a passport page cut at its hinge) is measured on the same scale.
    wide = max(3, int(0.19 * WORK_WIDTH) | 1)
    around_white = cv2.medianBlur(white.astype(np.uint8), wide).astype(np.int16)
    around_tint = cv2.medianBlur(tint.astype(np.uint8), wide).astype(np.int16)
    veil = ((white - around_white >= brighter) & (around_tint - tint >= greyer)).astype(np.uint8)
    veil = cv2.morphologyEx(veil, cv2.MORPH_OPEN, np.ones((3, 3), np.uint8))
    return float(veil.mean())
