"""Fill a Qt Linguist .ts file from a JSON table of translations and compile it to .qm.

Usage: python tools/fill_ts.py resources/i18n/jzs_en.ts resources/i18n/en.json
The JSON table (source text → translation) is the translator's working file; a source with
no entry stays "unfinished" and the command exits 1 naming it, so nothing ships half-translated.
"""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path


def fill(ts_path: Path, table: dict[str, str]) -> list[str]:
    tree = ET.parse(ts_path)
    root = tree.getroot()
    for context in list(root.iter("context")):
        # Qt's own contexts (a self-test asking QWizard for its button text) are Qt's to translate:
        # an entry of ours would override qtbase's translation.
        if context.findtext("name", "").startswith("Q"):
            root.remove(context)
    missing = []
    for message in tree.getroot().iter("message"):
        source = message.find("source").text or ""
        translation = message.find("translation")
        if source in table:
            translation.text = table[source]
            translation.attrib.pop("type", None)
        else:
            missing.append(source)
    tree.write(ts_path, encoding="utf-8", xml_declaration=True)
    return missing


def main() -> int:
    ts_path, table_path = Path(sys.argv[1]), Path(sys.argv[2])
    missing = fill(ts_path, json.loads(table_path.read_text(encoding="utf-8")))
    subprocess.run(["pyside6-lrelease", str(ts_path), "-qm", str(ts_path.with_suffix(".qm"))], check=True)
    for source in missing:
        print(f"untranslated: {source}", file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
