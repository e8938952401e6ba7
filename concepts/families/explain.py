"""The /families page's words: metric panels with their formulas, the grammar typeset with the current numbers,
the grammar-against-library table, interpretation sentences and the snippets (docs/maths.md §10). Pure functions
of core.families results."""

from __future__ import annotations

from core import families
from explain import Code, Panel
from i18n import _

# --- the grammar ----------------------------------------------------------------------------------------------

# Each family's grammar in LaTeX: η in its usual parameters, T(x), h(x), A(η). The held parameter appears by name.
FORMS = {
    "bernoulli": (r"\log\frac{p}{1-p}", "x", "1", r"\log(1 + e^{\eta})"),
    "categorical": (r"\log\frac{p_1}{p_3}", r"\mathbb{1}\{x = 1\}", r"e^{\eta_2 \mathbb{1}\{x = 2\}}",
                    r"\log(e^{\eta} + e^{\eta_2} + 1)"),
    "poisson": (r"\log\lambda", "x", r"\frac{1}{x!}", r"e^{\eta}"),
    "normal": (r"\mu/\sigma^2", "x", r"\frac{e^{-x^2/2\sigma^2}}{\sqrt{2\pi}\,\sigma}", r"\sigma^2\eta^2/2"),
    "gamma": (r"-\beta", "x", r"\frac{x^{k-1}}{\Gamma(k)}", r"-k\log(-\eta)"),
    "beta": (r"a - 1", r"\log x", r"(1-x)^{b-1}", r"\log B(\eta + 1,\, b)"),
}
HELD_SYMBOLS = {"categorical": r"\eta_2", "normal": r"\sigma", "gamma": "k", "beta": "b"}
CATEGORIES = ("1", "2", "3")


def held_label(key: str) -> str:
    """The held parameter's name on its control (the Categorical's second natural parameter, the Normal's σ, …)."""
    return {"categorical": _("held η₂ = log(p₂ / p₃)"), "normal": _("held σ"), "gamma": _("held shape k"),
            "beta": _("held b")}[key]


def x_title(key: str) -> str:
    return _("class x") if key == "categorical" else "x"


def _usual(point: families.GrammarPoint) -> tuple[str, str, str]:
    """The member's usual parameter: its label, value and formula."""
    u, eta = point.usual, point.eta
    if point.key == "bernoulli":
        return "p = 1/(1 + e^(−η))", f"{u['p']:.4f}", rf"p = \frac{{1}}{{1 + e^{{-({eta:g})}}}} = {u['p']:.4f}"
    if point.key == "categorical":
        return "p₁", f"{u['p1']:.4f}", (rf"p_1 = \frac{{e^{{\eta}}}}{{e^{{\eta}} + e^{{\eta_2}} + 1}} = "
                                        rf"\frac{{e^{{{eta:g}}}}}{{e^{{{eta:g}}} + e^{{{point.held:g}}} + 1}} = "
                                        rf"{u['p1']:.4f}")
    if point.key == "poisson":
        return "λ = e^η", f"{u['rate']:.4f}", rf"\lambda = e^{{{eta:g}}} = {u['rate']:.4f}"
    if point.key == "normal":
        return "μ = σ²η", f"{u['loc']:.4f}", rf"\mu = {point.held:g}^2 \times {eta:g} = {u['loc']:.4f}"
    if point.key == "gamma":
        return _("rate = −η"), f"{u['rate']:.4f}", rf"\beta = -\eta = {u['rate']:.4f}"
    return "a = η + 1", f"{u['a']:.4f}", rf"a = {eta:g} + 1 = {u['a']:.4f}"


def _statistic_name(key: str) -> str:
    return {"beta": "log X", "categorical": "1{X = 1}"}.get(key, "X")


