"""JSON text from a file the user or a bundle supplies, read without surprises.

Python's parser overflows its stack on deep nesting (``[[[[…``), refuses integers of more than
4300 digits with a ``ValueError``, and keeps the last of two equal keys without a word. Every
JSON document the program reads (case files, a bundle's ``case.json`` and ``manifest.json``)
goes through :func:`read_json`, which turns the first two into the caller's error with a
Chinese message naming the file, and reports the duplicated keys so they can be warned of.
"""

from __future__ import annotations

import json
from typing import Any


def read_json(text: str, source: str, failure: type[Exception]) -> tuple[Any, list[str]]:
    """The parsed document and the keys that appeared twice in one object; ``failure(message)`` otherwise."""
    duplicates: list[str] = []

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        seen: dict[str, Any] = {}
        for key, value in items:
            if key in seen and key not in duplicates:
                duplicates.append(key)
            seen[key] = value
        return seen

    try:
        return json.loads(text, object_pairs_hook=pairs), duplicates
    except json.JSONDecodeError as exc:
        raise failure(f"{source}：第 {exc.lineno} 行第 {exc.colno} 列不是有效的 JSON（{exc.msg}）") from None
    except RecursionError:
        raise failure(f"{source}：JSON 嵌套层数过深，不是本程序保存的文件") from None
    except ValueError:  # an integer of thousands of digits
        raise failure(f"{source}：其中的数字位数过多，不是本程序保存的文件") from None
