"""The /fisher page headless: every model, presets, controls and hostile URLs."""

from __future__ import annotations

import pytest

from core import fisher
from concepts.fisher.spec import SPEC
from tests.pages.support import (assert_clean, live_controls, metric_values, open_page, release_live_control,
                                 tables, warnings_text)

PRESETS = list(SPEC.presets)  # every preset the page offers, from its spec


def test_defaults():
    at = open_page("fisher")
    assert_clean(at)
    metrics = metric_values(at)
    assert metrics["Fisher information I(μ)"] == "1"
    assert metrics["Cramér–Rao bound 1/(nI)"] == "0.05"
    assert len(at.get("plotly_chart")) == 3


@pytest.mark.parametrize("model", fisher.MODEL_KEYS)
def test_every_model_resets_theta_to_its_default(model):
    at = open_page("fisher", {"reps": "500", "big_n": "10000"})
    at.selectbox(key="model").set_value(model).run()
    assert_clean(at)
    assert live_controls(at)["theta"]["value"] == fisher.MODELS[model].theta_default
    assert live_controls(at)["theta"]["label"] == f"true {fisher.MODELS[model].symbol}"
    assert len(at.get("plotly_chart")) == 3


@pytest.mark.parametrize("label", PRESETS)
def test_every_preset(label):
    at = open_page("fisher", {"reps": "500", "big_n": "10000"})
    next(b for b in at.button if b.label == label).click().run()
    assert_clean(at)
    if label.startswith("Biased") or label.startswith("Three"):
        assert any("Biased estimator" in info.value for info in at.info)


def test_controls():
    at = open_page("fisher", {"reps": "500", "big_n": "10000"})
    release_live_control(at, "theta", 2.5)
    at.select_slider(key="n").set_value(100).run()
    assert metric_values(at)["Cramér–Rao bound 1/(nI)"] == "0.01"
    at.select_slider(key="reps").set_value(1000).run()
    at.select_slider(key="big_n").set_value(1000).run()
    at.number_input(key="seed").set_value(5).run()
    assert_clean(at)


def test_cauchy_large_n_is_capped_with_a_note():
    at = open_page("fisher", {"model": "cauchy", "big_n": "10000000", "reps": "500"})
    assert_clean(at)
    assert any("no sufficient statistics" in c.value for c in at.caption)


@pytest.mark.parametrize("query, bad_key", [({"model": "gamma"}, "model"), ({"theta": "99"}, "theta"),
                                            ({"model": "poisson", "theta": "-1"}, "theta"), ({"n": "7"}, "n"),
                                            ({"reps": "abc"}, "reps"), ({"big_n": "1e99"}, "big_n")])
def test_hostile_url_values(query, bad_key):
    at = open_page("fisher", query)
    assert_clean(at)
    assert f"{bad_key}=" in warnings_text(at)


def test_a_biased_estimator_is_not_called_the_most_efficient():
    """/fisher?model=normal-variance&theta=2.7&n=5&reps=5000&seed=21 showed the biased MLE's 1.262 as the
    best efficiency and led with "0.79× the Cramér-Rao bound"."""
    at = open_page("fisher", {"model": "normal-variance", "theta": "2.7", "n": "5", "reps": "5000", "seed": "21"})
    assert_clean(at)
    results = fisher.simulate(fisher.MODELS["normal-variance"], 2.7, 5, 5000, 21)
    best = fisher.best_estimator(results)
    metrics = metric_values(at)
    assert metrics["Best unbiased efficiency"] == f"{best.efficiency:.3f}" and best.estimator.unbiased
    sentence = " ".join(m.value for m in at.markdown if "Cramér–Rao bound" in m.value)
    assert "0.79×" not in sentence and "biased, has an MSE of" in sentence
    table = tables(at)[0]
    assert table[-1]["estimator"].startswith("MLE") and table[-1]["efficiency"].endswith("(by MSE)")


def test_the_information_ratio_shows_how_it_is_computed():
    """The ratio is computed after the other readouts (its likelihood curve comes later): its formula is folded
    in the explanations too, under its own title, with its numbers substituted."""
    at = open_page("fisher")
    title = "How is “Observed ÷ expected information” computed?"
    assert title in [expander.label for expander in at.expander]
    formulas = " ".join(block.value for block in at.latex)
    assert r"J = -\ell''(\hat\theta) = " in formulas and r"N I(\hat\theta) = 100{,}000 \times" in formulas
