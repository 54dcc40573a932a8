"""Does a refusal name the right reason? The tags of ``expected.tsv`` against the finding codes.

A photo of closed eyes refused as "no face" is the right decision for the wrong reason: the
applicant is told the wrong thing and retakes the wrong photo. Each tag that names a reason
(for the slot it is about) maps to the finding codes that tell the user that reason. A tag
mapped to no code names a reason no engine can say yet: every refusal of such a picture is
counted as a wrong reason until an engine learns the words. Other tags only describe the
picture (``east_asian``, ``png_named_jpg``), or describe in one slot what is a reason in another
(a tilted signature is straightened; a tilted head is refused); :data:`DESCRIPTIVE` lists them so that a new tag
in ``expected.tsv`` that nobody has read fails a test instead of passing unnoticed.
"""

from __future__ import annotations

from collections.abc import Iterable

PHOTO = {
    "multiple_faces": ("photo.many_faces",),
    "no_face": ("photo.no_face",),
    "animal": ("photo.no_face",),
    "head_cropped": ("photo.head_cut", "photo.face_cut"),
    "profile": ("photo.not_frontal",),
    "three_quarter": ("photo.not_frontal",),
    "head_pitch_down": ("photo.not_frontal",),
    "eyes_closed": ("photo.eyes_closed",),
    "mouth_open": ("photo.mouth_open",),
    "eyes_down": ("photo.not_frontal", "photo.eyes_closed"),
    "gaze_away": ("photo.not_frontal",),
    "tilted": ("photo.eyes_not_level", "photo.not_frontal"),
    "low_resolution": ("photo.resolution_low",),
    "small_face": ("photo.resolution_low",),
    "blurred": ("photo.blurry", "photo.face_blurred"),
    "dark": ("photo.too_dark",),
    "grayscale": ("photo.greyscale",),
    # Reasons no engine has words for yet (photo engine v2 adds them):
    "sunglasses": (),
    "hat": (),
    "mask": ("photo.face_covered",),
    "occlusion": ("photo.face_covered",),
    "hand_near_face": ("photo.hand_near_face",),
    "hands_near_face": ("photo.hand_near_face",),
    "hand_in_frame": (),
    "object_in_frame": (),
    "recaptured_print": (),
    "recaptured_screen": (),
}

SIGNATURE = {
    "multiple_signatures": ("signature.several", "signature.page"),
    "multi_line_text": ("signature.several", "signature.page"),
    "other_text": ("signature.several", "signature.page"),
    "blurred": ("signature.blurred",),
    "faint_ink": ("signature.faint",),
    "low_resolution": ("signature.small", "signature.too_small"),
    # No words yet: glare, a screen instead of paper.
    "glare": (),
    "digital_not_paper": (),
}

DOCUMENT = {
    "back_side": ("document.no_portrait",),
    "glare": ("document.glare",),
    "low_resolution": ("document.too_small",),
    "blurred": ("document.blurred",),
}

BY_SLOT = {
    "photo": PHOTO,
    "signature": SIGNATURE,
    "id_front": DOCUMENT,
    "id_back": DOCUMENT,
    "id_handheld": DOCUMENT,
    "proof": DOCUMENT,
}

DESCRIPTIVE = frozenset(
    """
    webp busy_background watermark earrings flags_curtain office dark_hair east_asian child png_named_jpg alpha
    outdoor long_hair webp_named_jpg dark_hair_dark_bg single_face_double_detection glasses full_body plain_wall
    existing_idphoto blue_bg red_bg white_bg already_compliant off_centre landscape beige_bg smile grey_bg
    half_body gps_exif tight_crop face_near_top_edge elderly jewellery rgba microphone collage small_second_face
    grayscale_L_mode false_face_in_background poster palette_png selfie coloured_ink clean vignette shadow
    grey_paper ruled_lines stamps scanned_letter rotated_180 crease same_photo_as_existing flourish gradient
    stray_mark textured_paper pencil bold_ink paper_edge show_through red_margin black_border motion_blur
    curved_paper chinese_handwriting dotted_grid a4_page uneven_light chinese_print png angled dark_background
    wood rotated_90 plain_background exif_orientation_6 nearly_blank curled_corner receipt specimen flat_scan
    passport
    tilted object_in_frame grayscale
    """.split()
)


def reason_codes(slot: str, tags: Iterable[str]) -> set[str]:
    """The codes that would tell the user one of the reasons ``tags`` name for ``slot``."""
    table = BY_SLOT.get(slot, {})
    return {code for tag in tags for code in table.get(tag, ())}


def unknown_tags(slot: str, tags: Iterable[str]) -> list[str]:
    """Tags that are neither a reason of ``slot`` nor merely descriptive: nobody has read them."""
    table = BY_SLOT.get(slot, {})
    return [tag for tag in tags if tag not in table and tag not in DESCRIPTIVE]
