"""Sharing, presenter mode, lessons, export: headless checks (the browser suite checks them live)."""

from __future__ import annotations

import contextlib
import io
import re

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from tests.pages.support import ROOT, assert_clean, live_controls, metric_values, open_page
from ui.lessons import LESSONS_DIR, parse_lesson
from ui.registry import CONCEPT_PAGES
from ui.share import qr_png
from viz.export import figure_csv
from viz.theme import heatmap, new_figure, scatter

LESSON_FILES = sorted(LESSONS_DIR.glob("*.toml"))


def test_every_concept_page_has_a_lesson():
    pages = {step.page for path in LESSON_FILES for step in parse_lesson(path.stem, path.read_text()).steps}
    assert pages == {spec.stem for spec in CONCEPT_PAGES if spec.exists}


@pytest.mark.parametrize("path", LESSON_FILES, ids=lambda p: p.stem)
def test_every_lesson_steps_through_without_error(path):
    lesson = parse_lesson(path.stem, path.read_text())
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    next(b for b in at.button if b.key == f"start-{lesson.id}").click().run()
    for number in range(1, len(lesson.steps) + 1):
        assert_clean(at)
        assert any(f"step {number} of {len(lesson.steps)}" in m.value for m in at.markdown)
        if number < len(lesson.steps):
            next(b for b in at.button if b.key == "lesson-next").click().run()


def test_lesson_step_applies_its_state_and_back_returns():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    next(b for b in at.button if b.key == "start-1-clt-in-five-steps").click().run()
    assert metric_values(at)["Distance from normal $D_N$"] == "0.1587"  # docs/maths.md §1: 0.158655
    next(b for b in at.button if b.key == "lesson-next").click().run()
    assert metric_values(at)["Distance from normal $D_N$"] == "0.0596"  # 0.059629
    next(b for b in at.button if b.key == "lesson-back").click().run()
    assert live_controls(at)["n"]["value"] == 1


def test_a_bare_lesson_link_fills_in_the_step_state():
    at = open_page("clt", {"lesson": "1-clt-in-five-steps", "step": "5"})
    assert_clean(at)
    assert at.selectbox(key="dist").value == "cauchy"


@pytest.mark.parametrize("query, notice", [({"lesson": "nope"}, "There is no lesson"),
                                           ({"lesson": "1-clt-in-five-steps", "step": "99"}, "has steps 1 to 5")])
def test_bad_lesson_links_give_a_notice(query, notice):
    at = open_page("clt", query)
    assert not at.exception
    assert any(notice in w.value for w in at.warning)


def test_lesson_format_errors_name_the_problem():
    with pytest.raises(ValueError, match="unknown page 'nowhere'"):
        parse_lesson("x", 'title = "t"\n[[steps]]\npage = "nowhere"\ncaption = "c"\n')
    with pytest.raises(ValueError, match="caption is required"):
        parse_lesson("x", 'title = "t"\n[[steps]]\npage = "clt"\n')
    with pytest.raises(ValueError, match="not valid TOML"):
        parse_lesson("x", "title = ")


def test_presenter_mode_changes_labels_and_hides_exports():
    normal = open_page("kl")
    present = open_page("kl", {"present": "1"})
    assert_clean(present)
    assert present.toggle(key="_present_toggle").value is True
    assert len(present.get("download_button")) == 0 < len(normal.get("download_button"))
    assert metric_values(present) == metric_values(normal)


def test_share_panel_qr_encodes_the_link():
    png = qr_png("http://example.test/clt?dist=cauchy&n=100")
    assert png.startswith(b"\x89PNG")
    at = open_page("clt", {"dist": "cauchy"})
    assert any("Share this view" in e.label for e in at.expander)
    assert not at.sidebar.code  # drawn only once the panel is open
    at.session_state["share-open"] = True
    at.run()
    assert "dist=cauchy" in at.sidebar.code[0].value


