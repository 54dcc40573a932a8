"""The picture of an ID-cards-on-tables case: a made-up 居民身份证 photographed on a table.

The card suite (:mod:`benchmarks.accuracy.synth_card`) scores the engine's corners against where
the card really is, so the picture is drawn here from a :class:`CardScene` with the corners known:
the 人像面 or 国徽面 printed by :mod:`tests.synthetic_cards` (with a real test portrait's head on
the front), warped by a homography the way a phone held over a desk sees it, over a real photo
from ``../shared/testdata`` or generated wood, printed paper or a plain table, with the card's
shadow, a lamp's glare on the laminate, lens blur, sensor noise and a rough JPEG round on some.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageOps

from benchmarks.inputs import testdata
from tests.synthetic_cards import CARD_MM, CardPainter, Person, cjk_font_path
from tests.synthetic_handheld import face_crop
from wizard.case.model import Slot

REAL_BACKGROUNDS = (
    ("document", "a4_text_page_on_dark_wood_table.jpg"),
    ("document", "receipt_grayscale_on_dark_wood.jpg"),
    ("document", "lined_notepad_on_wood_exif_orientation6.jpg"),
    ("document", "printed_table_page_angled_on_black.jpg"),
    ("document", "a4_exam_paper_photo_uneven_light.png"),
    ("reject", "reject_no_face_racing_car_and_display_cases.jpg"),
)
DRAWN_BACKGROUNDS = ("wood grain", "printed paper", "dark table", "light table")
FACES = {"男": "plain_white_bg_man_curlyhair.jpg", "女": "plain_white_bg_woman_long_braid_overalls.jpg"}
PEOPLE = (
    Person(),
    Person(name="李秀英", sex="女", birth=dt.date(1992, 11, 2),
           address="上海市黄浦区南京东路一百二十八弄七号", authority="上海市公安局黄浦分局"),
    Person(name="欧阳建国", sex="男", ethnicity="回", birth=dt.date(1968, 7, 21),
           address="宁夏回族自治区银川市兴庆区解放西街九号", valid_until=None),
)


@dataclass(frozen=True)
class CardScene:
    """The recipe of one picture, drawn from its seed: what lies where, and what spoils it."""

    seed: int
    side: Slot
    background: str  # a file name of REAL_BACKGROUNDS or one of DRAWN_BACKGROUNDS
    size: tuple[int, int]  # (w, h) of the photo
    long_share: float  # the card's long side over the photo's width (before fitting it in)
    angle: float  # in-plane turn, degrees
    tilt: tuple[float, float]  # the phone's tilt about the card's across and down axes, degrees
    place: tuple[float, float]  # where the card sits in the room left around it (0..1 each way)
    shadow: bool
    glare: bool
    blur: float  # Gaussian σ in pixels, 0 = sharp
    noise: float  # sensor noise σ in grey levels
    jpeg: int  # quality of an earlier, rougher JPEG round (a messaging app's), 0 = none


def backgrounds() -> tuple[str, ...]:
    """The backgrounds available here: the real ones only where ../shared/testdata exists."""
    real = tuple(name for folder, name in REAL_BACKGROUNDS if testdata(folder, name))
    return real + DRAWN_BACKGROUNDS


# --- the card -----------------------------------------------------------------------------------

def card_face(scene: CardScene) -> tuple[Image.Image, np.ndarray]:
    """The printed side, at about the resolution it will have in the photo, and its rounded outline (0..1)."""
    font = cjk_font_path()
    if font is None:
        raise RuntimeError("the ID card suite needs Noto CJK (fonts-noto-cjk) to print the card")
    k = float(np.clip(scene.long_share * scene.size[0] / CARD_MM[0], 8, 20))
    painter, person = CardPainter(font, k), PEOPLE[scene.seed % len(PEOPLE)]
    image = painter.front(person) if scene.side is Slot.ID_FRONT else painter.back(person)
    face = printed_face(person.sex)
    if scene.side is Slot.ID_FRONT and face is not None:
        box = tuple(round(v * k) for v in (55, 6, 80, 38))  # the portrait box of CardPainter.front
        image.paste(face.resize((box[2] - box[0], box[3] - box[1]), Image.Resampling.LANCZOS), box[:2])
    outline = Image.new("L", image.size, 0)
    # The same rounded rectangle CardPainter draws (ID-1 corners have a ~3 mm radius).
    ImageDraw.Draw(outline).rounded_rectangle((0, 0, image.width - 1, image.height - 1), radius=round(3 * k), fill=255)
    return image, np.asarray(outline, np.float32) / 255


@functools.lru_cache(maxsize=2)
def printed_face(sex: str) -> Image.Image | None:
    """The head of a real test portrait, for the 人像面: without one the engine rightly warns no_portrait."""
    path = testdata("portrait", FACES[sex])
    return face_crop(path) if path else None


def card_quad(scene: CardScene) -> np.ndarray:
    """The card's corners in photo pixels: top-left, top-right, bottom-right, bottom-left as printed.

    The flat card is turned in 3-D by the tilt, seen by a pinhole camera 2.5 card lengths away
    (a phone held over a desk: the near edge comes out a few per cent longer), turned in the
    plane, sized and placed; a card that would run off the photo is shrunk until it fits.
    """
    half = 0.5 * CARD_MM[1] / CARD_MM[0]
    flat = np.array([[-0.5, -half, 0], [0.5, -half, 0], [0.5, half, 0], [-0.5, half, 0]])
    ax, ay = np.radians(scene.tilt)
    across = np.array([[1, 0, 0], [0, np.cos(ax), -np.sin(ax)], [0, np.sin(ax), np.cos(ax)]])
    down = np.array([[np.cos(ay), 0, np.sin(ay)], [0, 1, 0], [-np.sin(ay), 0, np.cos(ay)]])
    spatial = flat @ (down @ across).T
    seen = spatial[:, :2] / (2.5 + spatial[:, 2:3])
    turn = np.radians(scene.angle)
    quad = seen @ np.array([[np.cos(turn), -np.sin(turn)], [np.sin(turn), np.cos(turn)]]).T
    w, h = scene.size
    quad *= scene.long_share * w / long_side(quad)
    room = np.array([w, h]) * 0.94  # 3% of the photo left clear on each side
    extent = quad.max(axis=0) - quad.min(axis=0)
    quad *= min(1.0, *(room / extent))
    extent = quad.max(axis=0) - quad.min(axis=0)
    corner = np.array([w, h]) * 0.03 + np.array(scene.place) * (room - extent)
    return (quad - quad.min(axis=0) + corner).astype(np.float32)


def long_side(quad: np.ndarray) -> float:
    """The mean length of the two long sides (top and bottom as printed)."""
    return float((np.linalg.norm(quad[1] - quad[0]) + np.linalg.norm(quad[2] - quad[3])) / 2)


def _homography(card: Image.Image, quad: np.ndarray) -> np.ndarray:
    """Card pixels to photo pixels; the card's outer edge (half a pixel out) lands on the corners."""
    w, h = card.size
    outer = np.array([[-0.5, -0.5], [w - 0.5, -0.5], [w - 0.5, h - 0.5], [-0.5, h - 0.5]], np.float32)
    return cv2.getPerspectiveTransform(outer, quad.astype(np.float32))


