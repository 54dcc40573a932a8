"""Peak memory of the photo engine (免冠证件照) on a 48-megapixel camera JPEG, in a fresh process.

    python -m benchmarks.memory

The child reports VmHWM from /proc/self/status: its own peak resident set. ``ru_maxrss`` would
not do, because a child started by fork+exec inherits the parent's figure. The floor is the
same child's peak after its imports and before it touches the picture.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.measure import FULL, Plan
from benchmarks.table import Row, measured, render

ROOT = Path(__file__).resolve().parents[1]
SIZE = (6000, 8000)  # 48 MP, portrait
TARGET_MB = 600.0
RUNS = 3  # the figure barely moves between runs


def peak_mb() -> float:
    """This process's peak resident set so far (VmHWM), in MB; Linux only."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise OSError("no VmHWM in /proc/self/status")


def child(path: str) -> None:
    """Run in the fresh process: import, note the peak, process the photo, note the peak again."""
    from wizard.case.model import Slot
    from wizard.case.rules import load_rules
    from wizard.imaging import process

    rules = load_rules()
    process.load_engines()
    baseline = peak_mb()
    results = process.process_file(Slot.PHOTO, path, rules)
    print(json.dumps({"baseline": baseline, "peak": peak_mb(), "codes": [f.code for f in results[0].findings]}))


def measure(path: Path) -> dict:
    done = subprocess.run([sys.executable, "-m", "benchmarks.memory", "--child", str(path)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def rows(plan: Plan = FULL) -> list[Row]:
    if not Path("/proc/self/status").exists():
        return [Row("peak RSS, 48 MP photo", "—", f"≤ {TARGET_MB:g} MB", "—", "—", "not run", "needs Linux /proc")]
    from benchmarks.inputs import camera_jpeg, portrait

    with tempfile.TemporaryDirectory() as folder:
        path = camera_jpeg(portrait("plain_grey_bg_man_suit_halfbody.jpg")[0], SIZE, Path(folder) / "48mp.jpg")
        figures = [measure(path) for _ in range(1 if plan.quick else RUNS)]
    peak = statistics.median(f["peak"] for f in figures)
    floor = statistics.median(f["baseline"] for f in figures)
    return [measured("peak RSS, 48 MP photo (fresh process)", peak, "MB", target=TARGET_MB, floor=floor,
                     floor_what="after imports", note=f"VmHWM; {len(figures)} run(s)")]


def main() -> None:
    if sys.argv[1:2] == ["--child"]:
        child(sys.argv[2])
    else:
        print(render(rows()))


if __name__ == "__main__":
    main()