def grammar_panels(point: families.GrammarPoint) -> list[Panel]:
    label, value, formula = _usual(point)
    t = _statistic_name(point.key)
    library = _("torch: {value}")
    return [
        Panel(label, value, formula, _("The member's usual parameter, from η.")),
        Panel("A′(η) = E[{t}]".format(t=t), f"{point.mean_t:.4f}",
              (r"A'(\eta) = \frac{d}{d\eta} " + FORMS[point.key][3], rf"= {point.mean_t:.6f}"),
              _("The slope of the log-partition is the mean of the statistic T(X)."),
              note=library.format(value=f"{point.library_mean_t:.4f}")),
        Panel("A″(η) = Var[{t}]".format(t=t), f"{point.var_t:.4f}",
              (r"A''(\eta) = \frac{d^2}{d\eta^2} " + FORMS[point.key][3], rf"= {point.var_t:.6f}"),
              _("Its curvature is the variance of T(X): A is convex because a variance is never negative."),
              note=library.format(value=f"{point.library_var_t:.4f}")),
        Panel(_("Entropy H"), f"{point.entropy:.4f}",
              (r"H = A(\eta) - \eta A'(\eta) - E[\log h(X)]",
               rf"= {point.log_partition:.4f} - ({point.eta:g})({point.mean_t:.4f}) - "
               rf"({point.log_partition - point.eta * point.mean_t - point.entropy:.4f}) = {point.entropy:.4f}"),
              _("In nats; −E[log p(X)] written in the grammar's terms."),
              note=library.format(value=f"{point.library_entropy:.4f}")),
    ]


def grammar_latex(point: families.GrammarPoint) -> list[str]:
    """The grammar with this family's pieces and the current numbers."""
    eta_form, t, h, a = FORMS[point.key]
    held = HELD_SYMBOLS.get(point.key)
    lines = [r"p(x \mid \eta) = h(x)\, \exp\big(\eta\, T(x) - A(\eta)\big)",
             rf"\eta = {eta_form} = {point.eta:g}" + (rf",\quad {held} = {point.held:g}" if held else ""),
             rf"T(x) = {t},\qquad h(x) = {h}",
             rf"A(\eta) = {a} = {point.log_partition:.4f}"]
    return lines


def interpretation(point: families.GrammarPoint) -> str:
    agree = max(abs(point.mean_t - point.library_mean_t), abs(point.var_t - point.library_var_t),
                abs(point.entropy - point.library_entropy)) < 5e-5
    numbers = dict(eta=f"{point.eta:g}", mean=f"{point.mean_t:.4f}", var=f"{point.var_t:.4f}")
    if point.key == "beta":
        text = _("At η = {eta} the slope of A is {mean} and its curvature {var}: for the Beta the statistic is "
                 "log x, so they are the mean and variance of log X, not of X.").format(**numbers)
    elif point.key == "categorical":
        text = _("At η = {eta} the slope of A is {mean}, the probability of class 1, and its curvature {var} is "
                 "p₁(1 − p₁), the variance of the indicator 1{{X = 1}}.").format(**numbers)
    else:
        text = _("At η = {eta} the slope of A is {mean}, the mean of X, and its curvature {var} is the variance "
                 "of X.").format(**numbers)
    return text + " " + (_("torch.distributions gives the same numbers.") if agree
                         else _("torch.distributions differs: see the table."))


def library_rows(point: families.GrammarPoint) -> list[dict]:
    """The grammar and torch.distributions side by side, number by number."""
    mean_call = {"categorical": "d.probs[0]", "beta": "∫ log(x) · d.log_prob(x).exp() dx"}.get(point.key, "d.mean")
    var_call = {"categorical": "d.probs[0] * (1 - d.probs[0])",
                "beta": "∫ log(x)² · d.log_prob(x).exp() dx − mean²"}.get(point.key, "d.variance")
    entropy_call = "d.entropy()" if point.library_has_entropy else "−Σ p·log p, p = d.log_prob(k).exp()"
    probe = "1" if point.key == "categorical" else f"{point.probe:g}"
    columns = (_("quantity"), _("grammar"), _("value"), "torch.distributions", _("library value"))
    rows = [(_("mean of T(X)"), Code("A′(η)"), point.mean_t, Code(mean_call), point.library_mean_t),
            (_("variance of T(X)"), Code("A″(η)"), point.var_t, Code(var_call), point.library_var_t),
            (_("entropy"), Code("A − η·A′ − E[log h]"), point.entropy, Code(entropy_call), point.library_entropy),
            (_("log p(x) at x = {x}").format(x=probe), Code("log h(x) + η·T(x) − A(η)"), point.log_prob,
             Code("d.log_prob(x)"), point.library_log_prob),
            (_("KL to the member at η₀ = {eta}").format(eta=f"{point.reference_eta:g}"),
             Code("A(η₀) − A(η) − (η₀ − η)·A′(η)"), point.kl, Code("kl_divergence(d, d0)"), point.library_kl)]
    return [dict(zip(columns, (name, grammar, f"{value:.6g}", call, f"{library:.6g}")))
            for name, grammar, value, call, library in rows]


