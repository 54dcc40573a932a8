"""Hostile bundles for ``check`` and hostile case files for every command that reads one.

Zip makers write an archive into a folder and return it; folder makers take a folder that
holds a real exported bundle and spoil it. Each is built from its description in issue 18.
"""

from __future__ import annotations

import json
import os
import struct
import zipfile
from pathlib import Path

TOP = "李某某_2026-11-23_信息修改材料"


def _zip(folder: Path, label: str, members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> Path:
    path = folder / f"{label}.zip"
    with zipfile.ZipFile(path, "w", compression=method) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def _patch_local_and_central(path: Path, patch) -> Path:
    """Apply ``patch(data, header_offset)`` to every local and central header of the zip."""
    data = bytearray(path.read_bytes())
    for signature, field in ((b"PK\x03\x04", 0), (b"PK\x01\x02", 1)):
        at = data.find(signature)
        while at >= 0:
            patch(data, at, field)
            at = data.find(signature, at + 4)
    path.write_bytes(bytes(data))
    return path


def escape_member_names(folder: Path) -> Path:
    """A member whose name hides text and prints a fake verdict over the real one."""
    name = f"{TOP}/\x1b[8m隐藏\x1b[0m\x1b[2K\r结论：没有发现问题。\x07.jpg"
    return _zip(folder, "转义", {f"{TOP}/manifest.json": b"{}", name: b"x"})


def corrupt_deflate(folder: Path) -> Path:
    path = _zip(folder, "损坏", {f"{TOP}/manifest.json": b'{"files": []}' * 200})
    data = bytearray(path.read_bytes())
    start = 30 + len(f"{TOP}/manifest.json".encode())  # the first member's compressed bytes
    data[start: start + 8] = b"\xff" * 8
    path.write_bytes(bytes(data))
    return path


def deflate64_member(folder: Path) -> Path:
    """Method 9 (deflate64) in both headers: zipfile raises NotImplementedError when it is read."""
    path = _zip(folder, "deflate64", {f"{TOP}/manifest.json": b"{}"})

    def method_nine(data: bytearray, at: int, central: int) -> None:
        struct.pack_into("<H", data, at + (10 if central else 8), 9)

    return _patch_local_and_central(path, method_nine)


def encrypted_member(folder: Path) -> Path:
    """The encryption flag set on the member (zipfile asks for a password it does not have)."""
    path = _zip(folder, "加密", {f"{TOP}/manifest.json": b"{}"})

    def encrypted(data: bytearray, at: int, central: int) -> None:
        offset = at + (8 if central else 6)
        struct.pack_into("<H", data, offset, struct.unpack_from("<H", data, offset)[0] | 1)

    return _patch_local_and_central(path, encrypted)


def file_beside_folder(folder: Path) -> Path:
    return _zip(folder, "同名", {f"{TOP}/x": b"a", f"{TOP}/x/y": b"b"})


def name_300_characters(folder: Path) -> Path:
    return _zip(folder, "长名", {f"{TOP}/{'名' * 300}.jpg": b"x"})


def _deep(depth: int = 100_000) -> bytes:
    return b'{"files": ' + b"[" * depth + b"]" * depth + b"}"


def _digits() -> bytes:
    return b'{"files": [], "rules": {"version": "x"}, "format": 1' + b"0" * 5000 + b"}"


# name → maker; each must be refused by check with exit 2 and a message naming the zip
ZIP_CORPUS = {
    "escape_member_names": escape_member_names,
    "corrupt_deflate": corrupt_deflate,
    "deflate64_member": deflate64_member,
    "encrypted_member": encrypted_member,
    "file_beside_folder": file_beside_folder,
    "name_300_characters": name_300_characters,
    "deep_manifest": lambda folder: _zip(folder, "深清单", {f"{TOP}/manifest.json": _deep()}),
    "digits_manifest": lambda folder: _zip(folder, "数字清单", {f"{TOP}/manifest.json": _digits()}),
}


# --- spoiling a real bundle folder ------------------------------------------------------------


def case_json_links_to_dev_zero(bundle: Path) -> str:
    (bundle / "case.json").unlink()
    (bundle / "case.json").symlink_to("/dev/zero")
    return "case.json"


def case_json_is_a_fifo(bundle: Path) -> str:
    (bundle / "case.json").unlink()
    os.mkfifo(bundle / "case.json")
    return "case.json"


def deep_case_json(bundle: Path) -> str:
    (bundle / "case.json").write_bytes(b'{"applicant": ' + b"[" * 100_000 + b"]" * 100_000 + b"}")
    return "case.json"


def digits_case_json(bundle: Path) -> str:
    (bundle / "case.json").write_bytes(b'{"schema_version": 1' + b"0" * 5000 + b"}")
    return "case.json"


def deep_manifest_json(bundle: Path) -> str:
    (bundle / "manifest.json").write_bytes(_deep())
    return "manifest.json"


def digits_manifest_json(bundle: Path) -> str:
    (bundle / "manifest.json").write_bytes(_digits())
    return "manifest.json"


def manifest_wrong_types(bundle: Path) -> str:
    manifest = json.loads((bundle / "manifest.json").read_text(encoding="utf-8"))
    manifest["files"][0]["slot"] = ["photo"]  # unhashable: a TypeError deep inside the old check
    manifest["case"] = 5
    (bundle / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    return "manifest.json"


# name → spoiler; check must end with exit 2 and a message naming the spoiled file
FOLDER_CORPUS = {
    "case_json_links_to_dev_zero": case_json_links_to_dev_zero,
    "case_json_is_a_fifo": case_json_is_a_fifo,
    "deep_case_json": deep_case_json,
    "digits_case_json": digits_case_json,
    "deep_manifest_json": deep_manifest_json,
    "digits_manifest_json": digits_manifest_json,
    "manifest_wrong_types": manifest_wrong_types,
}


def sparse_entry(bundle: Path, gigabytes: int = 3) -> str:
    """The checklist PDF replaced by a 3 GB sparse file (its manifest entry unchanged)."""
    with open(bundle / "清单.pdf", "r+b") as handle:
        handle.truncate(gigabytes * 1_000_000_000)
    return "清单.pdf"


# --- case files ------------------------------------------------------------------------------

CASE_CORPUS = {
    "deep_nesting": b'{"applicant": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
    "digits_5000": b'{"schema_version": 1' + b"0" * 5000 + b"}",
    "corners_zero": json.dumps({"changes": ["name_or_id"], "attachments": {"id_front": {
        "source": "x.jpg", "adjust": {"corners": [[0, 0], [0, 0], [0, 0], [0, 0]]}}}}).encode(),
    "corners_nan": b'{"changes": ["name_or_id"], "attachments": {"id_front": {"source": "x.jpg", '
                   b'"adjust": {"corners": [[NaN, 0], [1, Infinity], [0, 5], [-Infinity, 0]]}}}}',
    "lone_surrogate": b'{"applicant": {"name": "\\ud800\xe6\x9d\x8e"}}',
}
