"""身份证正面 and 身份证背面 together: two different pictures, each of its own side.

Each slot's engine says when it holds the wrong side (:mod:`wizard.imaging.card_side`); what only
the two together show is said here: the photos are swapped (each holds the other's side), or the
same picture was given for both (the same file, the same bytes, or nearly the same picture:
:mod:`wizard.imaging.likeness`). Both are errors: the reviewer returns such an application.
"""

from __future__ import annotations

from wizard.case.findings import Finding, error
from wizard.case.model import Attachment, Case
from wizard.imaging.likeness import NEAR_BITS, file_digest, has_structure, hash_distance, picture_hash

FRONT_FIELD, BACK_FIELD = "attachments.id_front", "attachments.id_back"


def card_pair_findings(case: Case) -> list[Finding]:
    """Findings about the two sides of the card taken together (nothing when either is missing)."""
    front, back = case.attachments.id_front, case.attachments.id_back
    if front is None or back is None:
        return []
    code = same_picture(front, back)
    if code:
        return [error(code, FRONT_FIELD), error(code, BACK_FIELD)]
    if _has(front, "document.front_is_back") and _has(back, "document.back_is_front"):
        return [error("document.sides_swapped", FRONT_FIELD), error("document.sides_swapped", BACK_FIELD)]
    return []


def same_picture(front: Attachment, back: Attachment) -> str:
    """The finding code when the two are one picture (the same file or bytes; nearly the same
    finished picture), or '' when they are not."""
    if front.source == back.source:
        return "document.same_picture"
    digests = file_digest(front.source), file_digest(back.source)
    if digests[0] is not None and digests[0] == digests[1]:
        return "document.same_picture"
    if front.processed and back.processed:
        hashes = picture_hash(front.processed), picture_hash(back.processed)
        if None not in hashes and all(map(has_structure, hashes)) and hash_distance(*hashes) <= NEAR_BITS:
            return "document.nearly_same_picture"
    return ""


def _has(item: Attachment, code: str) -> bool:
    return any(f.code == code for f in item.findings)
