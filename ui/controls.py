"""URL-bound controls drawn from specs, presets and formula panels: the page contract in reusable pieces.

Every control is bound to a query parameter (`bind="query-params"`, key = URL name), so the address bar
always reproduces the view. Streamlit silently drops a URL value a widget cannot take (out of range, not a
number, not an option); every control here checks the raw value first and keeps a notice, which
`show_url_notices` renders, so a hand-edited or outdated link says what it ignored instead of changing the view
without a word.

All seven kinds of control go through one pipeline (`_bound_control`): the default (the open lesson step's value where
it names one), the link's value checked, then either the widget or, for a student following a teacher, the
value as text. What the controls read and change of a page's state (the link, the lesson step, following, a
preset) belongs to ui/page_state.py, the one owner of it; this module asks it.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass
from typing import Any, Callable, Mapping, Sequence

import streamlit as st

from explain import Panel
import i18n
from i18n import _
from specs.base import Choice, Number, Param, seed_param
from ui import page_state
from ui.layout import metric_slots, page_header
from ui.literal import code_literal
from ui.share import presenting

url_text = page_state.url_text
following = page_state.following


@dataclass(frozen=True)
class UrlNotice:
    key: str
    raw: str
    rule: str

    def __str__(self) -> str:
        return f"{code_literal(self.key + '=' + self.raw, limit=len(self.key) + 41)}: {self.rule}"


def show_followed(where: Any, label: str, shown: str) -> None:
    """A control a student following the teacher sees: its label, then the teacher's value, as text. Drawn by
    st.html (escaped here): markdown with HTML in it would make every student's browser load Streamlit's raw-HTML
    reader (rehype-raw, 57 kB compressed) for these lines alone."""
    where.html(f"<div class='followed-control'><span>{html.escape(label)}</span>"
               f"<strong>{html.escape(shown)}</strong></div>")


# --- parsing a link's value, as each kind of control would take it ------------------------------------------


Parse = Callable[[str], Any]


def _number_parser(low: float, high: float, integer: bool) -> Parse:
    def parse(raw: str) -> float | None:
        try:
            number = float(raw)
        except ValueError:
            return None
        if not (math.isfinite(number) and low <= number <= high) or (integer and number != int(number)):
            return None
        return int(number) if integer else number
    return parse


def _option_parser(options: Sequence[Any]) -> Parse:
    by_text = {url_text(option): option for option in options} | {str(option): option for option in options}
    return by_text.get


def _bound(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:g}"


def _number_rule(low: float, high: float, integer: bool) -> str:
    return (_("must be a whole number between {low} and {high}") if integer else
            _("must be a number between {low} and {high}")).format(low=_bound(low), high=_bound(high))


def _option_rule(options: Sequence[Any]) -> str:
    return _("must be one of {options}").format(options=", ".join(str(option) for option in options))


def _shown_number(value: float, format: str | None, integer: bool) -> str:
    """As the widget would show it: its format, else Streamlit's default (%d, or two decimals)."""
    try:
        return (format or ("%d" if integer else "%0.2f")) % value
    except (TypeError, ValueError):
        return str(value)


def _meaning(meanings: Mapping[Any, str] | None, option: Any) -> str:
    """What a choice's URL name means, in the reader's language ("" where the spec declares nothing)."""
    meaning = (meanings or {}).get(option, "")
    return _(meaning) if meaning else ""


def _option_shower(meanings: Mapping[Any, str] | None) -> Callable[[Any], str]:
    """How a follower sees a teacher's choice: its URL name and what it means."""
    def shown(option: Any) -> str:
        meaning = _meaning(meanings, option)
        return f"{option} ({meaning})" if meaning else str(option)
    return shown


# --- defaults: the open lesson step's, else the page's --------------------------------------------------------


def step_default(key: str, value: Any, options: Sequence[Any] | None = None,
                 bounds: tuple[float, float] | None = None) -> Any:
    """The default a control shows when the link does not name it: the open lesson step's value for `key`
    (converted to the control's own type) where it has a usable one, else the page's default."""
    step_value = page_state.step_value(key)
    if step_value is None:
        return value
    if options is not None:
        return step_value if step_value in list(options) else value
    if isinstance(value, bool):
        return step_value if isinstance(step_value, bool) else value
    if isinstance(value, (int, float)):
        if isinstance(step_value, bool) or not isinstance(step_value, (int, float)):
            return value
        if isinstance(value, int) and float(step_value) != int(step_value):
            return value
        converted = type(value)(step_value)
        if bounds is not None and not bounds[0] <= converted <= bounds[1]:
            return value
        return converted
    return step_value if isinstance(step_value, type(value)) else value


