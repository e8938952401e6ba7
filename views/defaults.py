"""The live families of every page at its default state, computed once at server start (ui/warmup.py).

A live control's family (viz/live.py) costs 50-400 ms of server time the first time a state is seen
(cached afterwards). For the first reader of a freshly started server that time competed with the
browser for the CPU while it was drawing the page: /mvn's first load came 0.3-0.4 s later than
before its two live controls (bench/bench_first_load.py, same machine, same hour), though later
readers saw no difference. Computing the default states' families before the server listens puts
that work where no reader waits for it; other states are computed when first asked for, as before.
"""

from __future__ import annotations

from typing import Any, Callable

from specs import beta as beta_spec, clt as clt_spec, fisher as fisher_spec, gmm as gmm_spec, kl as kl_spec
from specs import mvn as mvn_spec, sampling as sampling_spec
from views import beta, clt, fisher, gmm, kl, mvn, sampling


def _defaults(spec) -> dict[str, Any]:
    return {param.key: param.default for param in spec.params}


def _mvn() -> None:
    d = _defaults(mvn_spec.SPEC)
    inputs = mvn_spec.MvnInputs(d["mu1"], d["mu2"], d["s1"], d["s2"], d["rho"], d["x2"], d["eps"], d["samples"],
                                d["seed"])
    mvn.rho_family(inputs)
    mvn.x2_family(inputs, inputs.x2_window)


def _clt() -> None:
    d = _defaults(clt_spec.SPEC)
    clt.n_family(d["dist"], d["trials"], d["seed"], d["p"], d["rate"])


def _beta() -> None:
    d = _defaults(beta_spec.SPEC)
    beta.seen_family(d["a"], d["b"], beta.Flips(d["heads"], d["tails"]), d["interval"])


def _gmm() -> None:
    d = _defaults(gmm_spec.SPEC)
    data = gmm.simulated_data(d["sep"], d["w"], d["sd1"], d["sd2"], d["n"], d["seed"])
    gmm.iteration_family(data, d["k"], d["restarts"], d["seed"])


def _kl() -> None:
    d = _defaults(kl_spec.SPEC)
    kl.m2_family(d["m1"], d["s1"], d["s2"])
    kl.s2_family(d["m1"], d["s1"], d["m2"])


def _fisher() -> None:
    d = _defaults(fisher_spec.SPEC)
    fisher.theta_family(d["model"], d["n"], d["reps"], d["seed"])


def _sampling() -> None:
    d = _defaults(sampling_spec.SPEC)
    settings = sampling_spec.Settings(d["temperature"], d["top_k"], d["top_p"], d["min_p"])
    sampling.temperature_family("builtin", d["prompt"], settings, d["seed"])
    sampling.top_p_family("builtin", d["prompt"], settings, d["seed"])


WARMERS: dict[str, Callable[[], None]] = {"mvn": _mvn, "clt": _clt, "beta": _beta, "gmm": _gmm, "kl": _kl,
                                          "fisher": _fisher, "sampling": _sampling}


def warm_default_families() -> list[str]:
    """Compute every page's default families; returns the pages whose warm-up failed (a failure must
    not stop the server: that page then computes its family on first use, as any other state)."""
    failed = []
    for page, warm in WARMERS.items():
        try:
            warm()
        except Exception:  # noqa: BLE001 - logged by the caller, never fatal
            failed.append(page)
    return failed
