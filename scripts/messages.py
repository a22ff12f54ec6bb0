"""Regenerate the Arabic and English catalogues and compile them.

``makemessages`` collects every translatable string. Arabic translations are
kept in ``locale/fragments/*.po`` (one file per area of the product, so that
parallel work never edits the same catalogue) and copied into
``locale/ar/LC_MESSAGES/django.po``; the fragments win over what the catalogue
held, so correcting a fragment corrects the product. Lists the strings that still have no Arabic translation and exits 1
if there are any.
"""

import os
import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "locale" / "ar" / "LC_MESSAGES" / "django.po"


def main() -> int:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings"}
    manage = [sys.executable, str(ROOT / "manage.py")]
    ignore = ["--ignore=.venv/*", "--ignore=tests/*", "--ignore=staticfiles/*", "--ignore=scripts/*"]
    subprocess.run(
        [*manage, "makemessages", "-l", "ar", "-l", "en", "--no-obsolete", *ignore], check=True, cwd=ROOT, env=env
    )

    translations: dict[tuple[str | None, str], polib.POEntry] = {}
    for fragment in sorted((ROOT / "locale" / "fragments").glob("*.po")):
        for entry in polib.pofile(str(fragment)):
            if entry.msgstr or any(entry.msgstr_plural.values()):
                translations[(entry.msgctxt, entry.msgid)] = entry

    catalogue = polib.pofile(str(CATALOGUE))
    missing = []
    for entry in catalogue:
        if entry.obsolete:
            continue
        source = translations.get((entry.msgctxt, entry.msgid))
        if source is None:
            if not entry.translated():
                missing.append(entry.msgid)
            continue
        if entry.msgid_plural:
            single = source.msgstr or source.msgstr_plural.get(0, "")
            entry.msgstr_plural = {n: source.msgstr_plural.get(n, single) or single for n in range(6)}
        else:
            entry.msgstr = source.msgstr
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    catalogue.save()
    subprocess.run([*manage, "compilemessages", "--ignore=.venv/*"], check=True, cwd=ROOT, env=env)
    if missing:
        print(f"{len(missing)} strings have no Arabic translation yet:", file=sys.stderr)
        for msgid in missing:
            print(f"  {msgid!r}", file=sys.stderr)
        return 1
    print("catalogues up to date; every string has an Arabic translation")
    return 0


if __name__ == "__main__":
    sys.exit(main())
