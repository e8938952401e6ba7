"""The /sampling page headless: defaults, presets, controls, retraining, hostile prompts and URLs."""

from __future__ import annotations

import re

import numpy as np
import pytest

from concepts.sampling import models
from concepts.sampling.spec import DEFAULT_PROMPT_JA, SPEC
from tests.pages.support import release_live_control, assert_clean, metric_values, open_page, warnings_text, errors_text

PRESETS = list(SPEC.presets)  # every preset the page offers, from its spec


def test_defaults_show_an_untruncated_distribution():
    at = open_page("sampling")
    assert_clean(at)
    metrics = metric_values(at)
    assert metrics["Entropy of the model"] == metrics["Entropy after the pipeline"]  # T = 1, nothing cut
    assert metrics["KL(model ‖ sampled)"] == "0.0000"
    assert float(metrics["Perplexity of the sampled text"]) >= 1
    assert len(at.get("plotly_chart")) == 4  # stages, temperature, draws, per-step truncation


@pytest.mark.parametrize("label", PRESETS)
def test_every_preset(label):
    at = open_page("sampling")
    next(b for b in at.button if b.label == label).click().run()
    assert_clean(at)
    if label == "Greedy (T = 0)":
        assert metric_values(at)["Characters that can be drawn"].startswith("1 of")
        assert metric_values(at)["KL(model ‖ sampled)"] == "∞"
    if label == "Top-k 5":
        assert int(metric_values(at)["Characters that can be drawn"].split()[0]) <= 5


def test_controls_move_the_numbers():
    at = open_page("sampling")
    before = metric_values(at)
    release_live_control(at, "temperature", 2.0)
    assert metric_values(at)["Entropy after the pipeline"] != before["Entropy after the pipeline"]
    release_live_control(at, "top_p", 0.5)
    assert int(metric_values(at)["Characters that can be drawn"].split()[0]) < 33
    at.slider(key="min_p").set_value(0.1).run()
    at.number_input(key="top_k").set_value(3).run()
    at.slider(key="length").set_value(30).run()
    at.number_input(key="seed").set_value(8).run()
    at.text_input(key="prompt").input("a posterior is ").run()
    assert_clean(at)


def test_retraining_on_pasted_text_and_back():
    at = open_page("sampling")
    at.text_area(key="lm_text").input("too short").run()
    next(b for b in at.button if b.label == "Train on this text").click().run()
    assert "at least 200 characters" in errors_text(at)
    text = "the quick brown fox jumps over the lazy dog. " * 12
    at.text_area(key="lm_text").input(text).run()
    next(b for b in at.button if b.label == "Train on this text").click().run()
    assert_clean(at)
    assert any("your text" in m.value for m in at.markdown)
    next(b for b in at.button if b.label == "Back to the linked model").click().run()
    assert any("own prose, in English and in Japanese" in m.value for m in at.markdown)


@pytest.mark.parametrize("prompt", ["", "Ünïcødé ∑ 😀 — «quotes»", "<script>alert('x')</script>", "a" * 500])
def test_hostile_prompts(prompt):
    at = open_page("sampling", {"prompt": prompt})
    assert_clean(at)
    assert len(at.get("plotly_chart")) == 4  # stages, temperature, draws, per-step truncation


@pytest.mark.parametrize("query, bad_key", [({"prompt": "x" * 501}, "prompt"), ({"temperature": "-1"}, "temperature"),
                                            ({"top_k": "2.5"}, "top_k"), ({"top_p": "0"}, "top_p"),
                                            ({"min_p": "nan"}, "min_p"), ({"length": "100000"}, "length")])
def test_hostile_url_values(query, bad_key):
    at = open_page("sampling", query)
    assert_clean(at)
    assert f"{bad_key}=" in warnings_text(at)


def _balanced(formula: str) -> bool:
    depth = 0
    for character in formula:
        depth += {"(": 1, ")": -1}.get(character, 0)
        if depth < 0:
            return False
    return depth == 0


def test_every_formula_on_the_page_is_balanced_and_length_is_not_called_temperature():
    """The "Entropy after the pipeline" formula had 5 '(' and 6 ')'; T stood for both the temperature and
    the text's length; the greedy line read "argmax_k p_k = −50.827" as if the argmax were the likelihood."""
    at = open_page("sampling")
    formulas = [element.value for element in at.latex]
    assert formulas and all(_balanced(f) for f in formulas), [f for f in formulas if not _balanced(f)]
    joined = " ".join(formulas)
    assert r"\sum_{t=1}^{T}" not in joined and r"\frac{\log p}{T}" not in joined
    assert not re.search(r"\\arg\\max_k [^=]*= -?\d", joined)


def test_in_japanese_the_default_prompt_is_japanese_and_its_next_character_a_spread():
    """A Japanese reader's first view continues a Japanese sentence (the built-in model learns the explorer's
    Japanese prose too): every character of the prompt is one the model knows, and the next is one of several
    (the prose goes on 足し合わせた…, 平均の…, 標本平均の…), not one bar."""
    at = open_page("sampling", {"lang": "ja"})
    assert_clean(at)
    assert at.text_input(key="prompt").value == DEFAULT_PROMPT_JA
    assert "prompt" not in at.query_params            # the link names its language: the default needs no key
    model = models.builtin_model()
    encoded = model.encode(DEFAULT_PROMPT_JA)
    assert not encoded.replaced
    logits = model.next_logits(encoded.ids)
    p = np.exp(logits - logits.max())
    p /= p.sum()
    assert {model.vocab[i] for i in np.argsort(-p)[:3]} == {"足", "平", "標"}
    entropy = -np.sum(p[p > 0] * np.log(p[p > 0]))
    assert entropy > 2.0                              # 3.25 nats measured; one bar would be near 0
    english = open_page("sampling", {"lang": "en"})
    position = [m.label for m in english.metric].index("Entropy of the model")
    assert at.metric[position].value.startswith(f"{entropy:.3f}")