# --- the one pipeline every control goes through --------------------------------------------------------------


def checked_link_value(key: str, parse: Parse, rule: str) -> str | None:
    """The link's value for `key`; an unusable one is noted (with `rule`) and dropped before a widget sees it."""
    raw = page_state.linked(key)
    if raw is not None and parse(raw) is None:
        page_state.note_unusable(UrlNotice(key, raw, rule), key)
    return raw


def followed_value(key: str, default: Any, parse: Parse) -> Any:
    """A followed control's value: what the move to the teacher's view set (ui.classroom.move_to), else the
    link's, else the default. Held, so that "Explore on my own" draws the widget at this value."""
    held = page_state.held(key)
    for raw in (url_text(held) if held is not None else None, page_state.linked(key)):
        value = None if raw is None else parse(raw)
        if value is not None:
            page_state.hold(key, value)
            return value
    return default


def resting_value(key: str, default: Any, parse: Parse) -> Any:
    """A control's value while its panel is closed: the link's (checked already), else its default, as its widget
    would take on a fresh load."""
    raw = page_state.linked(key)
    value = None if raw is None else parse(raw)
    return default if value is None else value


def _bound_control(where: Any, label: str, key: str, default: Any, parse: Parse, rule: str,
                   shown: Callable[[Any], str], draw: Callable[[Any], Any]) -> Any:
    """Check the link's value, then draw the widget at `default` (the link's value wins inside Streamlit's
    binding); for a student following a teacher, show the teacher's value as text: a control the student
    moved would snap back at once ("Explore on my own" brings the widgets back, at the same values); in a closed
    panel, draw nothing and take the link's value (ui.page_state.rest)."""
    checked_link_value(key, parse, rule)
    if following():
        value = followed_value(key, default, parse)
        show_followed(where, label, shown(value))
        return value
    if page_state.resting():
        value = resting_value(key, default, parse)
        if page_state.rest(key, value):
            return value
    return draw(default)


def drawn_as_widget() -> bool:
    """Whether the controls drawn now are widgets (not a follower's text, nor resting in a closed panel)."""
    return not (following() or page_state.resting())


def _number_control(draw_widget: Callable[..., Any], label: str, key: str, min_value: float, max_value: float,
                    value: float, format: str | None, where: Any, **widget: Any) -> Any:
    integer = all(isinstance(v, int) for v in (min_value, max_value, value))
    default = step_default(key, value, bounds=(min_value, max_value))
    return _bound_control(where, label, key, default, _number_parser(min_value, max_value, integer),
                          _number_rule(min_value, max_value, integer),
                          lambda number: _shown_number(number, format, integer),
                          lambda start: draw_widget(label, min_value=min_value, max_value=max_value, value=start,
                                                    key=key, format=format, bind="query-params", **widget))


def _choice_control(draw_widget: Callable[..., Any], label: str, key: str, options: Sequence[Any], value: Any,
                    where: Any, meanings: Mapping[Any, str] | None = None, **widget: Any) -> Any:
    default = step_default(key, value, options)
    return _bound_control(where, label, key, default, _option_parser(options), _option_rule(options),
                          _option_shower(meanings), lambda start: draw_widget(label, list(options), start, **widget,
                                                                              key=key, bind="query-params"))


def slider(label: str, key: str, min_value: float, max_value: float, value: float, *, step: float | None = None,
           help: str | None = None, format: str | None = None, where: Any = st) -> Any:
    """A URL-bound slider (int when all bounds are ints)."""
    return _number_control(where.slider, label, key, min_value, max_value, value, format, where, step=step,
                           help=help)


def number_input(label: str, key: str, min_value: float, max_value: float, value: float, *,
                 step: float | None = None, help: str | None = None, format: str | None = None,
                 where: Any = st) -> Any:
    return _number_control(where.number_input, label, key, min_value, max_value, value, format, where, step=step,
                           help=help)


# No format_func on bound choice widgets, on purpose: Streamlit writes the *formatted* label into
# the URL, so a display label would become part of every shared link and break it when reworded.
# The options themselves are the short, stable URL names.


def select_slider(label: str, key: str, options: Sequence[Any], value: Any, *, help: str | None = None,
                  where: Any = st) -> Any:
    """A URL-bound slider over a fixed list (e.g. a log-like scale of sample sizes)."""
    def draw(label: str, options: list, start: Any, **widget: Any) -> Any:
        return where.select_slider(label, options=options, value=start, **widget)
    return _choice_control(draw, label, key, options, value, where, help=help)


