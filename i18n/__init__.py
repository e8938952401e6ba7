"""The reader's language: English (the source text) or Japanese, through gettext catalogues.

Every string a reader sees is written in English in the code and wrapped where it is shown:
`_("Posterior mean")`, `_("{heads} heads, {tails} tails").format(...)` (a message keeps its
placeholders, so a translation may reorder them), `ngettext(...)` where English has a plural, and
`N_(...)` for text declared as data and translated where it is drawn (specs, lessons: those are
extracted by i18n/extract.py). The catalogues are `locale/<lang>/LC_MESSAGES/messages.po`, kept
up to date with `python scripts/i18n.py update` (Babel's extract and update) and checked by
tests/i18n; they are compiled in memory on first use, so no build step and no binary in the
repository can go stale.

The language is per reader, not per process: `language()` is the one set with `use()` in this
context (tests, a cached computation), else the one the UI layer reports for the session running
the code (`set_session_language`), else English. Pure: no Streamlit here, so core and viz code can
ask for their words too.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import gettext
import io
from pathlib import Path
from typing import Callable, Iterator

LANGUAGES = ("en", "ja")
SOURCE_LANGUAGE = "en"
LANGUAGE_NAMES = {"en": "English", "ja": "日本語"}
LOCALE_DIR = Path(__file__).resolve().parents[1] / "locale"
DOMAIN = "messages"

_chosen: contextvars.ContextVar[str | None] = contextvars.ContextVar("explorer_language", default=None)


def _no_session() -> str | None:
    return None


_session_language: Callable[[], str | None] = _no_session


def set_session_language(source: Callable[[], str | None]) -> None:
    """Where `language()` looks when no `use()` is in force: the UI layer's reader of the session."""
    global _session_language
    _session_language = source


def normalise(lang: str | None) -> str | None:
    """'ja', 'ja-JP', 'JA_jp' -> 'ja'; a language we do not have -> None."""
    if not lang:
        return None
    base = str(lang).strip().replace("_", "-").split("-")[0].lower()
    return base if base in LANGUAGES else None


def from_browser(locale: str | None) -> str:
    """The language for a first visit: the browser's preferred one when we have it, else English."""
    return normalise(locale) or SOURCE_LANGUAGE


def language() -> str:
    chosen = _chosen.get()
    if chosen is None:
        try:
            chosen = _session_language()
        except Exception:  # noqa: BLE001 - no session (a thread of its own, a test): the source language
            chosen = None
    return normalise(chosen) or SOURCE_LANGUAGE


@contextlib.contextmanager
def use(lang: str) -> Iterator[None]:
    """Run a block in `lang` whatever the session says (tests; a cached computation for a language)."""
    if normalise(lang) is None:
        raise ValueError(f"lang must be one of {', '.join(LANGUAGES)}; got {lang!r}")
    token = _chosen.set(normalise(lang))
    try:
        yield
    finally:
        _chosen.reset(token)


def catalogue_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@functools.lru_cache(maxsize=len(LANGUAGES))
def translations(lang: str) -> gettext.NullTranslations:
    """The language's catalogue, compiled from its .po file by Babel (English: the text as written)."""
    path = catalogue_path(lang)
    if lang == SOURCE_LANGUAGE or not path.exists():
        return gettext.NullTranslations()
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with path.open("rb") as source:
        catalog = read_po(source, locale=lang)
    compiled = io.BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)   # a fuzzy (unchecked) translation shows the English
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def _(message: str) -> str:
    """`message` in the reader's language."""
    return translations(language()).gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    return translations(language()).ngettext(singular, plural, count)


def tab_label(name: str) -> str:
    """A tab's name in the reader's language. The link keeps the tab's English name (ui.controls.tabs), so a
    link opens the same tab in either language."""
    return translations(language()).pgettext(TAB_CONTEXT, name)


TAB_CONTEXT = "tab"


class LazyText(str):
    """A message translated each time it is shown, not when it is written: for text Streamlit takes once, at
    import, and shows later in a session (a cache's spinner: `show_spinner=lazy_text("Fitting…")`;
    Streamlit turns it into the spinner's text with str(), in the session's script thread)."""

    def __str__(self) -> str:
        return _(str.__str__(self))


def lazy_text(message: str) -> LazyText:
    return LazyText(message)


def error_message(error: Exception) -> str:
    """What went wrong, in the reader's language: core's InputError carries an English template and its
    fields (a field given as lazy_text is a phrase, translated too); any other exception says it in English."""
    template, fields = getattr(error, "template", None), getattr(error, "fields", None)
    if not isinstance(template, str) or not isinstance(fields, dict):
        return str(error)
    return _(template).format(**{name: str(value) if isinstance(value, LazyText) else value
                                 for name, value in fields.items()})


def N_(message: str) -> str:
    """Mark text declared as data (a spec label, a preset name) for extraction; `_` it where shown."""
    return message
