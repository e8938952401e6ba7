"""The /kl page's words: interpretation sentences and metric panels (docs/maths.md §5).
Pure functions of core.kl results; the method names and quadrature sizes come from core.kl."""

from __future__ import annotations

from core import kl
from explain import Panel
from i18n import _
from explain.latex import count, operand, power


def pair_interpretation(pair: kl.GaussianPair) -> str:
    f, r = pair.forward, pair.reverse
    if max(f, r) < 1e-12:
        return _("p and q are the same distribution: both divergences are zero, as Gibbs' inequality says they "
                 "must be.")
    if abs(f - r) < 1e-9 * max(f, r):
        return _("Both directions agree ({value} nats): two Gaussians with equal widths are the one case where KL is "
                 "symmetric.").format(value=f"{f:.4f}")
    larger = "KL(p‖q)" if f > r else "KL(q‖p)"
    narrow = "q" if f > r else "p"
    return _("KL(p‖q) = {forward} but KL(q‖p) = {reverse}: {larger} is {times}× larger, because {narrow} is the "
             "narrower one, and the expectation taken under the wider density reaches into tails where the narrow "
             "one has almost no mass and the log-ratio is huge.").format(
        forward=f"{f:.4f}", reverse=f"{r:.4f}", larger=larger, times=f"{max(f, r) / min(f, r):.1f}", narrow=narrow)


def _closed_form(label: str, a: tuple[float, float], b: tuple[float, float], value: float, under: str) -> Panel:
    return Panel(
        label, f"{value:.4f}",
        (r"\mathrm{KL} = \log\frac{\sigma_b}{\sigma_a} + \frac{\sigma_a^2 + (\mu_a - \mu_b)^2}{2\sigma_b^2} - \frac12",
         rf"= \log\frac{{{b[1]:g}}}{{{a[1]:g}}} + "
         rf"\frac{{{power(a[1], 2)} + ({a[0]:g} - {operand(b[0])})^2}}{{2 \times {power(b[1], 2)}}} - \frac12"
         rf" = {value:.4f}"),
        _("Closed form for two Gaussians (a = the first argument, b = the second), in nats."), note=under)


def pair_panels(pair: kl.GaussianPair) -> list[Panel]:
    asymmetry = pair.forward - pair.reverse
    return [
        _closed_form("KL(p ‖ q)", (pair.m1, pair.s1), (pair.m2, pair.s2), pair.forward, _("expectation under p")),
        _closed_form("KL(q ‖ p)", (pair.m2, pair.s2), (pair.m1, pair.s1), pair.reverse, _("expectation under q")),
        Panel(_("Asymmetry KL(p‖q) − KL(q‖p)"), f"{asymmetry:+.4f}",
              rf"{pair.forward:.4f} - {pair.reverse:.4f} = {asymmetry:+.4f}",
              _("KL is not a distance: swapping its arguments changes its value (unless the two widths are equal)."),
              note=_("zero only in special cases")),
    ]


def fit_verdict(forward: kl.GaussianFit, reverse: tuple[kl.GaussianFit, ...], start_count: int) -> str:
    best = reverse[0]
    numbers = dict(forward_mean=f"{forward.mean:.2f}", forward_sd=f"{forward.sd:.2f}", mean=f"{best.mean:.2f}",
                   sd=f"{best.sd:.2f}", optima=len(reverse), starts=start_count)
    if len(reverse) > 1:
        return _("Minimising KL(p‖q) spreads q over both modes (mean {forward_mean}, sd {forward_sd}): it must cover "
                 "everywhere p has mass. Minimising KL(q‖p) locks onto one mode (mean {mean}, sd {sd}); {optima} "
                 "different local optima are found from {starts} starts.").format(**numbers)
    return _("Minimising KL(p‖q) spreads q over both modes (mean {forward_mean}, sd {forward_sd}): it must cover "
             "everywhere p has mass. Minimising KL(q‖p) gives mean {mean}, sd {sd}: with modes this close there is "
             "one optimum.").format(**numbers)


