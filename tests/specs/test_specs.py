"""The page specs (specs/): one place per parameter, checked against everything that uses it.

- every preset and every lesson step names only keys its page has, with usable values;
- every range a spec declares lies inside the one core accepts (core keeps its own validation);
- each page's docstring table of URL keys is the one generated from its spec;
- the controls a page draws are the spec's (key, label, bounds, default, options);
- links that worked before the specs still give the same controls.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pytest

from core import charlm, clt, conjugate, families, fisher, gmm, kl, likelihood, lm, mvn, sampling, stability
import concepts
from specs.base import Choice, Number, PageSpec, Text
from tests.pages.support import live_controls, assert_clean, open_page, warnings_text
from ui.lessons import LESSONS_DIR, parse_lesson
from ui.registry import CONCEPT_PAGES

PAGE_SPECS = concepts.specs()
BY_STEM = concepts.specs_by_stem()

LESSON_STEPS = [(path.stem, number, step) for path in sorted(LESSONS_DIR.glob("*.toml"))
                for number, step in enumerate(parse_lesson(path.stem, path.read_text()).steps, start=1)]


@pytest.mark.parametrize("lesson, number, step", LESSON_STEPS, ids=lambda v: v if isinstance(v, (str, int)) else None)
def test_every_lesson_step_fits_its_pages_spec(lesson, number, step):
    assert BY_STEM[step.page].state_problems(step.state) == []


def test_a_lesson_with_a_misspelt_key_or_a_bad_value_fails_to_load():
    with pytest.raises(ValueError, match="step 1: clt has no parameter 'N'"):
        parse_lesson("x", 'title = "t"\n[[steps]]\npage = "clt"\ncaption = "c"\nstate = { N = 5 }\n')
    with pytest.raises(ValueError, match="rho must be between -1 and 1"):
        parse_lesson("x", 'title = "t"\n[[steps]]\npage = "mvn"\ncaption = "c"\nstate = { rho = 1.5 }\n')


def test_a_preset_with_a_misspelt_key_or_a_bad_value_fails_at_import():
    rho = Number("rho", "ρ", -1.0, 1.0, 0.0)
    with pytest.raises(ValueError, match="no parameter 'rh0'"):
        PageSpec("x", "X", "", "?", (rho,), presets={"typo": {"rh0": 0.5}})
    with pytest.raises(ValueError, match="rho must be between"):
        PageSpec("x", "X", "", "?", (rho,), presets={"too far": {"rho": 2.0}})
    with pytest.raises(ValueError, match="default"):
        Choice("k", "K", (1, 2), 3)


def test_every_preset_of_every_page_fits_its_spec():
    for spec in PAGE_SPECS:
        assert spec.all_presets(), spec.stem
        for name, state in spec.all_presets().items():
            assert spec.state_problems(state) == [], (spec.stem, name)


def test_the_registry_lists_the_specs():
    assert [(p.stem, p.title, p.question) for p in CONCEPT_PAGES] == [(s.stem, s.title, s.question) for s in PAGE_SPECS]


# For every declared parameter, a call into core that validates that value the way the page uses
# it. Evaluated at both ends of the declared range (every option of a choice): core must accept them.
_LOGITS = np.array([2.0, 1.0, 0.5, -1.0])
_SMALL_DATA = gmm.simulate_mixture(4.0, 0.5, 1.0, 1.0, 60, 0)
_SMALL_FIT = likelihood.fit(_SMALL_DATA)
_TINY_CHAR_MODEL = charlm.train("the coin lands heads or tails. " * 10, seed=0, steps=1)
CORE_CHECKS = {
    ("clt", "dist"): lambda v: clt.source_law(v),
    ("clt", "p"): lambda v: clt.source_law("bernoulli", p=v),
    ("clt", "rate"): lambda v: clt.source_law("poisson", rate=v),
    ("clt", "n"): lambda v: clt.validate_clt_inputs(v, 1000, 0),
    ("clt", "trials"): lambda v: clt.validate_clt_inputs(1, v, 0),
    ("clt", "seed"): lambda v: clt.validate_clt_inputs(1, 1000, v),
    ("mvn", "mu1"): lambda v: mvn.condition(v, 0.0, 1.0, 1.0, 0.0, 0.0),
    ("mvn", "mu2"): lambda v: mvn.condition(0.0, v, 1.0, 1.0, 0.0, 0.0),
    ("mvn", "s1"): lambda v: mvn.condition(0.0, 0.0, v, 1.0, 0.0, 0.0),
    ("mvn", "s2"): lambda v: mvn.condition(0.0, 0.0, 1.0, v, 0.0, 0.0),
    ("mvn", "rho"): lambda v: mvn.condition(0.0, 0.0, 1.0, 1.0, v, 0.0),
    ("mvn", "x2"): lambda v: mvn.condition(0.0, 0.0, 1.0, 1.0, 0.5, v),
    ("mvn", "eps"): lambda v: mvn.condition(0.0, 0.0, 1.0, 1.0, 1.0, 0.0, eps=v),
    ("mvn", "samples"): lambda v: mvn.sample(np.zeros(2), np.eye(2), v, 0),
    ("mvn", "seed"): lambda v: (mvn.sample(np.zeros(2), np.eye(2), 10, v), mvn.norm_concentration((2,), 10, v)),
    ("beta", "a"): lambda v: conjugate.beta_posterior(v, 1.0, 0, 0),
    ("beta", "b"): lambda v: conjugate.beta_posterior(1.0, v, 0, 0),
    ("beta", "data"): lambda v: None,  # a page switch, no number
    ("beta", "heads"): lambda v: conjugate.beta_posterior(1.0, 1.0, v, 0),
    ("beta", "tails"): lambda v: conjugate.beta_posterior(1.0, 1.0, 0, v),
    ("beta", "theta"): lambda v: conjugate.simulate_flips(v, 10, 0),
    ("beta", "flips"): lambda v: conjugate.simulate_flips(0.5, v, 0),
    ("beta", "seen"): lambda v: conjugate.beta_posterior(1.0, 1.0, v // 2, v - v // 2),  # a prefix of the counts
    ("beta", "interval"): lambda v: None,
    ("beta", "grid"): lambda v: conjugate.grid_posterior(conjugate.beta_posterior(2.0, 2.0, 7, 3), v),
    ("beta", "mu0"): lambda v: conjugate.gaussian_posterior(v, 1.0, 1.0, 4, 1.0),
    ("beta", "tau0"): lambda v: conjugate.gaussian_posterior(0.0, v, 1.0, 4, 1.0),
    ("beta", "sigma"): lambda v: (conjugate.gaussian_posterior(0.0, 1.0, v, 4, 1.0),
                                  conjugate.simulate_gaussian_mean(0.0, v, 4, 0)),
    ("beta", "mu_true"): lambda v: conjugate.simulate_gaussian_mean(v, 1.0, 4, 0),
    ("beta", "gn"): lambda v: (conjugate.gaussian_posterior(0.0, 1.0, 1.0, v, 1.0),
                               conjugate.simulate_gaussian_mean(0.0, 1.0, v, 0)),
    ("beta", "seed"): lambda v: (conjugate.simulate_flips(0.5, 10, v), conjugate.simulate_gaussian_mean(0, 1, 4, v)),
    ("gmm", "source"): lambda v: None,
    ("gmm", "sep"): lambda v: gmm.simulate_mixture(v, 0.5, 1.0, 1.0, 10, 0),
    ("gmm", "w"): lambda v: gmm.simulate_mixture(4.0, v, 1.0, 1.0, 10, 0),
    ("gmm", "sd1"): lambda v: gmm.simulate_mixture(4.0, 0.5, v, 1.0, 10, 0),
    ("gmm", "sd2"): lambda v: gmm.simulate_mixture(4.0, 0.5, 1.0, v, 10, 0),
    ("gmm", "n"): lambda v: gmm.simulate_mixture(4.0, 0.5, 1.0, 1.0, v, 0),
    ("gmm", "k"): lambda v: gmm.fit_em(_SMALL_DATA, v, 0, 1),
    ("gmm", "restarts"): lambda v: gmm.fit_em(_SMALL_DATA, 2, 0, v),
    ("gmm", "iteration"): lambda v: gmm.run_em(_SMALL_DATA, gmm.Mixture(np.array([0.5, 0.5]), np.array([0.0, 1.0]),
                                                                          np.array([1.0, 1.0])), max_iter=v),
    ("gmm", "seed"): lambda v: (gmm.simulate_mixture(4.0, 0.5, 1.0, 1.0, 10, v), gmm.fit_em(_SMALL_DATA, 1, v, 1)),
    ("kl", "m1"): lambda v: kl.kl_normal(v, 1.0, 0.0, 1.0),
    ("kl", "s1"): lambda v: kl.kl_normal(0.0, v, 0.0, 1.0),
    ("kl", "m2"): lambda v: kl.kl_normal(0.0, 1.0, v, 1.0),
    ("kl", "s2"): lambda v: kl.kl_normal(0.0, 1.0, 0.0, v),
    ("kl", "sep"): lambda v: kl.bimodal_target(v, 0.5),
    ("kl", "w"): lambda v: kl.bimodal_target(4.0, v),
    ("kl", "seed"): lambda v: kl.monte_carlo_kl(kl.GaussianPair(0.0, 1.0, 1.0, 2.0), v, sizes=(10,)),
    ("fisher", "model"): lambda v: fisher.get_model(v),
    ("fisher", "theta"): None,  # per model: below
    ("fisher", "n"): lambda v: fisher.simulate(fisher.MODELS["normal-mean"], 0.0, v, 100, 0),
    ("fisher", "reps"): lambda v: fisher.simulate(fisher.MODELS["normal-mean"], 0.0, 5, v, 0),
    ("fisher", "big_n"): lambda v: fisher.likelihood_curve(fisher.MODELS["poisson"], 3.0, v, 0, points=5),
    ("fisher", "seed"): lambda v: fisher.simulate(fisher.MODELS["normal-mean"], 0.0, 5, 100, v),
    ("likelihood", "source"): lambda v: None if v == "pasted" else likelihood.simulate(v, 10, 0),
    ("likelihood", "n"): lambda v: likelihood.validate_n(v),
    ("likelihood", "data"): lambda v: likelihood.parse_data(("1 2 " * len(v))[:len(v)]),  # its length is accepted
    ("likelihood", "window"): lambda v: likelihood.surface_window(_SMALL_FIT, v, (0.0, 1.0)),
    ("likelihood", "shift"): lambda v: stability.product_demo(_SMALL_DATA, 0.0, 1.0, v),
    ("likelihood", "program"): None,  # its range is the data's number of blocks: tests/core/test_backends.py
    ("likelihood", "seed"): lambda v: likelihood.simulate("normal", 10, v),
    ("sampling", "model"): lambda v: None,  # a switch between models: tests/pages/test_sampling_lm.py
    ("sampling", "sequences"): lambda v: lm.sample_sequences(_TINY_CHAR_MODEL, "ab", 2, v, 0),
    ("sampling", "prompt"): lambda v: charlm.validate_prompt(v),
    ("sampling", "temperature"): lambda v: sampling.pipeline(_LOGITS, temperature=v),
    ("sampling", "top_k"): lambda v: sampling.pipeline(_LOGITS, top_k=v),
    ("sampling", "top_p"): lambda v: sampling.pipeline(_LOGITS, top_p=v),
    ("sampling", "min_p"): lambda v: sampling.pipeline(_LOGITS, min_p=v),
    ("sampling", "length"): lambda v: charlm.validate_length(v),
    ("sampling", "seed"): lambda v: sampling.draw(np.array([0.5, 0.5]), 1, seed=v),
    ("families", "fam"): lambda v: families.grammar_point(v, families.SHAPES[v].eta_default,
                                                          families.SHAPES[v].held_default),
    ("families", "eta"): None,   # per family: below
    ("families", "held"): None,  # per family: below
    ("families", "dist"): lambda v: families.read_moments(v),
    ("families", "n"): lambda v: families.standardised_mean_cf("exponential", v, np.array([0.5])),
    ("families", "edge"): lambda v: families.limit(v, 5),
    ("families", "size"): lambda v: (families.limit("gamma-normal", v), families.limit("binomial-poisson", v)),
    ("families", "seed"): lambda v: families.standardised_means("exponential", 2, 10, v),
}


def _edge_values(param):
    if isinstance(param, Number):
        return (param.low, param.high)
    if isinstance(param, Choice):
        return param.options
    return ("x" * param.max_chars,)


def test_every_parameter_has_a_core_check():
    declared = {(spec.stem, param.key) for spec in PAGE_SPECS for param in spec.params}
    assert declared == set(CORE_CHECKS)


@pytest.mark.parametrize("stem, key", sorted(k for k, check in CORE_CHECKS.items() if check is not None))
def test_every_declared_range_lies_inside_cores(stem, key):
    for value in _edge_values(BY_STEM[stem].param(key)):
        CORE_CHECKS[stem, key](value)  # raises ValueError if core would refuse what the page offers


@pytest.mark.parametrize("fam", families.FAMILY_KEYS)
def test_families_eta_and_held_ranges_are_each_familys_own(fam):
    spec, shape = BY_STEM["families"], families.SHAPES[fam]
    eta, held = spec.param("eta"), spec.param("held")
    assert eta.bounds({"fam": fam}) == shape.eta_range and eta.low <= shape.eta_range[0]
    assert eta.default_in({"fam": fam}) == shape.eta_default and eta.high >= shape.eta_range[1]
    helds = (None,) if shape.held_range is None else (*shape.held_range, held.default_in({"fam": fam}))
    if shape.held_range is not None:
        assert held.bounds({"fam": fam}) == shape.held_range
    for value in (*shape.eta_range, shape.eta_default):
        for h in helds:
            families.grammar_point(fam, value, h)   # core accepts every corner the page offers


@pytest.mark.parametrize("model", fisher.MODEL_KEYS)
def test_fishers_theta_range_is_each_models_own(model):
    theta = BY_STEM["fisher"].param("theta")
    low, high = theta.bounds({"model": model})
    assert (low, high) == fisher.MODELS[model].theta_range
    for value in (low, high, theta.default_in({"model": model})):
        fisher.validate_theta(fisher.MODELS[model], value)
    assert theta.low <= low and high <= theta.high


@pytest.mark.parametrize("spec", PAGE_SPECS, ids=lambda s: s.stem)
def test_the_page_docstring_lists_the_specs_url_keys(spec):
    from scripts.url_tables import docstring_table

    source = concepts.script_path(spec.stem).read_text(encoding="utf-8")
    assert docstring_table(spec) in source, f"run: python scripts/url_tables.py --write ({spec.stem})"


def _shown_with(spec, param) -> dict:
    """The query under which `param`'s control is on screen (its tab, its data source)."""
    return ({"tab": param.tab} if param.tab else {}) | SHOWN_WITH.get((spec.stem, param.key), {})


