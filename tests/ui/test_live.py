"""Live controls (ui/live.py, viz/live.py, ui/live/live_control.js): the family the server ships is
the page's own figures and numbers at each grid value, it stays within the figure budget, and the
browser code passes its own tests. (tests/browser/test_live.py drags the real control.)"""

from __future__ import annotations

import base64
import json
import shutil
import subprocess

import numpy as np
import pytest

from concepts.mvn import explain as mvn_panels
from core import mvn
from concepts.mvn.spec import SPEC, MvnInputs
from tests.pages.support import (ROOT, assert_clean, live_controls, live_payloads, metric_values, open_page,
                                 release_live_control)
from concepts.mvn.views import INTERPRETATION_KEY, RHO_GRID, rho_family
from viz import live
from concepts.mvn import figures as mvn_figures
INPUTS = MvnInputs(1.0, -2.0, 2**0.5, 1.0, 0.3, -1.0, 1e-3, 500, 42)
FIGURE_BUDGET = 1_000_000  # bytes of JSON per figure (bench/RESULTS.md budgets)


def decoded(text: str) -> np.ndarray:
    return np.frombuffer(base64.b64decode(text), dtype="<f4")


def test_the_browser_code_passes_its_own_tests():
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed (.ci/run installs it)")
    result = subprocess.run([node, "--test", "ui/live/"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "# fail 0" in result.stdout


def test_the_script_sent_to_the_browser_is_one_module_with_its_door_inside(tmp_path):
    """ui/live.py sends page_dom.js and live_control.js as one inline script: it must parse as a module and
    import nothing (an inline component script has no loader for a second file)."""
    from ui.live import browser_script

    script = browser_script()
    assert "import {" not in script and "export function chartElement" in script
    assert script.index("export function metricValues") < script.index("export default function")
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed (.ci/run installs it)")
    bundle = tmp_path / "bundle.mjs"
    bundle.write_text(script, encoding="utf-8")
    result = subprocess.run([node, "--check", str(bundle)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr[-2000:]


def test_chart_family_keeps_what_changes_and_thins_long_traces():
    figures = []
    for shift in (0.0, 1.0):
        figures.append({"data": [{"x": [0, 1], "y": [5, 5]},                       # never changes
                                 {"x": np.linspace(0, 1, 500), "y": np.linspace(0, 1, 500) + shift},
                                 {"x": [shift], "y": [0]}],                        # skipped below
                        "layout": {"title": {"text": f"at {shift}"}, "xaxis": {"range": [0, 1]}}})
    chart = live.chart_family(figures, skip=(2,))
    assert chart.traces == (1,) and chart.still == (2,)
    first, second = chart.states
    assert first["layout"]["title.text"] == "at 0.0" and second["layout"]["title.text"] == "at 1.0"
    assert "xaxis.range" not in first["layout"]  # the figure sets its own x range
    assert first["layout"]["yaxis.range"] == [-1.0, 6.0]  # y autoranges: 0..5 with padding, rounded out
    y = decoded(second["traces"]["y"][0])
    assert y.size == live.MAX_LIVE_POINTS and y[0] == pytest.approx(1.0) and y[-1] == pytest.approx(2.0)


def test_readouts_keep_only_labels_that_stay_put():
    class P:
        def __init__(self, label, value):
            self.label, self.value = label, value

    readouts = live.readout_family([[P("mean", "1"), P("at 0", "x")], [P("mean", "2"), P("at 1", "y")]])
    assert readouts == {"mean": ("1", "2")}


def test_the_rho_family_is_the_pages_own_numbers_at_every_grid_value():
    family = rho_family(INPUTS)
    assert family.grid == RHO_GRID and len(family.grid) == 199
    for index in (0, 57, 120, 198):
        rho = family.grid[index]
        cond = mvn.condition(INPUTS.mu1, INPUTS.mu2, INPUTS.s1, INPUTS.s2, rho, INPUTS.x2, eps=INPUTS.eps)
        for panel in mvn_panels.conditioning_panels(cond):
            assert family.readouts[panel.label][index] == panel.value
        assert family.texts[INTERPRETATION_KEY][index] == mvn_panels.interpretation(cond)
        # the conditional-mean marker is core's conditional mean (float32 on the wire)
        joint = family.charts["mvn-joint"]
        marker = joint.traces.index(6)
        assert decoded(joint.states[index]["traces"]["x"][marker])[0] == pytest.approx(cond.cond_mean, rel=1e-6)
    # the samples are not shipped: they stay still (dimmed) while ρ moves
    assert family.charts["mvn-joint"].still == (0,)
    cond = mvn.condition(1.0, -2.0, 2**0.5, 1.0, 0.3, -1.0)
    reference = mvn_figures.joint_figure(cond, mvn.joint_picture(cond), np.zeros((0, 2)))
    assert len(reference["data"]) == 7


def test_the_families_of_a_first_view_fit_the_budget():
    """Issue 34: live families ≤ 300 kB on a page's first view, as sent (each family at most the figure budget)."""
    at = open_page("mvn")
    sizes = live_payloads(at)
    assert set(sizes) == {"rho", "x2"}
    assert sum(map(len, sizes.values())) <= 300_000, {key: len(payload) for key, payload in sizes.items()}
    assert sum(len(payload) for payload in live_payloads(open_page("kl")).values()) <= 300_000
    sent = live_controls(at)["rho"]
    assert sent["value"] == pytest.approx(SPEC.param("rho").default)
    assert sent["key"] == "rho" and sent["min"] == -1.0 and sent["max"] == 1.0


def test_release_commits_the_value_and_a_link_carries_it():
    at = open_page("mvn")
    release_live_control(at, "rho", 0.0)
    assert_clean(at)
    assert metric_values(at)["Correlation ρ"] == "0.0000"
    linked = open_page("mvn", {"rho": "0.3"})
    assert live_controls(linked)["rho"]["value"] == 0.3
    assert metric_values(linked)["Correlation ρ"] == "0.3000"
    # a preset sets it like any control
    preset = next(b for b in linked.button if b.label.startswith("Strong correlation"))
    preset.click().run()
    assert live_controls(linked)["rho"]["value"] == 0.95


def test_no_family_is_computed_where_nothing_uses_it():
    """The tab that ignores ρ and x₂ draws neither (issue 31: they stayed in the sidebar there), so no family of
    theirs is computed or sent."""
    at = open_page("mvn", {"tab": "High dimensions"})
    assert_clean(at)
    assert "rho" not in live_controls(at) and "x2" not in live_controls(at)
    assert live_controls(open_page("mvn"))["rho"]["grid"]   # on the tab that uses them, they are there


@pytest.mark.parametrize("key", ["m2", "s2"])
def test_the_kl_families_are_the_pages_own_numbers(key):
    from core import kl
    from concepts.kl import explain as kl_panels
    from concepts.kl.views import INTERPRETATION_KEY as KL_SENTENCE, M2_GRID, S2_GRID, m2_family, s2_family

    family = m2_family(0.0, 1.0, 2.0) if key == "m2" else s2_family(0.0, 1.0, 1.0)
    assert family.grid == (M2_GRID if key == "m2" else S2_GRID)
    for index in (0, len(family.grid) // 3, len(family.grid) - 1):
        value = family.grid[index]
        pair = kl.GaussianPair(0.0, 1.0, value, 2.0) if key == "m2" else kl.GaussianPair(0.0, 1.0, 1.0, value)
        for panel in kl_panels.pair_panels(pair):
            assert family.readouts[panel.label][index] == panel.value
        assert family.texts[KL_SENTENCE][index] == kl_panels.pair_interpretation(pair)
        # Plotly autoranges this figure: every state carries axes that hold its own data
        state = family.charts["kl-integrands"].states[index]
        q_curve = decoded(state["traces"]["y"][1])
        low, high = state["layout"]["yaxis.range"]
        assert low <= q_curve.min() and q_curve.max() <= high
    assert len(json.dumps([chart.states for chart in family.charts.values()])) < FIGURE_BUDGET


def test_axes_round_out_so_neighbouring_states_share_them():
    assert live._rounded_out(-0.05, 1.05) == [-1.0, 2.0]
    assert live._rounded_out(0.12, 0.44) == [0.1, 0.5]
    family = live.build_family([0.0, 0.01, 0.02], lambda v: {"c": {"data": [{"x": [0, 1], "y": [0, 1 + v]}],
                                                                    "layout": {}}})
    ranges = [state["layout"]["yaxis.range"] for state in family.charts["c"].states]
    assert ranges[0] == ranges[1] == ranges[2]


def test_the_clt_family_is_the_pages_own_numbers_at_every_n():
    from core import clt
    from concepts.clt import explain as clt_panels
    from concepts.clt.views import INTERPRETATION_KEY as CLT_SENTENCE, n_family

    family = n_family("bernoulli", 2000, 42, 0.1, 1.0)
    assert family.grid == tuple(float(n) for n in clt.N_FRAMES)
    for index, n in enumerate(clt.N_FRAMES):
        result = clt.clt_experiment("bernoulli", n, 2000, 42, p=0.1)
        for panel in clt_panels.metric_panels(result):
            assert family.readouts[panel.label][index] == panel.value
        assert family.texts[CLT_SENTENCE][index] == clt_panels.interpretation(result)
        # every bin edge of the histogram is shipped (a step line is never thinned), at its own N
        frame = next(f for f in result.frames if f.n == n)
        edges = decoded(family.charts["clt-histogram"].states[index]["traces"]["x"][0])
        np.testing.assert_allclose(edges, frame.edges, rtol=1e-6, atol=1e-6)
    assert len(json.dumps([chart.states for chart in family.charts.values()])) < FIGURE_BUDGET


def test_a_choice_control_sends_its_options_and_commits_one_of_them():
    at = open_page("clt")
    sent = live_controls(at)["n"]
    assert sent["options"] == [1, 2, 3, 5, 10, 20, 30, 50, 100, 200, 300, 500, 1000] and sent["value"] == 30
    release_live_control(at, "n", 200)
    assert_clean(at)
    assert live_controls(at)["n"]["value"] == 200
    assert metric_values(at)["Standard error of the mean"] == "0.07071"  # σ/√N = 1/√200


def test_the_fisher_family_is_the_pages_own_numbers_at_every_theta():
    from core import fisher
    from concepts.fisher import explain as fisher_panels
    from concepts.fisher.views import INTERPRETATION_KEY as FISHER_SENTENCE, theta_family, theta_grid

    model = fisher.get_model("exponential")
    family = theta_family("exponential", 20, 500, 42)
    assert family.grid == theta_grid(model, 20, 500) and len(family.grid) == 100  # 0.1, 0.2, ..., 10
    assert family.grid[0] == 0.1 and family.grid[-1] == 10.0
    for index in (0, 19, 99):
        theta = family.grid[index]
        results = tuple(fisher.simulate(model, theta, 20, 500, 42))
        for panel in fisher_panels.estimator_panels(model, theta, model.information(theta), results):
            assert family.readouts[panel.label][index] == panel.value
        assert family.texts[FISHER_SENTENCE][index] == fisher_panels.interpretation(results)
        # the true-θ line is a trace of its own: it moves with θ
        chart = family.charts["fisher-sampling"]
        line = decoded(chart.states[index]["traces"]["x"][-1])
        assert line.tolist() == pytest.approx([theta, theta], rel=1e-6)
    assert len(json.dumps([chart.states for chart in family.charts.values()])) < FIGURE_BUDGET


def test_fisher_theta_falls_back_to_release_only_when_the_family_would_be_too_coarse():
    from core import fisher
    from concepts.fisher.views import MIN_THETA_GRID, THETA_DRAW_BUDGET, theta_grid, theta_step_for

    model = fisher.get_model("bernoulli")
    assert theta_grid(model, 1000, 10_000) == ()  # 10^7 draws per value: one value's worth of budget
    coarse = theta_grid(model, 1000, 1000)
    assert MIN_THETA_GRID <= len(coarse) <= THETA_DRAW_BUDGET // 10**6
    assert np.allclose(np.diff(coarse), 0.07) and coarse[0] == 0.01  # evenly spaced, on the model's 0.01 steps
    assert theta_step_for(model, coarse) == 0.07 and theta_step_for(model, ()) == 0.01
    at = open_page("fisher", {"model": "bernoulli", "n": "1000", "reps": "10000", "big_n": "1000"})
    assert_clean(at)
    sent = live_controls(at)["theta"]
    assert sent["grid"] == [] and "recomputes on release" in sent["hint"]
    release_live_control(at, "theta", 0.5)
    assert metric_values(at)["Fisher information I(p)"] == "4"


def test_the_x2_family_is_the_pages_own_numbers_and_keeps_the_axes_still():
    from concepts.mvn.spec import x2_window
    from concepts.mvn.views import x2_family

    window = INPUTS.x2_window
    assert window == x2_window({"mu2": -2.0, "s2": 1.0, "x2": -1.0}) == (-6.0, 2.0, 0.05)
    family = x2_family(INPUTS, window)
    assert len(family.grid) == 161 and family.grid[0] == -6.0 and family.grid[-1] == 2.0
    for index in (0, 80, 160):
        x2 = family.grid[index]
        cond = mvn.condition(INPUTS.mu1, INPUTS.mu2, INPUTS.s1, INPUTS.s2, INPUTS.rho, x2, eps=INPUTS.eps)
        for panel in mvn_panels.conditioning_panels(cond):
            assert family.readouts[panel.label][index] == panel.value
        assert family.texts[INTERPRETATION_KEY][index] == mvn_panels.interpretation(cond)
    joint = family.charts["mvn-joint"]
    # the samples and the ellipses do not depend on x₂: not shipped, not dimmed; the axes hold the
    # whole window, so moving x₂ never redraws them
    assert joint.traces == (4, 5, 6) and joint.still == ()
    assert all(state["layout"] == {} for state in joint.states)
    assert len(family.wire) < FIGURE_BUDGET


def test_the_beta_family_is_every_prefixs_posterior():
    from core import conjugate
    from concepts.beta import explain as beta_panels
    from concepts.beta.views import SENTENCE_KEYS, Flips, seen_family, seen_grid, simulated_flips

    flips = simulated_flips(0.3, 300, 42)
    family = seen_family(2.0, 2.0, flips, "hpd")
    assert family.grid == tuple(float(k) for k in seen_grid(300)) == tuple(float(k) for k in range(0, 301, 2))
    sequence = conjugate.simulate_flips(0.3, 300, 42)
    for index in (0, 1, 37, 150):
        seen = int(family.grid[index])
        heads = int(sequence[:seen].sum())
        posterior = conjugate.beta_posterior(2.0, 2.0, heads, seen - heads)
        for panel in beta_panels.beta_panels(posterior, posterior.central_interval(), posterior.hpd_interval(), "hpd"):
            assert family.readouts[panel.label][index] == panel.value
        assert family.texts[SENTENCE_KEYS[0]][index] == beta_panels.beta_interpretation(posterior)
        assert family.texts[SENTENCE_KEYS[1]][index] == beta_panels.update_sentence(posterior, 300)
        # the posterior-mean marker is core's posterior mean; the flips-seen marker sits at `seen`
        update = family.charts["beta-posterior"]
        marker = decoded(update.states[index]["traces"]["x"][update.traces.index(4)])
        assert marker.tolist() == pytest.approx([posterior.mean] * 2, rel=1e-6)
        path = family.charts["beta-consistency"]
        assert decoded(path.states[index]["traces"]["x"][0]).tolist() == [seen, seen]
    assert len(family.wire) < FIGURE_BUDGET
    assert seen_family(1.0, 1.0, Flips(0, 0), "central").grid == (0.0,)  # no data: one state


def test_thinning_keeps_a_narrow_peak():
    """A posterior after thousands of flips is a spike: points evenly spaced along the drawn curve keep
    its top, where evenly spaced x would step over it."""
    x = np.linspace(0, 1, 801)
    y = np.exp(-0.5 * ((x - 0.31) / 0.002) ** 2)
    keep = live._thin(x, y)
    assert keep.size <= live.MAX_LIVE_POINTS + 2 and y[keep].max() > 0.9
    assert y[np.unique(np.linspace(0, 800, live.MAX_LIVE_POINTS).round().astype(int))].max() < 0.5


def test_the_gmm_family_replays_the_best_restart():
    from core import gmm
    from concepts.gmm import explain as gmm_panels
    from concepts.gmm.views import ITERATION_KEY, fit_view, iteration_family, iteration_grid, simulated_data

    data = simulated_data(4.0, 0.4, 1.0, 1.0, 1000, 42)
    view = fit_view(data, 2, 5, 42)
    family = iteration_family(data, 2, 5, 42)
    assert family.grid == tuple(float(i) for i in iteration_grid(view.last)) and family.grid[-1] == view.last
    em = family.charts["gmm-em"]
    rug = em.traces.index(5)
    for index in (0, 1, len(family.grid) - 1):
        iteration = int(family.grid[index])
        assert family.texts[ITERATION_KEY][index] == gmm_panels.iteration_sentence(view.fit, iteration)
        # the rug's colours are core's responsibilities for component 1 at that iteration; its points stay put
        expected = gmm.responsibilities(view.canvas.rug, view.fit.best.history[iteration])[:, 0]
        state = em.states[index]["traces"]
        assert state["x"][rug] is None and state["y"][rug] is None
        np.testing.assert_allclose(decoded(state["color"][rug]), expected, atol=1e-6)
    assert iteration_grid(300)[:3] == (0, 2, 4) and iteration_grid(300)[-1] == 300 and len(iteration_grid(300)) == 151
    assert len(family.wire) < FIGURE_BUDGET


def test_the_readout_has_the_decimals_the_slider_positions_need():
    from concepts.kl.spec import SPEC as KL
    from ui import live as live_ui

    # /kl's s₂ moves 0.05, 0.15, …: two decimals, though its step (0.1) needs one
    assert live_ui._decimals(KL.param("s2"), 0.1, 0.05) == 2
    assert live_ui._decimals(SPEC.param("rho"), 0.01, -1.0) == 3  # its own format, %.3f
    assert live_ui._decimals(SPEC.param("x2"), 0.05, -6.0) == 2
    assert live_ui._shown(SPEC.param("x2"), 0, 501.3) == "501.3"  # a link's value between steps, exactly


def test_every_page_with_a_live_control_warms_its_default_families():
    import concepts

    live_pages = {spec.stem for spec in concepts.specs()
                  if any(getattr(p, "widget", "") == "live" for p in spec.params)}
    assert set(concepts.default_warmers()) == live_pages and len(live_pages) == 8
    assert concepts.warm_default_families() == []


def test_the_wire_keeps_every_coordinate_within_a_fraction_of_its_states_span():
    """viz.live.wire_chart: what the browser rebuilds from the 16-bit steps (viz.live.from_steps, the browser's
    decodeSteps) is each float32 coordinate to within half a step, and a step is at most 1/1000 of any state's own
    span; a trace that 16 bits cannot serve (a spike beside flat curves) goes as float32."""
    import gzip

    family = rho_family(INPUTS)
    sent = json.loads(gzip.decompress(family.wire))
    assert len(family.wire) < 0.25 * len(json.dumps([chart.states for chart in family.charts.values()]))
    quantized = 0
    for key, chart in family.charts.items():
        wire = sent["charts"][key]
        for axis in ("x", "y"):
            for position, scale in enumerate(wire["scales"][axis]):
                exact = [decoded(state["traces"][axis][position]) for state in chart.states]
                if scale is None:
                    assert [state["traces"][axis][position] for state in wire["states"]] == \
                        [state["traces"][axis][position] for state in chart.states]
                    continue
                quantized += 1
                rebuilt = live.from_steps([state["traces"][axis][position] for state in wire["states"]], scale)
                half_step = (scale[1] - scale[0]) / live.QUANTA / 2
                for own, back in zip(exact, rebuilt):
                    np.testing.assert_allclose(back, own, rtol=0, atol=half_step * 1.0001 + 1e-7)
                    span = np.nanmax(own) - np.nanmin(own)
                    assert span == 0 or 2 * half_step <= span * live.STEP_OF_SPAN
    assert quantized >= 10

    spike = [np.array([0.0, 1.0, 0.0]), np.array([0.0, 5000.0, 0.0])]      # 16 bits over 5000: too coarse for 1
    assert live.quantized_scale(spike) is None
    assert live.quantized_scale([np.array([0.0, 1.0, np.nan]), np.array([0.5, 2.0, 0.0])]) == (0.0, 2.0)