def grammar_snippet(point: families.GrammarPoint) -> str:
    """torch: A's derivatives by autograd, against the library's own numbers."""
    held = f"{point.held:g}" if point.held is not None else ""
    build = {"bernoulli": "D.Bernoulli(logits={v})",
             "categorical": "D.Categorical(logits=torch.stack([{v}, torch.tensor(%s).double(), torch.zeros(())"
                            ".double()]))" % held,
             "poisson": "D.Poisson({v}.exp())", "normal": f"D.Normal({held} ** 2 * {{v}}, {held})",
             "gamma": f"D.Gamma({held}, -{{v}})", "beta": f"D.Beta({{v}} + 1, {held})"}[point.key]
    log_partition = {"bernoulli": "torch.nn.functional.softplus(eta)",
                     "categorical": f"torch.logsumexp(torch.stack([eta, torch.tensor({held}).double(), "
                                    "torch.zeros(()).double()]), 0)",
                     "poisson": "eta.exp()", "normal": f"{held} ** 2 * eta ** 2 / 2",
                     "gamma": f"-{held} * torch.log(-eta)",
                     "beta": f"torch.lgamma(eta + 1) + torch.lgamma(torch.tensor({held}).double())"
                             f" - torch.lgamma(eta + 1 + {held})"}[point.key]
    library = {"categorical": "d.probs[0].item(), (d.probs[0] * (1 - d.probs[0])).item()",
               "beta": "'T = log x: torch has no E[log X]'"}.get(point.key, "d.mean.item(), d.variance.item()")
    entropy = "d.entropy().item()" if point.library_has_entropy else \
        "'torch has no Poisson entropy()'"
    probe = 1 if point.key == "categorical" else point.probe   # class 1 is index 0
    probe = 0 if point.key == "categorical" else probe
    return f"""
import torch
from torch import distributions as D

eta = torch.tensor({point.eta:g}, dtype=torch.float64, requires_grad=True)
A = {log_partition}
dA, = torch.autograd.grad(A, eta, create_graph=True)   # A'(eta) = E[T(X)]
d2A, = torch.autograd.grad(dA, eta)                     # A''(eta) = Var[T(X)]
print("A' =", dA.item(), " A'' =", d2A.item())

with torch.no_grad():
    d = {build.format(v="eta")}
    d0 = {build.format(v=f"torch.tensor({point.reference_eta:g}).double()")}
    print("library:", {library})
    print("entropy:", {entropy})
    print("log_prob:", d.log_prob(torch.tensor({probe:g}).double()).item())
    print("KL(d || d0) =", D.kl_divergence(d, d0).item())
"""


# --- generating functions -------------------------------------------------------------------------------------