@dataclass
class _LiveWidget:
    """A live control (ui/live.py) seen as a widget: its bounds and value from what it sent."""
    min: float
    max: float
    value: float
    options: tuple = ()


def _widget(at, param):
    if getattr(param, "widget", None) == "live":
        sent = live_controls(at).get(param.key)
        if sent is None:
            return None
        return _LiveWidget(sent["min"], sent["max"], sent["value"], tuple(str(o) for o in sent.get("options", ())))
    kinds = {"slider": "slider", "number": "number_input"} if isinstance(param, Number) else \
        {"select": "selectbox", "radio": "radio", "slider": "select_slider"}
    kind = "text_input" if isinstance(param, Text) else kinds[param.widget]
    found = [w for w in at.get(kind) if getattr(w, "key", None) == param.key]
    return found[0] if found else None


# The tab (and data source) under which each parameter's control is on screen.
SHOWN_WITH = {("beta", "theta"): {"data": "simulate"}, ("beta", "flips"): {"data": "simulate"},
              ("clt", "p"): {"dist": "bernoulli"}, ("clt", "rate"): {"dist": "poisson"},
              ("likelihood", "data"): {"source": "pasted"}, ("families", "held"): {"fam": "normal"}}


# Ranges only the computation knows (the spec declares the widest): /gmm's EM iteration.
KNOWN_AT_RUN_TIME = {("gmm", "iteration")}


