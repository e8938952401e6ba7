"""Beta posterior updating (/beta): how does a prior become a posterior, one coin flip at a time?

URL keys (stable: shared links depend on them; generated from specs/beta.py):
    tab       Beta-Bernoulli or Gaussian-Gaussian (default Beta-Bernoulli)
    a         a (prior heads): 0.01 to 1000 [Beta-Bernoulli tab]
    b         b (prior tails): 0.01 to 1000 [Beta-Bernoulli tab]
    data      Where the flips come from: counts, simulate [Beta-Bernoulli tab]
    heads     heads: 0 to 100000 [Beta-Bernoulli tab]; used when data=counts
    tails     tails: 0 to 100000 [Beta-Bernoulli tab]; used when data=counts
    theta     true θ: 0 to 1 [Beta-Bernoulli tab]; used when data=simulate
    flips     flips: 0 to 10000 [Beta-Bernoulli tab]; used when data=simulate
    interval  95% credible interval: central, hpd [Beta-Bernoulli tab]
    grid      Grid points per axis M: 2 to 200 [Beta-Bernoulli tab]
    mu0       prior mean μ₀: -100 to 100 [Gaussian-Gaussian tab]
    tau0      prior sd τ₀: 0.01 to 100 [Gaussian-Gaussian tab]
    sigma     known noise sd σ: 0.01 to 100 [Gaussian-Gaussian tab]
    mu_true   true mean μ (simulated data): -100 to 100 [Gaussian-Gaussian tab]
    gn        observations N: 0 to 10000 [Gaussian-Gaussian tab]
    seed      Random seed: 0 to 4_294_967_295
"""

from __future__ import annotations

import streamlit as st

from core import conjugate
from specs.beta import BETA, GAUSS, SPEC
from ui import controls
from ui.latex import operand, power
from ui.layout import CACHE_TTL, metric_slots, page_cache, show_figure, show_input_error, show_snippet
from viz import beta as figures



# cache_resource keeps the figures as live objects, with the wire form each one computes on first
# use (viz.theme.precomputed); cache_data would copy them on every rerun. Nothing mutates a view.
@page_cache("resource", ttl=CACHE_TTL, max_entries=128, show_spinner=False)
def beta_view(a, b, heads, tails, sequence_key, interval_name, grid_points, true_theta):
    """Everything the Beta tab shows, as figures and numbers (cached per state)."""
    posterior = conjugate.beta_posterior(a, b, heads, tails)
    sequence = (conjugate.simulate_flips(*sequence_key) if sequence_key
                else conjugate.interleaved_flips(heads, tails))
    curves = conjugate.beta_density_curves(posterior)
    hpd = posterior.hpd_interval()
    interval = hpd if interval_name == "hpd" else posterior.central_interval()
    grid = conjugate.grid_posterior(posterior, grid_points)
    return {
        "posterior": posterior, "central": posterior.central_interval(), "hpd": hpd, "grid": grid,
        "costs": conjugate.grid_cost_table(grid_points),
        "update": figures.beta_update_figure(posterior, curves, interval,
                                             "HPD" if interval_name == "hpd" else "central", true_theta),
        "path": figures.consistency_figure(conjugate.posterior_path(a, b, sequence), true_theta,
                                           posterior.prior_mean),
        "grid_figure": figures.grid_figure(grid, curves),
    }


@page_cache("resource", ttl=CACHE_TTL, max_entries=128, show_spinner=False)
def gaussian_view(mu0, tau0, sigma, mu_true, n, seed):
    xbar = conjugate.simulate_gaussian_mean(mu_true, sigma, n, seed)
    post = conjugate.gaussian_posterior(mu0, tau0, sigma, n, xbar)
    curves = conjugate.gaussian_density_curves(post)
    return {"post": post, "update": figures.gaussian_update_figure(post, curves, mu_true),
            "precision": figures.precision_figure(post)}


def _add_flip(is_head: bool, heads: int, tails: int) -> None:
    """+1 head / +1 tail: switch to counts (keeping what was simulated) and bump one count."""
    controls.apply_state({"data": "counts", "heads": heads + int(is_head), "tails": tails + int(not is_head)})


def _reset_counts() -> None:
    controls.apply_state({"data": "counts", "heads": 0, "tails": 0})