def moment_panels(reading: families.MomentReading, distance: float, n: int) -> list[Panel]:
    """M′(0) and M″(0) read off the MGF (or why they cannot be), the variance, and φ_N's distance to the normal's."""
    library = _("torch: {value}")
    distance_panel = Panel(
        _("largest gap to e^(−t²/2)"), f"{distance:.4f}",
        (r"\sup_{|t| \le 4} \left|\varphi_N(t) - e^{-t^2/2}\right|", rf"N = {n}:\ {distance:.6f}"),
        _("The largest gap, over the figure's window, between the mean's characteristic function and the normal's."),
        note=_("N = {n}").format(n=n))
    if reading.slope is None:
        none = _("no MGF")
        moments = f"{reading.mean:g}, {reading.second_moment - reading.mean ** 2:g}" if reading.mean is not None \
            else _("none")
        return [Panel("M′(0)", "—", None, note=none), Panel("M″(0)", "—", None, note=none),
                Panel(_("E[X] and Var X"), moments, None,
                      note=library.format(value=f"{reading.library_mean:g}, {reading.library_variance:g}")),
                distance_panel]
    h = families.DIFFERENCE_STEP
    variance = reading.curvature - reading.slope ** 2
    return [
        Panel("M′(0) = E[X]", f"{reading.slope:.4f}",
              (r"M'(0) \approx \frac{M(h) - M(-h)}{2h}", rf"h = {h:g}:\ {reading.slope:.6f}"),
              _("The tangent's slope at t = 0, read off the curve by a central difference."),
              note=library.format(value=f"{reading.library_mean:.4f}")),
        Panel("M″(0) = E[X²]", f"{reading.curvature:.4f}",
              (r"M''(0) \approx \frac{M(h) - 2M(0) + M(-h)}{h^2}", rf"h = {h:g}:\ {reading.curvature:.6f}"),
              _("The curvature at t = 0: the second moment."), note=_("exact {value}").format(
                  value=f"{reading.second_moment:g}")),
        Panel(_("Var X = M″(0) − M′(0)²"), f"{variance:.4f}",
              rf"{reading.curvature:.6f} - {reading.slope:.6f}^2 = {variance:.6f}", "",
              note=library.format(value=f"{reading.library_variance:.4f}")),
        distance_panel,
    ]


def generating_sentence(key: str, n: int, distance: float) -> str:
    if key == "cauchy":
        return _("The mean of {n} Cauchy draws is Cauchy again: φ(t/N)^N = e^(−|t|) for every N, so its curve never "
                 "moves toward e^(−t²/2) (a gap of {gap} at every N). No variance, no CLT.").format(
            n=n, gap=f"{distance:.3f}")
    if n == 1:
        return _("At N = 1 this is the standardised distribution itself, {gap} from the normal's e^(−t²/2) at "
                 "worst. Drag N: φ of a sum is the product of the φs, and the product flattens every shape into the "
                 "normal's.").format(gap=f"{distance:.3f}")
    return _("At N = {n} the standardised mean's φ is within {gap} of e^(−t²/2) everywhere on the window: the "
             "product φ(t/(σ√N))^N is becoming the normal's. This is how the CLT is proved.").format(
        n=n, gap=f"{distance:.3f}")


def mgf_caption(key: str, reading: families.MomentReading) -> str:
    if key == "exponential":
        return _("M(t) = 1/(1 − t) is finite only for t < 1: an MGF need not exist for every t, but an interval "
                 "around 0 is enough for every moment.")
    if key == "student-t":
        return _("E[e^(tX)] is infinite for every t ≠ 0: the t's tails fall like a power of x, slower than any "
                 "exponential. Its mean 0 and variance 3 exist, but no MGF can give them; the characteristic "
                 "function E[e^(itX)] always exists.")
    if key == "cauchy":
        return _("The Cauchy has no MGF, no mean and no variance; its characteristic function e^(−|t|) exists, with a "
                 "corner at 0 where a mean would be a slope.")
    return _("The tangent at 0 has slope M′(0) = {slope}, the mean; the parabola's curvature M″(0) = {curvature} is "
             "E[X²].").format(slope=f"{reading.slope:.4f}", curvature=f"{reading.curvature:.4f}")


def generating_snippet(key: str, n: int, seed: int) -> str:
    return f"""
import numpy as np
import torch
from torch import distributions as D

# M'(0) and M''(0) by autograd through a Monte-Carlo MGF, against the library's moments (where the MGF does not
# exist, the t's and the Cauchy's, these are only the sample's moments: the Cauchy's never settle)
d = {_library_call(key)}
x = d.sample((200_000,)).double()
t = torch.tensor(0.0, dtype=torch.float64, requires_grad=True)
M = torch.exp(t * x).mean()
dM, = torch.autograd.grad(M, t, create_graph=True)
d2M, = torch.autograd.grad(dM, t)
print("M'(0) ~", dM.item(), " M''(0) ~", d2M.item(), " library mean, variance:", d.mean.item(), d.variance.item())

# the characteristic function of the standardised mean of N = {n} draws, from simulated means
torch.manual_seed({seed})
means = d.sample((2000, {n})).double().mean(1).numpy()
z = (means - d.mean.item()) * np.sqrt({n}) / d.stddev.item() if np.isfinite(d.variance.item()) else means
for s in (0.5, 1.0, 2.0):
    print(s, np.exp(1j * s * z).mean(), "normal:", np.exp(-s**2 / 2))
"""