@pytest.mark.parametrize("spec", PAGE_SPECS, ids=lambda s: s.stem)
def test_the_controls_on_the_page_are_the_specs(spec):
    seen = set()
    for tab in spec.tabs or (None,):
        for extra in [{}] + [q for (stem, _), q in SHOWN_WITH.items() if stem == spec.stem]:
            at = open_page(spec.stem, ({"tab": tab} if tab else {}) | extra)
            assert_clean(at)
            for param in spec.params:
                widget = _widget(at, param)
                if widget is None:
                    continue
                seen.add(param.key)
                if (spec.stem, param.key) in KNOWN_AT_RUN_TIME:  # the fit's own last iteration, shown by default
                    assert widget.min == param.low and widget.max <= param.high and widget.value == widget.max
                elif isinstance(param, Number):
                    assert (widget.min, widget.max) == param.bounds(extra), param.key
                    if not extra or param.key in ("theta", "flips", "p", "rate"):
                        assert widget.value == pytest.approx(param.default_in(extra)), param.key
                elif isinstance(param, Choice):
                    assert list(widget.options) == [str(o) for o in param.options], param.key
                    assert widget.value == param.default or param.key in extra, param.key
                else:
                    assert widget.value == param.default
    assert seen == {param.key for param in spec.params}, "a declared parameter has no control on the page"


