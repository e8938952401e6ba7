"""The /gmm page headless: defaults, presets, every K, pasted data, hostile URLs."""

from __future__ import annotations

import pytest

from concepts.gmm.spec import SPEC
from tests.pages.support import (assert_clean, errors_text, live_controls, metric_values, open_page,
                                 release_live_control, warnings_text)

PRESETS = list(SPEC.presets)  # every preset the page offers, from its spec


def test_defaults_fit_two_components_and_draw_the_landscape():
    at = open_page("gmm")
    assert_clean(at)
    metrics = metric_values(at)
    assert float(metrics["Gap $\\ell_K - \\ell_1$"]) > 0
    assert float(metrics["BIC saved by the mixture"]) > 10
    assert len(at.get("plotly_chart")) == 3
    assert any("Computed by" in m.value for m in at.markdown)


@pytest.mark.parametrize("label", PRESETS)
def test_every_preset_runs(label):
    at = open_page("gmm")
    next(b for b in at.button if b.label == label).click().run()
    assert_clean(at)


@pytest.mark.parametrize("k", [1, 2, 3, 4])
def test_every_k(k):
    at = open_page("gmm", {"n": "500"})
    at.select_slider(key="k").set_value(k).run()
    assert_clean(at)
    assert len(at.get("plotly_chart")) == (3 if k == 2 else 2)


def test_simulation_controls():
    at = open_page("gmm", {"n": "200"})
    for key, value in (("sep", 1.0), ("w", 0.8), ("sd1", 2.0), ("sd2", 0.5), ("restarts", 2)):
        at.slider(key=key).set_value(value).run()
        assert_clean(at)
    at.number_input(key="seed").set_value(3).run()
    assert_clean(at)


def test_pasted_data_and_its_errors():
    at = open_page("gmm", {"source": "paste"})
    assert_clean(at)
    at.text_area(key="pasted").input("1 2 3\n4 five 6").run()
    assert "line 2: 'five' is not a number" in errors_text(at)
    at.text_area(key="pasted").input("\n".join(str(v) for v in [1.0, 1.2, 0.9, 1.1, 5.0, 5.2, 4.8, 5.1, 4.9, 1.05,
                                                                  5.05, 0.95])).run()
    assert_clean(at)
    assert "BIC saved by the mixture" in metric_values(at)
    at.text_area(key="pasted").input("<script>alert('x')</script> ü 😀").run()
    assert "is not a number" in errors_text(at)


@pytest.mark.parametrize("query, bad_key", [
    ({"k": "9"}, "k"), ({"n": "12345"}, "n"), ({"sep": "-2"}, "sep"), ({"w": "1"}, "w"),
    ({"source": "url"}, "source"), ({"restarts": "0"}, "restarts"), ({"sd1": "inf"}, "sd1"),
])
def test_hostile_url_values_give_a_notice(query, bad_key):
    at = open_page("gmm", query)
    assert_clean(at)
    assert f"{bad_key}=" in warnings_text(at)


def _iteration_text(at) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("EM at "))


def test_replaying_em_step_by_step():
    at = open_page("gmm")
    sent = live_controls(at)["iteration"]
    last = sent["max"]
    assert sent["value"] == last and sent["options"][-1] == last and 0 < last <= 300
    assert _iteration_text(at).startswith(f"EM at iteration {last} of {last}: log-likelihood")
    final = metric_values(at)
    release_live_control(at, "iteration", 0)
    assert_clean(at)
    assert _iteration_text(at).startswith("EM at the start: log-likelihood")
    assert metric_values(at) == final  # the comparison is the fit's, whatever step is shown
    linked = open_page("gmm", {"iteration": "3"})
    assert _iteration_text(linked).startswith(f"EM at iteration 3 of {last}")
    at.select_slider(key="k").set_value(3).run()  # a new fit: its own last step is shown
    assert_clean(at)
    assert live_controls(at)["iteration"]["value"] == live_controls(at)["iteration"]["max"]
    assert "iteration=" in warnings_text(open_page("gmm", {"iteration": "999"}))


def test_the_paste_box_is_capped_and_a_cut_paste_is_said():
    from concepts.gmm.spec import MAX_PASTE_CHARS

    at = open_page("gmm", {"source": "paste"})
    box = at.text_area(key="pasted")
    assert box.proto.max_chars == MAX_PASTE_CHARS and f"{MAX_PASTE_CHARS:,} characters" in box.proto.help
    at.text_area(key="pasted").input(("1.23456, " * MAX_PASTE_CHARS)[:MAX_PASTE_CHARS]).run()
    assert not at.exception
    assert any(f"The box holds {MAX_PASTE_CHARS:,} characters" in c.value for c in at.caption)
    assert "at most 100000" in errors_text(at).replace(",", "")    # 125,000 numbers: more than /gmm fits


@pytest.mark.parametrize("where, warmed", [(("gpu", "NVIDIA H200"), [2]), (("interpreter", "interp"), []),
                                           ((None, "no GPU"), [])])
def test_on_a_gpu_the_server_start_warms_the_mixture_kernel_with_the_default_landscape(monkeypatch, where, warmed):
    """Issue 29: the first landscape compiles and autotunes the kernel (13-20 s on an H200); where it runs on a
    GPU, the start-up does that (the K = 2 fit at the page's defaults), not the first reader."""
    from concepts.gmm import views

    fitted = []
    monkeypatch.setattr(views.sweep, "triton_status", lambda: where)
    monkeypatch.setattr(views, "fit_view", lambda data, k, restarts, seed: fitted.append(k))
    monkeypatch.setattr(views, "iteration_family", lambda *args: None)
    views.warm_defaults()
    assert fitted == warmed
