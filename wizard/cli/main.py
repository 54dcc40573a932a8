"""The ``jzs-wizard`` command line: the same ``wizard`` functions the GUI calls.

Exit codes, for every command: 0 = no error findings, 1 = the input was read but has
error findings, 2 = could not run (unreadable input, bad arguments). ``--json`` prints
one object ``{"ok", "findings": [{"code", "severity", "field", "message"}], "output",
"metrics"}``; without it, a readable list in the chosen language (Chinese by default).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn

from wizard import __version__
from wizard.bundle.staging import make_staging, recover, swap_in, write_file
from wizard.case.findings import Finding, Severity, has_errors
from wizard.case.messages import DEFAULT_LANG, LANGUAGES, render, severity_name
from wizard.case.model import Adjustment, CaseFileError, Slot, load_case
from wizard.case.rules import RulePack, RulePackError, load_rules
from wizard.case.validate import validate
from wizard.cli.bundle_commands import add_bundle_commands
from wizard.cli.outcome import EXIT_CANNOT_RUN, EXIT_FINDINGS, EXIT_OK, CannotRun, Outcome
from wizard.cli.terminal import printable, printable_json
from wizard.imaging.face import FaceModelError
from wizard.imaging.load import ImageLoadError
from wizard.imaging.process import NoEngine, process_file
from wizard.imaging.result import ProcessResult
from wizard.platform.atomic import write_bytes_atomic


class _Parser(argparse.ArgumentParser):
    """argparse that reports bad arguments in Chinese, with exit code 2."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_CANNOT_RUN, f"参数错误：{printable(message)}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="jzs-wizard", description="建造师材料助手：离线准备“信息修改及材料补充”所需的全部材料。")
    parser.add_argument("--version", action="version", version=_version_line())
    parser.add_argument("--lang", choices=LANGUAGES, default=DEFAULT_LANG, help="提示语言（默认简体中文）")
    sub = parser.add_subparsers(dest="command", metavar="命令")
    p_validate = sub.add_parser("validate", help="检查案件文件是否符合办事指南的要求")
    p_validate.add_argument("case", help="案件文件（JSON）")
    p_validate.add_argument("--json", action="store_true", help="以 JSON 输出")
    p_validate.set_defaults(run=_cmd_validate)
    p_process = sub.add_parser("process", help="把一张图片处理成可上传的附件（如一寸白底免冠照）")
    p_process.add_argument("source", metavar="SRC", help="原始图片（或证明材料 PDF）")
    p_process.add_argument("--slot", required=True, choices=[s.value for s in Slot], help="上传项")
    p_process.add_argument("-o", "--output", required=True, metavar="OUT", help="输出文件（多页时为文件夹）")
    p_process.add_argument("--json", action="store_true", help="以 JSON 输出")
    p_process.add_argument("--no-background", action="store_true", help="不替换背景")
    p_process.add_argument("--crop", type=_crop_box, metavar="X,Y,W,H", help="手动裁剪框（原图像素）")
    p_process.add_argument("--rotate", type=int, default=0, metavar="N", help="顺时针旋转 N 个 90°")
    p_process.add_argument("--ink", type=int, default=0, choices=range(-3, 4), metavar="-3..3",
                           help="手写签名的笔迹浓淡：正数保留更淡的笔迹，负数只保留更深的笔迹（默认 0）")
    p_process.set_defaults(run=_cmd_process)
    p_read = sub.add_parser("read-id", help="离线识别身份证图片上的文字，并可与案件文件核对")
    p_read.add_argument("source", metavar="SRC", help="身份证正面或背面的图片（最好是处理后的平整图片）")
    p_read.add_argument("--side", choices=["front", "back"], help="哪一面（默认自动判断）")
    p_read.add_argument("--case", metavar="CASE", help="与该案件文件中填写的信息核对")
    p_read.add_argument("--json", action="store_true", help="以 JSON 输出（含完整号码）")
    p_read.set_defaults(run=_cmd_read_id)
    add_bundle_commands(sub)
    return parser


