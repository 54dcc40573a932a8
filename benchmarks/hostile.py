"""Peak memory and time of the worst hostile input of each family, each in a fresh process.

    python -m benchmarks.hostile            # every family (about two minutes; the HEIC is encoded once)
    python -m benchmarks.hostile --quick    # without the inputs that take long to make

For each input the CLI runs in a new interpreter (``python -c`` calling ``wizard.cli.main.main``),
which prints its own VmHWM at exit; the PDF renderer's child is measured too (``RUSAGE_CHILDREN``).
"Worst" means both the bomb of the issue (refused from its header, cheap) and the largest input of
the family that the budget still lets through (decoded: the real cost). Target: ≤ 600 MB and
≤ 10 s for every line. It reports and never gates.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
TARGET_MB, TARGET_S = 600.0, 10.0

CHILD = """
import json, resource, sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from wizard.cli.main import main
args = json.loads(sys.argv[2])
renderer = None
if args[0] == "export":
    from ui.pdf import render_pdf as renderer
code = main(args, pdf_renderer=renderer)
peak = next(int(l.split()[1]) for l in Path("/proc/self/status").read_text().splitlines() if l.startswith("VmHWM"))
child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print("MEASURED", json.dumps({"code": code, "peak_kb": peak, "child_kb": child}), file=sys.stderr)
"""


def run(args: list[str]) -> dict:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONIOENCODING": "utf-8"}
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", CHILD, str(ROOT), json.dumps(args)], capture_output=True,
                          text=True, timeout=300, env=env)
    seconds = time.perf_counter() - started
    line = next((x for x in done.stderr.splitlines() if x.startswith("MEASURED ")), None)
    if line is None:
        return {"code": done.returncode, "peak_kb": 0, "child_kb": 0, "seconds": seconds,
                "note": "crashed: " + done.stderr.strip().splitlines()[-1][:80] if done.stderr.strip() else "crashed"}
    result = json.loads(line.split(" ", 1)[1]) | {"seconds": seconds}
    result["traceback"] = "Traceback" in done.stderr
    return result


# --- inputs at the edge of the budget (the tests' corpus holds the bombs) -------------------------


def _pillow(folder: Path, name: str, image: Image.Image, fmt: str, **options) -> Path:
    path = folder / name
    image.save(path, fmt, **options)
    return path


def edge_jpeg(folder: Path) -> Path:
    """100 MP baseline JPEG: decoded at 1/2 scale (the budget's choice)."""
    return _pillow(folder, "edge_100mp.jpg", Image.new("RGB", (10_000, 10_000), (200, 190, 180)), "JPEG", quality=80)


def edge_progressive(folder: Path) -> Path:
    """The largest progressive JPEG the budget decodes (its coefficients held whole): 6800×6800."""
    return _pillow(folder, "edge_progressive.jpg", Image.new("RGB", (6800, 6800), (200, 190, 180)), "JPEG",
                   quality=80, progressive=True)


def edge_png_rgba(folder: Path) -> Path:
    """The largest RGBA PNG the budget decodes: 9400×9400 (353 MB in Pillow)."""
    from tests.hostile_inputs import _png

    return _png(folder, "edge_rgba", 9400, 9400, 8, 6, 9400 * 4)


def edge_webp(folder: Path) -> Path:
    """The largest WebP the budget decodes: 4700×4700 (16 bytes a pixel with libwebp's buffer)."""
    noise = np.random.default_rng(5).integers(0, 256, (470, 470, 3), dtype=np.uint8)
    image = Image.fromarray(noise).resize((4700, 4700))
    return _pillow(folder, "edge.webp", image, "WEBP", quality=60)


def edge_heic(folder: Path) -> Path:
    """The largest HEIC the budget decodes: 6600×6600 (the slowest to make: libheif encodes it once)."""
    import pillow_heif

    pillow_heif.register_heif_opener()
    return _pillow(folder, "edge.heic", Image.new("RGB", (6600, 6600), (200, 190, 180)), "HEIF", quality=30)


def _family_inputs(folder: Path, quick: bool) -> list[tuple[str, str, Callable[[Path], Path]]]:
    from tests import hostile_inputs as pictures
    from tests import hostile_pdfs as pdfs

    rows = [
        ("PNG", "photo", pictures.png_rgba_10000), ("PNG", "photo", pictures.png_16bit_10000),
        ("PNG", "proof", edge_png_rgba),
        ("GIF", "photo", pictures.gif_screen_10000), ("GIF", "proof", pictures.gif_screen_10000),
        ("BMP", "photo", pictures.bmp_rle8_10000),
        ("WebP", "photo", pictures.webp_header_10000), ("WebP", "proof", edge_webp),
        ("HEIC", "photo", pictures.heic_claiming_10000),
        ("JPEG", "photo", pictures.progressive_5000_scans), ("JPEG", "signature", edge_jpeg),
        ("JPEG", "proof", edge_progressive),
        ("PDF", "proof", pdfs.nested_forms), ("PDF", "proof", pdfs.content_bomb),
        ("PDF", "proof", pdfs.sparse_huge), ("PDF", "proof", pdfs.missing_page),
        ("device", "photo", pictures.link_to_dev_zero), ("device", "proof", pictures.fifo_named_jpg),
    ]
    if not quick:
        rows.insert(9, ("HEIC", "proof", edge_heic))
    return rows


def _bundle_inputs(folder: Path) -> list[tuple[str, list[str]]]:
    """A real bundle spoiled the issue's ways, and the hostile zips and case files, as CLI commands."""
    from benchmarks.export import full_case  # a complete name-or-ID case with finished pictures
    from tests import hostile_bundles as bundles
    from wizard.case.model import save_case

    rows = []
    for name, maker in bundles.ZIP_CORPUS.items():
        rows.append((f"zip {name}", ["check", str(maker(folder))]))
    for name, data in bundles.CASE_CORPUS.items():
        path = folder / f"case_{name}.json"
        path.write_bytes(data)
        rows.append((f"case {name}", ["export", str(path), "-o", str(folder / "out")]))
    pictures = folder / "pictures"
    pictures.mkdir()
    case_file = save_case(full_case(pictures), folder / "case.json")
    for name, spoil in [*bundles.FOLDER_CORPUS.items(), ("sparse_3gb_entry", bundles.sparse_entry)]:
        target = folder / f"bundle_{name}"
        run(["export", str(case_file), "-o", str(target)])
        bundle = next(target.iterdir())
        spoil(bundle)
        rows.append((f"folder {name}", ["check", str(bundle)]))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.hostile", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip the inputs that take long to make")
    args = parser.parse_args(argv)
    if not Path("/proc/self/status").exists():
        print("needs Linux /proc (VmHWM)")
        return 0
    sys.path.insert(0, str(ROOT))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        lines = []
        for index, (family, slot, maker) in enumerate(_family_inputs(folder, args.quick)):
            sub = folder / f"{index:02d}"
            sub.mkdir()
            source = maker(sub)
            lines.append((family, f"{slot}: {source.name[:38]}",
                          run(["process", "--slot", slot, str(source), "-o", str(sub / "out.jpg")])))
        for label, command in _bundle_inputs(folder):
            lines.append(("bundle" if label.split()[0] != "case" else "case", label, run(command)))
    _print(lines)
    return 0


def _print(lines: list[tuple[str, str, dict]]) -> None:
    print(f"{'family':8} | {'input':50} | exit | seconds | VmHWM MB | PDF child MB | verdict")
    print("-" * 104)
    worst: dict[str, float] = {}
    for family, label, r in lines:
        peak, child = r["peak_kb"] / 1024, r["child_kb"] / 1024
        ok = max(peak, child) <= TARGET_MB and r["seconds"] <= TARGET_S and not r.get("traceback")
        verdict = ("meets" if ok else "MISSES") + (" (traceback)" if r.get("traceback") else "")
        print(f"{family:8} | {label[:50]:50} | {r['code']:4} | {r['seconds']:7.2f} | {peak:8.0f} | {child:12.0f} | "
              f"{verdict} {r.get('note', '')}")
        worst[family] = max(worst.get(family, 0.0), peak, child)
    slowest = max(lines, key=lambda line: line[2]["seconds"])
    print()
    print("worst peak per family (MB): " + ", ".join(f"{k} {v:.0f}" for k, v in worst.items()))
    print(f"slowest: {slowest[1]} ({slowest[0]}) {slowest[2]['seconds']:.2f} s, process start included")


if __name__ == "__main__":
    sys.exit(main())