def _fmt(value: float | None, digits: int = 3) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def beta_interpretation(p: conjugate.BetaPosterior) -> str:
    pseudo = p.a + p.b
    if p.flips == 0:
        return (f"No flips yet: the posterior is the prior, Beta({p.a:g}, {p.b:g}), with mean {p.mean:.3f}. "
                "Add a head or a tail and watch it move.")
    data_share = 100 * p.flips / (pseudo + p.flips)
    share = f"{data_share:.0f}" if data_share < 99 else f"{data_share:.1f}" if data_share < 99.95 else "over 99.9"
    return (f"After {p.flips} flips ({p.heads} heads) the posterior mean {p.mean:.3f} sits between the prior mean "
            f"{p.prior_mean:.3f} and the MLE {p.mle:.3f}: the prior counts as {pseudo:g} pseudo-flips, so the data "
            f"carry {share}% of the weight.")


def beta_metrics(p: conjugate.BetaPosterior, central: conjugate.Interval, hpd: conjugate.Interval | None,
                 interval_name: str) -> None:
    columns = metric_slots(4)
    controls.metric_with_formula(
        columns[0], "Posterior mean", f"{p.mean:.4f}",
        rf"\frac{{a + h}}{{a + b + N}} = \frac{{{p.a:g} + {p.heads}}}{{{p.a:g} + {p.b:g} + {p.flips}}} = {p.mean:.4f}",
        note=f"sd {p.sd:.4f}")
    if p.map is not None:
        formula = (rf"\frac{{a + h - 1}}{{a + b + N - 2}} = "
                   rf"\frac{{{p.post_a:g} - 1}}{{{p.post_a:g} + {p.post_b:g} - 2}}"
                   rf" = {p.map:.4f}" if p.post_a > 1 and p.post_b > 1 else
                   rf"\text{{Beta}}({p.post_a:g}, {p.post_b:g})\ \text{{is monotone: its mode is at }} {p.map:g}")
        controls.metric_with_formula(columns[1], "MAP (posterior mode)", f"{p.map:.4f}", formula,
                                     "The MAP equals the MLE h/N only under the uniform prior Beta(1, 1).",
                                     note=f"MLE {_fmt(p.mle)}")
    else:
        columns[1].metric("MAP (posterior mode)", "not unique",
                          help="Beta(a', b') with a', b' ≤ 1 is flat or U-shaped: no single mode.")
    shown = hpd if interval_name == "hpd" and hpd is not None else central
    label = "95% HPD interval" if shown is hpd and interval_name == "hpd" else "95% central interval"
    hpd_text = (rf"\text{{HPD: }}[{hpd.low:.4f}, {hpd.high:.4f}]\ (\text{{width }} {hpd.width:.4f})"
                if hpd else r"\text{HPD: two pieces (U-shaped density)}")
    controls.metric_with_formula(
        columns[2], label, f"[{shown.low:.3f}, {shown.high:.3f}]",
        [rf"\text{{central: }}[F^{{-1}}(0.025), F^{{-1}}(0.975)] = [{central.low:.4f}, {central.high:.4f}]",
         rf"(\text{{width }} {central.width:.4f})", hpd_text],
        f"F is the CDF of Beta({p.post_a:g}, {p.post_b:g}). The HPD interval is the shortest one holding 95%; "
        "it differs from the central one when the posterior is skewed.", note=f"width {shown.width:.3f}")
    above = p.prob_above_half
    above_text = f"{above:.4f}" if 1e-4 <= above <= 1 - 1e-4 or above in (0.0, 1.0) else f"{above:.2e}"
    controls.metric_with_formula(
        columns[3], "P(θ > 0.5 | data)", above_text,
        rf"1 - I_{{0.5}}({p.post_a:g}, {p.post_b:g}) = {above:.6g}",
        "I is the regularised incomplete beta function, the CDF of the Beta posterior.",
        note="posterior probability")