def _library_call(key: str) -> str:
    return {"normal": "D.Normal(1.0, 1.0)", "exponential": "D.Exponential(1.0)", "uniform": "D.Uniform(0.0, 1.0)",
            "bernoulli": f"D.Bernoulli({families.BERNOULLI_P})", "poisson": f"D.Poisson({families.POISSON_RATE})",
            "student-t": f"D.StudentT({families.STUDENT_DF:g})", "cauchy": "D.Cauchy(0.0, 1.0)"}[key]


# --- the map --------------------------------------------------------------------------------------------------


def family_names() -> dict[str, str]:
    """The map's node names in the reader's language."""
    return {"Bernoulli": _("Bernoulli"), "Binomial": _("Binomial"), "Poisson": _("Poisson"),
            "Categorical": _("Categorical"), "Multinomial": _("Multinomial"), "Beta": _("Beta"), "Gamma": _("Gamma"),
            "χ²": "χ²", "Exponential": _("Exponential"), "Normal": _("Normal"), "Student-t": _("Student-t"),
            "Cauchy": _("Cauchy"), "MVN": _("MVN"), "Mixture": _("Mixture")}


def limit_names(result: families.Limit) -> tuple[str, str]:
    """The two curves' legend names (no number that the live control changes: a legend is not redrawn)."""
    return {"binomial-poisson": (_("Binomial(n, λ/n)"), _("Poisson(λ = 2)")),
            "gamma-normal": (_("Gamma(k, 1), standardised"), "N(0, 1)"),
            "t-normal": (_("Student-t(ν)"), "N(0, 1)"),
            "beta-normal": (_("Beta(a, a), standardised"), "N(0, 1)")}[result.key]


def limit_x_title(key: str) -> str:
    return _("count k") if key == "binomial-poisson" else _("standardised value z")


SIZE_SYMBOLS = {"binomial-poisson": "n", "gamma-normal": "k", "t-normal": "ν", "beta-normal": "a"}


def size_label(key: str) -> str:
    return {"binomial-poisson": _("trials n"), "gamma-normal": _("shape k"), "t-normal": _("degrees of freedom ν"),
            "beta-normal": _("a = b")}[key]


def limit_panels(result: families.Limit) -> list[Panel]:
    symbol = SIZE_SYMBOLS[result.key]
    power = families.RATE_POWER[result.key]
    scaled = f"TV·{symbol}" if power == 1.0 else f"TV·√{symbol}"
    tv = Panel(_("total variation"), f"{result.total_variation:.4f}",
               (r"\mathrm{TV} = \tfrac12 \sum_k |p(k) - q(k)|" if result.key == "binomial-poisson"
                else r"\mathrm{TV} = \tfrac12 \int |f(z) - \varphi(z)|\, dz",
                rf"{symbol} = {result.n}:\ {result.total_variation:.6f}"),
               _("The most any event's probability differs between the two."), note=f"{symbol} = {result.n}")
    rate = Panel(scaled, f"{result.scaled:.4f}", rf"{result.total_variation:.6f} \times {result.n}"
                 + ("" if power == 1.0 else r"^{1/2}") + rf" = {result.scaled:.4f}",
                 _("Settles to a constant as the limit is approached: the distance shrinks like 1/{symbol}.").format(
                     symbol=symbol if power == 1.0 else f"√{symbol}"), note=_("the rate"))
    if result.bound is None:
        return [tv, rate]
    return [tv, rate, Panel(_("Le Cam's bound λ²/n"), f"{result.bound:.4f}",
                            rf"\mathrm{{TV}} \le \sum_i p_i^2 = \frac{{\lambda^2}}{{n}} = \frac{{4}}{{{result.n}}}"
                            rf" = {result.bound:.4f}", _("A bound that needs no computation of either distribution."),
                            note=_("an upper bound"))]


