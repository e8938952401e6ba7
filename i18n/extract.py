"""Extraction of every message a reader can see, for Babel: the code's `_()` / `ngettext()` / `N_()`
calls (Babel's own Python extractor), the page specs (titles, questions, control labels and help,
preset names), and the lessons (titles, summaries, captions, questions, class experiments).

Specs and lessons are data, not calls, so they get extractors of their own here: a spec module is
imported and its declarations read (nothing to forget to mark); a lesson's TOML is parsed. Used by
`scripts/i18n.py` (the command that refreshes the catalogues) and by tests/i18n (the check that
every message has a translation and no translation is stale).
"""

from __future__ import annotations

import importlib
import tomllib
from pathlib import Path
from typing import Iterable, Iterator

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir

ROOT = Path(__file__).resolve().parents[1]
# InputError's message is a template the UI shows in the reader's language (core.validation, i18n.error_message).
KEYWORDS = {"_": None, "ngettext": (1, 2), "N_": None, "lazy_text": None, "pgettext": ((1, "c"), 2),
            "InputError": None}
# Where visible text lives. classroom/ and explorer_kernels/ hold none: their messages are for developers and logs.
# core/ names things a reader sees (/fisher's estimators and models, the compute backend's description),
# marked with N_() and translated where they are shown, and says what is wrong with a reader's input
# (InputError); its other exceptions are for developers calling the API.
PYTHON_SOURCES = ("app.py", "app_pages/**.py", "concepts/**.py", "ui/**.py", "explain/**.py", "views/**.py",
                  "viz/**.py", "core/**.py")


def _line_of(source: str, message: str) -> int:
    """The line where a declared message starts in its file (the first words suffice: long help texts
    are split over several literals); 0 when it is built elsewhere."""
    head = message[:24]
    for number, line in enumerate(source.splitlines(), start=1):
        if head in line:
            return number
    return 0


def spec_messages(spec) -> Iterator[str]:
    """What a reader sees of a page spec: its title and question, each control's label, help and
    placeholder, what its options mean, and the presets' names. (Tab names are URL names: extract_specs adds
    them under their context.)"""
    yield spec.title
    yield spec.question
    for param in spec.params:
        yield param.label
        for text in (getattr(param, "help", None), getattr(param, "placeholder", None)):
            if text:
                yield text
        yield from getattr(param, "meanings", {}).values()
    yield from spec.all_presets()


def extract_specs(fileobj, keywords, comment_tags, options) -> Iterator[tuple]:
    """Babel extraction method for a page's spec (concepts/<stem>/spec.py) and specs/base.py: the declared
    messages written in this file, and any text the module marks with N_() itself (e.g. /clt's sentences about
    each source distribution)."""
    from babel.messages.extract import extract_python

    yield from extract_python(fileobj, keywords, comment_tags, options)
    path = Path(fileobj.name).resolve()
    source = path.read_text(encoding="utf-8")
    module = importlib.import_module(".".join(path.relative_to(ROOT).with_suffix("").parts))

    from i18n import TAB_CONTEXT
    from specs.base import PageSpec, seed_param

    page = path.parent.name if path.name == "spec.py" else path.stem     # concepts/<stem>/spec.py
    specs_here = [value for value in vars(module).values() if isinstance(value, PageSpec) and value.stem == page]
    declared = [message for spec in specs_here for message in spec_messages(spec)]
    if path.name == "base.py":
        seed = seed_param()
        declared.extend((seed.label, seed.help))
    # A message written elsewhere (the seed's, built in specs/base.py) or built here by code (/clt's help,
    # joined from its sentences) is attributed to the spec's declaration: extracted either way.
    declaration = _line_of(source, "PageSpec(") or 1
    for message in dict.fromkeys(declared):
        yield _line_of(source, message) or declaration, None, message, []
    # Tab names are URL names, the same in every language; what is shown for them is translated under a
    # context of its own (i18n.tab_label), so that a tab called "Fitting" can read differently from a button
    # called "Fitting".
    for spec in specs_here:
        for tab in spec.tabs:
            yield _line_of(source, f'"{tab}"') or declaration, "pgettext", (TAB_CONTEXT, tab), []


def lesson_messages(data: dict) -> Iterator[str]:
    yield data.get("title", "")
    yield data.get("summary", "")
    for step in data.get("steps", []):
        yield step.get("caption", "")
        question = step.get("question", {})
        yield question.get("ask", "")
        yield from (str(option) for option in question.get("options", ()))
        yield step.get("pool", {}).get("ask", "")


def extract_lessons(fileobj, keywords, comment_tags, options) -> Iterator[tuple]:
    """Babel extraction method for lessons/*.toml."""
    raw = fileobj.read()
    text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
    for message in dict.fromkeys(lesson_messages(tomllib.loads(text))):
        if message:
            yield _line_of(text, message.replace('"', '\\"')) or 1, None, message, []


# The first pattern a file matches decides its method: a page's spec before the rest of its folder.
METHOD_MAP = [("concepts/*/spec.py", extract_specs), ("specs/**.py", extract_specs),
              *((pattern, "python") for pattern in PYTHON_SOURCES), ("lessons/*.toml", extract_lessons)]


def extract_catalog(root: Path = ROOT) -> Catalog:
    """Every visible message in the project, with where it is used (Babel's template catalogue)."""
    catalog = Catalog(project="prob-explorer", fuzzy=False, header_comment="# Messages of the explorer, "
                      "extracted by `python scripts/i18n.py update`.\n")
    for filename, line, message, comments, context in extract_from_dir(
            str(root), METHOD_MAP, keywords=KEYWORDS, comment_tags=("i18n:",), strip_comment_tags=True):
        catalog.add(message, None, [(filename, line)], auto_comments=comments, context=context)
    return catalog


def catalogue_problems(template: Catalog, catalog: Catalog) -> list[str]:
    """What would leave a reader with English or a wrong message: a message of the code with no entry in
    the language's catalogue, not translated, fuzzy (suggested by Babel on an update, not yet checked),
    or with other {placeholders} than the English; and entries the code no longer uses (stale)."""
    found = []
    for message in template:
        if not message.id:
            continue
        entry = catalog.get(message.id, context=message.context)
        shown = all_texts(message.id)[0]
        where = ", ".join(f"{file}:{line}" for file, line in message.locations[:2])
        if entry is None:
            found.append(f"no catalogue entry ({where}): {shown!r}")
        elif entry.fuzzy:
            found.append(f"fuzzy, not yet checked ({where}): {shown!r}")
        elif not entry.string or not all(all_texts(entry.string)):
            found.append(f"not translated ({where}): {shown!r}")
        elif _all_placeholders(message.id) != _all_placeholders(entry.string):
            found.append(f"placeholders differ ({where}): {shown!r}")
    used = {(message.id, message.context) for message in template if message.id}
    found.extend(f"stale: no longer in the code: {all_texts(entry.id)[0]!r}"
                 for entry in catalog if entry.id and (entry.id, entry.context) not in used)
    return found


def _all_placeholders(texts: str | Iterable[str]) -> set[str]:
    return {name for text in all_texts(texts) for name in placeholders(text)}


def placeholders(text: str) -> set[str]:
    """The {names} a message formats in (a translation must keep the same ones)."""
    import string

    return {parsed[1] for parsed in string.Formatter().parse(text) if parsed[1] is not None}


def all_texts(message_id: str | Iterable[str]) -> list[str]:
    return [message_id] if isinstance(message_id, str) else list(message_id)