# --- the table ----------------------------------------------------------------------------------

def background(scene: CardScene, rng: np.random.Generator) -> np.ndarray:
    """The table (float32 RGB, 0..255) the card lies on, covering the whole photo."""
    w, h = scene.size
    drawn = {"wood grain": _wood, "printed paper": _printed_paper, "dark table": _plain, "light table": _plain}
    if scene.background in drawn:
        return drawn[scene.background](scene, rng)
    folder = next(folder for folder, name in REAL_BACKGROUNDS if name == scene.background)
    with Image.open(testdata(folder, scene.background)) as image:
        upright = ImageOps.exif_transpose(image).convert("RGB")
    centring = tuple(float(v) for v in rng.uniform(0.3, 0.7, 2))
    return np.asarray(ImageOps.fit(upright, (w, h), Image.Resampling.BICUBIC, centering=centring), np.float32)


def _smooth(rng: np.random.Generator, size: tuple[int, int], cells: tuple[int, int]) -> np.ndarray:
    """Noise that varies over about ``cells`` (across, down) blobs: uneven light, a board's streaks."""
    coarse = rng.normal(0, 1, (cells[1] + 1, cells[0] + 1)).astype(np.float32)
    return cv2.resize(coarse, size, interpolation=cv2.INTER_CUBIC)


def _wood(scene: CardScene, rng: np.random.Generator) -> np.ndarray:
    """Boards of a wooden desk: wavy rings along the boards, fine streaks, darker seams between boards."""
    w, h = scene.size
    y, x = np.mgrid[0:h, 0:w].astype(np.float32)
    wander = 25 * _smooth(rng, (w, h), (3, 6)) + 15 * np.sin(x / rng.uniform(200, 500))
    rings = np.sin((y + wander) / rng.uniform(6, 14)) * 0.5 + 0.5
    streaks = _smooth(rng, (w, h), (4, 400))
    board = h / rng.uniform(3, 6)
    seam = (np.abs(((y + rng.uniform(0, board)) % board) - board / 2) > board / 2 - 3).astype(np.float32)
    shade = 1 + 0.35 * rings + 0.08 * streaks - 0.5 * seam
    base = np.array(rng.choice([[120, 78, 44], [92, 58, 34], [165, 118, 72]]), np.float32)
    return base * shade[..., None]