def limit_sentence(result: families.Limit) -> str:
    numbers = dict(size=result.n, tv=f"{result.total_variation:.4f}",
                   percent=f"{100 * result.total_variation:.1f}")
    return {"binomial-poisson": _("With n = {size} trials of probability 2/n, no event's probability differs from "
                                  "Poisson(2)'s by more than {tv} ({percent} points): rare events in many trials "
                                  "are Poisson."),
            "gamma-normal": _("Gamma(k = {size}) is a sum of {size} exponentials; standardised it is within {tv} of "
                              "N(0, 1) in total variation. Its skewness 2/√k is what is left."),
            "t-normal": _("With ν = {size} degrees of freedom the t is within {tv} of N(0, 1): its heavier tails "
                          "fade as ν grows (ν = 1 is the Cauchy)."),
            "beta-normal": _("Beta({size}, {size}), standardised, is within {tv} of N(0, 1): a posterior after many "
                             "flips looks normal.")}[result.key].format(**numbers)


def relations() -> tuple[tuple[str, str, str, str | None], ...]:
    """The map's relations, in the reader's language: (from, to, what turns one into the other, the Map tab's
    limit that plays it or None)."""
    return (("Bernoulli", "Binomial", _("sum of n"), None),
            ("Binomial", "Poisson", _("n → ∞, np = λ"), "binomial-poisson"),
            ("Categorical", "Multinomial", _("sum of n"), None),
            ("Bernoulli", "Categorical", _("K classes"), None),
            ("Beta", "Bernoulli", _("conjugate prior"), None),
            ("Gamma", "χ²", _("k/2, rate ½"), None),
            ("Gamma", "Exponential", _("shape 1"), None),
            ("Gamma", "Normal", _("k → ∞"), "gamma-normal"),
            ("Gamma", "Poisson", _("conjugate prior"), None),
            ("Beta", "Normal", _("a = b → ∞"), "beta-normal"),
            ("Student-t", "Normal", _("ν → ∞"), "t-normal"),
            ("Student-t", "Cauchy", _("ν = 1"), None),
            ("Normal", "MVN", _("d dimensions"), None),
            ("Normal", "Mixture", _("weighted sum"), None))


def relation_rows() -> list[dict]:
    """Every edge of the map as a row (the figure names them on hover only)."""
    names = family_names()
    columns = (_("starting family"), _("becomes"), _("how"), _("on this tab"))
    return [dict(zip(columns, (names[start], names[end], label, _("yes") if edge else "")))
            for start, end, label, edge in relations()]


def limit_snippet(result: families.Limit) -> str:
    if result.key == "binomial-poisson":
        return f"""
import numpy as np
from scipy import stats

n, lam = {result.n}, 2.0
k = np.arange(0, 400)
tv = 0.5 * np.abs(stats.binom.pmf(k, n, lam / n) - stats.poisson.pmf(k, lam)).sum()
print("TV =", tv, " Le Cam bound lam**2 / n =", lam**2 / n)
"""
    member = {"gamma-normal": f"stats.gamma({result.n}, loc=-np.sqrt({result.n}), scale=1 / np.sqrt({result.n}))",
              "t-normal": f"stats.t({result.n})",
              "beta-normal": f"stats.beta({result.n}, {result.n}, loc=-np.sqrt(2 * {result.n} + 1), "
                             f"scale=2 * np.sqrt(2 * {result.n} + 1))"}[result.key]
    return f"""
import numpy as np
from scipy import integrate, stats

member = {member}   # standardised: mean 0, sd 1
gap = lambda z: abs(member.pdf(z) - stats.norm.pdf(z))
inside = integrate.quad(gap, -40, 40, limit=500, points=[-3, -1, 0, 1, 3])[0]
print("TV =", 0.5 * (inside + member.cdf(-40) + member.sf(40)))
"""
