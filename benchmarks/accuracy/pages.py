"""The sheet's rows drawn as PNG pages (``FOLDER/pages/NN.png``), for a viewer without a browser.

Each row: the source (the thumbnail the HTML sheet already wrote: no second decode), the
outputs, and the words: file, expected and got, the codes and the Chinese messages as the
user reads them, and the review. Written after :func:`sheet.write_sheet`.
"""

from __future__ import annotations

import io
import textwrap
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from benchmarks.accuracy.corpus import Run
from benchmarks.accuracy.review import Review
from benchmarks.accuracy.sheet import thumbnail_path
from wizard.case.messages import render
from wizard.case.rules import RulePack

WIDTH, ROW, PIC, ROWS_PER_PAGE = 1500, 330, 310, 6
FONTS = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/noto/NotoSansCJK-Regular.ttc",
)


def write_pages(folder: Path, runs: list[Run], reviews: dict[str, Review], rules: RulePack) -> list[Path]:
    (folder / "pages").mkdir(parents=True, exist_ok=True)
    font = _font()
    written = []
    for start in range(0, len(runs), ROWS_PER_PAGE):
        chunk = runs[start : start + ROWS_PER_PAGE]
        page = Image.new("RGB", (WIDTH, ROW * len(chunk)), "white")
        for n, run in enumerate(chunk):
            page.paste(_row(folder, run, reviews.get(run.expectation.file), rules, font, start + n), (0, n * ROW))
        path = folder / "pages" / f"{start // ROWS_PER_PAGE + 1:02d}.png"
        page.save(path)
        written.append(path)
    return written


def _font() -> ImageFont.ImageFont:
    for candidate in FONTS:
        if Path(candidate).exists():
            return ImageFont.truetype(candidate, 15)
    return ImageFont.load_default()


def _row(folder: Path, run: Run, review: Review | None, rules: RulePack, font, index: int) -> Image.Image:
    wrong = not run.decision_right or run.reason == "wrong"
    canvas = Image.new("RGB", (WIDTH, ROW), (255, 238, 238) if wrong else (246, 246, 246))
    x = _paste(canvas, _source(thumbnail_path(folder, index, run)), 4)
    for data in [d for d, _ in run.outputs[:3]] + run.previews[:1]:
        with Image.open(io.BytesIO(data)) as out:
            x = _paste(canvas, out.convert("RGB"), x + 8)
    if run.previews:
        ImageDraw.Draw(canvas).text((x - 150, PIC - 14), "refused, not written", fill=(200, 0, 0), font=font)
    if not run.outputs and not run.previews:
        ImageDraw.Draw(canvas).rectangle((x + 8, 4, x + 208, 150), fill=(200, 200, 200))
        x += 208
    _words(ImageDraw.Draw(canvas), run, review, rules, font, x + 14, index)
    return canvas


def _source(thumbnail: Path) -> Image.Image:
    if not thumbnail.exists():  # the loader refused the file: the sheet has no thumbnail of it
        return Image.new("RGB", (200, 150), (120, 120, 120))
    with Image.open(thumbnail) as picture:
        return picture.convert("RGB")


def _paste(canvas: Image.Image, picture: Image.Image, x: int) -> int:
    picture = picture.copy()
    picture.thumbnail((360, PIC))
    canvas.paste(picture, (x, 4))
    return x + picture.width


def _words(draw: ImageDraw.ImageDraw, run: Run, review: Review | None, rules: RulePack, font, x: int, index: int):
    e = run.expectation
    lines = [f"#{index} {e.file}", f"expected {e.expect.value} · got {run.verdict.value} {run.reason}",
             f"tags {', '.join(e.tags)}"]
    for f in run.findings:
        lines += textwrap.wrap(f"[{f.severity.value}] {f.code}: {render(f, rules)}", width=max(20, (WIDTH - x) // 16))
    if review:
        lines.append(f"review: {review.verdict} {review.note}" + (" (stale)" if review.output != run.output_id else ""))
    for n, line in enumerate(lines[:19]):
        draw.text((x, 4 + n * 17), line, fill=(0, 0, 0), font=font)