# Links that worked before the specs (from the browser tests, lessons and shared examples): the
# same keys must give the same controls, with no notice about an unusable value.
TODAYS_LINKS = [
    ("clt", {"dist": "uniform", "n": "100", "trials": "1000"}, {"dist": "uniform", "n": 100, "trials": 1000}),
    ("clt", {"dist": "bernoulli", "p": "0.1", "n": "30"}, {"p": 0.1}),
    ("mvn", {"rho": "0.3", "x2": "0.5"}, {"rho": 0.3, "x2": 0.5}),
    ("mvn", {"tab": "High dimensions", "seed": "7"}, {"seed": 7}),
    ("beta", {"data": "simulate", "theta": "0.6", "flips": "500"}, {"theta": 0.6, "flips": 500}),
    ("beta", {"tab": "Gaussian-Gaussian", "tau0": "0.1", "gn": "1000"}, {"tau0": 0.1, "gn": 1000}),
    ("gmm", {"sep": "3", "n": "500"}, {"sep": 3.0, "n": 500}),
    ("kl", {"tab": "Fitting", "sep": "5"}, {"sep": 5.0}),
    ("kl", {"m2": "2"}, {"m2": 2.0}),
    ("fisher", {"model": "poisson", "theta": "4", "n": "50", "reps": "500"}, {"theta": 4.0, "n": 50, "reps": 500}),
    ("sampling", {"temperature": "0.5", "top_p": "0.9"}, {"temperature": 0.5, "top_p": 0.9}),
]


