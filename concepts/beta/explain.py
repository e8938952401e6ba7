"""The /beta page's words: interpretations, metric panels and the grid-cost table (docs/maths.md §3).
Pure functions of core.conjugate results."""

from __future__ import annotations

from core import conjugate
from explain import Panel
from i18n import _
from explain.latex import count, factor, power


def _fmt(value: float | None, digits: int = 3) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def beta_interpretation(p: conjugate.BetaPosterior) -> str:
    pseudo = p.a + p.b
    if p.flips == 0:
        return _("No flips yet: the posterior is the prior, Beta({a}, {b}), with mean {mean}. Add a head or a tail "
                 "and watch it move.").format(a=f"{p.a:g}", b=f"{p.b:g}", mean=f"{p.mean:.3f}")
    data_share = 100 * p.flips / (pseudo + p.flips)
    share = f"{data_share:.0f}" if data_share < 99 else f"{data_share:.1f}" if data_share < 99.95 else _("over 99.9")
    return _("After {flips} flips ({heads} heads) the posterior mean {mean} sits between the prior mean {prior_mean} "
             "and the MLE {mle}: the prior counts as {pseudo} pseudo-flips, so the data carry {share}% of the "
             "weight.").format(flips=p.flips, heads=p.heads, mean=f"{p.mean:.3f}", prior_mean=f"{p.prior_mean:.3f}",
                               mle=f"{p.mle:.3f}", pseudo=f"{pseudo:g}", share=share)


def update_sentence(p: conjugate.BetaPosterior, total: int) -> str:
    """What the update figure shows, numbers included (its title has none: they change as the flips
    seen are dragged); `total`: how many flips there are in all."""
    seen = (_("the first {seen} of {total} flips") if p.flips < total else _("all {total} flips")).format(
        seen=p.flips, total=total)
    return _("Beta({a}, {b}) prior + {seen}: {heads} heads, {tails} tails → Beta({post_a}, {post_b}) "
             "posterior.").format(a=f"{p.a:g}", b=f"{p.b:g}", seen=seen, heads=p.heads, tails=p.tails,
                                  post_a=f"{p.post_a:g}", post_b=f"{p.post_b:g}")


def beta_panels(p: conjugate.BetaPosterior, central: conjugate.Interval, hpd: conjugate.Interval | None,
                interval_name: str) -> list[Panel]:
    panels = [Panel(
        _("Posterior mean"), f"{p.mean:.4f}",
        rf"\frac{{a + h}}{{a + b + N}} = \frac{{{p.a:g} + {p.heads}}}{{{p.a:g} + {p.b:g} + {p.flips}}} = {p.mean:.4f}",
        note=_("sd {sd}").format(sd=f"{p.sd:.4f}"))]
    if p.map is not None:
        monotone = _("is monotone: its mode is at")
        formula = (rf"\frac{{a + h - 1}}{{a + b + N - 2}} = "
                   rf"\frac{{{p.post_a:g} - 1}}{{{p.post_a:g} + {p.post_b:g} - 2}}"
                   rf" = {p.map:.4f}" if p.post_a > 1 and p.post_b > 1 else
                   rf"\text{{Beta}}({p.post_a:g}, {p.post_b:g})\ "
                   rf"\text{{{monotone} }} {p.map:g}")
        panels.append(Panel(_("MAP (posterior mode)"), f"{p.map:.4f}", formula,
                            _("The MAP equals the MLE h/N only under the uniform prior Beta(1, 1)."),
                            note=_("MLE {mle}").format(mle=_fmt(p.mle))))
    else:
        panels.append(Panel(_("MAP (posterior mode)"), _("not unique"),
                            help=_("Beta(a', b') with a', b' ≤ 1 is flat or U-shaped: no single mode.")))
    shown = hpd if interval_name == "hpd" and hpd is not None else central
    label = _("95% HPD interval") if shown is hpd and interval_name == "hpd" else _("95% central interval")
    width, two_pieces, central_text = _("width"), _("HPD: two pieces (U-shaped density)"), _("central:")
    hpd_text = (rf"\text{{HPD: }}[{hpd.low:.4f}, {hpd.high:.4f}]\ (\text{{{width} }} {hpd.width:.4f})"
                if hpd else rf"\text{{{two_pieces}}}")
    panels.append(Panel(
        label, f"[{shown.low:.3f}, {shown.high:.3f}]",
        (rf"\text{{{central_text} }}[F^{{-1}}(0.025), F^{{-1}}(0.975)] = [{central.low:.4f}, {central.high:.4f}]",
         rf"(\text{{{width} }} {central.width:.4f})", hpd_text),
        _("F is the CDF of Beta({post_a}, {post_b}). The HPD interval is the shortest one holding 95%; it differs "
          "from the central one when the posterior is skewed.").format(post_a=f"{p.post_a:g}", post_b=f"{p.post_b:g}"),
        note=_("width {width}").format(width=f"{shown.width:.3f}")))
    above = p.prob_above_half
    # Near 1, as "1 − 4.7e-08": "1.00e+00" hid that the probability is below 1.
    above_text = (f"{above:.4f}" if 1e-4 <= above <= 1 - 1e-4 or above in (0.0, 1.0) else
                  f"{above:.2e}" if above < 0.5 else f"1 − {1 - above:.2e}")
    panels.append(Panel(
        "P(θ > 0.5 | data)", above_text, rf"1 - I_{{0.5}}({p.post_a:g}, {p.post_b:g}) = {above:.6g}",
        _("I is the regularised incomplete beta function, the CDF of the Beta posterior."),
        note=_("posterior probability")))
    return panels