def _printed_paper(scene: CardScene, rng: np.random.Generator) -> np.ndarray:
    """A printed page under the whole card: rows of grey word-blocks, as a sheet of text looks."""
    w, h = scene.size
    page = Image.new("RGB", (w, h), (238, 236, 229))
    draw = ImageDraw.Draw(page)
    line, x_margin = h / rng.uniform(30, 45), w * rng.uniform(0.06, 0.12)
    for top in np.arange(h * 0.05, h * 0.95, line):
        x, end = x_margin, w - x_margin * rng.uniform(0.8, 3.0)
        while x < end:
            word = rng.uniform(0.6, 4.0) * line
            draw.rectangle((x, top, min(x + word, end), top + 0.45 * line), fill=(int(rng.uniform(60, 120)),) * 3)
            x += word + 0.4 * line
    turned = page.rotate(float(rng.uniform(-4, 4)), Image.Resampling.BICUBIC, fillcolor=(238, 236, 229))
    light = 1 + 0.06 * _smooth(rng, (w, h), (2, 2))
    return np.asarray(turned, np.float32) * light[..., None]


def _plain(scene: CardScene, rng: np.random.Generator) -> np.ndarray:
    """A plain desk, dark or light (a white desk under a light card is the hard one), lit unevenly."""
    w, h = scene.size
    dark = scene.background == "dark table"
    colour = np.array([48, 46, 50] if dark else [222, 220, 212]) + rng.normal(0, 6, 3)
    light = 1 + 0.08 * _smooth(rng, (w, h), (2, 2))
    return np.clip(colour, 0, 255).astype(np.float32) * light[..., None]


# --- the photo ----------------------------------------------------------------------------------

def photograph(scene: CardScene) -> tuple[np.ndarray, np.ndarray]:
    """The phone photo (uint8 RGB) and the card's true corners in its pixels (tl, tr, br, bl as printed)."""
    rng = np.random.default_rng(2000 + scene.seed)
    quad = card_quad(scene)
    card, outline = card_face(scene)
    matrix, size = _homography(card, quad), scene.size
    inside = cv2.warpPerspective(outline, matrix, size, flags=cv2.INTER_LINEAR)[..., None]
    photo = background(scene, rng)
    if scene.shadow:
        photo *= 1 - 0.45 * _shadow(inside[..., 0], long_side(quad), rng)[..., None]
    printed = cv2.warpPerspective(np.asarray(card, np.float32), matrix, size, flags=cv2.INTER_LINEAR)
    photo = photo * (1 - inside) + printed * inside
    if scene.glare:
        photo += (255 - photo) * 1.6 * (_glare(matrix, card.size, size, rng) * inside[..., 0])[..., None]
    return _camera(photo, scene, rng), quad


def _shadow(inside: np.ndarray, long_side: float, rng: np.random.Generator) -> np.ndarray:
    """The card's soft shadow, cast away from a lamp to one side."""
    shift = rng.uniform(0.01, 0.03, 2) * long_side * rng.choice([-1, 1], 2)
    moved = cv2.warpAffine(inside, np.float32([[1, 0, shift[0]], [0, 1, shift[1]]]), inside.shape[::-1])
    # A soft shadow has no detail: blurred at a quarter of the size, it looks the same and costs a tenth.
    small = cv2.resize(moved, None, fx=0.25, fy=0.25, interpolation=cv2.INTER_AREA)
    soft = cv2.GaussianBlur(small, (0, 0), 0.005 * long_side)
    return cv2.resize(soft, inside.shape[::-1], interpolation=cv2.INTER_LINEAR)


def _glare(matrix: np.ndarray, card_size: tuple[int, int], size: tuple[int, int], rng) -> np.ndarray:
    """A lamp's reflection: an elliptical gradient on the card whose core burns out.

    It is drawn in card coordinates and warped with the card, so it lies on the laminate; its
    strength above 1 before the camera clips is what makes the core blown-out white.
    """
    cw, ch = card_size
    y, x = np.mgrid[0:ch, 0:cw].astype(np.float32)
    cx, cy = rng.uniform(0.25, 0.75) * cw, rng.uniform(0.3, 0.7) * ch
    a, b, turn = rng.uniform(0.16, 0.26) * cw, rng.uniform(0.15, 0.3) * ch, rng.uniform(0, np.pi)
    u = ((x - cx) * np.cos(turn) + (y - cy) * np.sin(turn)) / a
    v = (-(x - cx) * np.sin(turn) + (y - cy) * np.cos(turn)) / b
    spot = np.exp(-(u**2 + v**2)).astype(np.float32)
    return cv2.warpPerspective(spot, matrix, size, flags=cv2.INTER_LINEAR)


def _camera(photo: np.ndarray, scene: CardScene, rng: np.random.Generator) -> np.ndarray:
    """Lens blur and sensor noise before the sensor clips, then an optional rough JPEG round."""
    if scene.blur:
        photo = cv2.GaussianBlur(photo, (0, 0), scene.blur)
    if scene.noise:
        photo = photo + np.float32(scene.noise) * rng.standard_normal(photo.shape, dtype=np.float32)
    picture = np.clip(photo, 0, 255).astype(np.uint8)
    if scene.jpeg:
        buffer = io.BytesIO()
        Image.fromarray(picture).save(buffer, "JPEG", quality=scene.jpeg)
        picture = np.asarray(Image.open(buffer).convert("RGB"))
    return picture
