"""Draw the application icon: a white 证件 card with a red seal-like ring holding 建.

Run once by a maintainer (``python tools/make_icon.py``); the generated files are committed,
so neither the build nor the program needs this script or a CJK font. Writes, in
``resources/icons/``: ``jzs-wizard.png`` (256 px, the window icon on every platform),
``jzs-wizard.ico`` (Windows .exe, 16–256 px) and ``jzs-wizard.icns`` (macOS .app).
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

SIZE = 1024  # drawn large, scaled down with antialiasing
RED = (200, 30, 40, 255)
INK = (150, 156, 166, 255)
FONTS = (
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
)
OUT = Path(__file__).resolve().parent.parent / "resources" / "icons"


def draw_icon() -> Image.Image:
    image = Image.new("RGBA", (SIZE, SIZE), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    _card(draw)
    _text_lines(draw)
    _seal(draw)
    return image


def _card(draw: ImageDraw.ImageDraw) -> None:
    """A white card with a soft shadow below it, landscape like a 身份证."""
    draw.rounded_rectangle((72, 212, 968, 852), radius=72, fill=(0, 0, 0, 60))
    draw.rounded_rectangle((56, 180, 952, 820), radius=72, fill=(255, 255, 255, 255), outline=(205, 210, 218, 255),
                           width=12)


def _text_lines(draw: ImageDraw.ImageDraw) -> None:
    for y, length in ((300, 330), (400, 270), (500, 330), (600, 220), (700, 300)):
        draw.rounded_rectangle((136, y, 136 + length, y + 36), radius=18, fill=INK)


def _seal(draw: ImageDraw.ImageDraw) -> None:
    centre, radius = (690, 500), 210
    box = (centre[0] - radius, centre[1] - radius, centre[0] + radius, centre[1] + radius)
    draw.ellipse(box, outline=RED, width=36)
    font = ImageFont.truetype(_font(), 250)
    draw.text(centre, "建", font=font, fill=RED, anchor="mm")


def _font() -> str:
    for path in FONTS:
        if Path(path).exists():
            return path
    sys.exit("needs a Noto CJK font (Debian: apt-get install fonts-noto-cjk)")


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    icon = draw_icon().resize((256, 256), Image.Resampling.LANCZOS)
    icon.save(OUT / "jzs-wizard.png", optimize=True)
    icon.save(OUT / "jzs-wizard.ico", sizes=[(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)])
    draw_icon().resize((512, 512), Image.Resampling.LANCZOS).save(OUT / "jzs-wizard.icns")
    print(f"wrote {OUT}/jzs-wizard.png, .ico, .icns")


if __name__ == "__main__":
    main()
