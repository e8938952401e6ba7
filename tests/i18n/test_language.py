"""The reader's language: how it is chosen, that it reaches every word, and that it is each reader's own."""

from __future__ import annotations

import re
import threading

import pytest

import i18n
from classroom.rooms import View
from i18n import _


@pytest.mark.parametrize("given, expected", [("ja", "ja"), ("ja-JP", "ja"), ("JA_jp", "ja"), ("en-GB", "en"),
                                             ("fr-FR", None), ("", None), (None, None)])
def test_normalise(given, expected):
    assert i18n.normalise(given) == expected


def test_a_first_visit_takes_the_browsers_language_when_we_have_it():
    assert i18n.from_browser("ja-JP") == "ja"
    assert i18n.from_browser("de-DE") == "en"
    assert i18n.from_browser(None) == "en"


def test_use_sets_the_language_for_a_block_only():
    assert i18n.language() == "en"
    with i18n.use("ja"):
        assert _("Posterior mean") == "事後平均"
        with i18n.use("en"):
            assert _("Posterior mean") == "Posterior mean"
    assert _("Posterior mean") == "Posterior mean"
    with pytest.raises(ValueError, match="lang must be one of en, ja"):
        with i18n.use("fr"):
            pass


def test_the_session_decides_where_no_block_does_and_each_thread_asks_its_own():
    """Streamlit runs every session's script in a thread of its own: the language comes from the session,
    through the UI layer's hook, never from another session."""
    seen = {}
    per_thread = {}

    def session_language():
        return per_thread.get(threading.get_ident())

    before = i18n._session_language     # the UI's hook, where ui.language is already imported: put back
    i18n.set_session_language(session_language)
    try:
        def reader(lang):
            per_thread[threading.get_ident()] = lang
            seen[lang] = _("Posterior mean")

        threads = [threading.Thread(target=reader, args=(lang,)) for lang in ("ja", "en")]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        i18n.set_session_language(before)
    assert seen == {"ja": "事後平均", "en": "Posterior mean"}


def test_plurals():
    assert i18n.ngettext("{count} step", "{count} steps", 1).format(count=1) == "1 step"
    assert i18n.ngettext("{count} step", "{count} steps", 5).format(count=5) == "5 steps"
    with i18n.use("ja"):
        assert i18n.ngettext("{count} step", "{count} steps", 5).format(count=5) == "5 ステップ"


def test_figures_and_sentences_are_written_in_the_language_in_force():
    from core import conjugate
    from concepts.beta import explain as words
    from concepts.beta import figures
    posterior = conjugate.beta_posterior(2.0, 2.0, 7, 3)
    with i18n.use("ja"):
        japanese = words.beta_interpretation(posterior)
        figure = figures.beta_update_figure(posterior, conjugate.beta_density_curves(posterior),
                                            posterior.central_interval(), "central", None)
    english = words.beta_interpretation(posterior)
    assert "事後平均" in japanese and "posterior mean" in english
    # The same numbers in both.
    def numbers(text):
        return sorted(re.findall(r"\d+(?:\.\d+)?", text))

    assert numbers(japanese) == numbers(english) == sorted(["10", "7", "0.643", "0.500", "0.700", "4", "71"])
    assert figure["layout"]["title"]["text"] == "事前分布 × 尤度 → 事後分布"
    assert figure["layout"]["xaxis"]["title"]["text"] == "θ（表の出る確率）"


def test_the_language_is_not_followed_in_a_classroom():
    assert View.of("beta", {"a": 2, "lang": "ja", "present": "1"}) == View.of("beta", {"a": 2, "lang": "en"})


def test_a_choice_keeps_its_url_name_and_says_what_it_means_in_each_language():
    """Streamlit writes a displayed option into the link, so options show their URL names (interval=hpd in
    every language); the spec declares what each terse name means, shown under it in the reader's language."""
    from concepts.beta.spec import SPEC

    meanings = SPEC.param("interval").meanings
    assert meanings["hpd"] == "shortest (highest posterior density)"
    with i18n.use("ja"):
        assert i18n._(meanings["hpd"]) == "最短（最高事後密度）"
        assert i18n._(SPEC.param("data").meanings["counts"]) == "回数を入力"


def test_a_spinner_written_at_import_is_shown_in_the_readers_language():
    """Streamlit keeps a cache's spinner text from import time and shows str() of it on a cache miss."""
    from streamlit.string_util import clean_text

    spinner = i18n.lazy_text("Fitting by EM…")
    assert clean_text(spinner) == "Fitting by EM…"
    with i18n.use("ja"):
        assert clean_text(spinner) == "EM で当てはめ中…"


def test_core_says_what_is_wrong_in_english_and_the_reader_reads_it_in_their_language():
    """core's InputError is English to the API (str) and a template with fields to the UI; a phrase inside it
    (what the numbers are for) is translated too; any other exception stays as it was said."""
    from core import gmm
    from core.validation import InputError

    with pytest.raises(InputError) as caught:
        gmm.parse_numbers("4 4 4 4 4 4 4 4 4 4 4 4")
    assert str(caught.value) == "all the numbers are equal (4): there is no spread to fit a mixture"
    with i18n.use("en"):
        assert i18n.error_message(caught.value) == str(caught.value)
    with i18n.use("ja"):
        assert i18n.error_message(caught.value) == ("すべての数値が等しく（4）、ばらつきがありません"
                                                     "（混合分布を当てはめるにはばらつきが必要です）")
        assert i18n.error_message(ZeroDivisionError("division by zero")) == "division by zero"
        with pytest.raises(InputError) as bad_token:
            gmm.parse_numbers("1 2 3\n4 x 6")
        assert i18n.error_message(bad_token.value) == "2 行目：'x' は数値ではありません"