def fit_panels(forward: kl.GaussianFit, reverse: tuple[kl.GaussianFit, ...], start_count: int) -> list[Panel]:
    best = reverse[0]
    best_of = _("best of {count} optimum(s)").format(count=len(reverse))
    return [
        Panel(_("Forward fit: KL(p‖q)"), f"{forward.forward_kl:.4f}",
              (r"\arg\min_q \mathrm{KL}(p\|q):\ \mu_q = E_p[X],\ \sigma_q^2 = \mathrm{Var}_p[X]",
               rf"\mu_q = {forward.mean:.4f},\quad \sigma_q^2 = \sum_k \pi_k(\sigma^2 + \mu_k^2) - \mu_q^2 = "
               rf"{forward.sd ** 2:.4f}"),
              _("Moment matching: for a Gaussian q, the forward KL's minimiser is p's mean and variance. Evaluated "
                "by the trapezoid rule on a {points}-point grid.").format(points=kl.QUADRATURE_POINTS),
              note=_("mass-covering")),
        Panel(_("Reverse fit: KL(q‖p)"), f"{best.reverse_kl:.4f}",
              (r"\mathrm{KL}(q\|p) = -H(q) - E_q[\log p],\quad H(q) = \tfrac12 \log(2\pi e \sigma_q^2)",
               rf"\text{{{best_of}}}:\ \mu_q = {best.mean:.4f},\ \sigma_q = {best.sd:.4f}"),
              _("Minimised numerically ({method} with the exact gradient, over the mean and log sd) from {starts} "
                "starting means; E_q[log p] by the trapezoid rule on a {points}-point grid spanning ±{reach} sd of "
                "q.").format(method=kl.REVERSE_FIT_METHOD, starts=start_count, points=kl.QUADRATURE_POINTS,
                             reach=f"{kl.QUADRATURE_REACH_SD:g}"), note=_("mode-seeking")),
        Panel(_("Each fit judged by the other KL"), f"{forward.reverse_kl:.3f} / {best.forward_kl:.3f}",
              (rf"\mathrm{{KL}}(q_{{fwd}}\|p) = {forward.reverse_kl:.4f}",
               rf"\mathrm{{KL}}(p\|q_{{rev}}) = {best.forward_kl:.4f}"),
              _("Each fit is poor by the other direction's standard: the direction chosen decides what 'close' "
                "means."), note=_("each fit, judged the other way")),
    ]


# The standard errors are compared from n = 1000: the one at n = 10 is itself estimated from 10 draws.
SE_REFERENCE_N = 1000


def estimation_sentence(mc: kl.MonteCarloKL) -> str:
    return _("With {draws} draws from p the estimate is {estimate} ± {error}, against the exact {exact}: 100× more "
             "samples buy 10× more precision.").format(draws=f"{mc.sizes[-1]:,}", estimate=f"{mc.estimates[-1]:.4f}",
                                                       error=f"{mc.standard_errors[-1]:.4f}", exact=f"{mc.exact:.4f}")


def estimation_panels(mc: kl.MonteCarloKL) -> list[Panel]:
    largest = int(mc.sizes[-1])
    ratio, predicted = kl.standard_error_ratio(mc, SE_REFERENCE_N, largest)
    growth = largest // SE_REFERENCE_N
    return [
        Panel(_("Estimate at n = {n}").format(n=f"{largest:,}"), f"{mc.estimates[-1]:.4f}",
              r"\widehat{\mathrm{KL}} = \frac1n \sum_{i=1}^n \left[\log p(x_i) - \log q(x_i)\right],\quad x_i \sim p",
              _("Unbiased for any n; its spread is the standard error."), note=f"± {mc.standard_errors[-1]:.4f}"),
        Panel(_("Closed form"), f"{mc.exact:.4f}", rf"\mathrm{{KL}}(p\|q) = {mc.exact:.6f}", note=_("exact")),
        Panel(_("Standard error shrink"), f"{ratio:.1f}×",
              rf"\frac{{\mathrm{{SE}}_{{{SE_REFERENCE_N}}}}}{{\mathrm{{SE}}_{{{count(largest)}}}}} = {ratio:.2f}"
              rf" \approx \sqrt{{{growth}}} = {predicted:.2f}",
              _("Each standard error is the sample sd of the terms divided by √n."),
              note=_("n grew {times}×").format(times=growth)),
    ]


def pair_snippet(pair: kl.GaussianPair) -> str:
    """A numpy/scipy script that reproduces both divergences of the Two Gaussians tab, and checks one by quadrature."""
    return f"""
import numpy as np
from scipy import integrate, stats

m1, s1, m2, s2 = {pair.m1:g}, {pair.s1:g}, {pair.m2:g}, {pair.s2:g}
kl = lambda ma, sa, mb, sb: np.log(sb / sa) + (sa**2 + (ma - mb) ** 2) / (2 * sb**2) - 0.5
print("KL(p||q) =", kl(m1, s1, m2, s2), " KL(q||p) =", kl(m2, s2, m1, s1))
check = integrate.quad(lambda x: stats.norm.pdf(x, m1, s1)
                       * (stats.norm.logpdf(x, m1, s1) - stats.norm.logpdf(x, m2, s2)), -np.inf, np.inf)
print("KL(p||q) by quadrature:", check[0])
"""
