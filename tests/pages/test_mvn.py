"""The /mvn page headless: defaults, presets, controls, the degenerate case, hostile URLs."""

from __future__ import annotations

import pytest

from concepts.mvn.spec import SPEC
from tests.pages.support import (assert_clean, live_controls, metric_values, open_page, release_live_control,
                                 warnings_text)

PRESETS = list(SPEC.presets)  # every preset the page offers, from its spec


def test_defaults_are_the_worked_example():
    at = open_page("mvn")
    assert_clean(at)
    metrics = metric_values(at)
    assert metrics["Conditional mean E[x₁ | x₂]"] == "1.8000"
    assert metrics["Conditional variance Σ₁|₂"] == "1.3600"
    assert metrics["Variance reduction"] == "32.0%"
    assert metrics["Correlation ρ"] == "0.5657"
    assert len(at.get("plotly_chart")) == 2


@pytest.mark.parametrize("label", PRESETS)
def test_every_preset_runs(label):
    at = open_page("mvn")
    next(b for b in at.button if b.label == label).click().run()
    assert_clean(at)
    if label.startswith("Independent"):
        assert metric_values(at)["Variance reduction"] == "0.0%"
    if label.startswith("Degenerate"):
        assert "not positive definite" in warnings_text(at)
        assert len(at.get("plotly_chart")) == 2  # the page keeps working


def test_controls_move_the_numbers():
    at = open_page("mvn")
    release_live_control(at, "x2", 0.0)
    assert metric_values(at)["Conditional mean E[x₁ | x₂]"] == "2.6000"  # 1 + 0.8 * (0 - (-2))
    assert metric_values(at)["Conditional variance Σ₁|₂"] == "1.3600"  # independent of the observation
    release_live_control(at, "rho", 0.0)
    assert metric_values(at)["Conditional mean E[x₁ | x₂]"] == "1.0000"
    for key, value in (("mu1", 2.0), ("mu2", 1.0), ("s1", 3.0), ("s2", 0.5), ("eps", 0.01)):
        at.number_input(key=key).set_value(value).run()
    at.select_slider(key="samples").set_value(5000).run()
    at.number_input(key="seed").set_value(9).run()
    assert_clean(at)


def test_high_dimension_tab():
    at = open_page("mvn", {"tab": "High dimensions"})
    assert_clean(at)
    assert float(metric_values(at)["Mean |x| at d = 1000"]) == pytest.approx(31.6, abs=0.1)


@pytest.mark.parametrize("query, bad_key", [
    ({"rho": "2"}, "rho"), ({"s1": "0"}, "s1"), ({"s2": "-1"}, "s2"), ({"mu1": "nan"}, "mu1"),
    ({"x2": "1e9"}, "x2"), ({"samples": "7"}, "samples"), ({"eps": "x"}, "eps"), ({"seed": "-1"}, "seed"),
])
def test_hostile_url_values_give_a_notice(query, bad_key):
    at = open_page("mvn", query)
    assert_clean(at)
    assert f"{bad_key}=" in warnings_text(at)


def test_x2_slides_over_its_window_and_a_link_outside_it_still_works():
    at = open_page("mvn")
    sent = live_controls(at)["x2"]
    assert (sent["min"], sent["max"], sent["step"]) == (-6.0, 2.0, 0.05)  # μ₂ ± 4σ₂ on steps of σ₂/20
    assert sent["value"] == -1.0 and len(sent["grid"]) == 161
    far = open_page("mvn", {"x2": "501.3"})  # a value no slider position holds: kept, and shown exactly
    assert_clean(far)
    sent = live_controls(far)["x2"]
    assert sent["min"] <= -6.0 and sent["max"] >= 501.3 and sent["value"] == 501.3 and sent["shown"] == "501.3"
    assert metric_values(far)["Conditional mean E[x₁ | x₂]"] == "403.6400"  # 1 + 0.8 * (501.3 + 2)
    too_far = open_page("mvn", {"x2": "1e6"})
    assert "x2=" in warnings_text(too_far) and live_controls(too_far)["x2"]["value"] == -1.0


def test_the_regularised_conditional_variance_is_put_in_proportion_not_called_tiny():
    """/mvn?rho=-1&eps=0.05&s1=2&s2=0.5 called a conditional variance of 0.717 (of x₁'s 4.05) "tiny"."""
    import re

    at = open_page("mvn", {"rho": "-1", "eps": "0.05", "s1": "2", "s2": "0.5"})
    notice = " ".join(w.value for w in at.warning)
    assert "tiny" not in notice
    match = re.search(r"conditional variance is ([\d.]+) \(([\d.]+)% of x₁'s variance ([\d.]+)\)", notice)
    assert match, notice
    variance, percent, prior = map(float, match.groups())
    assert variance == pytest.approx(0.717, abs=0.001) and prior == pytest.approx(4.05, abs=0.01)
    assert percent == pytest.approx(100 * variance / prior, rel=0.01)


@pytest.mark.parametrize("samples, kind", [(500, "scatter"), (1000, "scatter"), (2000, "scattergl"),
                                           (5000, "scattergl")])
def test_the_sample_cloud_is_svg_where_that_draws_faster(samples, kind):
    """Up to SVG_SAMPLES_UP_TO points the cloud is SVG (first draw 69 ms against 206 ms for WebGL at 500 points);
    beyond, WebGL. Every point is drawn either way."""
    import json

    at = open_page("mvn", query={"samples": str(samples)})
    assert_clean(at)
    cloud = json.loads(at.get("plotly_chart")[0].proto.spec)["data"][0]
    assert cloud["type"] == kind and cloud["mode"] == "markers"
    assert "seeded samples" in cloud["name"] and str(samples) in cloud["name"]
