"""The /likelihood page headless: defaults, every tab and preset, controls moved, hostile URLs."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from concepts.likelihood import figures
from core import likelihood
from concepts.likelihood.spec import GPU, SPEC, STABILITY
from explain import typeset_minus
from tests.pages.support import assert_clean, errors_text, metric_values, open_page, tables
from viz.theme import typed_array_values

SMALL = {"n": "1000"}  # most checks do not need a million points


def test_defaults_show_the_mle_of_a_million_points():
    at = open_page("likelihood")
    assert_clean(at)
    x = likelihood.simulate("normal", 1_000_000, 42)
    mu, sigma = stats.norm.fit(x)
    metrics = metric_values(at)
    assert metrics["MLE μ̂"] == f"{mu:.6g}" and metrics["MLE σ̂"] == f"{sigma:.6g}"
    exact = stats.norm.logpdf(x, mu, sigma).sum()
    assert float(metrics["Maximum log-likelihood ℓ̂"].replace(",", "").replace("−", "-")) == pytest.approx(exact,
                                                                                                       rel=1e-7)
    # Large values in one format: thousands grouped, as the page writes N (1,000,000).
    assert "," in metrics["Maximum log-likelihood ℓ̂"]
    assert metrics["Observed information $J_{\\mu\\mu}$"] == f"{x.size / sigma**2:,.0f}"
    assert len(at.get("plotly_chart")) == 3
    assert "With N = 1,000,000 points" in at.markdown[0].value or any(
        "With N = 1,000,000 points" in m.value for m in at.markdown)


@pytest.mark.parametrize("label", list(SPEC.presets))
def test_every_page_preset(label):
    at = open_page("likelihood", SMALL)
    next(b for b in at.button if b.label == label).click().run()
    assert_clean(at)
    expected = SPEC.presets[label]
    assert at.select_slider(key="n").value == expected.get("n", 1000)
    assert len(at.get("plotly_chart")) == 3


@pytest.mark.parametrize("label", list(SPEC.presets_by_tab[STABILITY]))
def test_every_stability_preset(label):
    at = open_page("likelihood", SMALL | {"tab": STABILITY})
    next(b for b in at.button if b.label == label).click().run()
    assert_clean(at)
    assert at.slider(key="shift").value == SPEC.presets_by_tab[STABILITY][label]["shift"]


def test_stability_tab_says_where_the_naive_forms_fail():
    at = open_page("likelihood", {"tab": STABILITY, "shift": "15"})
    assert_clean(at)
    metrics = metric_values(at)
    assert metrics["float32 product fails at"] == "n = 1"
    assert metrics["max-shifted log-sum-exp"] == typeset_minus(f"{-1.1012600899986 - 15**2 / 2:.8g}")
    table = tables(at)[0]
    assert table[0]["naive float32"] == "−inf" and table[0]["naive float64"] != "−inf"
    assert any("gives −inf in float32" in m.value for m in at.markdown)


def test_gpu_tab_shows_the_kernel_and_times_every_backend():
    at = open_page("likelihood", SMALL | {"tab": GPU})
    assert_clean(at)
    assert "@triton.jit" in at.code[0].value and "gaussian_log_prob_reference" in at.code[1].value
    walk, timing = tables(at)
    assert "1,000 of 1,024 true" in walk[2]["this program"]
    assert [row["backend"] for row in timing][:2] == ["scipy.stats", "torch.distributions"]
    ran = [row for row in timing if row["time (median)"] != "—"]
    assert len(ran) >= 4 and all(float(row["relative difference"]) < 1e-6 for row in ran)
    first = [row["time (median)"] for row in timing]
    next(b for b in at.button if b.label == "Time again").click().run()
    assert_clean(at)
    assert [row["time (median)"] for row in tables(at)[1]] != first  # a new measurement, not the cached one


def test_controls_move_the_view():
    at = open_page("likelihood", SMALL)
    at.radio(key="source").set_value("bimodal").run()
    assert any("the data have two bumps" in m.value for m in at.markdown)
    at.radio(key="window").set_value("mle").run()
    at.select_slider(key="n").set_value(100).run()
    at.number_input(key="seed").set_value(9).run()
    assert_clean(at)
    x = likelihood.simulate("bimodal", 100, 9)
    assert metric_values(at)["MLE μ̂"] == typeset_minus(f"{x.mean():.6g}")


def test_pasted_numbers_are_fitted_and_bad_ones_explained():
    at = open_page("likelihood", {"source": "pasted", "data": "1, 2, 3, 4"})
    assert_clean(at)
    assert metric_values(at)["MLE σ̂"] == f"{(1.25) ** 0.5:.6g}"  # SS = 5, N = 4
    empty = open_page("likelihood", {"source": "pasted"})
    assert not empty.exception and not empty.error and "Paste some numbers" in empty.info[0].value


@pytest.mark.parametrize("data, message", [("1 2 x", "line 1: 'x' is not a number"), ("5", "at least 2 numbers"),
                                           ("3 3 3", "all the numbers are equal")])
def test_bad_pasted_numbers_give_a_clear_message(data, message):
    at = open_page("likelihood", {"source": "pasted", "data": data})
    assert not at.exception
    assert message in errors_text(at)


@pytest.mark.parametrize("query, bad_key", [({"n": "7"}, "n"), ({"source": "cauchy"}, "source"),
                                            ({"shift": "99", "tab": STABILITY}, "shift"),
                                            ({"window": "tiny"}, "window"), ({"tab": "Nope"}, "tab")])
def test_hostile_urls_fall_back_with_a_notice(query, bad_key):
    at = open_page("likelihood", SMALL | query)
    assert_clean(at)
    assert any(bad_key in w.value for w in at.warning)


def test_a_program_outside_the_grid_is_explained_and_the_rest_of_the_tab_works():
    at = open_page("likelihood", SMALL | {"tab": GPU, "program": "5"})
    assert not at.exception
    assert "program must be between -1 and 0" in errors_text(at)
    assert len(tables(at)) == 1  # the timing table still came


def test_ten_to_the_eight_needs_a_gpu():
    at = open_page("likelihood", {"n": "100000000", "tab": STABILITY})
    assert_clean(at)
    if not likelihood.torch.cuda.is_available():
        assert any("100,000,000 points need a GPU" in c.value for c in at.caption)


def test_a_paste_cut_at_the_boxs_limit_is_said_and_the_numbers_before_it_are_fitted():
    limit = SPEC.param("data").max_chars
    numbers = ", ".join(f"{k % 97 / 7:.4f}" for k in range(limit))[:limit]
    at = open_page("likelihood", {"source": "pasted", "data": numbers})
    assert_clean(at)
    assert any(f"The box holds {limit:,} characters, so a longer paste is cut there" in c.value
               for c in at.caption)
    values = np.array([float(v) for v in numbers.split(", ")])
    assert metric_values(at)["MLE μ̂"] == f"{values.mean():.6g}"
    at = open_page("likelihood", {"source": "pasted", "data": numbers[:1000]})
    assert not any("The box holds" in c.value for c in at.caption)


def test_the_uploader_says_what_it_really_takes():
    from concepts.likelihood.explain import upload_help
    from concepts.likelihood.spec import MAX_UPLOAD_MB

    at = open_page("likelihood", {"source": "pasted"})
    uploader = at.get("file_uploader")[0].proto
    assert uploader.max_upload_size_mb == MAX_UPLOAD_MB
    assert uploader.help == upload_help(MAX_UPLOAD_MB)
    assert "up to 5 MB: about 524,288 numbers" in upload_help(5)   # 5 × 2^20 bytes at ten bytes a number


@pytest.mark.parametrize("window, says", [("mle", "switch the window to fixed"),
                                          ("fixed", "switch the window to the MLE")])
def test_the_surface_caption_speaks_of_the_window_shown(window, says):
    """Zoomed to the MLE by default: the caption beside the window control says what the other window shows."""
    at = open_page("likelihood", {"window": window, "n": "1000"})
    assert_clean(at)
    captions = " ".join(caption.value for caption in at.caption)
    assert "White lines: the 68.3%, 95.4%, 99.7% likelihood regions" in captions and says in captions


def _crossings(x: np.ndarray, values: np.ndarray, level: float) -> np.ndarray:
    """Where a row of values crosses `level`, by linear interpolation between grid points (as Plotly's contour)."""
    above = values >= level
    edges = np.flatnonzero(above[:-1] != above[1:])
    return x[edges] + (level - values[edges]) / (values[edges + 1] - values[edges]) * (x[edges + 1] - x[edges])


def test_the_zoomed_surfaces_regions_drawn_from_every_other_point_sit_where_the_full_grid_puts_them():
    fit = likelihood.fit(likelihood.simulate("normal", 20_000, 5))
    surface = likelihood.surface(fit, "mle", (1.0, 2.0))
    (regions,) = [trace for trace in figures.surface_figure(surface, fit, None)["data"] if trace["type"] == "contour"]
    x, y, z = (np.asarray(typed_array_values(regions[axis]), dtype=float) for axis in ("x", "y", "z"))
    assert z.shape == (61, 61) and x[0] == surface.mu[0] and x[-1] == surface.mu[-1]   # a quarter of the values
    middle = likelihood.SURFACE_POINTS // 2
    assert y[middle // 2] == surface.sigma[middle]
    width = surface.mu[-1] - surface.mu[0]
    for level in (1.0, 2.0, 3.0):    # the 68.3/95.4/99.7% regions' edges along σ = σ̂
        drawn = _crossings(x, z[middle // 2], level)
        full = _crossings(surface.mu, surface.sigma_units[middle], level)
        assert len(drawn) == len(full) == 2
        # Within a twentieth of a pixel on a 500-pixel plot of the full grid's edge (measured: < 1e-5 of the width).
        assert np.abs(drawn - full).max() < 1e-4 * width, (level, drawn, full)
