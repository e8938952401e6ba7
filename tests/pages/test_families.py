"""The /families page headless: its numbers at values no preset uses (against scipy and closed forms, not core),
every preset, each control moved, the live families, and hostile links (docs/maths.md §10)."""

from __future__ import annotations

import math

import pytest
from scipy import integrate, special, stats

from concepts.families.spec import GENERATING, GRAMMAR, MAP, SPEC
from ui import internals
from tests.pages.support import (assert_clean, live_controls, metric_values, open_page, release_live_control, tables,
                                 warnings_text)


def _number(text: str) -> float:
    return float(text.replace("−", "-"))


def test_gamma_member_off_the_presets_reads_its_mean_and_variance():
    """Gamma(k = 3.5, rate 2.3): A′ = k/β = E[X], A″ = k/β² = Var X, the entropy scipy's."""
    at = open_page("families", {"fam": "gamma", "eta": "-2.3", "held": "3.5"})
    assert_clean(at)
    metrics = metric_values(at)
    member = stats.gamma(3.5, scale=1 / 2.3)
    assert _number(metrics["A′(η) = E[X]"]) == pytest.approx(member.mean(), abs=5e-5)
    assert _number(metrics["A″(η) = Var[X]"]) == pytest.approx(member.var(), abs=5e-5)
    assert _number(metrics["Entropy H"]) == pytest.approx(member.entropy(), abs=5e-5)
    rows = tables(at)[0]
    assert len(rows) == 5
    for row in rows:   # the grammar and the library agree to the six digits shown
        assert _number(row["value"]) == pytest.approx(_number(row["library value"]), rel=2e-6, abs=1e-9), row


def test_beta_reads_the_mean_of_log_x_not_of_x():
    at = open_page("families", {"fam": "beta", "eta": "1.7", "held": "4.5"})
    assert_clean(at)
    metrics = metric_values(at)
    assert _number(metrics["A′(η) = E[log X]"]) == pytest.approx(special.digamma(2.7) - special.digamma(7.2),
                                                                  abs=5e-5)
    assert "log X" in " ".join(m.value for m in at.markdown)


def test_defaults_and_the_live_eta():
    at = open_page("families")
    assert_clean(at)
    assert metric_values(at)["A″(η) = Var[X]"] == "0.2500"     # a fair coin: p(1 − p)
    eta = live_controls(at)["eta"]
    assert eta["min"] == -5.0 and eta["max"] == 5.0 and len(eta["grid"]) == 101
    release_live_control(at, "eta", 1.3)
    assert_clean(at)
    p = 1 / (1 + math.exp(-1.3))
    assert metric_values(at)["A′(η) = E[X]"] == f"{p:.4f}"
    assert metric_values(at)["A″(η) = Var[X]"] == f"{p * (1 - p):.4f}"


def test_a_new_family_takes_its_own_eta_and_held_parameter():
    at = open_page("families", {"fam": "categorical", "eta": "-3.5", "held": "-4"})
    assert_clean(at)
    at.selectbox(key="fam").set_value("gamma").run()
    assert_clean(at)
    assert not warnings_text(at)           # the old held value is not reported as a bad link: the reader chose
    assert internals.is_on(internals.LINK_REBINDING)
    assert live_controls(at)["eta"]["value"] == -1.0 and at.slider(key="held").value == 2.0
    assert metric_values(at)["A′(η) = E[X]"] == "2.0000"   # shape 2, rate 1
    at.slider(key="held").set_value(4.5).run()
    assert metric_values(at)["A″(η) = Var[X]"] == "4.5000"


@pytest.mark.parametrize("tab, label", [(tab, label) for tab, presets in SPEC.presets_by_tab.items()
                                        for label in presets])
def test_every_preset(tab, label):
    at = open_page("families")
    next(b for b in at.button if b.label == label).click().run()
    assert_clean(at)
    assert (at.query_params.get("tab") or GRAMMAR) == tab      # a tab's preset opens its tab
    values = SPEC.presets_by_tab[tab][label]
    if tab == GRAMMAR and values["fam"] == "poisson":     # Poisson at η = 1: mean and variance e
        assert metric_values(at)["A″(η) = Var[X]"] == f"{math.e:.4f}"
    if tab == MAP and values["edge"] == "t-normal":       # t(3) against N(0, 1), summed by scipy
        tv = 0.5 * integrate.quad(lambda z: abs(stats.t.pdf(z, 3) - stats.norm.pdf(z)), -60, 60, limit=400,
                                  points=[-3, -1, 0, 1, 3])[0] + stats.t.sf(60, 3)
        assert metric_values(at)["total variation"] == f"{tv:.4f}"


def test_generating_functions_read_the_moments_and_n_closes_the_gap():
    at = open_page("families", {"tab": GENERATING, "dist": "poisson"})
    assert_clean(at)
    metrics = metric_values(at)
    assert _number(metrics["M′(0) = E[X]"]) == pytest.approx(2.0, abs=1e-4)
    assert _number(metrics["M″(0) = E[X²]"]) == pytest.approx(6.0, abs=1e-4)   # λ + λ²
    before = _number(metrics["largest gap to e^(−t²/2)"])
    release_live_control(at, "n", 50)
    assert_clean(at)
    assert _number(metric_values(at)["largest gap to e^(−t²/2)"]) < before / 5
    cauchy = open_page("families", {"tab": GENERATING, "dist": "cauchy", "n": "3"})
    assert_clean(cauchy)
    assert metric_values(cauchy)["M′(0)"] == "—"
    gap = _number(metric_values(cauchy)["largest gap to e^(−t²/2)"])
    release_live_control(cauchy, "n", 100)
    assert _number(metric_values(cauchy)["largest gap to e^(−t²/2)"]) == gap   # the Cauchy's never moves


def test_map_total_variation_against_an_independent_sum():
    at = open_page("families", {"tab": MAP, "edge": "binomial-poisson", "size": "30"})
    assert_clean(at)
    k = range(0, 200)
    expected = 0.5 * sum(abs(stats.binom.pmf(i, 30, 2 / 30) - stats.poisson.pmf(i, 2)) for i in k)
    assert metric_values(at)["total variation"] == f"{expected:.4f}"
    at.selectbox(key="edge").set_value("t-normal").run()
    assert_clean(at)
    assert len(tables(at)[0]) == 14            # every relation of the map, in words
    assert len(live_controls(at)["size"]["grid"]) == len(SPEC.param("size").options)


@pytest.mark.parametrize("query, bad_key", [
    ({"fam": "zeta"}, "fam"), ({"fam": "gamma", "eta": "0.5"}, "eta"), ({"eta": "nan"}, "eta"),
    ({"fam": "beta", "held": "-1"}, "held"), ({"tab": GENERATING, "dist": "<b>x</b>"}, "dist"),
    ({"tab": GENERATING, "n": "7"}, "n"), ({"tab": MAP, "edge": "normal-cauchy"}, "edge"),
    ({"tab": MAP, "size": "1e9"}, "size"), ({"tab": "Nope"}, None)])
def test_hostile_links(query, bad_key):
    at = open_page("families", query)
    assert_clean(at)
    if bad_key:
        assert f"{bad_key}=" in warnings_text(at)
