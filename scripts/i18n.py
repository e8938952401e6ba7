"""Refresh and check the translation catalogues (Babel, gettext .po files under locale/).

    python scripts/i18n.py update    # extract every visible message; add new ones to each language's
                                     # catalogue (empty, or fuzzy with a near match's old translation),
                                     # drop the ones no longer used; rewrite locale/messages.pot
    python scripts/i18n.py check     # exit 1, listing them, if a message has no translation, a
                                     # translation is fuzzy or stale, or the placeholders differ

Translate by editing locale/<lang>/LC_MESSAGES/messages.po (any .po editor works); remove the
`#, fuzzy` flag once a suggested translation is checked. tests/i18n runs the same check.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from babel.messages.pofile import read_po, write_po  # noqa: E402

from i18n import LANGUAGES, LOCALE_DIR, SOURCE_LANGUAGE, catalogue_path  # noqa: E402
from i18n.extract import catalogue_problems, extract_catalog  # noqa: E402

TEMPLATE = LOCALE_DIR / "messages.pot"
WIDTH = 100


def _write(catalog, path: Path, **options) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as out:
        write_po(out, catalog, width=WIDTH, sort_output=False, include_previous=True, **options)


def update() -> None:
    template = extract_catalog()
    _write(template, TEMPLATE, omit_header=False, no_location=False)
    for lang in LANGUAGES:
        if lang == SOURCE_LANGUAGE:
            continue
        path = catalogue_path(lang)
        if path.exists():
            with path.open("rb") as source:
                catalog = read_po(source, locale=lang)
        else:
            from babel.messages.catalog import Catalog
            catalog = Catalog(locale=lang, project="prob-explorer", fuzzy=False)
        catalog.update(template, update_header_comment=False)
        catalog.obsolete.clear()      # what the code no longer shows is not kept (git has its history)
        _write(catalog, path, omit_header=False)
        print(f"{path.relative_to(ROOT)}: {len(template)} messages")


def problems(lang: str) -> list[str]:
    """Everything that would leave a reader of `lang` with English or a wrong message."""
    path = catalogue_path(lang)
    if not path.exists():
        return [f"{path.relative_to(ROOT)} does not exist: run `python scripts/i18n.py update`"]
    with path.open("rb") as source:
        return catalogue_problems(extract_catalog(), read_po(source, locale=lang))


def main() -> int:
    command = sys.argv[1] if len(sys.argv) > 1 else "check"
    if command == "update":
        update()
        return 0
    if command == "check":
        found = [f"{lang}: {problem}" for lang in LANGUAGES if lang != SOURCE_LANGUAGE for problem in problems(lang)]
        print("\n".join(found) or "every message has a checked translation")
        return 1 if found else 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main())