def grid_panel(grid: conjugate.GridApproximation) -> Panel:
    return Panel(
        _("Grid posterior mean (error vs exact)"), f"{grid.mean:.5f}",
        (r"\bar\theta_{grid} = \sum_j \theta_j w_j,\quad w_j \propto p(\theta_j)\,\theta_j^h (1-\theta_j)^t",
         rf"|{grid.mean:.6f} - {grid.exact_mean:.6f}| = {grid.mean_error:.2e}"),
        _("M equally spaced cell midpoints; weights normalised to sum to 1 (in log space, so thousands of flips do "
          "not underflow)."), note=_("error {error}").format(error=f"{grid.mean_error:.1e}"))


GRID_ENOUGH = 0.01     # a grid mean within 1% of the exact one is "plenty" of points


def grid_sentence(grid: conjugate.GridApproximation) -> str:
    """Whether this grid is enough, by its own error (3 points for 12 tails is 135% off: not 'plenty')."""
    relative = grid.mean_error / abs(grid.exact_mean) if grid.exact_mean else grid.mean_error
    cost = _("A model with d parameters needs M^d points: the table shows what the same grid costs as d grows, "
             "which is why MCMC, variational inference and Laplace approximations exist.")
    if relative <= GRID_ENOUGH:
        return _("In one dimension {points} points are plenty.").format(points=grid.theta.size) + " " + cost
    return _("{points} points are too few even in one dimension: the grid mean is {percent}% off the exact "
             "one.").format(points=grid.theta.size, percent=f"{100 * relative:.0f}") + " " + cost


def grid_cost_rows(costs: tuple[conjugate.GridCost, ...]) -> list[dict[str, str]]:
    return [{"d": str(row.dimensions), _("points M^d"): f"{row.points:.3g}",
             _("memory (float64)"): _bytes(row.bytes_float64), _("time at 10⁹ / s"): _seconds(row.seconds_at_1e9)}
            for row in costs]


