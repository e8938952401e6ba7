"""The /beta page headless: defaults, presets, flip buttons, both tabs, hostile URLs."""

from __future__ import annotations

import pytest

from specs.beta import BETA, GAUSS, SPEC
from tests.pages.support import assert_clean, metric_values, open_page, warnings_text


def test_defaults_show_the_worked_example():
    at = open_page("beta")
    assert_clean(at)
    metrics = metric_values(at)
    assert metrics["Posterior mean"] == "0.6429"  # Beta(9, 5): docs/maths.md §3, 0.642857
    assert metrics["MAP (posterior mode)"] == "0.6667"
    assert metrics["95% central interval"] == "[0.386, 0.861]"
    assert len(at.get("plotly_chart")) == 3


@pytest.mark.parametrize("label", list(SPEC.presets_by_tab[BETA]))
def test_every_beta_preset_runs(label):
    at = open_page("beta")
    next(b for b in at.button if b.label == label).click().run()
    assert_clean(at)
    if label == "Sceptical prior Beta(50, 50)":
        assert metric_values(at)["Posterior mean"] == f"{57 / 110:.4f}"


def test_flip_buttons_update_the_counts():
    at = open_page("beta")
    next(b for b in at.button if b.label == "+1 head").click().run()
    assert at.number_input(key="heads").value == 8
    next(b for b in at.button if b.label == "+1 tail").click().run()
    assert at.number_input(key="tails").value == 4
    assert metric_values(at)["Posterior mean"] == f"{10 / 16:.4f}"
    next(b for b in at.button if b.label == "Reset to no data").click().run()
    assert_clean(at)
    assert metric_values(at)["Posterior mean"] == "0.5000"


def test_flip_button_in_simulate_mode_keeps_the_simulated_counts():
    at = open_page("beta", {"data": "simulate", "theta": "0.3", "flips": "50", "seed": "3"})
    assert_clean(at)
    caption = next(c.value for c in at.caption if c.value.startswith("Simulated:"))
    heads = int(caption.split()[1])
    next(b for b in at.button if b.label == "+1 head").click().run()
    assert at.radio(key="data").value == "counts"
    assert at.number_input(key="heads").value == heads + 1


def test_each_control_moves_the_numbers():
    at = open_page("beta")
    at.number_input(key="a").set_value(5.0).run()
    at.number_input(key="b").set_value(1.0).run()
    at.number_input(key="heads").set_value(30).run()
    at.number_input(key="tails").set_value(12).run()
    assert metric_values(at)["Posterior mean"] == f"{35 / 48:.4f}"
    at.radio(key="interval").set_value("hpd").run()
    assert "95% HPD interval" in metric_values(at)
    at.slider(key="grid").set_value(150).run()
    assert any("M = 150 points" in chart.proto.spec for chart in at.get("plotly_chart"))
    at.radio(key="data").set_value("simulate").run()
    at.slider(key="theta").set_value(0.9).run()
    at.number_input(key="flips").set_value(500).run()
    at.number_input(key="seed").set_value(11).run()
    assert_clean(at)


def test_gaussian_tab_matches_the_closed_form():
    at = open_page("beta", {"tab": "Gaussian-Gaussian", "mu0": "0", "tau0": "1", "sigma": "1", "gn": "0"})
    assert_clean(at)
    assert metric_values(at)["Posterior mean μ_N (= MAP)"] == "0.0000"  # no data: the prior
    for label in SPEC.presets_by_tab[GAUSS]:
        next(b for b in at.button if b.label == label).click().run()
        assert_clean(at)
    assert metric_values(at)["Posterior sd τ_N"] == f"{(1 / (1 + 1000)) ** 0.5:.4f}"


@pytest.mark.parametrize("query, bad_key", [
    ({"a": "0"}, "a"), ({"a": "-1"}, "a"), ({"b": "nan"}, "b"), ({"heads": "1.5"}, "heads"),
    ({"tails": "9999999999"}, "tails"), ({"data": "<b>x</b>"}, "data"), ({"interval": "widest"}, "interval"),
    ({"grid": "1"}, "grid"), ({"data": "simulate", "theta": "inf"}, "theta"),
    ({"tab": "Gaussian-Gaussian", "tau0": "0"}, "tau0"), ({"tab": "Gaussian-Gaussian", "gn": "x"}, "gn"),
])
def test_hostile_url_values_give_a_notice(query, bad_key):
    at = open_page("beta", query)
    assert_clean(at)
    assert f"{bad_key}=" in warnings_text(at)