def test_figure_csv_has_every_point():
    fig = new_figure("t", "x", "y")
    fig.add_trace(scatter(x=[1, 2, 3], y=[4, 5, 6], name="a"))
    fig.add_trace(heatmap(x=np.array([0, 1]), y=[0, 1, 2], z=np.ones((3, 2))))
    rows = figure_csv(fig).strip().splitlines()
    assert rows[0] == "trace,x,y,z" and rows[1] == "a,1,4," and len(rows) == 1 + 3 + 6


def _run_snippet(at: AppTest) -> str:
    assert not at.code, "the snippet is drawn only once its panel is open"
    at.session_state["python-snippet"] = True  # what opening the panel does
    at.run()
    code = next(c.value for c in at.code if "import numpy" in c.value or "from scipy" in c.value)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "<snippet>", "exec"), {})
    return out.getvalue()


def _numbers(text: str) -> list[float]:
    return [float(v) for v in re.findall(r"-?\d+\.\d+(?:e-?\d+)?", text)]


@pytest.mark.parametrize("stem, query, label", [
    ("beta", {}, "Posterior mean"),
    ("mvn", {}, "Conditional mean E[x₁ | x₂]"),
    ("kl", {}, "KL(p ‖ q)"),
    ("fisher", {"reps": "500"}, "Cramér–Rao bound 1/(nI)"),
    ("clt", {}, "Berry–Esseen bound"),
])
def test_python_snippets_reproduce_the_page_numbers(stem, query, label):
    at = open_page(stem, query)
    shown = float(metric_values(at)[label].split()[0])
    printed = _numbers(_run_snippet(at))
    assert any(abs(value - shown) <= 0.5 * 10 ** -(len(metric_values(at)[label].split(".")[-1])) + 1e-12
               for value in printed), (shown, printed)


def test_sampling_snippet_reproduces_the_entropy():
    at = open_page("sampling", {"top_p": "0.9", "temperature": "1.3"})
    printed = _numbers(_run_snippet(at))
    shown = float(metric_values(at)["Entropy after the pipeline"].split()[0])
    assert any(abs(v - shown) < 0.0006 for v in printed), (shown, printed)


def test_a_preset_that_makes_a_control_appear_writes_its_value_to_the_link():
    """Issue 18: /clt's Bernoulli p exists only once dist=bernoulli; its preset value reached the
    slider but not the URL, so the shared link showed p = 0.5."""
    at = open_page("clt")
    next(b for b in at.button if b.label == "Rare coin: Bernoulli(0.1)").click().run()
    assert at.slider(key="p").value == pytest.approx(0.1)
    link = dict(at.query_params)
    assert link["p"] == "0.1" and link["dist"] == "bernoulli"
    fresh = open_page("clt", link)
    assert metric_values(fresh) == metric_values(at)


def test_inside_a_lesson_a_preset_back_to_the_page_default_is_written_to_the_link():
    """Issue 18: in lesson step 1 (5,000 simulated means) the preset "Already normal" sets 2,000,
    the page's plain default; the link must say so, or a fresh load shows the step's 5,000."""
    at = open_page("clt", {"lesson": "1-clt-in-five-steps", "step": "1"})
    assert at.select_slider(key="trials").value == 5000  # the step's state is this control's default
    next(b for b in at.button if b.label == "Already normal").click().run()
    assert at.select_slider(key="trials").value == 2000
    link = dict(at.query_params)
    assert link["trials"] == "2000" and link["lesson"] == "1-clt-in-five-steps"
    fresh = open_page("clt", link)
    assert fresh.select_slider(key="trials").value == 2000
    assert metric_values(fresh) == metric_values(at)


def test_a_lesson_steps_state_only_applies_on_its_own_page():
    at = open_page("mvn", {"lesson": "1-clt-in-five-steps", "step": "1"})  # a clt step, opened on /mvn
    assert_clean(at)
    assert at.select_slider(key="samples").value == 500  # /mvn's own default, untouched
