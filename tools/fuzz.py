"""Long fuzzing run of the case reader, the picture loader, the PDF renderer and ``check`` on zips and
bundle folders (the CI tests run a short version).

    python tools/fuzz.py --minutes 10

Runs the hypothesis tests of tests/test_fuzz.py again and again with many examples each until
the time is up, and prints how many inputs were tried and every failure found (none expected).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
BATCH = 2000
os.environ.setdefault("JZS_FUZZ_EXAMPLES", str(BATCH))  # read by tests/test_fuzz.py at import
# a PDF example starts the renderer's child process, a bundle example re-checks a whole bundle: fewer per round
os.environ.setdefault("JZS_FUZZ_PDF_EXAMPLES", "100")
os.environ.setdefault("JZS_FUZZ_BUNDLE_EXAMPLES", "300")
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from tests import test_fuzz  # noqa: E402

TARGETS = [  # (test, the environment variable holding its examples per call)
    (test_fuzz.test_any_json_gives_a_case_or_a_case_file_error, "JZS_FUZZ_EXAMPLES"),
    (test_fuzz.test_any_text_gives_a_case_or_a_case_file_error, "JZS_FUZZ_EXAMPLES"),
    (test_fuzz.test_random_bytes_behind_a_real_signature, "JZS_FUZZ_EXAMPLES"),
    (test_fuzz.test_damaged_real_pictures, "JZS_FUZZ_EXAMPLES"),
    (test_fuzz.test_any_pdf_gives_pages_or_a_load_error, "JZS_FUZZ_PDF_EXAMPLES"),
    (test_fuzz.test_any_damaged_bundle_zip_gives_findings_or_a_refusal, "JZS_FUZZ_BUNDLE_EXAMPLES"),
    (test_fuzz.test_any_spoiled_bundle_folder_gives_findings_or_a_refusal, "JZS_FUZZ_BUNDLE_EXAMPLES"),
]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--minutes", type=float, default=10.0)
    args = parser.parse_args()
    deadline = time.monotonic() + args.minutes * 60
    tried, failures, rounds = 0, [], 0
    counts: dict[str, int] = {}
    while time.monotonic() < deadline:
        for target, examples in TARGETS:
            try:
                target()  # new random examples each call
            except Exception as exc:  # report and go on: every distinct failure is wanted
                failures.append(f"{target.__name__}: {type(exc).__name__}: {exc}")
            tried += int(os.environ[examples])
            counts[target.__name__] = counts.get(target.__name__, 0) + int(os.environ[examples])
            if time.monotonic() >= deadline:
                break
        rounds += 1
        print(f"round {rounds}: {tried} inputs tried, {len(failures)} failures", flush=True)
    print(f"done: {tried} inputs in {args.minutes} minutes, {len(failures)} failures")
    for name, count in counts.items():
        print(f"  {name}: {count}")
    for failure in failures:
        print("FAILURE", failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