def selectbox(label: str, key: str, options: Sequence[str], value: str, *, help: str | None = None,
              on_change: Any = None, meanings: Mapping[Any, str] | None = None, where: Any = st) -> str:
    """A URL-bound drop-down; the URL holds the option itself (a short stable name)."""
    def draw(label: str, options: list, start: Any, **widget: Any) -> Any:
        return where.selectbox(label, options, index=options.index(start), **widget)
    chosen = _choice_control(draw, label, key, options, value, where, meanings, help=help, on_change=on_change)
    # The box shows URL names (see above): the chosen one's meaning is written under it.
    meaning = _meaning(meanings, chosen)
    if meaning and drawn_as_widget():
        where.caption(meaning)
    return chosen


def radio(label: str, key: str, options: Sequence[str], value: str, *, help: str | None = None,
          horizontal: bool = True, meanings: Mapping[Any, str] | None = None, where: Any = st) -> str:
    """URL-bound radio buttons for a handful of named choices, each with its meaning under it."""
    captions = [_meaning(meanings, option) for option in options]

    def draw(label: str, options: list, start: Any, **widget: Any) -> Any:
        return where.radio(label, options, index=options.index(start), horizontal=horizontal,
                           captions=captions if any(captions) else None, **widget)
    return _choice_control(draw, label, key, options, value, where, meanings, help=help)


def text_input(label: str, key: str, value: str, *, max_chars: int, help: str | None = None,
               placeholder: str | None = None, where: Any = st) -> str:
    """A URL-bound text box; a linked value longer than max_chars is ignored with a notice."""
    def parse(text: str) -> str | None:
        return text if len(text) <= max_chars else None
    raw = page_state.linked(key)
    rule = _("must be at most {limit} characters (got {length:,})").format(limit=max_chars,
                                                                        length=len(raw or ""))
    return _bound_control(where, label, key, step_default(key, value), parse, rule, lambda text: text or "—",
                          lambda start: where.text_input(label, value=start, max_chars=max_chars, key=key,
                                                         help=help, placeholder=placeholder, bind="query-params"))


def checkbox(label: str, key: str, value: bool, *, help: str | None = None, where: Any = st) -> bool:
    parse = {"true": True, "false": False, "True": True, "False": False}.get
    return _bound_control(where, label, key, step_default(key, value), parse, _option_rule(["true", "false"]),
                          lambda checked: _("yes") if checked else _("no"),
                          lambda start: where.checkbox(label, value=start, key=key, help=help,
                                                       bind="query-params"))


# The same checks for controls that are not Streamlit widgets (ui.live's sliders).


def check_number(key: str, low: float, high: float, integer: bool) -> None:
    checked_link_value(key, _number_parser(float(low), float(high), integer), _number_rule(low, high, integer))


def check_option(key: str, options: Sequence[Any]) -> None:
    checked_link_value(key, _option_parser(options), _option_rule(options))


def start_page(title: str, question: str) -> Any:
    """Header, a slot for link notices (filled by show_url_notices once the controls have run),
    and a fresh list of ignored URL values. Every page starts with this."""
    page_header(title, question)
    notice_area = st.container()
    page_state.begin_notices()
    return notice_area


def show_url_notices(where: Any = st) -> None:
    """Say which values from the link were ignored, and that defaults stand in for them."""
    notices = page_state.notices()
    if notices:
        lines = "\n".join(f"- {notice}" for notice in notices)
        where.warning(_("Some values in this link could not be used, so their defaults are shown:") + f"\n{lines}",
                      icon=":material/link_off:")


def tabs(names: Sequence[str], key: str = "tab") -> Sequence[Any]:
    """Tabs shown in the reader's language; the link holds the open tab's English name (its URL name), so
    a link opens the same tab in either language. Check `.open` to compute only the visible tab.

    Bound to the link by hand, not with bind="query-params": Streamlit 1.67 writes a bound tab's
    displayed label into the link (st.tabs has no format_func), which would put Japanese in links and
    break them across languages. The link is the truth, as for a bound widget: `tab` in the link (set
    by a click, a preset, a lesson step, a classroom move) else the default."""
    names = list(names)
    default = step_default(key, names[0], names)
    check_option(key, names)   # an unusable name is noted and dropped from the link
    linked = page_state.linked(key)
    chosen = linked if linked in names else default
    shown = [i18n.tab_label(name) for name in names]
    shown_key = f"_shown_{key}"
    page_state.settle_tab(key, chosen, shown_key, shown[names.index(chosen)])
    return st.tabs(shown, default=shown[names.index(default)], key=shown_key, on_change=page_state.tab_switched,
                   args=(key, shown_key, dict(zip(shown, names)), default))


