"""What the figures were measured on: the machine and the versions of the libraries that do the work."""

from __future__ import annotations

import os
import platform
from importlib import metadata
from pathlib import Path

# (shown as, distributions that provide it: the first one installed wins)
LIBRARIES = [
    ("numpy", ("numpy",)),
    ("OpenCV", ("opencv-python-headless", "opencv-python", "opencv-contrib-python")),
    ("Pillow", ("pillow",)),
    ("PySide6", ("PySide6_Essentials", "PySide6")),
    ("onnxruntime", ("onnxruntime",)),
    ("rapidocr", ("rapidocr", "rapidocr_onnxruntime")),
    ("pydantic", ("pydantic",)),
]


def _proc_field(file: str, key: str) -> str | None:
    path = Path(file)
    if not path.exists():
        return None
    for line in path.read_text(errors="replace").splitlines():
        name, _, value = line.partition(":")
        if name.strip() == key:
            return value.strip()
    return None


def cpu_model() -> str:
    return _proc_field("/proc/cpuinfo", "model name") or platform.processor() or platform.machine()


def ram() -> str:
    total = _proc_field("/proc/meminfo", "MemTotal")  # "24684212 kB"
    return f"{int(total.split()[0]) / 1024 ** 2:.1f} GB" if total else "unknown"


def version(distributions: tuple[str, ...]) -> str:
    for name in distributions:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return "not installed"


def describe() -> str:
    """Two lines: the machine, then the library versions."""
    machine = (f"machine: {platform.platform()}; {cpu_model()}; {os.cpu_count()} CPUs; RAM {ram()}; "
               f"Python {platform.python_version()}")
    libraries = "libraries: " + ", ".join(f"{shown} {version(names)}" for shown, names in LIBRARIES)
    return f"{machine}\n{libraries}"
