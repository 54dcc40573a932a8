"""``--sheet FOLDER``: one HTML page with every source, result and finding, for a person's review.

Each row shows the source, the result (or "no output"), the findings in Chinese as the user
reads them, what the clerk expects, and the review from ``benchmarks/review.tsv``. The
synthetic suites follow, each case with its picture and score. Pictures are written beside the
page (``img/``), so the folder can be opened anywhere. The same rows are also drawn as PNG
pages (``pages/``) for a viewer without a browser.
"""

from __future__ import annotations

import html
import io
import shutil
from pathlib import Path
from string import Template

from PIL import Image

from benchmarks.accuracy.corpus import TESTDATA, Run
from benchmarks.accuracy.review import Review
from benchmarks.accuracy.synthetic import Suite
from wizard.case.messages import render
from wizard.case.rules import RulePack
from wizard.imaging.load import ImageLoadError, load_image

TEMPLATES = Path(__file__).with_name("templates")
EXTENSIONS = {"jpeg": "jpg", "png": "png", "gif": "gif", "bmp": "bmp"}
THUMB = (480, 360)


def _template(name: str) -> Template:
    return Template((TEMPLATES / name).read_text(encoding="utf-8"))


def write_sheet(folder: Path, runs: list[Run], reviews: dict[str, Review], suites: list[Suite],
                rules: RulePack, heading: dict[str, str]) -> Path:
    """Write ``folder/index.html`` (and its pictures); returns the page's path."""
    (folder / "img").mkdir(parents=True, exist_ok=True)
    shutil.copy(TEMPLATES / "sheet.css", folder / "sheet.css")
    rows = "\n".join(_row(folder, index, run, reviews.get(run.expectation.file), rules)
                     for index, run in enumerate(runs))
    synthetic = "\n".join(_suite_html(suite) for suite in suites)
    page = _template("sheet.html").substitute(
        date=html.escape(heading["date"]), machine=html.escape(heading["machine"]), count=len(runs),
        summary=html.escape(heading["summary"]), rows=rows, synthetic=synthetic)
    index = folder / "index.html"
    index.write_text(page, encoding="utf-8")
    return index


def picture_stem(index: int, run: Run) -> str:
    """The file-name stem of row ``index``'s pictures under ``img/`` (the PNG pages reuse them)."""
    return f"{index:03d}_{Path(run.expectation.file).stem}"


def thumbnail_path(folder: Path, index: int, run: Run) -> Path:
    return folder / "img" / f"{picture_stem(index, run)}_src.jpg"


def _row(folder: Path, index: int, run: Run, review: Review | None, rules: RulePack) -> str:
    e = run.expectation
    stem = picture_stem(index, run)
    source = _write_thumbnail(TESTDATA / e.file, thumbnail_path(folder, index, run))
    outputs = "".join(_output_html(folder, f"{stem}_out{n}", data, fmt) for n, (data, fmt) in enumerate(run.outputs))
    outputs += "".join(_output_html(folder, f"{stem}_refused{n}", data, "png", "未通过，未输出 / refused, not written")
                       for n, data in enumerate(run.previews))
    stale = review is not None and review.output != run.output_id
    silent = review is not None and not stale and review.verdict == "defect" and run.verdict.value == "accept"
    wrong = not run.decision_right or run.reason == "wrong"
    return _template("row.html").substitute(
        rowclass="silent" if silent else "wrong" if wrong else "", anchor=html.escape(stem),
        source=f"img/{source}" if source else "", file=html.escape(e.file),
        outputs=outputs or '<span class="none">无结果 / no output</span>',
        findings="".join(f'<li class="{f.severity.value}">{html.escape(render(f, rules))} '
                         f'<span class="small">{f.code}</span></li>' for f in run.findings),
        expect=e.expect.value, got=run.verdict.value, gotclass=run.verdict.value,
        reason=f"· 理由 reason: {run.reason}" if run.reason else "", tags=html.escape(", ".join(e.tags)),
        review=_review_text(review, stale), note=html.escape(review.note if review else ""),
        seconds=f"{run.seconds:.2f}", output_id=run.output_id)


def _review_text(review: Review | None, stale: bool) -> str:
    if review is None:
        return "未评审 / not reviewed"
    return f"{review.verdict}（结果已变，需重看 / stale）" if stale else review.verdict


def _write_thumbnail(path: Path, target: Path) -> str:
    """A small JPEG of the source as the program reads it (oriented, alpha on white)."""
    try:
        picture = Image.fromarray(load_image(path).rgb)
    except ImageLoadError:
        return ""
    picture.thumbnail(THUMB)
    picture.save(target, quality=85)
    return target.name


def _output_html(folder: Path, stem: str, data: bytes, fmt: str, label: str = "") -> str:
    name = f"{stem}.{EXTENSIONS.get(fmt, 'bin')}"
    (folder / "img" / name).write_bytes(data)
    with Image.open(io.BytesIO(data)) as picture:
        size = f"{picture.width}×{picture.height}"
    caption = html.escape(label) if label else f"{size}, {len(data) // 1000} KB"
    return f'<img src="img/{name}" alt="{name}"><div class="small">{caption}</div>'


def _suite_html(suite: Suite) -> str:
    rows = []
    for case in suite.cases:
        scores = ", ".join(f"{k} {v:.3f}" for k, v in case.scores.items())
        rows.append(_template("synth_row.html").substitute(
            rowclass="silent" if case.silent else "" if case.good else "wrong",
            source=_img(case.source_image), output=_img(case.output_image), name=html.escape(case.name),
            got=case.verdict.value, gotclass=case.verdict.value, expect=case.expected.value,
            scores=html.escape(scores), codes=html.escape(", ".join(case.codes))))
    return _template("synth.html").substitute(
        name=html.escape(suite.name), summary=html.escape(suite.summary()), rows="\n".join(rows))


def _img(relative: str) -> str:
    return f'<img src="{html.escape(relative)}" loading="lazy">' if relative else '<span class="none">—</span>'
