"""Every user-facing string is translated into Turkish and Bengali, and the compiled catalogues
(.mo, committed so a fresh machine needs no gettext tools) match the sources (.po)."""

import ast
import os
import shutil
import subprocess
import sys
import gettext
import re
from pathlib import Path

import pytest

LOCALE = Path(__file__).resolve().parents[2] / "locale"
LANGUAGES = ["tr", "bn"]
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]")


def parse_po(path):
    """Entries (msgctxt, msgid, msgid_plural, msgstr list, flags) of a PO file as makemessages
    writes it: one entry per block, blocks separated by blank lines. The header is left out."""
    entries = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        entry, key = {"msgctxt": None, "msgid": None, "msgid_plural": None, "msgstr": [], "flags": []}, None
        for line in block.splitlines():
            if line.startswith("#,"):
                entry["flags"] += [f.strip() for f in line[2:].split(",")]
            elif line.startswith("#"):
                continue
            elif match := re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) (".*")$', line):
                key, value = match.group(1), ast.literal_eval(match.group(2))
                if key.startswith("msgstr"):
                    entry["msgstr"].append(value)
                else:
                    entry[key] = value
            elif line.startswith('"') and key:
                value = ast.literal_eval(line)
                if key.startswith("msgstr"):
                    entry["msgstr"][-1] += value
                else:
                    entry[key] += value
        if entry["msgid"]:
            entries.append(entry)
    return entries


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_string_is_translated_and_keeps_its_placeholders(language):
    entries = parse_po(LOCALE / language / "LC_MESSAGES" / "django.po")
    assert len(entries) > 100
    untranslated = [e["msgid"] for e in entries if not all(e["msgstr"]) or not e["msgstr"]]
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    assert not untranslated, f"{len(untranslated)} untranslated in {language}, e.g. {untranslated[:5]}"
    assert not fuzzy, f"{len(fuzzy)} fuzzy in {language}, e.g. {fuzzy[:5]}"
    for e in entries:
        # A plural form may follow the singular or the plural English text, whose placeholders
        # can differ ("a visit" / "%(n)s visits").
        allowed = [sorted(PLACEHOLDER.findall(e["msgid"]))]
        if e["msgid_plural"]:
            allowed.append(sorted(PLACEHOLDER.findall(e["msgid_plural"])))
        for text in e["msgstr"]:
            assert sorted(PLACEHOLDER.findall(text)) in allowed, f"{language}: placeholders differ in {e['msgid']!r} -> {text!r}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalogue_matches_the_source(language):
    folder = LOCALE / language / "LC_MESSAGES"
    with open(folder / "django.mo", "rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for e in parse_po(folder / "django.po"):
        if e.get("msgctxt") or e["msgid_plural"]:
            continue
        assert compiled.gettext(e["msgid"]) == e["msgstr"][0], f"{language}: run `make messages` ({e['msgid']!r} is stale)"


@pytest.mark.skipif(not shutil.which("xgettext"), reason="GNU gettext (xgettext) is not installed: cannot check the catalogues are up to date")
def test_catalogues_hold_every_string_in_the_code(tmp_path):
    """Run makemessages on a copy of the code: no string may be missing from the committed .po."""
    source = LOCALE.parent
    copy = tmp_path / "caringcity"
    shutil.copytree(source, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    root = source.parent
    result = subprocess.run(
        [sys.executable, str(root / "manage.py"), "makemessages", "-l", "tr", "--no-location", "--no-obsolete"],
        cwd=copy, capture_output=True, text=True, timeout=300,
        env={**os.environ, "PYTHONPATH": str(root)},
    )
    assert result.returncode == 0, result.stderr
    fresh = {e["msgid"] for e in parse_po(copy / "locale" / "tr" / "LC_MESSAGES" / "django.po")}
    committed = {e["msgid"] for e in parse_po(LOCALE / "tr" / "LC_MESSAGES" / "django.po")}
    missing = sorted(fresh - committed)
    assert not missing, f"{len(missing)} strings are not in the catalogues yet (run `make messages` and translate): {missing[:10]}"
