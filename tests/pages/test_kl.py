"""The /kl page headless: the docs/maths.md §5 numbers, presets, tabs and hostile URLs."""

from __future__ import annotations

import pytest

from concepts.kl.spec import SPEC
from tests.pages.support import release_live_control, assert_clean, metric_values, open_page, warnings_text

PRESETS = list(SPEC.presets)  # every preset the page offers, from its spec


def test_defaults_show_both_directions():
    at = open_page("kl")
    assert_clean(at)
    metrics = metric_values(at)
    assert metrics["KL(p ‖ q)"] == "0.4431" and metrics["KL(q ‖ p)"] == "1.3069"
    assert not any(m.value.startswith("0.443147") for m in at.get("code"))  # nothing echoed by magic


@pytest.mark.parametrize("label", PRESETS)
def test_every_preset(label):
    at = open_page("kl")
    next(b for b in at.button if b.label == label).click().run()
    assert_clean(at)
    if label == "p = q: zero both ways":
        assert metric_values(at)["KL(p ‖ q)"] == "0.0000"


def test_controls_and_tabs():
    at = open_page("kl")
    release_live_control(at, "s2", 0.5)
    assert float(metric_values(at)["KL(p ‖ q)"]) > float(metric_values(at)["KL(q ‖ p)"])
    release_live_control(at, "m2", -1.0)
    for key, value in (("m1", 1.0), ("s1", 2.0), ("seed", 4)):
        at.number_input(key=key).set_value(value).run()
        assert_clean(at)
    fitting = open_page("kl", {"tab": "Fitting"})
    fitting.slider(key="sep").set_value(8.0).run()
    fitting.slider(key="w").set_value(0.5).run()
    assert_clean(fitting)
    assert metric_values(fitting)["Reverse fit: KL(q‖p)"] == "0.6931"  # log 2: one of two equal, far modes
    estimation = open_page("kl", {"tab": "Estimation"})
    assert_clean(estimation)
    assert metric_values(estimation)["Closed form"] == "0.4431"


@pytest.mark.parametrize("query, bad_key", [({"s1": "0"}, "s1"), ({"m2": "1e6"}, "m2"),
                                            ({"tab": "Fitting", "sep": "-1"}, "sep"),
                                            ({"tab": "Fitting", "w": "nan"}, "w"), ({"tab": "Nope"}, None)])
def test_hostile_url_values(query, bad_key):
    at = open_page("kl", query)
    assert_clean(at)
    if bad_key:
        assert f"{bad_key}=" in warnings_text(at)
