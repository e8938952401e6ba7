"""Live controls: a slider whose movement redraws the page's figures and key readouts in the browser,
from states the server computed in advance, with no rerun until the slider is released (issue 14).

The server computes the family (viz/live.py) once per setting of the *other* controls (cached in the
page's views): for each value of the control's grid, the page's own figure builders and explanations are
run, and what differs between the resulting figures (trace coordinates, per-point marker colours,
titles, axis ranges), metric values and sentences is shipped with the control. The browser code
(`ui/live/live_control.js`, tested by `node --test ui/live/`) only picks the state nearest to the
slider's value and draws it (Plotly.animate without a redraw; Plotly.update where the axes change);
on release it sends the value, which is committed like any control's (session state and the URL)
and computed exactly by the rerun. What a family does not carry (a cloud of samples, a table, a
section computed apart) is dimmed while the control is held.

A control moves over a number range (ρ, θ, x₂) or over a list of values (a Choice such as /clt's N,
or a Number given `options`, such as /beta's flips seen in strides on long data): the slider then
moves an index and means the value at it. A control may also be dragged on its figure (`handle`:
/mvn's observed-x₂ line): a press within a few pixels of the current value moves the slider, and
everything follows as if the slider itself were dragged.

Why a Streamlit custom component (components v2, inline, no iframe) driving the page's own Plotly
charts, and not Plotly frames with Plotly's own slider: the readouts are Streamlit metrics outside
any figure, one control must move several figures at once, and the released value must reach
Python and the URL; a Plotly slider can do none of these.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable

import streamlit as st

from i18n import N_, _

from specs.base import Choice, Number, decimals_of
from ui import controls, internals, page_state
from viz.live import Family

_FOLDER = Path(__file__).resolve().parent / "live"
_CSS = """
.live-control { font-family: inherit; padding: 0.2rem 0 0.6rem; }
.live-control .live-label { display: flex; justify-content: space-between; font-size: 0.875rem; }
.live-control .live-value { font-variant-numeric: tabular-nums; font-weight: 600; }
.live-control input[type=range] { width: 100%; accent-color: #0072B2; margin: 0.4rem 0 0.1rem; }
.live-control input[type=range]:focus-visible { outline: 2px solid #0072B2; outline-offset: 2px; }
.live-control .live-hint { font-size: 0.75rem; color: #5c6370; }
/* On a laptop's short screen the figure and its control come first, and the hint gives up its line
   (the keyboard works as on any slider). */
@media (max-width: 1200px) and (max-height: 820px) { .live-control .live-hint { display: none; } }
/* A thumb, not a mouse pointer: a slider that is 44 px tall to touch (WCAG 2.5.5's target size). */
@media (pointer: coarse) { .live-control input[type=range] { height: 44px; margin: 0; } }
"""


def browser_script() -> str:
    """The component's script: the browser's door to Streamlit's page and Plotly's internals (page_dom.js),
    then the control itself with its import of that door dropped (one inline script, no module loader)."""
    door = (_FOLDER / "page_dom.js").read_text(encoding="utf-8")
    control = (_FOLDER / "live_control.js").read_text(encoding="utf-8")
    start = control.index("import {")
    end = control.index("from './page_dom.js';", start) + len("from './page_dom.js';")
    return door + "\n" + control[:start] + control[end:]


_component = st.components.v2.component("prob_explorer.live_control", js=browser_script(), css=_CSS,
                                        isolate_styles=False)

def live_value(param: Number | Choice, state: dict | None = None) -> Any:
    """The control's current value: the last one committed in this session, else the link's (checked
    like any control's, with a notice for an unusable one), else the default."""
    if isinstance(param, Choice):
        return _live_option(param)
    low, high = param.bounds(state)
    number = int if param.integer else float
    default = number(controls.step_default(param.key, number(param.default_in(state)), (low, high)))
    controls.check_number(param.key, low, high, param.integer)
    held = page_state.held(param.key)
    if held is not None and low <= held <= high:
        return number(held)  # (a value another model's range allowed is not kept)
    raw = page_state.linked(param.key)
    value = number(float(raw)) if raw is not None else default
    page_state.hold(param.key, value)
    return value


def _live_option(param: Choice) -> Any:
    """live_value for a control over a list of values (e.g. /clt's N)."""
    default = controls.step_default(param.key, param.default, param.options)
    controls.check_option(param.key, param.options)
    held = page_state.held(param.key)
    if held is not None and held in param.options:
        return held
    raw = page_state.linked(param.key)
    value = next((option for option in param.options if str(option) == raw), default)
    page_state.hold(param.key, value)
    return value


def _decimals(param: Number | Choice, step: float | None, low: float = 0.0) -> int:
    """As many decimals as the control's own format shows ("%.3f"), else as the slider's positions
    (low + k·step: /kl's s₂ moves 0.05, 0.15, …) need."""
    if isinstance(param, Choice):
        return 0 if all(isinstance(option, int) for option in param.options) else 2
    if param.format and param.format.startswith("%.") and param.format.endswith("f"):
        return int(param.format[2:-1])
    if not step:
        return 2
    return max(decimals_of(step), decimals_of(low))


def _shown(param: Number | Choice, decimals: int, value: Any) -> str:
    """The committed value as the slider shows it at rest: with the control's own format, or else with as
    many decimals as it needs (at most 6: a link may carry a value between the slider's steps)."""
    if isinstance(param, Number) and not param.format:
        decimals = max(decimals, decimals_of(value))
    return f"{value:.{decimals}f}"


def _commit(key: str, component_key: str, default: float, decimals: int) -> None:
    """On release: the exact value becomes the control's, in session state and in the link (a value
    equal to the default stays out of the link, as Streamlit does for its own widgets). Rounded past
    the step's decimals: the browser's min + k·step carries float noise (0.32000000000000006)."""
    released = st.session_state[component_key].get("value")
    if released is None:
        return
    released = round(released, decimals) if isinstance(released, float) else released
    page_state.commit(key, released, default)


HINT = N_("Drag or use the arrow keys: the figures follow; the page recomputes on release.")
# Where the browser cannot unpack the family (no DecompressionStream: Safari before 16.4), in place of the hint.
NO_PREVIEW = N_("This browser cannot redraw the figures while you drag: they follow when you let go.")


def forget(key: str) -> None:
    """Drop a live control's committed value (session and link): it follows its default again (e.g.
    /beta's flips seen, whose default is "all of them", when the data change)."""
    page_state.forget(key)


def forget_when_changed(key: str, basis: Any) -> None:
    """Forget a live control's committed value when `basis` (what its range depends on) differs from
    the last run's; the first run of a session keeps what the link says."""
    page_state.forget_when_changed(key, basis)


def live_control(param: Number | Choice, value: Any, family: Family | Callable[[], Family | None] | None, *,
                 state: dict | None = None,
                 hint: str = HINT, where: Any = st, label: str | None = None, step: float | None = None,
                 dim: tuple[str, ...] = (), options: tuple | None = None, handle: dict | None = None) -> None:
    """Draw the live slider for `param` at `value` with its precomputed family (None: a plain slider
    that commits on release, where nothing on screen depends on it). `family` may be a function that
    computes it: it is then not computed where it would not be shipped. A student following a teacher gets the
    value as text (ui.controls.following): a lecture hall of followers gets what the teacher shows, not
    every state of every slider (/beta's page is 0.5 MB with its family and 0.15 MB without, per student
    and per teacher move).

    A Choice moves over its options (the family's grid is then the options), and so does a Number given
    `options` (values it may take from the slider, e.g. prefixes of long data in strides). `label` and `step`
    replace the declared ones where the page words or scales them per state; `dim` names containers
    (by key) whose content the family does not carry: they are faded while the control is held.
    `handle` ({"chart": key, "axis": "x" or "y"}): the thing itself can be dragged too: a press on that
    chart within a few pixels of the current value along that axis (e.g. /mvn's observed-x₂ line) moves
    the slider."""
    following = controls.following()
    if not internals.is_on(internals.LIVE_REDRAW):
        family = None       # the browser code's page assumptions are untested here: commit on release only
    if callable(family) and not following:
        family = family()
    family = family or Family((), {}, {})
    component_key = f"live-{param.key}"
    if isinstance(param, Choice):
        low, high, default = min(param.options), max(param.options), param.default
        choices: dict = {"options": list(param.options)}
    else:
        low, high = param.bounds(state)
        default, choices = param.default_in(state), ({"options": list(options)} if options else {})
        step = step or param.step or (high - low) / 100
    decimals = _decimals(param, step, low)
    header = {"key": param.key, "label": label or _(param.label), "hint": _(hint), "min": low, "max": high,
              "step": step, "decimals": decimals, "value": value, "shown": _shown(param, decimals, value),
              "dim": list(dim), "no_preview": _(NO_PREVIEW)} | choices | ({"handle": handle} if handle else {})
    if following:
        controls.show_followed(where, header["label"], header["shown"])
        return
    # Sent as bytes: the header's JSON, a NUL, and the family as encoded and compressed once per family
    # (viz.live.Family.wire), not on every rerun as a dict would be.
    payload = json.dumps(header, separators=(",", ":")).encode() + b"\0" + family.wire
    with where:
        _component(data=payload, key=component_key,
                   on_value_change=lambda: _commit(param.key, component_key, default, header["decimals"] + 2))
