"""The /clt page headless: defaults, presets, every control, hostile URLs."""

from __future__ import annotations

import pytest

from core import clt
from concepts.clt.spec import SPEC
from tests.pages.support import (assert_clean, live_controls, metric_values, open_page, release_live_control,
                                 warnings_text)

PRESET_LABELS = list(SPEC.presets)  # every preset the page offers, from its spec


def test_defaults_show_the_exponential_numbers():
    at = open_page("clt")
    assert_clean(at)
    metrics = metric_values(at)
    assert metrics["Distance from normal $D_N$"] == "0.0243"  # docs/maths.md §1: 0.024291
    assert metrics["Berry–Esseen bound"] == "0.2093"  # 1.146430 / sqrt(30)
    assert metrics["Standard error of the mean"] == "0.1826"
    assert len(at.get("plotly_chart")) == 3


@pytest.mark.parametrize("label", PRESET_LABELS)
def test_every_preset_runs(label):
    at = open_page("clt")
    next(b for b in at.button if b.label == label).click().run()
    assert_clean(at)
    if label == "No CLT: Cauchy":
        assert at.selectbox(key="dist").value == "cauchy"
        assert metric_values(at)["Berry–Esseen bound"] == "does not apply"
        assert any("Why the CLT fails here" in info.value for info in at.info)
    if label == "Rare coin: Bernoulli(0.1)":
        assert at.slider(key="p").value == pytest.approx(0.1)
    if label == "Already normal":
        assert metric_values(at)["Distance from normal $D_N$"] == "0.0000"


@pytest.mark.parametrize("dist", clt.DISTRIBUTIONS)
def test_every_distribution(dist):
    at = open_page("clt")
    at.selectbox(key="dist").set_value(dist).run()
    assert_clean(at)
    assert len(at.get("plotly_chart")) == 3


def test_each_control_moves_the_numbers():
    at = open_page("clt")
    before = metric_values(at)
    release_live_control(at, "n", 100)
    assert_clean(at)
    assert metric_values(at)["Distance from normal $D_N$"] == "0.0133"  # docs/maths.md §1: 0.013300
    at.selectbox(key="dist").set_value("lognormal").run()
    lognormal = metric_values(at)
    at.number_input(key="seed").set_value(7).run()
    assert metric_values(at) != lognormal  # a new seed gives new Monte-Carlo draws
    at.selectbox(key="dist").set_value("uniform").run()
    uniform = metric_values(at)          # Irwin-Hall, exactly: the seed moves no number of the uniform's
    assert uniform["Distance from normal $D_N$"] == "0.000276" and uniform["Bound ÷ actual distance"] == "223.6×"
    at.number_input(key="seed").set_value(8).run()
    assert metric_values(at) == uniform
    at.select_slider(key="trials").set_value(20000).run()
    assert_clean(at)
    at.selectbox(key="dist").set_value("bernoulli").run()
    at.slider(key="p").set_value(0.2).run()
    at.selectbox(key="dist").set_value("poisson").run()
    at.slider(key="rate").set_value(4.0).run()
    assert_clean(at)
    assert metric_values(at) != before


def test_deep_link_reproduces_the_view():
    at = open_page("clt", {"dist": "bernoulli", "p": "0.3", "n": "10", "trials": "1000", "seed": "5"})
    assert_clean(at)
    assert at.selectbox(key="dist").value == "bernoulli"
    assert live_controls(at)["n"]["value"] == 10
    again = open_page("clt", {"dist": "bernoulli", "p": "0.3", "n": "10", "trials": "1000", "seed": "5"})
    assert metric_values(again) == metric_values(at)


@pytest.mark.parametrize("query, bad_key", [
    ({"n": "abc"}, "n"), ({"n": "7"}, "n"), ({"n": "-1"}, "n"), ({"seed": "nan"}, "seed"),
    ({"seed": "1e40"}, "seed"), ({"dist": "<script>alert(1)</script>"}, "dist"), ({"trials": "inf"}, "trials"),
    ({"dist": "bernoulli", "p": "2"}, "p"), ({"dist": "poisson", "rate": "-3"}, "rate"),
    ({"dist": "ünïcødé"}, "dist"),
])
def test_hostile_url_values_give_a_notice_and_defaults(query, bad_key):
    at = open_page("clt", query)
    assert_clean(at)
    assert f"{bad_key}=" in warnings_text(at)
    assert len(at.get("plotly_chart")) == 3
