"""Find the program's data files the same way everywhere.

A checkout keeps them in ``resources/`` beside ``wizard/``; an installed wheel carries
them as the package ``jzs_wizard_resources``; a PyInstaller bundle unpacks them to
``<bundle>/resources``. :func:`resource_path` is the only place that knows this.
"""

from __future__ import annotations

import importlib.util
import sys
from functools import cache
from pathlib import Path

RESOURCE_PACKAGE = "jzs_wizard_resources"


class ResourceMissing(FileNotFoundError):
    """A data file the program ships with is not where it should be (a broken install)."""


@cache
def resource_root() -> Path:
    """The folder holding ``rules/``, ``messages/`` and the other data folders."""
    frozen_base = getattr(sys, "_MEIPASS", None)
    if getattr(sys, "frozen", False) and frozen_base:
        return Path(frozen_base) / "resources"
    # A checkout's own data first: code run from one checkout (PYTHONPATH) while another is installed
    # editable must not read the other's rule pack and catalogues.
    beside = Path(__file__).resolve().parents[2] / "resources"
    if (beside / "rules" / "rules.toml").is_file():
        return beside
    spec = importlib.util.find_spec(RESOURCE_PACKAGE)
    if spec is not None and spec.submodule_search_locations:
        return Path(next(iter(spec.submodule_search_locations)))
    return Path(__file__).resolve().parents[2] / "resources"


def resource_path(*parts: str) -> Path:
    """Path of a shipped data file, e.g. ``resource_path("rules", "rules.toml")``.

    Raises :class:`ResourceMissing` naming the file when it is absent, so a broken
    install says what is wrong instead of failing later with a bare ``FileNotFoundError``.
    """
    path = resource_root().joinpath(*parts)
    if not path.exists():
        raise ResourceMissing(f"程序数据文件缺失：{path}（安装不完整，请重新安装）")
    return path