def beta_tab(seed: int) -> None:
    left, right = st.columns([1, 2.6], gap="large")
    # The grid section sits below, but its slider feeds the cached view: lay the section out now
    # and fill its control first, so one computation serves the whole tab.
    st.divider()
    st.subheader("Why not just use a grid?")
    grid_left, grid_right = st.columns([1, 1.4], gap="large")
    with grid_left:
        grid_points = controls.control(SPEC.param("grid"))
    with left:
        controls.preset_buttons(SPEC.presets_by_tab[BETA], key_prefix="beta-preset")
        st.markdown("**Prior Beta(a, b)**")
        prior_a, prior_b = st.columns(2)
        a = controls.control(SPEC.param("a"), where=prior_a)
        b = controls.control(SPEC.param("b"), where=prior_b)
        st.markdown("**Data**")
        mode = controls.control(SPEC.param("data"))
        true_theta, sequence_key = None, None
        if mode == "counts":
            count_h, count_t = st.columns(2)
            heads = controls.control(SPEC.param("heads"), where=count_h)
            tails = controls.control(SPEC.param("tails"), where=count_t)
        else:
            true_theta = controls.control(SPEC.param("theta"))
            flips = controls.control(SPEC.param("flips"))
            try:
                simulated = conjugate.simulate_flips(true_theta, int(flips), seed)
            except ValueError as error:
                show_input_error(error, "the simulated flips")
                return
            heads, tails = int(simulated.sum()), int(simulated.size - simulated.sum())
            sequence_key = (float(true_theta), int(flips), int(seed))
            st.caption(f"Simulated: {heads} heads, {tails} tails.")
        add_head, add_tail = st.columns(2)
        add_head.button("+1 head", on_click=_add_flip, args=(True, int(heads), int(tails)), width="stretch",
                        help="Record a real flip (switches to counts, keeping what is there).")
        add_tail.button("+1 tail", on_click=_add_flip, args=(False, int(heads), int(tails)), width="stretch",
                        help="Record a real flip (switches to counts, keeping what is there).")
        st.button("Reset to no data", on_click=_reset_counts, width="stretch",
                  help="Zero heads, zero tails: the posterior is the prior.")
        interval_name = controls.control(SPEC.param("interval"))
    try:
        view = beta_view(float(a), float(b), int(heads), int(tails), sequence_key, interval_name,
                         int(grid_points), true_theta)
    except ValueError as error:
        with right:
            show_input_error(error, "the posterior")
        return
    posterior = view["posterior"]
    with right:
        st.markdown(f"**{beta_interpretation(posterior)}**")
        beta_metrics(posterior, view["central"], view["hpd"], interval_name)
        show_figure(view["update"], "beta-posterior")
        if interval_name == "hpd" and view["hpd"] is None:
            st.caption("The posterior is U-shaped, so its HPD region is two pieces; the central interval is shaded.")
        show_figure(view["path"], "beta-consistency")
        st.caption("Counts alone do not record the order of the flips; in counts mode the heads are spread "
                   "evenly along the sequence. The final posterior does not depend on the order."
                   if sequence_key is None else "The path of one seeded sequence of flips.")
    grid_section(view, grid_left, grid_right)
    show_snippet(f"""
from scipy import stats

a, b, heads, tails = {posterior.a:g}, {posterior.b:g}, {posterior.heads}, {posterior.tails}
post = stats.beta(a + heads, b + tails)
print("posterior mean:", post.mean())
print("MAP:", (a + heads - 1) / (a + b + heads + tails - 2))   # valid when both parameters > 1
print("95% central interval:", post.ppf([0.025, 0.975]))
print("P(theta > 0.5 | data):", post.sf(0.5))
""")


def grid_section(view: dict, left, right) -> None:
    with left:
        grid = view["grid"]
        points = grid.theta.size
        controls.metric_with_formula(
            st, "Grid posterior mean (error vs exact)", f"{grid.mean:.5f}",
            [r"\bar\theta_{grid} = \sum_j \theta_j w_j,\quad w_j \propto p(\theta_j)\,\theta_j^h (1-\theta_j)^t",
             rf"|{grid.mean:.6f} - {grid.exact_mean:.6f}| = {grid.mean_error:.2e}"],
            "M equally spaced cell midpoints; weights normalised to sum to 1 (in log space, so thousands "
            "of flips do not underflow).", note=f"error {grid.mean_error:.1e}")
        st.markdown(
            f"In one dimension {points} points are plenty. A model with d parameters needs M^d points: "
            "the table shows what the same grid costs as d grows, which is why MCMC, variational "
            "inference and Laplace approximations exist.")
        rows = [{"d": row.dimensions, "points M^d": f"{row.points:.3g}",
                 "memory (float64)": _bytes(row.bytes_float64), "time at 10⁹ / s": _seconds(row.seconds_at_1e9)}
                for row in view["costs"]]
        st.dataframe(rows, hide_index=True, width="stretch")
    with right:
        show_figure(view["grid_figure"], "beta-grid")


