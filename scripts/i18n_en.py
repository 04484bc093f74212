"""Fill English translations into locale/en/LC_MESSAGES/django.po from locale/en/glossary.json.

Vietnamese is the source language of DTSystem; English is provided for the strings in the glossary.
Run: python scripts/i18n_en.py && django-admin compilemessages (make i18n does both)."""

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PO = ROOT / "locale/en/LC_MESSAGES/django.po"
GLOSSARY = json.loads((ROOT / "locale/en/glossary.json").read_text(encoding="utf-8"))

entry = re.compile(r'(msgid "((?:[^"\\]|\\.)*)"\nmsgstr ")((?:[^"\\]|\\.)*)(")', re.M)


def fill(match: re.Match) -> str:
    source = match.group(2)
    target = GLOSSARY.get(source)
    if not source or target is None:
        return match.group(0)
    return f"{match.group(1)}{target}{match.group(4)}"


text = PO.read_text(encoding="utf-8")
text = text.replace("#, fuzzy\n", "")
PO.write_text(entry.sub(fill, text), encoding="utf-8")
print(f"filled {sum(1 for k in GLOSSARY)} glossary entries")
