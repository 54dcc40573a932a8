"""Kill the program at random moments while it autosaves and while it exports, many times, and
count the losses: a draft that no longer loads, a save that was confirmed and then lost, or a
half-written bundle at the target name.

    python tools/crash_runs.py --runs 60

Prints one line per run and a summary; exits 1 on any loss. (CI runs a short version of the
export case in tests/test_bundle.py; this is the long run.)
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

AUTOSAVE_CHILD = """
import sys
from wizard.case import drafts
from wizard.case.model import Case, Change
case = Case(changes={Change.BASIC_INFO})
print("ready", flush=True)
i = 0
while True:
    i += 1
    case.applicant.school = f"学校{i}" * 50
    drafts.save_draft("crash", case)
    print(i, flush=True)
"""

EXPORT_CHILD = """
import sys, datetime as dt
from pathlib import Path
from ui.pdf import render_pdf
from wizard.bundle.export import export
from wizard.case.model import load_case
from wizard.case.rules import load_rules
case, rules = load_case(sys.argv[1]), load_rules()
print("ready", flush=True)
while True:
    export(case, rules, Path(sys.argv[2]), pdf_renderer=render_pdf, zip_too=True, today=dt.date(2026, 11, 23))
"""


def _start(code: str, *args: str, env: dict) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", code, *args], env=env, stdout=subprocess.PIPE, text=True, cwd=ROOT)
    assert proc.stdout.readline().strip() == "ready"
    return proc


def autosave_run(rng: random.Random, data: Path) -> str | None:
    """One kill during autosave; returns a description of the loss, or None."""
    from wizard.case import drafts
    from wizard.case.model import CaseFileError

    env = {**os.environ, drafts.DATA_ENV: str(data)}
    proc = _start(AUTOSAVE_CHILD, env=env)
    time.sleep(rng.uniform(0.05, 0.6))
    proc.send_signal(signal.SIGKILL)
    confirmed = [int(line) for line in proc.stdout.read().split() if line.isdigit()]
    proc.wait()
    os.environ[drafts.DATA_ENV] = str(data)
    try:
        case = drafts.load_draft("crash")
    except CaseFileError as exc:
        return f"draft does not load: {exc}"
    saved = int(case.applicant.school.split("学校")[1]) if case.applicant.school else 0
    last = confirmed[-1] if confirmed else 0
    return None if saved >= last else f"confirmed save {last} lost (draft has {saved})"


def export_run(rng: random.Random, case_file: Path, out: Path, rules) -> tuple[str | None, bool]:
    from wizard.bundle.check import check
    from wizard.case.findings import has_errors

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    proc = _start(EXPORT_CHILD, str(case_file), str(out), env=env)
    time.sleep(rng.uniform(0.0, 0.8))
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    mid_export = any(p.name.startswith(".") for p in out.iterdir())
    for target in [p for p in out.iterdir() if not p.name.startswith(".")]:
        if has_errors(check(target, rules)):
            return f"half-written bundle at the target name: {target.name}", mid_export
    return None, mid_export


def prepared_case(folder: Path) -> Path:
    from tests.conftest import make_case
    from wizard.case.model import save_case

    case = make_case("photo", folder)
    return save_case(case, folder / "case.json")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=60)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    work = Path(tempfile.mkdtemp(prefix="jzs-crash-"))
    losses = []
    for run in range(1, args.runs + 1):
        loss = autosave_run(rng, work / "data")
        print(f"autosave run {run}: {'LOSS ' + loss if loss else 'ok'}", flush=True)
        losses += [loss] if loss else []
    from wizard.case.rules import load_rules

    rules = load_rules()
    case_file = prepared_case(work)
    out = work / "out"
    out.mkdir()
    mid = 0
    for run in range(1, args.runs + 1):
        loss, mid_export = export_run(rng, case_file, out, rules)
        mid += mid_export
        print(f"export run {run}: {'LOSS ' + loss if loss else 'ok'}{' (killed mid-export)' if mid_export else ''}",
              flush=True)
        losses += [loss] if loss else []
    print(f"summary: {args.runs} autosave kills, {args.runs} export kills ({mid} caught mid-export), "
          f"{len(losses)} losses")
    return 1 if losses else 0


if __name__ == "__main__":
    sys.exit(main())
