"""Contact sheet of the one-inch photo engine: before/after pairs of every test photo, for the eye.

    python -m benchmarks.photo_sheet [/tmp/photo_sheet.png]

Each row: the source (scaled to 413 px high), the finished photo (or a grey box with the
finding codes when there is none), and the codes under it.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from PIL import Image, ImageDraw

from wizard.case.model import Slot
from wizard.case.rules import load_rules
from wizard.imaging.load import ImageLoadError
from wizard.imaging.process import process_file

TESTDATA = Path(__file__).resolve().parents[2] / "shared" / "testdata"
ROW_H, PAIR_W = 413 + 40, 1000


def tile(path: Path) -> Image.Image:
    canvas = Image.new("RGB", (PAIR_W, ROW_H), (200, 200, 200))
    source = Image.open(path).convert("RGB")
    source.thumbnail((PAIR_W - 320, 413))
    canvas.paste(source, (0, 0))
    draw = ImageDraw.Draw(canvas)
    try:
        result = process_file(Slot.PHOTO, path, load_rules())[0]
        codes = " ".join(f.code for f in result.findings)
        if result.data:
            canvas.paste(Image.open(io.BytesIO(result.data)), (PAIR_W - 300, 0))
        metrics = {k: result.metrics.get(k) for k in ("head_ratio", "crown_margin", "background", "bytes")}
    except ImageLoadError as exc:
        codes, metrics = exc.finding.code, {}
    draw.text((4, 416), f"{path.name}: {codes}", fill=(0, 0, 0))
    draw.text((4, 430), str(metrics), fill=(0, 0, 0))
    return canvas


def main(out: str = "/tmp/photo_sheet.png") -> None:
    paths = sorted((TESTDATA / "portrait").iterdir()) + sorted((TESTDATA / "reject").iterdir())
    tiles = [tile(p) for p in paths]
    columns = 2
    rows = (len(tiles) + columns - 1) // columns
    sheet = Image.new("RGB", (PAIR_W * columns, ROW_H * rows), "white")
    for index, picture in enumerate(tiles):
        sheet.paste(picture, ((index % columns) * PAIR_W, (index // columns) * ROW_H))
    sheet.save(out)
    print(out)


if __name__ == "__main__":
    main(*sys.argv[1:])
