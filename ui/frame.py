"""The page template every concept page and every tab of one is drawn in (issue 31).

A page is read in one order, on every screen, and the template (not each page) lays it out:

1. the title and the one question the page answers;
2. one toolbar for the page-wide settings: *Presets* and *Settings* (source, sample sizes, seed), each a
   folded panel, so they never push the picture down until opened, and a line saying what is set. A panel's
   contents are drawn only while it is open (opening it reruns the page): a first visit draws its picture
   without them, ~0.2 s sooner (bench/RESULTS.md, "First load"), and a closed Settings panel's controls keep
   their values in the link (ui.page_state.rest);
3. for each view (the page, or each tab), a **stage**: the main figure with its live control directly
   under it, and beside it (under it on a phone) the key readouts, the sentence that says what they mean
   and the view's own controls;
4. secondary figures;
5. explanations, folded: how each readout is computed (its formula with the numbers substituted) and
   the Python that reproduces them. Like the toolbar's panels, each is drawn only while open: the formulas'
   typesetting (KaTeX) and the elements that carry them cost a first visit or a reload ~0.1 s on two cores
   before its main figure appears (bench/RESULTS.md, "First load"), for a panel most readers never open.

The sidebar keeps what is not the page's own: navigation, language, presenter mode, classroom and sharing.
The widths (wide screen, laptop, phone), presenter mode and a follower's view are the stylesheet's
business (ui/live/page.css), keyed on the containers named here, so that no page decides its own layout.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import Any, Sequence

import streamlit as st

import i18n

from explain import Panel
from i18n import _
from ui import controls, page_state
from ui.layout import folded_panel, metric_slots, show_figure, shown_as_error
from ui.literal import literal
from viz.theme import FigureSpec

STAGE_CLASS = "stage"      # the key prefix of a stage's slots: the stylesheet's and the browser tests' hook
STAGE_ROW = "stagerow"     # the key prefix of the row that holds them (figure side, numbers side)
# The main figure's height in pixels: with the header and its control under it, it fits a 1024x768 screen
# (tests/browser/test_template.py measures it), and in presenter mode (larger text) a projector's 1280x720.
STAGE_FIGURE_HEIGHT = 350
# The toolbar's panels, open or closed (Streamlit's expander state; a test opens one by setting its key).
PRESETS_KEY = "presets-open"
SETTINGS_KEY = "settings-open"
# The explanations' formula panels, likewise: the stage's numbers, and a number the page shows later (/fisher).
FORMULAS_KEY = "formulas-open"
LATE_FORMULA_KEY = "late-formula-open"


class SettingsPanel:
    """The page's Settings, filled by the page with `with toolbar.settings:`. While the panel is closed its
    controls are not drawn (ui.controls, `page_state.resting()`): each takes the link's value, else its default.
    Only the controls drawn directly in the panel rest; a page draws nothing elsewhere from inside it."""

    def __init__(self, panel: Any):
        self._panel = panel

    def __enter__(self) -> Any:
        entered = self._panel.__enter__()
        page_state.set_resting(not self._panel.open)
        return entered

    def __exit__(self, *failure: Any) -> Any:
        page_state.set_resting(False)
        return self._panel.__exit__(*failure)


@dataclass(frozen=True)
class Toolbar:
    """The page-wide settings: `settings` is the panel the page fills with its own (source, seed, …)."""
    settings: SettingsPanel
    summary: Any


@dataclass(frozen=True)
class Stage:
    """The slots of one view, in the order a reader meets them. Fill them in any order (the page computes
    before it draws the live control, which needs the computed family)."""
    figure: Any        # the main figure
    control: Any       # directly under the main figure: its live control(s)
    readouts: Any      # beside the figure (under it on a phone): the key numbers, compact
    sentence: Any      # under the readouts: what the numbers mean
    controls: Any      # under the sentence: the view's own controls (not the page-wide settings)
    more: Any          # below the stage: secondary figures, tables, notices
    explain: Any       # last, folded: formulas and the Python snippet

    def show_main_figure(self, figure: FigureSpec, name: str) -> None:
        """The stage's main figure, at the template's height (the same on every page, so that it and its
        control fit a laptop's first screen)."""
        show_figure(figure, name, where=self.figure, height=STAGE_FIGURE_HEIGHT)

    def show_readouts(self, panels: Sequence[Panel], per_row: int = 2, reserve: int = 0,
                      more_formulas: Sequence[Panel] = ()) -> list:
        """The panels' numbers in the readouts slot, `per_row` to a row, and how each is computed, folded, in
        the explanations, with `more_formulas` (numbers the stage shows further down) after them. Returns the
        readout slots, with `reserve` empty ones after them for numbers the page computes apart and shows later
        (e.g. /fisher's information ratio)."""
        slots = metric_slots(len(panels) + reserve, per_row, where=self.readouts)
        for slot, panel in zip(slots, panels):
            show_readout(slot, panel)
        show_formulas(self.explain, [*panels, *more_formulas])
        return slots


def show_late_readout(stage: Stage, slot: Any, panel: Panel) -> None:
    """A key number the page computes apart, after the others (/fisher's information ratio), in a slot that
    show_readouts reserved; its formula folded in the explanations under a title of its own (the other numbers'
    panel is drawn by then)."""
    show_readout(slot, panel)
    show_formulas(stage.explain, [panel], key=LATE_FORMULA_KEY,
                  title=_("How is “{label}” computed?").format(label=panel.label))


def show_readout(where: Any, panel: Panel) -> None:
    """One key number: its label, value and short grey note; its formula lives in the explanations."""
    where.metric(panel.label, panel.value, delta=panel.note, delta_color="off", delta_arrow="off", help=panel.help)


def show_formulas(where: Any, panels: Sequence[Panel], key: str = FORMULAS_KEY, title: str | None = None) -> None:
    """How each readout is computed: one folded panel with every formula, its numbers substituted, drawn only
    while open (opening it reruns the page). One such panel per `key` on a page."""
    explained = [panel for panel in panels if panel.formula is not None]
    if not explained:
        return
    with folded_panel(title or _("How are these numbers computed?"), key, where=where) as opened:
        if opened:
            for panel in explained:
                _formula(panel)


def _formula(panel: Panel) -> None:
    st.markdown(formula_heading(panel))
    st.latex(controls.latex_lines(panel.formula if isinstance(panel.formula, str) else list(panel.formula)))
    if panel.explanation:
        st.caption(panel.explanation)


def formula_heading(panel: Panel) -> str:
    """The line over a readout's formula: "**label** = value", or "**label**: value" where the value is words or
    an equation of its own ("never", "n = 53"), which an "=" would run into ("fails at = n = 53")."""
    if "=" in panel.value or not any(character.isdigit() for character in panel.value):
        return f"**{panel.label}**: {panel.value}"
    return f"**{panel.label}** = {panel.value}"


def stage(key: str) -> Stage:
    """A stage drawn here (on the page or in a tab): its containers, keyed `stage-…-{key}` for the stylesheet
    and the browser tests."""
    with st.container(key=f"{STAGE_ROW}-{key}"):
        figure_side, number_side = st.columns([3, 2], gap="medium")
    with figure_side:
        figure = st.container(key=f"{STAGE_CLASS}-figure-{key}")
        control = st.container(key=f"{STAGE_CLASS}-control-{key}")
    with number_side:
        readouts = st.container(key=f"{STAGE_CLASS}-readouts-{key}")
        sentence = st.container()
        own_controls = st.container(key=f"{STAGE_CLASS}-controls-{key}")
    more = st.container()
    explain = st.container()
    return Stage(figure, control, readouts, sentence, own_controls, more, explain)


def _toolbar(spec: Any) -> Toolbar:
    """Presets and Settings, side by side under the question, and the line that says what is set."""
    with st.container(key="page-toolbar", horizontal=True, vertical_alignment="center", gap="small"):
        if (spec.presets or spec.presets_by_tab) and not controls.following():
            # Expanders, not popovers: a popover's panel is drawn apart from the page, where Tab never reaches
            # its buttons (found by tests/browser/test_accessibility.py's keyboard walk).
            with st.expander(_("Presets"), icon=":material/bookmarks:", key=PRESETS_KEY, on_change="rerun") as panel:
                if panel.open:
                    _preset_lists(spec)
        settings = st.expander(_("Settings"), icon=":material/tune:", key=SETTINGS_KEY, on_change="rerun")
        summary = st.empty()
    return Toolbar(SettingsPanel(settings), summary)


def _preset_lists(spec: Any) -> None:
    """Every preset of the page in one list: the page's own, then each tab's under the tab's name (a tab's
    preset opens its tab as well)."""
    if spec.presets:
        controls.preset_buttons(spec.presets, key_prefix=f"{spec.stem}-preset", heading=False)
    for tab, presets in spec.presets_by_tab.items():
        st.markdown("**{}**".format(i18n.tab_label(tab)))
        slug = "".join(letter for letter in tab.lower() if letter.isalnum())
        controls.preset_buttons({name: {"tab": tab, **values} for name, values in presets.items()},
                                key_prefix=f"{spec.stem}-{slug}-preset", heading=False)


@contextlib.contextmanager
def page_frame(spec: Any, headline: str, intro: str, *, what: str | None = None):
    """Everything a concept page does around its own content, once: the title and the question, the
    toolbar (presets, and the settings panel the page fills: `with frame.settings:`), a slot for notices
    about unusable link values (filled when the page's controls have run), and core's input errors shown
    as messages. Yields the toolbar; the page draws its views with `stage(key)`.

    A ValueError escaping the page's body ends the page's content with the message ("Cannot
    compute {what}: ..."); the sidebar, the notices and the rest of the app stay.
    """
    notice_area = controls.start_page(headline, intro)
    toolbar = _toolbar(spec)
    try:
        with shown_as_error(what):
            yield toolbar
    finally:
        controls.show_url_notices(notice_area)


def show_settings_summary(toolbar: Toolbar, parts: Sequence[str], seed: int) -> None:
    """One grey line beside the toolbar saying what is set (e.g. "Exponential(1) · 2,000 means · seed 0"): the
    page's `parts`, then the seed every page's Settings hold; so a reader need not open the panel to know. Shown
    as text, never as markup."""
    toolbar.summary.caption(literal(" · ".join([*parts, _("seed {seed}").format(seed=seed)])))