@pytest.mark.parametrize("stem, query, expected", TODAYS_LINKS,
                         ids=[f"{stem}-{i}" for i, (stem, _, _) in enumerate(TODAYS_LINKS)])
def test_todays_links_still_show_what_they_showed(stem, query, expected):
    at = open_page(stem, query)
    assert_clean(at)
    assert "could not be used" not in warnings_text(at)
    for key, value in expected.items():
        widget = _widget(at, BY_STEM[stem].param(key))
        assert widget is not None, key
        assert widget.value == (pytest.approx(value) if isinstance(value, float) else value), key


@pytest.mark.parametrize("spec", PAGE_SPECS, ids=lambda s: s.stem)
def test_hostile_values_for_every_parameter_give_a_notice(spec):
    """Generated from the spec: a value out of range, or not a number / not an option, is ignored with
    a notice naming the key, and the page still works."""
    for param in spec.params:
        if isinstance(param, Text):
            bad = ["x" * (param.max_chars + 1)]
        elif isinstance(param, Number):
            bad = [str(param.high * 2 + 1), "abc"]
        else:
            bad = ["no-such-option"]
        for raw in bad:
            at = open_page(spec.stem, {param.key: raw} | _shown_with(spec, param))
            assert not at.exception, (param.key, raw)
            assert f"`{param.key}=" in warnings_text(at), (param.key, raw)


def test_a_number_grid_is_the_sliders_positions_over_its_range():
    """The live grids the pages compute families at (views) are their specs' ranges in their steps: the same
    numbers np.arange gave when they were typed out in views, and no float noise (0.15000000000000002)."""
    import numpy as np

    def typed(low, high, step, decimals=2):
        return tuple(float(v) for v in np.round(np.arange(low, high + step / 10, step), decimals))

    assert BY_STEM["mvn"].param("rho").grid(inset=1) == typed(-0.99, 0.99, 0.01)
    assert BY_STEM["kl"].param("m2").grid() == typed(-20.0, 20.0, 0.25)
    assert BY_STEM["kl"].param("s2").grid() == typed(0.05, 20.0, 0.1)
    assert BY_STEM["sampling"].param("temperature").grid() == typed(0.0, 3.0, 0.05)
    assert BY_STEM["sampling"].param("top_p").grid() == typed(0.05, 1.0, 0.01)
    s2 = BY_STEM["kl"].param("s2").grid()
    assert s2[:3] == (0.05, 0.15, 0.25) and s2[-1] == 19.95          # low + k·step, never past high
    with pytest.raises(ValueError, match="needs a step"):
        Number("x", "x", 0.0, 1.0, 0.5).grid()
