"""The /beta page headless: defaults, presets, flip buttons, both tabs, hostile URLs."""

from __future__ import annotations

import pytest

from concepts.beta.spec import BETA, GAUSS, SPEC
from tests.pages.support import (assert_clean, live_controls, metric_values, open_page, release_live_control,
                                 warnings_text)


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
    assert any("(M = 150)" in chart.proto.spec for chart in at.get("plotly_chart"))  # the grid trace's name
    assert any("M = 150 points" in text.value.replace("\\", "") for text in at.markdown)   # the title, above it
    at.radio(key="data").set_value("simulate").run()
    at.slider(key="theta").set_value(0.9).run()
    at.number_input(key="flips").set_value(500).run()
    at.number_input(key="seed").set_value(11).run()
    assert_clean(at)


def test_replaying_the_flips_one_by_one():
    """The counts 7 heads, 3 tails are spread evenly (core.conjugate.interleaved_flips: t h h t h h t h h h):
    after 4 flips, 2 heads and 2 tails, the Beta(2, 2) prior becomes Beta(4, 4)."""
    at = open_page("beta")
    sent = live_controls(at)["seen"]
    assert sent["options"] == list(range(11)) and sent["value"] == 10  # every flip, all seen by default
    release_live_control(at, "seen", 4)
    assert_clean(at)
    assert metric_values(at)["Posterior mean"] == "0.5000"
    assert any("the first 4 of 10 flips: 2 heads, 2 tails → Beta(4, 4)" in m.value for m in at.markdown)
    release_live_control(at, "seen", 0)
    assert metric_values(at)["Posterior mean"] == "0.5000"  # the prior's own mean
    assert any("No flips yet" in m.value for m in at.markdown)
    next(b for b in at.button if b.label == "+1 head").click().run()  # new data: all of it is seen
    assert live_controls(at)["seen"]["value"] == 11 and metric_values(at)["Posterior mean"] == f"{10 / 15:.4f}"


def test_a_link_replays_a_prefix_and_long_data_play_in_strides():
    at = open_page("beta", {"data": "simulate", "theta": "0.3", "flips": "1000", "seen": "37"})
    assert_clean(at)
    sent = live_controls(at)["seen"]
    assert sent["value"] == 37 and sent["shown"] == "37"  # kept, though the slider moves in strides of 5
    assert sent["options"][:3] == [0, 5, 10] and sent["options"][-1] == 1000 and len(sent["options"]) == 201
    assert any("the first 37 of 1000 flips" in m.value for m in at.markdown)
    too_many = open_page("beta", {"seen": "11"})  # only 10 flips
    assert "seen=" in warnings_text(too_many) and live_controls(too_many)["seen"]["value"] == 10


def test_gaussian_tab_matches_the_closed_form():
    at = open_page("beta", {"tab": "Gaussian-Gaussian", "mu0": "0", "tau0": "1", "sigma": "1", "gn": "0"})
    assert_clean(at)
    assert metric_values(at)["Posterior mean μ_N (= MAP)"] == "0.0000"  # no data: the prior
    for label in SPEC.presets_by_tab[GAUSS]:
        next(b for b in at.button if b.label == label).click().run()
        assert_clean(at)
    assert metric_values(at)["Posterior sd $\\tau_N$"] == f"{(1 / (1 + 1000)) ** 0.5:.4f}"


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