def _bytes(value: float) -> str:
    for unit, size in (("EB", 1e18), ("PB", 1e15), ("TB", 1e12), ("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if value >= size:
            return f"{value / size:,.3g} {unit}"
    return f"{value:.0f} B"


def _seconds(value: float) -> str:
    for unit, size in (("years", 3.15e7), ("days", 86400.0), ("hours", 3600.0), ("minutes", 60.0), ("s", 1.0)):
        if value >= size:
            return f"{value / size:,.3g} {unit}"
    return f"{value * 1e3:.3g} ms" if value >= 1e-3 else f"{value * 1e6:.3g} µs"


def gaussian_tab(seed: int) -> None:
    left, right = st.columns([1, 2.6], gap="large")
    with left:
        controls.preset_buttons(SPEC.presets_by_tab[GAUSS], key_prefix="gauss-preset")
        mu0 = controls.control(SPEC.param("mu0"))
        tau0 = controls.control(SPEC.param("tau0"))
        sigma = controls.control(SPEC.param("sigma"))
        mu_true = controls.control(SPEC.param("mu_true"))
        n = controls.control(SPEC.param("gn"))
    try:
        view = gaussian_view(float(mu0), float(tau0), float(sigma), float(mu_true), int(n), int(seed))
    except ValueError as error:
        with right:
            show_input_error(error, "the posterior")
        return
    post = view["post"]
    with right:
        weight = post.prior_weight
        st.markdown(
            f"**The posterior mean {post.mean:.3f} is {100 * (1 - weight):.0f}% data (x̄ = {post.xbar:.3f}) and "
            f"{100 * weight:.0f}% prior (μ₀ = {post.mu0:g}): the prior is worth σ²/τ₀² = {post.ridge_lambda:.3g} "
            f"observations against N = {post.n}.**")
        columns = metric_slots(4)
        controls.metric_with_formula(
            columns[0], "Posterior mean μ_N (= MAP)", f"{post.mean:.4f}",
            [r"\mu_N = \tau_N^2\left(\frac{\mu_0}{\tau_0^2} + \frac{N \bar x}{\sigma^2}\right)",
             rf"= {post.variance:.4g}\left(\frac{{{post.mu0:g}}}{{{power(post.tau0, 2)}}} + "
             rf"\frac{{{post.n} \times {operand(post.xbar, '.4f')}}}"
             rf"{{{power(post.sigma, 2)}}}\right) = {post.mean:.4f}"],
            "A Gaussian posterior is symmetric, so its mode (the MAP) is its mean.",
            note=f"shrunk {100 * post.prior_weight:.0f}% towards μ₀")
        controls.metric_with_formula(
            columns[1], "Posterior sd τ_N", f"{post.sd:.4f}",
            [rf"\frac{{1}}{{\tau_N^2}} = \frac{{1}}{{\tau_0^2}} + \frac{{N}}{{\sigma^2}} = {post.prior_precision:.4g}"
             rf" + {post.data_precision:.4g} = {post.precision:.4g}",
             rf"\tau_N = 1 / \sqrt{{{post.precision:.4g}}} = {post.sd:.4f}"],
            "Precisions (inverse variances) add: every observation adds 1/σ².",
            note=f"variance {post.variance:.4g}")
        interval = post.credible_interval()
        controls.metric_with_formula(
            columns[2], "95% credible interval", f"[{interval.low:.3f}, {interval.high:.3f}]",
            rf"\mu_N \pm 1.96\,\tau_N = {post.mean:.4f} \pm 1.96 \times {post.sd:.4f}",
            note=f"width {interval.width:.3f}")
        controls.metric_with_formula(
            columns[3], "L2 penalty λ = σ²/τ₀²", f"{post.ridge_lambda:.4g}",
            [r"\hat\mu_{MAP} = \arg\min_\mu \sum_i (x_i - \mu)^2 + \lambda (\mu - \mu_0)^2",
             rf"\lambda = \frac{{\sigma^2}}{{\tau_0^2}} = \frac{{{power(post.sigma, 2)}}}{{{power(post.tau0, 2)}}}"
             rf" = {post.ridge_lambda:.4g}"],
            "L2 regularisation is a Gaussian prior: weight decay pulls towards μ₀ (usually 0) with "
            "strength λ, and matters less as N grows.", note=f"{post.ridge_lambda:.3g} pseudo-observations")
        show_snippet(f"""
mu0, tau0, sigma, n, xbar = {post.mu0:g}, {post.tau0:g}, {post.sigma:g}, {post.n}, {post.xbar!r}
precision = 1 / tau0**2 + n / sigma**2                  # precisions add
mean = (mu0 / tau0**2 + n * xbar / sigma**2) / precision
print("posterior mean (= MAP):", mean, " posterior sd:", precision ** -0.5)
print("ridge lambda:", sigma**2 / tau0**2)
""")
        show_figure(view["update"], "gaussian-posterior")
        show_figure(view["precision"], "gaussian-precision")


notice_area = controls.start_page("Bayesian updating: from prior to posterior",
            "How does a prior become a posterior, one coin flip at a time? Set a prior, add data, and "
            "watch the posterior move from what you believed towards what you saw.")
with st.sidebar:
    seed = controls.seed_input(st.sidebar)
beta_tab_area, gauss_tab_area = controls.tabs(SPEC.tabs)
if beta_tab_area.open:
    with beta_tab_area:
        beta_tab(int(seed))
if gauss_tab_area.open:
    with gauss_tab_area:
        gaussian_tab(int(seed))
controls.show_url_notices(notice_area)