def _crop_box(text: str) -> tuple[int, int, int, int]:
    try:
        x, y, w, h = (int(part) for part in text.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(f"裁剪框应为 X,Y,W,H 四个整数，实际为 {text!r}") from None
    if w <= 0 or h <= 0 or x < 0 or y < 0:
        raise argparse.ArgumentTypeError(f"裁剪框的位置不能为负、宽高必须大于 0：{text!r}")
    return x, y, w, h


def _version_line() -> str:
    try:
        pack = load_rules().pack.version
    except (RulePackError, OSError) as exc:
        pack = f"（无法读取：{exc}）"
    return f"jzs-wizard {__version__}（规则包 {pack}）"


def _cmd_validate(args: argparse.Namespace, rules: RulePack) -> Outcome:
    try:
        case = load_case(args.case)
    except CaseFileError as exc:
        raise CannotRun(str(exc)) from None
    labels = [rules.changes[c].label for c in sorted(case.changes, key=lambda c: c.value)]
    heading = [f"案件文件：{args.case}", f"修改类型：{'、'.join(labels) or '（未选择）'}"]
    return Outcome(validate(case, rules), heading=heading)


def _cmd_process(args: argparse.Namespace, rules: RulePack) -> Outcome:
    slot = Slot(args.slot)
    if _same_file(Path(args.output), Path(args.source)):  # even a read-only original would be replaced
        raise CannotRun(f"输出文件 {args.output} 就是原图本身，写入会覆盖原图。请用 -o 指定另一个文件名。")
    adjust = Adjustment(rotation=args.rotate, crop_box=args.crop, replace_background=not args.no_background,
                        ink_strength=args.ink)
    try:
        results = process_file(slot, args.source, rules, adjust)
    except ImageLoadError as exc:
        raise CannotRun(render(exc.finding, rules, args.lang)) from None
    except NoEngine:
        raise CannotRun(f"“{rules.slots[slot].label}”（{slot.value}）的处理功能尚未提供") from None
    except FaceModelError as exc:  # a broken installation, not a problem of the picture
        raise CannotRun(str(exc)) from None
    findings = [f for result in results for f in result.findings]
    heading = [f"原图：{args.source}", f"上传项：{rules.slots[slot].label}"]
    output = _write_results(results, Path(args.output)) if not has_errors(findings) else None
    return Outcome(findings, output, _metrics(results), heading)


def _cmd_read_id(args: argparse.Namespace, rules: RulePack) -> Outcome:
    import datetime as dt

    from wizard.idcard.ocr import OcrUnavailable
    from wizard.idcard.report import read_id

    try:
        report = read_id(args.source, args.side, args.case, rules, dt.date.today())
    except ImageLoadError as exc:
        raise CannotRun(render(exc.finding, rules, args.lang)) from None
    except (CaseFileError, OcrUnavailable) as exc:
        raise CannotRun(str(exc)) from None
    return Outcome(report.findings, None, report.metrics, report.heading)


def _write_results(results: list[ProcessResult], out: Path) -> str | None:
    """One result goes to ``out``; several (a multi-page proof) to ``out/<stem>_<n>.jpg``."""
    usable = [r for r in results if r.data]
    try:
        if len(usable) == 1:
            write_bytes_atomic(out, usable[0].data, private=False)
            return str(out)
        if usable:
            _write_pages(usable, out)
            return str(out)
    except OSError as exc:
        raise CannotRun(f"无法写入输出 {out}：{exc.strerror or exc}") from None
    return None


def _same_file(out: Path, source: Path) -> bool:
    try:
        return out.exists() and os.path.samefile(out, source)
    except OSError:
        return False


def _write_pages(results: list[ProcessResult], out: Path) -> None:
    """All pages or none: they are written into a hidden folder beside ``out`` and renamed into place,
    so a process killed half-way leaves no page at ``out`` (the next run removes its hidden folder)."""
    names = [f"{out.stem}_{n}.{_EXTENSIONS[r.fmt]}" for n, r in enumerate(results, start=1)]
    if out.exists() and (not out.is_dir() or any(not _earlier_page(p.name, out.stem) for p in out.iterdir())):
        raise CannotRun(f"输出文件夹 {out} 已存在，且其中有其他文件。多页结果需要一个新的或只有上次页面的文件夹，"
                        "请用 -o 指定另一个文件夹。")
    out.parent.mkdir(parents=True, exist_ok=True)
    recover(out)
    staging = make_staging(out)
    try:
        for name, result in zip(names, results, strict=True):
            write_file(staging / name, result.data)
        os.chmod(staging, 0o755)  # like the single files written for the user: not private
        swap_in(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _earlier_page(name: str, stem: str) -> bool:
    return re.fullmatch(rf"{re.escape(stem)}_\d+\.(?:jpg|png|gif|bmp)", name) is not None


_EXTENSIONS = {"jpeg": "jpg", "png": "png", "gif": "gif", "bmp": "bmp"}


def _metrics(results: list[ProcessResult]) -> dict[str, Any]:
    if len(results) == 1:
        return results[0].metrics
    return {"pages": [r.metrics for r in results]}


def main(argv: Sequence[str] | None = None, *, pdf_renderer: Callable[[str, Path], None] | None = None) -> int:
    """Run one command; ``pdf_renderer`` (html, pdf path) prints the checklist for ``export``."""
    _utf8_stdio()
    parser = build_parser()
    args = parser.parse_args(argv)
    args.pdf_renderer = pdf_renderer
    run: Callable[[argparse.Namespace, RulePack], Outcome] | None = getattr(args, "run", None)
    if run is None:
        parser.print_help()
        return EXIT_CANNOT_RUN
    as_json = getattr(args, "json", False)
    try:
        outcome = run(args, load_rules())
    except (CannotRun, RulePackError) as exc:
        return _report_cannot_run(str(exc), as_json, args.lang)
    _print_outcome(outcome, load_rules(), args.lang, as_json)
    return EXIT_FINDINGS if has_errors(outcome.findings) else EXIT_OK


def _report_cannot_run(message: str, as_json: bool, lang: str) -> int:
    if as_json:
        finding = {"code": "input.unusable", "severity": "error", "field": "", "message": message}
        _print_json({"ok": False, "findings": [finding], "output": None, "metrics": {}})
    else:
        prefix = "Cannot run: " if lang == "en" else "无法完成："
        print(printable(prefix + message), file=sys.stderr)
    return EXIT_CANNOT_RUN


def _print_outcome(outcome: Outcome, rules: RulePack, lang: str, as_json: bool) -> None:
    if as_json:
        findings = [
            {"code": f.code, "severity": f.severity.value, "field": f.field, "message": render(f, rules, lang)}
            for f in outcome.findings
        ]
        ok = not has_errors(outcome.findings)
        _print_json({"ok": ok, "findings": findings, "output": outcome.output, "metrics": outcome.metrics})
        return
    # every line is made printable: file and member names may carry terminal escapes
    for line in outcome.heading:
        print(printable(line))
    for f in outcome.findings:
        print(printable(f"[{severity_name(f, lang)}] {f.field or '-'}：{render(f, rules, lang)}"))
    print(_summary(outcome.findings))
    if outcome.output:
        print(printable(f"输出：{outcome.output}"))


def _summary(findings: list[Finding]) -> str:
    count = {s: sum(1 for f in findings if f.severity is s) for s in Severity}
    if count[Severity.ERROR]:
        return f"结论：{count[Severity.ERROR]} 个错误、{count[Severity.WARNING]} 个警告，请改正错误后再继续。"
    if count[Severity.WARNING]:
        return f"结论：没有错误，{count[Severity.WARNING]} 个警告请逐一确认。"
    return "结论：没有发现问题。"


def _print_json(data: dict[str, Any]) -> None:
    print(printable_json(json.dumps(data, ensure_ascii=False, indent=2)))


def _utf8_stdio() -> None:
    """Chinese text must not crash a Windows console set to a legacy code page."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure:
            reconfigure(encoding="utf-8", errors="replace")


if __name__ == "__main__":
    sys.exit(main())
