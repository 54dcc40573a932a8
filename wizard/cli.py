"""The ``jzs-wizard`` command line: the same ``wizard`` functions the GUI calls.

Exit codes, for every command: 0 = no error findings, 1 = the input was read but has
error findings, 2 = could not run (unreadable input, bad arguments). ``--json`` prints
one object ``{"ok", "findings": [{"code", "severity", "field", "message"}], "output",
"metrics"}``; without it, a readable list in the chosen language (Chinese by default).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, NoReturn

from wizard import __version__
from wizard.case import CaseFileError, load_case
from wizard.findings import Finding, Severity, has_errors
from wizard.messages import DEFAULT_LANG, LANGUAGES, render, severity_name
from wizard.rules import RulePack, RulePackError, load_rules
from wizard.validate import validate

EXIT_OK, EXIT_FINDINGS, EXIT_CANNOT_RUN = 0, 1, 2


@dataclass
class Outcome:
    """What a command produced: findings, and for some commands an output path and metrics."""

    findings: list[Finding]
    output: str | None = None
    metrics: dict[str, Any] = field(default_factory=dict)
    heading: list[str] = field(default_factory=list)  # extra lines for the readable form


class CannotRun(Exception):
    """The command could not do its work; the message is for the user (Chinese)."""


class _Parser(argparse.ArgumentParser):
    """argparse that reports bad arguments in Chinese, with exit code 2."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_CANNOT_RUN, f"参数错误：{message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="jzs-wizard", description="建造师材料助手：离线准备“信息修改及材料补充”所需的全部材料。")
    parser.add_argument("--version", action="version", version=_version_line())
    parser.add_argument("--lang", choices=LANGUAGES, default=DEFAULT_LANG, help="提示语言（默认简体中文）")
    sub = parser.add_subparsers(dest="command", metavar="命令")
    p_validate = sub.add_parser("validate", help="检查案件文件是否符合办事指南的要求")
    p_validate.add_argument("case", help="案件文件（JSON）")
    p_validate.add_argument("--json", action="store_true", help="以 JSON 输出")
    p_validate.set_defaults(run=_cmd_validate)
    return parser


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


def main(argv: Sequence[str] | None = None) -> int:
    _utf8_stdio()
    parser = build_parser()
    args = parser.parse_args(argv)
    run: Callable[[argparse.Namespace, RulePack], Outcome] | None = getattr(args, "run", None)
    if run is None:
        parser.print_help()
        return EXIT_CANNOT_RUN
    as_json = getattr(args, "json", False)
    try:
        outcome = run(args, load_rules())
    except (CannotRun, RulePackError) as exc:
        return _report_cannot_run(str(exc), as_json)
    _print_outcome(outcome, load_rules(), args.lang, as_json)
    return EXIT_FINDINGS if has_errors(outcome.findings) else EXIT_OK


def _report_cannot_run(message: str, as_json: bool) -> int:
    if as_json:
        finding = {"code": "input.unusable", "severity": "error", "field": "", "message": message}
        _print_json({"ok": False, "findings": [finding], "output": None, "metrics": {}})
    else:
        print(f"无法完成：{message}", file=sys.stderr)
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
    for line in outcome.heading:
        print(line)
    for f in outcome.findings:
        print(f"[{severity_name(f, lang)}] {f.field or '-'}：{render(f, rules, lang)}")
    print(_summary(outcome.findings))
    if outcome.output:
        print(f"输出：{outcome.output}")


def _summary(findings: list[Finding]) -> str:
    count = {s: sum(1 for f in findings if f.severity is s) for s in Severity}
    if count[Severity.ERROR]:
        return f"结论：{count[Severity.ERROR]} 个错误、{count[Severity.WARNING]} 个警告，请改正错误后再继续。"
    if count[Severity.WARNING]:
        return f"结论：没有错误，{count[Severity.WARNING]} 个警告请逐一确认。"
    return "结论：没有发现问题。"


def _print_json(data: dict[str, Any]) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def _utf8_stdio() -> None:
    """Chinese text must not crash a Windows console set to a legacy code page."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure:
            reconfigure(encoding="utf-8", errors="replace")


if __name__ == "__main__":
    sys.exit(main())
