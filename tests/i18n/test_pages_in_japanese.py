"""Every page and tab in Japanese (lang=ja), headless: no exception, no English left in what a reader
sees (names, abbreviations, formulas, code and URL names aside: tests/i18n/support.py), and the same
numbers as in English. Pages still to be translated are marked, strictly: the mark fails the run once
the page is done, so the list below is always the true state of the translation."""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

import concepts
from tests.i18n.support import english_words, visible_texts
from tests.pages.support import ROOT, as_read, open_page

TRANSLATED = {"home", "beta", "clt", "families", "mvn", "kl", "fisher", "gmm", "likelihood", "sampling"}


def _views() -> list[tuple[str, dict[str, str]]]:
    views = [("home", {})]
    for stem, spec in concepts.specs_by_stem().items():
        views.extend((stem, {"tab": tab}) for tab in spec.tabs) if spec.tabs else views.append((stem, {}))
    return views


def _open(stem: str, query: dict[str, str]) -> AppTest:
    if stem == "home":
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        for key, value in query.items():
            at.query_params[key] = value
        return at.run()
    return open_page(stem, query)


@pytest.mark.parametrize("stem, query", [
    pytest.param(stem, query, id=f"{stem}-{query.get('tab', '')}".rstrip("-"),
                 marks=() if stem in TRANSLATED else pytest.mark.xfail(strict=True, reason="not yet translated"))
    for stem, query in _views()])
def test_no_english_left_in_japanese(stem, query):
    at = _open(stem, {**query, "lang": "ja"})
    assert not at.exception, [e.value for e in at.exception]
    assert english_words(visible_texts(at)) == {}


def _numbers(at: AppTest) -> list[str]:
    """The numbers of every metric (its value and note), in page order; a timing (ms) is left out, as it is
    measured afresh on each run."""
    return [" ".join(re.findall(r"-?\d+(?:\.\d+)?(?:e[-+]?\d+)?", f"{m.value} {m.proto.body}")) for m in at.metric
            if not str(m.value).endswith(" ms")]


@pytest.mark.parametrize("stem, query", [
    *((stem, query) for stem, query in _views() if stem != "home"),
    ("beta", {"data": "simulate", "flips": "50", "interval": "hpd"}), ("clt", {"dist": "cauchy"}),
    ("fisher", {"model": "normal-variance"}), ("gmm", {"k": "3"})])
def test_the_same_numbers_in_both_languages(stem, query):
    # A default written for each language (/sampling's prompt) is pinned to the English one in both.
    query = concepts.specs_by_stem()[stem].language_defaults("en") | query
    english, japanese = _open(stem, {**query, "lang": "en"}), _open(stem, {**query, "lang": "ja"})
    assert _numbers(english) == _numbers(japanese)
    assert not english.metric or [m.label for m in english.metric] != [m.label for m in japanese.metric]


def test_the_check_finds_english_on_an_english_page():
    """The check can fail: the English page is full of words it reports."""
    found = english_words(visible_texts(_open("beta", {"lang": "en"})))
    assert {"posterior", "prior", "flips"} <= set(found)


def test_the_sidebar_switch_changes_the_language_and_the_link():
    at = _open("beta", {})
    assert at.title[0].value == "Bayesian updating: from prior to posterior"
    switch = next(element for element in at.get("button_group") if element.key == "_lang_switch")
    assert switch.options == ["English", "日本語"]
    switch.set_value("ja").run()
    assert at.title[0].value == "ベイズ更新：事前分布から事後分布へ"
    assert at.query_params["lang"] == "ja"


def test_an_unknown_language_in_a_link_falls_back_to_english_and_says_so_in_the_link():
    at = _open("beta", {"lang": "fr"})
    assert at.title[0].value == "Bayesian updating: from prior to posterior"
    assert at.query_params["lang"] == "en"


def test_the_language_stays_for_the_session_when_a_link_leaves_it_out():
    """A lesson's Next or a classroom move switches page with a link that names no language."""
    at = _open("beta", {"lang": "ja"})
    at.query_params.pop("lang")
    at.run()
    assert at.title[0].value == "ベイズ更新：事前分布から事後分布へ"
    assert at.query_params["lang"] == "ja"   # written back: the address bar still reproduces the view


def test_radio_options_keep_their_link_names_and_say_what_they_mean_in_each_language():
    """The buttons read `central` and `hpd` (their names in the link, in every language); under each, its meaning."""
    japanese, english = _open("beta", {"lang": "ja"}), _open("beta", {"lang": "en"})
    data = next(radio for radio in japanese.radio if radio.key == "data")
    assert data.options == ["counts", "simulate"]
    assert list(data.proto.captions) == ["回数を入力", "コインを投げる（シミュレーション）"]
    interval = next(radio for radio in english.radio if radio.key == "interval")
    assert interval.options == ["central", "hpd"]
    assert list(interval.proto.captions) == ["central (2.5% in each tail)", "shortest (highest posterior density)"]


def test_tabs_are_named_in_japanese_and_links_keep_their_english_names():
    """A link says `tab=Fitting` in both languages and opens the same tab; only what the tab shows differs."""
    japanese, english = _open("kl", {"lang": "ja", "tab": "Fitting"}), _open("kl", {"lang": "en", "tab": "Fitting"})
    assert [tab.label for tab in japanese.tabs] == ["2 つの正規分布", "当てはめ", "推定"]
    assert [tab.label for tab in english.tabs] == ["Two Gaussians", "Fitting", "Estimation"]
    for at in (japanese, english):
        assert at.session_state["tab"] == "Fitting" and at.query_params["tab"] == "Fitting"
    # The Fitting tab's control is drawn (hidden tabs compute nothing), in the reader's language.
    assert [s.label for s in japanese.slider if s.key == "sep"] == ["p の 2 つの山の間隔"]


@pytest.mark.parametrize("data, message", [("1 2 x", "1 行目：'x' は数値ではありません"),
                                           ("5", "数値が 2 個以上必要です（現在 1 個）")])
def test_what_is_wrong_with_a_paste_is_said_in_japanese(data, message):
    at = _open("likelihood", {"source": "pasted", "data": data, "lang": "ja"})
    assert not at.exception
    assert message in as_read(at.error[0].value)
    assert english_words(visible_texts(at)) == {}
