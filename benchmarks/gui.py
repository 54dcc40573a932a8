"""GUI responsiveness: cold start to the first page, and the longest GUI-thread stall while a
12-megapixel photo is processed. A script that prints figures, not a test.

    python -m benchmarks.gui [--runs 5]

Cold start is measured in a fresh process each run (imports included), from process start to
the first page painted. The stall is measured with a 10 ms heartbeat timer on the GUI thread
while the photo slot processes a 12 MP JPEG on the pool: the longest gap between beats,
minus the 10 ms period, is the longest time the GUI could not respond.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.measure import FULL, Plan
from benchmarks.table import Row, measured

ROOT = Path(__file__).resolve().parents[1]
COLD_TARGET_S, STALL_TARGET_MS = 1.5, 100.0
GUI_RUNS = 5

COLD_CHILD = """
import time, sys
t0 = float(sys.argv[1])
import os
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from ui.app import main
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
def shown():
    print(f"{time.time() - t0:.4f}", flush=True)
    QApplication.instance().quit()
QTimer.singleShot(0, shown)  # runs once the event loop has shown and painted the first page
main([])
"""


FLOOR_CHILD = """
import time, sys
t0 = float(sys.argv[1])
import PySide6.QtWidgets
print(f"{time.time() - t0:.4f}", flush=True)
"""


def cold_start(runs: int, warm_up: bool = True, child: str = COLD_CHILD) -> list[float]:
    """Seconds from starting a fresh Python to ``child``'s printed moment, once per run."""
    times = []
    with tempfile.TemporaryDirectory() as data:
        env = {**os.environ, "JZS_WIZARD_DATA": data, "XDG_CONFIG_HOME": data, "QT_QPA_PLATFORM": "offscreen"}
        for _ in range(runs + warm_up):  # the warm-up run fills the disk cache and is dropped
            done = subprocess.run([sys.executable, "-c", child, repr(time.time())], cwd=ROOT, env=env,
                                  capture_output=True, text=True, timeout=120, check=True)
            times.append(float(done.stdout.strip().splitlines()[-1]))
    return times[1:] if warm_up else times


def make_12mp(folder: Path, size: tuple[int, int] = (3000, 4000)) -> Path:
    from PIL import Image

    source = ROOT.parent / "shared" / "testdata" / "portrait" / "plain_grey_bg_man_suit_halfbody.jpg"
    image = Image.open(source).convert("RGB") if source.exists() else Image.new("RGB", (576, 768), (200, 200, 200))
    path = folder / "portrait_12mp.jpg"
    image.resize(size, Image.Resampling.LANCZOS).save(path, quality=92)
    return path


def gui_stall(runs: int, warm_up: bool = False, size: tuple[int, int] = (3000, 4000)) -> list[float]:
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    data = tempfile.mkdtemp()
    os.environ["JZS_WIZARD_DATA"] = data
    from PySide6.QtCore import QElapsedTimer, QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    from ui.main_window import MaterialsWizard
    from ui.pages.ids import PageId
    from wizard.case.model import Change
    from wizard.case.rules import load_rules
    from wizard.imaging import process

    app = QApplication.instance() or QApplication([])
    window = MaterialsWizard(load_rules(), settings=QSettings(f"{data}/s.ini", QSettings.Format.IniFormat))
    window.resize(1280, 800)
    window.show()
    window.start_page.new_button.click()
    window.session.update(lambda case: setattr(case, "changes", {Change.PHOTO}))
    slot = window.page(PageId.PHOTO).slot_widgets[0]
    photo = make_12mp(Path(data), size)
    stalls = []
    for _ in range(runs + warm_up):
        process._LAST.clear()  # a cold picture each time: decoding included
        gaps, clock = [], QElapsedTimer()
        beat = QTimer(interval=10)
        beat.timeout.connect(lambda gaps=gaps, clock=clock: gaps.append(clock.restart()))
        clock.start()
        beat.start()
        slot.set_source(str(photo))
        while window.runner.is_busy():
            app.processEvents()
            time.sleep(0.001)
        app.processEvents()
        beat.stop()
        stalls.append(max(gaps) - 10.0 if gaps else 0.0)
    window.done(0)  # finish as 取消 after the question: close() would ask, and nobody answers here
    return stalls[1:] if warm_up else stalls


def rows(plan: Plan = FULL) -> list[Row]:
    runs = 1 if plan.quick else GUI_RUNS
    cold = statistics.median(cold_start(runs, plan.warm_up))
    floor = statistics.median(cold_start(runs, plan.warm_up, FLOOR_CHILD))
    stalls = gui_stall(runs, plan.warm_up, (900, 1200) if plan.quick else (3000, 4000))
    photo = "1 MP (quick)" if plan.quick else "12 MP"
    return [measured("GUI cold start to first page", cold, "s", target=COLD_TARGET_S, floor=floor,
                     floor_what="import QtWidgets", note="fresh process, offscreen"),
            measured(f"GUI longest stall, {photo} photo processed", statistics.median(stalls), "ms",
                     target=STALL_TARGET_MS, note=f"worst of {len(stalls)} run(s) {max(stalls):.0f} ms")]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs")
    cold = cold_start(args.runs)
    median = statistics.median(cold)
    print(f"cold start to first page: median {median:.3f} s over {len(cold)} runs "
          f"(min {min(cold):.3f}, max {max(cold):.3f}); target ≤ {COLD_TARGET_S} s: "
          f"{'meets' if median <= COLD_TARGET_S else f'misses by {median - COLD_TARGET_S:.3f} s'}")
    stalls = gui_stall(args.runs)
    worst = max(stalls)
    print(f"longest GUI-thread stall while a 12 MP photo is processed: worst {worst:.0f} ms, "
          f"median {statistics.median(stalls):.0f} ms over {len(stalls)} runs; target ≤ {STALL_TARGET_MS:.0f} ms: "
          f"{'meets' if worst <= STALL_TARGET_MS else f'misses by {worst - STALL_TARGET_MS:.0f} ms'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