def control(param: Param, where: Any = st, state: Mapping[str, Any] | None = None, **overrides: Any) -> Any:
    """The URL-bound control a spec parameter declares, drawn in `where`; returns its value typed
    as declared (int for whole numbers, float for other numbers, the option itself for a choice).

    `state` (the values read so far) resolves a range or default that depends on other controls;
    `overrides` replace a declared label, step or help where the page words it per state (e.g.
    /fisher's "true λ").
    """
    # Declared text is translated here; a page's own wording (an override) arrives translated.
    label = overrides.get("label", _(param.label))
    help_text = overrides.get("help", _(param.help) if param.help else None)
    if isinstance(param, Number):
        low, high = param.bounds(state)
        default = param.default_in(state)
        number = int if param.integer else float
        low, high, default = number(low), number(high), number(default)
        draw = slider if param.widget == "slider" else number_input
        value = draw(label, param.key, low, high, default, step=overrides.get("step", param.step), help=help_text,
                     format=param.format, where=where)
        return number(value)
    if isinstance(param, Choice):
        if param.widget == "slider":
            return select_slider(label, param.key, param.options, param.default, help=help_text, where=where)
        draw = {"select": selectbox, "radio": radio}[param.widget]
        return draw(label, param.key, param.options, param.default, help=help_text, where=where,
                    meanings=param.meanings,
                    **({"on_change": overrides["on_change"]} if "on_change" in overrides else {}))
    return text_input(label, param.key, param.default_in_language(i18n.language()), max_chars=param.max_chars,
                      help=help_text, placeholder=param.placeholder, where=where)


def seed_input(where: Any = st) -> int:
    """The seed control every page with random draws has; in the URL as `seed`."""
    return control(seed_param(), where=where)


def preset_buttons(presets: dict[str, dict[str, Any]], *, where: Any = st, key_prefix: str = "preset",
                   heading: bool = True) -> None:
    """One button per named state; a click sets every listed control (and so the link: ui.page_state.apply). None for
    a student following a teacher: the teacher's view is theirs. `heading`: a bold "Presets" above them (not in
    the toolbar's Presets panel, whose button says it)."""
    if following():
        return
    if heading:
        where.markdown("**{}**".format(_("Presets")))
    for index, (name, values) in enumerate(presets.items()):
        where.button(_(name), key=f"{key_prefix}-{index}", on_click=page_state.apply, args=(values,),
                     width="stretch")


def latex_lines(formula: str | Sequence[str]) -> str:
    """One LaTeX string from one formula or several lines (stacked, centred)."""
    if isinstance(formula, str):
        return formula
    return r"\begin{gathered}" + r" \\ ".join(formula) + r"\end{gathered}"


def show_panel(where: Any, panel: Panel) -> None:
    """One metric panel (explain.Panel): the number, and its formula where it has one."""
    if panel.formula is None:
        where.metric(panel.label, panel.value, help=panel.help)
        return
    formula = panel.formula if isinstance(panel.formula, str) else list(panel.formula)
    metric_with_formula(where, panel.label, panel.value, formula, panel.explanation, help=panel.help, note=panel.note)


def show_panels(panels: Sequence[Panel], per_row: int = 4) -> None:
    """Metric panels in rows of `per_row`, in order."""
    for slot, panel in zip(metric_slots(len(panels), per_row=per_row), panels):
        show_panel(slot, panel)


def metric_with_formula(where: Any, label: str, value: str, formula: str | Sequence[str], explanation: str = "",
                        help: str | None = None, note: str | None = None) -> None:
    """A key number and, under it, how it is computed: the formula with current values substituted.

    `formula` is one LaTeX string or a list of lines (long formulas with numbers substituted are
    split so they stay readable on a projector). `note` is a short grey line under the number (an
    error bar, a unit) that carries no arrow.
    """
    where.metric(label, value, delta=note, delta_color="off", delta_arrow="off", help=help)
    # A popover, not an expander: it floats above the layout at the formula's own width, so a long
    # formula with its numbers substituted is never clipped by a narrow metric column.
    with where.popover(_("Formula") if presenting() else _("How is this computed?"), icon=":material/functions:"):
        st.latex(latex_lines(formula))
        if explanation:
            st.caption(explanation)
