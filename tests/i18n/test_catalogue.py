"""The catalogues: every message a reader can see has a checked Japanese translation with the same
placeholders, none is stale, and the template (locale/messages.pot) matches the code."""

from __future__ import annotations

import re

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from i18n import LOCALE_DIR, catalogue_path
from i18n.extract import catalogue_problems, extract_catalog, lesson_messages


def test_every_visible_message_has_a_checked_japanese_translation():
    with catalogue_path("ja").open("rb") as source:
        problems = catalogue_problems(extract_catalog(), read_po(source, locale="ja"))
    assert problems == [], "run `python scripts/i18n.py update`, then translate:\n" + "\n".join(problems)


def test_the_template_lists_exactly_the_messages_of_the_code():
    with (LOCALE_DIR / "messages.pot").open("rb") as source:
        template = read_po(source)
    assert {m.id for m in template if m.id} == {m.id for m in extract_catalog() if m.id}, \
        "locale/messages.pot is out of date: run `python scripts/i18n.py update`"


def _catalog(entries: dict, fuzzy: tuple = ()) -> Catalog:
    catalog = Catalog(locale="ja")
    for message, translation in entries.items():
        catalog.add(message, translation, flags=("fuzzy",) if message in fuzzy else ())
    return catalog


def test_the_check_names_each_kind_of_problem():
    """The check can fail: a new message, an untranslated one, a fuzzy one, a lost placeholder, a stale one."""
    template = _catalog({"Posterior mean": None, "New label": None, "Untranslated": None, "Suggested": None,
                         "{n} flips": None})
    catalog = _catalog({"Posterior mean": "事後平均", "Untranslated": "", "Suggested": "候補", "{n} flips": "回",
                        "Removed from the code": "削除済み"}, fuzzy=("Suggested",))
    problems = "\n".join(catalogue_problems(template, catalog))
    assert "no catalogue entry" in problems and "'New label'" in problems
    assert "not translated" in problems and "'Untranslated'" in problems
    assert "fuzzy" in problems and "'Suggested'" in problems
    assert "placeholders differ" in problems and "'{n} flips'" in problems
    assert "stale" in problems and "'Removed from the code'" in problems
    assert "Posterior mean" not in problems


def test_specs_and_lessons_are_extracted():
    ids = {m.id for m in extract_catalog() if m.id}
    assert "a (prior heads)" in ids                       # a control's label, declared in concepts/beta/spec.py
    assert "Sceptical prior Beta(50, 50)" in ids          # a preset's name
    assert "The same seed gives the same random draws on every machine: it is part of the link, so a shared " \
           "view is reproduced exactly." in ids          # specs/base.py's seed help, joined from two literals
    assert set(lesson_messages({"title": "T", "steps": [{"caption": "C", "question": {"ask": "A", "options":
                                                                                    ["x", "y"]}}]})) >= {"T", "C", "A",
                                                                                                      "x", "y"}


def test_japanese_text_uses_the_usual_terms():
    """A few terms a Japanese learner knows from lectures and textbooks, where the English has them."""
    with catalogue_path("ja").open("rb") as source:
        catalog = read_po(source, locale="ja")
    expected = {"Posterior mean": "事後平均", "CLT convergence": "中心極限定理", "prior mean": "事前平均",
                "Fisher information": "フィッシャー情報量", "Beta posterior updating": "事後分布"}
    for english, term in expected.items():
        assert term in catalog.get(english).string, (english, catalog.get(english).string)
    # 尤度 (likelihood), 最尤 (maximum likelihood): never a transliteration.
    likelihood = [m for m in catalog if m.id and re.search(r"\blikelihood\b", str(m.id)) and m.string]
    assert likelihood and all("尤" in str(m.string) for m in likelihood), \
        [(m.id, m.string) for m in likelihood if "尤" not in str(m.string)]


def test_no_message_is_hidden_inside_an_f_string():
    """Babel reads an f-string as one string token: `f"{_('word')}"` would never reach the catalogue, and
    the reader would see English. Such words are named before the f-string instead."""
    from i18n.extract import PYTHON_SOURCES, ROOT

    hidden = [f"{path.relative_to(ROOT)}:{number}" for pattern in PYTHON_SOURCES
              for path in ROOT.glob(pattern.replace("**.py", "**/*.py"))
              for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
              if re.search(r"""f["'][^"']*\{_\(\s*["']""", line)]
    assert hidden == []
