"""Contact sheet of the 手写签名, 身份证, 手持身份证照 and 证明材料 engines: before/after, for the eye.

    python -m benchmarks.documents_sheet [/tmp/documents_sheet.png]

One row per source: the source (scaled to fit), every output beside it (or a grey box
when there is none), and the finding codes and a few measures underneath.
"""

from __future__ import annotations

import io
import sys
import tempfile
from pathlib import Path

from PIL import Image, ImageDraw

from tests.synthetic_handheld import handheld_photo
from wizard.case.model import Slot
from wizard.case.rules import load_rules
from wizard.imaging.load import ImageLoadError
from wizard.imaging.process import process_file

TESTDATA = Path(__file__).resolve().parents[2] / "shared" / "testdata"
ROW_H, WIDTH, PIC_H = 360, 2000, 320
KEYS = ("located", "quality", "bytes", "veil_share", "out_size", "text_height_px", "grey")


def row(slot: Slot, path: Path, rules) -> Image.Image:
    canvas = Image.new("RGB", (WIDTH, ROW_H), (200, 200, 200))
    draw = ImageDraw.Draw(canvas)
    x = _paste(canvas, Image.open(path).convert("RGB"), 0) + 20
    try:
        results = process_file(slot, path, rules)
        codes = " ".join(f.code for r in results for f in r.findings)
        metrics = [{k: r.metrics[k] for k in KEYS if k in r.metrics} for r in results]
        for result in results:
            picture = Image.open(io.BytesIO(result.data)) if result.data else Image.new("RGB", (200, 200), "grey")
            x = _paste(canvas, picture.convert("RGB"), x) + 10
    except ImageLoadError as exc:
        codes, metrics = exc.finding.code, []
    draw.text((4, PIC_H + 4), f"{path.name} [{slot.value}]: {codes}", fill=(0, 0, 0))
    draw.text((4, PIC_H + 20), str(metrics)[:300], fill=(0, 0, 0))
    return canvas


def _paste(canvas: Image.Image, picture: Image.Image, x: int) -> int:
    picture.thumbnail((700, PIC_H))
    canvas.paste(picture, (x, 0))
    return x + picture.width


def sources(folder: Path) -> list[tuple[Slot, Path]]:
    from tests.test_handheld_proof import _pdf

    hand = folder / "synthetic_handheld.jpg"
    Image.fromarray(handheld_photo(TESTDATA, size=(3000, 4000))).save(hand, quality=92)
    pdf = _pdf(folder / "synthetic_proof.pdf")
    rows = [(Slot.SIGNATURE, p) for p in sorted((TESTDATA / "signature").iterdir())]
    rows += [(Slot.ID_FRONT, p) for p in sorted((TESTDATA / "document").iterdir())]
    return [*rows, (Slot.ID_HANDHELD, hand), (Slot.PROOF, pdf)]


def main(out: str = "/tmp/documents_sheet.png") -> None:
    rules = load_rules()
    with tempfile.TemporaryDirectory() as name:
        rows = []
        for slot, path in sources(Path(name)):
            if path.suffix == ".pdf":
                rows.append(_pdf_row(slot, path, rules))
            else:
                rows.append(row(slot, path, rules))
    sheet = Image.new("RGB", (WIDTH, ROW_H * len(rows)), "white")
    for index, picture in enumerate(rows):
        sheet.paste(picture, (0, index * ROW_H))
    sheet.save(out)
    print(out)


def _pdf_row(slot: Slot, path: Path, rules) -> Image.Image:
    """A PDF has no picture to show as the source: the row shows the pages only."""
    canvas = Image.new("RGB", (WIDTH, ROW_H), (200, 200, 200))
    draw = ImageDraw.Draw(canvas)
    results = process_file(slot, path, rules)
    x = 0
    for result in results:
        x = _paste(canvas, Image.open(io.BytesIO(result.data)).convert("RGB"), x) + 10
    codes = " ".join(f.code for r in results for f in r.findings)
    draw.text((4, PIC_H + 4), f"{path.name} [{slot.value}]: {codes}", fill=(0, 0, 0))
    draw.text((4, PIC_H + 20), str([{k: r.metrics[k] for k in KEYS if k in r.metrics} for r in results])[:300],
              fill=(0, 0, 0))
    return canvas


if __name__ == "__main__":
    main(*sys.argv[1:])
