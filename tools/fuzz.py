"""Long fuzzing run of the case reader and the picture loader (the CI tests run a short version).

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

from tests import test_fuzz  # noqa: E402

TARGETS = [
    test_fuzz.test_any_json_gives_a_case_or_a_case_file_error,
    test_fuzz.test_any_text_gives_a_case_or_a_case_file_error,
    test_fuzz.test_random_bytes_behind_a_real_signature,
    test_fuzz.test_damaged_real_pictures,
]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--minutes", type=float, default=10.0)
    args = parser.parse_args()
    deadline = time.monotonic() + args.minutes * 60
    tried, failures, rounds = 0, [], 0
    while time.monotonic() < deadline:
        for target in TARGETS:
            try:
                target()  # new random examples each call
            except Exception as exc:  # report and go on: every distinct failure is wanted
                failures.append(f"{target.__name__}: {type(exc).__name__}: {exc}")
            tried += int(os.environ["JZS_FUZZ_EXAMPLES"])
        rounds += 1
        print(f"round {rounds}: {tried} inputs tried, {len(failures)} failures", flush=True)
    print(f"done: {tried} inputs in {args.minutes} minutes, {len(failures)} failures")
    for failure in failures:
        print("FAILURE", failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
