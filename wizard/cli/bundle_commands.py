"""``jzs-wizard export`` and ``jzs-wizard check``: the bundle commands of the command line.

Kept apart from :mod:`wizard.cli.main` so that file stays small. Export needs a PDF renderer
(Qt prints the checklist); ``wizard`` cannot import Qt, so :func:`wizard.cli.main.main` receives
one from the launcher (``ui.launcher`` passes ``ui.pdf.render_pdf``) and puts it on the
parsed arguments. Exit codes as for every command: 1 for a refused case or a bundle with
error findings, 2 for a bundle that cannot be opened or a zip that is unsafe.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Any

from wizard.bundle.check import BundleUnreadable, check
from wizard.bundle.export import Bundle, ExportFailed, ExportRefused, export
from wizard.case.messages import render
from wizard.case.model import CaseFileError, load_case
from wizard.case.rules import RulePack
from wizard.cli.outcome import CannotRun, Outcome

NO_RENDERER = ("导出需要打印“清单.pdf”的图形组件，而当前的启动方式没有提供。"
               "请用 jzs-wizard export 命令（而不是 python -m wizard）导出，或在程序窗口中导出。")


def add_bundle_commands(sub: Any) -> None:
    """Add ``export`` and ``check`` to the subcommands of :func:`wizard.cli.main.build_parser`."""
    p_export = sub.add_parser("export", help="导出可直接上传的材料文件夹（含清单 PDF 和填写内容）")
    p_export.add_argument("case", metavar="CASE", help="案件文件（JSON）")
    p_export.add_argument("-o", "--output", required=True, metavar="OUTDIR", help="导出到哪个文件夹")
    p_export.add_argument("--zip", action="store_true", help="同时生成同名的 .zip 压缩包")
    p_export.add_argument("--json", action="store_true", help="以 JSON 输出")
    p_export.set_defaults(run=cmd_export)
    p_check = sub.add_parser("check", help="重新核对导出的材料文件夹或 zip 压缩包")
    p_check.add_argument("bundle", metavar="BUNDLE_DIR_OR_ZIP", help="导出的文件夹或 .zip")
    p_check.add_argument("--json", action="store_true", help="以 JSON 输出")
    p_check.set_defaults(run=cmd_check)


def cmd_export(args: argparse.Namespace, rules: RulePack) -> Outcome:
    renderer = getattr(args, "pdf_renderer", None)
    if renderer is None:
        raise CannotRun(NO_RENDERER)
    try:
        case = load_case(args.case)
    except CaseFileError as exc:
        raise CannotRun(str(exc)) from None
    heading = [f"案件文件：{args.case}"]
    started = time.perf_counter()
    try:
        bundle = export(case, rules, Path(args.output), pdf_renderer=renderer, zip_too=args.zip)
    except ExportRefused as exc:
        return Outcome(exc.findings, heading=[*heading, "存在错误，未导出。"])
    except ExportFailed as exc:
        raise CannotRun(str(exc)) from None
    metrics = _export_metrics(bundle, time.perf_counter() - started)
    if bundle.zip_path:
        heading.append(f"压缩包：{bundle.zip_path}")
    return Outcome(bundle.warnings, str(bundle.path), metrics, heading)


def _export_metrics(bundle: Bundle, seconds: float) -> dict[str, Any]:
    return {
        "seconds": round(seconds, 3),
        "zip": str(bundle.zip_path) if bundle.zip_path else None,
        "files": [{k: e[k] for k in ("name", "slot", "bytes", "sha256")} for e in bundle.manifest["files"]],
    }


def cmd_check(args: argparse.Namespace, rules: RulePack) -> Outcome:
    try:
        findings = check(args.bundle, rules)
    except BundleUnreadable as exc:
        raise CannotRun(render(exc.finding, rules, args.lang)) from None
    return Outcome(findings, heading=[f"导出的材料：{args.bundle}"])