def _bytes(value: float) -> str:
    for unit, size in (("EB", 1e18), ("PB", 1e15), ("TB", 1e12), ("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if value >= size:
            return f"{value / size:,.3g} {unit}"
    return f"{value:.0f} B"


def _seconds(value: float) -> str:
    for unit, size in ((_("years"), 3.15e7), (_("days"), 86400.0), (_("hours"), 3600.0), (_("minutes"), 60.0),
                       ("s", 1.0)):
        if value >= size:
            return f"{value / size:,.3g} {unit}"
    return f"{value * 1e3:.3g} ms" if value >= 1e-3 else f"{value * 1e6:.3g} µs"


def gaussian_sentence(post: conjugate.GaussianPosterior) -> str:
    weight = post.prior_weight
    if post.n == 0:   # no x̄ to speak of ("x̄ = 0.000" read as data averaging zero)
        return _("With no data yet the posterior is the prior: its mean is μ₀ = {mu0}.").format(mu0=f"{post.mu0:g}")
    return _("The posterior mean {mean} is {data}% data (x̄ = {xbar}) and {prior}% prior (μ₀ = {mu0}): the prior is "
             "worth σ²/τ₀² = {ridge} observations against N = {n}.").format(
        mean=f"{post.mean:.3f}", data=f"{100 * (1 - weight):.0f}", xbar=f"{post.xbar:.3f}", prior=f"{100 * weight:.0f}",
        mu0=f"{post.mu0:g}", ridge=f"{post.ridge_lambda:.3g}", n=post.n)


def gaussian_panels(post: conjugate.GaussianPosterior) -> list[Panel]:
    interval = post.credible_interval()
    return [
        Panel(_("Posterior mean μ_N (= MAP)"), f"{post.mean:.4f}",
              (r"\mu_N = \tau_N^2\left(\frac{\mu_0}{\tau_0^2} + \frac{N \bar x}{\sigma^2}\right)",
               rf"= {factor(post.variance, post.mean / post.variance, 1e-4)}\left(\frac{{{post.mu0:g}}}"
               rf"{{{power(post.tau0, 2)}}} + \frac{{{count(post.n)} \times "
               rf"{factor(post.xbar, post.n * post.variance / post.sigma**2, 1e-4)}}}"
               rf"{{{power(post.sigma, 2)}}}\right) = {post.mean:.4f}"),
              _("A Gaussian posterior is symmetric, so its mode (the MAP) is its mean."),
              note=_("shrunk {percent}% towards μ₀").format(percent=f"{100 * post.prior_weight:.0f}")),
        Panel(_("Posterior sd $\\tau_N$"), f"{post.sd:.4f}",
              (rf"\frac{{1}}{{\tau_N^2}} = \frac{{1}}{{\tau_0^2}} + \frac{{N}}{{\sigma^2}} = "
               rf"{post.prior_precision:.4g} + {post.data_precision:.4g} = {post.precision:.4g}",
               rf"\tau_N = 1 / \sqrt{{{post.precision:.4g}}} = {post.sd:.4f}"),
              _("Precisions (inverse variances) add: every observation adds 1/σ²."),
              note=_("variance {variance}").format(variance=f"{post.variance:.4g}")),
        Panel(_("95% credible interval"), f"[{interval.low:.3f}, {interval.high:.3f}]",
              rf"\mu_N \pm 1.96\,\tau_N = {post.mean:.4f} \pm 1.96 \times {post.sd:.4f}",
              note=_("width {width}").format(width=f"{interval.width:.3f}")),
        Panel(_("L2 penalty λ = σ²/τ₀²"), f"{post.ridge_lambda:.4g}",
              (r"\hat\mu_{MAP} = \arg\min_\mu \sum_i (x_i - \mu)^2 + \lambda (\mu - \mu_0)^2",
               rf"\lambda = \frac{{\sigma^2}}{{\tau_0^2}} = \frac{{{power(post.sigma, 2)}}}{{{power(post.tau0, 2)}}}"
               rf" = {post.ridge_lambda:.4g}"),
              _("L2 regularisation is a Gaussian prior: weight decay pulls towards μ₀ (usually 0) with strength λ, and "
                "matters less as N grows."),
              note=_("{count} pseudo-observations").format(count=f"{post.ridge_lambda:.3g}")),
    ]


def beta_snippet(posterior: conjugate.BetaPosterior) -> str:
    """A scipy script that reproduces the Beta tab's numbers for this posterior."""
    comment = _("valid when both parameters > 1")
    return f"""
from scipy import stats

a, b, heads, tails = {posterior.a:g}, {posterior.b:g}, {posterior.heads}, {posterior.tails}
post = stats.beta(a + heads, b + tails)
print("posterior mean:", post.mean())
print("MAP:", (a + heads - 1) / (a + b + heads + tails - 2))   # {comment}
print("95% central interval:", post.ppf([0.025, 0.975]))
print("P(theta > 0.5 | data):", post.sf(0.5))
"""


def gaussian_snippet(post: conjugate.GaussianPosterior) -> str:
    """A plain-Python script that reproduces the Gaussian tab's numbers."""
    comment = _("precisions add")
    return f"""
mu0, tau0, sigma, n, xbar = {post.mu0:g}, {post.tau0:g}, {post.sigma:g}, {post.n}, {post.xbar!r}
precision = 1 / tau0**2 + n / sigma**2                  # {comment}
mean = (mu0 / tau0**2 + n * xbar / sigma**2) / precision
print("posterior mean (= MAP):", mean, " posterior sd:", precision ** -0.5)
print("ridge lambda:", sigma**2 / tau0**2)
"""
