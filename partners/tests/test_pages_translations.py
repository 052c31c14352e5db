"""The committed .mo files match the .po files (CI does not compile them), and the shell's
translations are complete for Russian and Uzbek (Latin)."""
from __future__ import annotations

import ast
import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings

LOCALE = Path(settings.BASE_DIR) / "locale"
SHELL_FILES = ("templates/base.html", "templates/partners/", "templates/registration/", "templates/errors/",
               "partners/views/", "partners/forms.py", "partners/services/csv_import.py",
               "partners/services/accounts.py")


def parse_po(path: Path) -> list[dict]:
    """A small .po reader: enough for msgfmt-compatible files written by makemessages."""
    entries, current, key = [], {}, None
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if not line.strip():
            if "msgid" in current:
                entries.append(current)
            current, key = {}, None
        elif line.startswith("#:"):
            current.setdefault("refs", []).extend(ref.rsplit(":", 1)[0] for ref in line[2:].split())
        elif line.startswith("#,"):
            current["fuzzy"] = "fuzzy" in line
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            current[key] += ast.literal_eval(line)
        else:
            match = re.match(r'(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) (".*")$', line)
            key = match.group(1)
            current[key] = ast.literal_eval(match.group(2))
    return entries


@pytest.mark.parametrize("lang", ["ru", "uz"])
def test_mo_matches_po(lang):
    entries = parse_po(LOCALE / lang / "LC_MESSAGES" / "django.po")
    with open(LOCALE / lang / "LC_MESSAGES" / "django.mo", "rb") as handle:
        catalog = gettext.GNUTranslations(handle)._catalog
    stale = []
    for entry in entries:
        if not entry["msgid"] or entry.get("fuzzy"):
            continue
        msgid = (entry["msgctxt"] + "\x04" if "msgctxt" in entry else "") + entry["msgid"]
        if "msgid_plural" in entry:
            forms = {k: v for k, v in entry.items() if k.startswith("msgstr[") and v}
            if forms and any(catalog.get((msgid, int(k[7:-1]))) != v for k, v in forms.items()):
                stale.append(entry["msgid"])
        elif entry.get("msgstr") and catalog.get(msgid) != entry["msgstr"]:
            stale.append(entry["msgid"])
    assert not stale, f"run msgfmt for {lang}: {stale[:5]}"


@pytest.mark.parametrize("lang", ["ru", "uz"])
def test_shell_accounts_and_catalog_pages_fully_translated(lang):
    entries = parse_po(LOCALE / lang / "LC_MESSAGES" / "django.po")
    mine = [e for e in entries if e["msgid"] and any(r.startswith(SHELL_FILES) for r in e.get("refs", []))]
    assert len(mine) > 150
    missing = [e["msgid"] for e in mine
               if e.get("fuzzy") or not (e.get("msgstr") or e.get("msgstr[0]"))]
    assert not missing, missing
