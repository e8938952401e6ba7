"""URL-bound controls, presets, seeds and formula panels: the page contract in reusable pieces.

Every control is bound to a query parameter (`bind="query-params"`, key = URL name), so the
address bar always reproduces the view. Streamlit silently drops a URL value a widget cannot
take (out of range, not a number, not an option); these wrappers check the raw value first and
record a notice, which `show_url_notices` renders, so a hand-edited or outdated link says what
it ignored instead of changing the view without a word.

What a link does not say, a control's default says. Streamlit keeps a value out of the URL when it
equals its widget's default, so a link reproduces a view only if every fresh load computes the same
defaults. Two rules keep that true:
- While a lesson step is open on its page (`lesson=…&step=…` in the URL), that step's state *is* the
  default of the controls it names (`set_step_defaults`). A preset that puts a value back to the
  page's plain default then differs from the control's default and is written to the link; a bare
  lesson link reproduces the step.
- State set by code (presets, lesson steps, the "+1 head" buttons) goes through `apply_state`,
  which also writes the URL for a control that is not on screen yet (Streamlit writes the URL only
  for a widget that existed before the change, so a preset that makes a control appear, like
  /clt's Bernoulli p, would otherwise leave its value out of the link).
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass
from typing import Any, Mapping, Sequence

import streamlit as st
from streamlit.errors import StreamlitAPIException

from explain import Panel
import i18n
from i18n import _
from specs.base import Choice, Number, Param, seed_param
from ui.layout import metric_slots, page_header
from ui.literal import code_literal
from ui.share import presenting

_NOTICES_KEY = "_url_notices"


@dataclass(frozen=True)
class UrlNotice:
    key: str
    raw: str
    rule: str

    def __str__(self) -> str:
        return f"{code_literal(self.key + '=' + self.raw, limit=len(self.key) + 41)}: {self.rule}"


BOUND_KEYS = "_bound_keys"
_STEP_DEFAULTS_KEY = "_step_defaults"
# Set for each run by the classroom (ui/room_panel.py): this session follows a teacher.
FOLLOWING = "_following_teacher"


def following() -> bool:
    """Whether this session follows a teacher: its controls then show the teacher's values as text.

    A following student's view is the teacher's; a control the student moved would snap back at once,
    so it is shown read-only ("Explore on my own" brings the widgets back, at the same values). It saves
    the widgets' work in each student's run, but not the elements a run sends (bench/RESULTS.md, load-room)."""
    return bool(st.session_state.get(FOLLOWING))


def _followed_value(key: str, default: Any, parse: Any) -> Any:
    """A followed control's value: what the move to the teacher's view set (ui.classroom.move_to), else
    the link's, else the default; `parse` turns a URL value into the control's (None: unusable)."""
    for raw in (url_text(st.session_state[key]) if key in st.session_state else None, _raw_url_value(key)):
        value = None if raw is None else parse(raw)
        if value is not None:
            st.session_state[key] = value   # so that "Explore on my own" draws the widget at this value
            return value
    return default


def show_followed(where: Any, label: str, shown: str) -> None:
    where.markdown(f"<div class='followed-control'><span>{html.escape(label)}</span>"
                   f"<strong>{html.escape(shown)}</strong></div>", unsafe_allow_html=True)


def _number_parser(low: float, high: float, integer: bool):
    def parse(raw: str) -> float | None:
        try:
            number = float(raw)
        except ValueError:
            return None
        if not (math.isfinite(number) and low <= number <= high) or (integer and number != int(number)):
            return None
        return int(number) if integer else number
    return parse


def _option_parser(options: Sequence[Any]):
    by_text = {url_text(option): option for option in options}
    return by_text.get


def _shown_number(value: float, format: str | None, integer: bool) -> str:
    """As the widget would show it: its format, else Streamlit's default (%d, or two decimals)."""
    try:
        return (format or ("%d" if integer else "%0.2f")) % value
    except (TypeError, ValueError):
        return str(value)


def _shown_option(option: Any) -> str:
    caption = i18n.option_caption(str(option))
    return f"{option} ({caption})" if caption else str(option)


def _followed_number(where: Any, label: str, key: str, low: float, high: float, value: float, integer: bool,
                     format: str | None) -> Any:
    value = _followed_value(key, value, _number_parser(low, high, integer))
    show_followed(where, label, _shown_number(value, format, integer))
    return value


def _followed_option(where: Any, label: str, key: str, options: Sequence[Any], value: Any) -> Any:
    value = _followed_value(key, value, _option_parser(options))
    show_followed(where, label, _shown_option(value))
    return value


def set_step_defaults(state: Mapping[str, Any] | None) -> None:
    """Make a lesson step's state the defaults of its page's controls for this run (None: none).

    Called once per run, before the page's controls, by the lesson bar."""
    st.session_state[_STEP_DEFAULTS_KEY] = dict(state or {})


def _default(key: str, value: Any, options: Sequence[Any] | None = None,
             bounds: tuple[float, float] | None = None) -> Any:
    """The default a control shows when the URL does not name it: the open lesson step's value for
    `key` (converted to the control's own type) where it has a usable one, else the page's default."""
    step_value = st.session_state.get(_STEP_DEFAULTS_KEY, {}).get(key)
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


def url_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def apply_state(values: Mapping[str, Any]) -> None:
    """Set controls from code (a preset, a lesson step, a button) so that the link follows.

    Each value goes into session state, which the control's widget takes on the next run. A control
    that is on screen writes its own URL value; one that is not (it appears only once another
    value changes, or lives on another page) is written to the URL here, since Streamlit would
    not write it when the widget first appears with a value set by code."""
    for key, value in values.items():
        st.session_state[key] = value
        try:
            st.query_params[key] = url_text(value)
        except StreamlitAPIException:
            continue  # bound to a widget on screen: the widget writes the URL itself
        # A widget that first appears seeds itself from the page's *first* URL before looking at
        # session state: forget that stale value, or it would override the one just set.
        _forget_initial_url_value(key, keep_current=True)


def _raw_url_value(key: str) -> str | None:
    # Every bound control passes through here: remember its key, so a lesson step can reset all
    # controls to their defaults before applying its own state.
    st.session_state.setdefault(BOUND_KEYS, set()).add(key)
    values = st.query_params.get_all(key)
    return values[-1] if values else None


def _record(key: str, raw: str, rule: str) -> None:
    """Note an unusable URL value and drop it before its widget sees it.

    Streamlit drops most bad values itself, but some crash it: "inf" for an integer
    number_input raises OverflowError inside its query-parameter binding (Streamlit 1.67).
    Removing the value first is safe; once the widget is bound, Streamlit owns the key.
    """
    st.session_state.setdefault(_NOTICES_KEY, []).append(UrlNotice(key, raw, rule))
    _forget_initial_url_value(key)


def _forget_initial_url_value(key: str, keep_current: bool = False) -> None:
    """Remove a value from the URL values a widget is seeded from on first load (and, unless
    `keep_current`, from the URL itself).

    Workaround for a Streamlit 1.67 crash (OverflowError in the binding of an integer
    number_input to "inf"), and for a stale first-load value outranking one set by code. It uses
    Streamlit internals, so any failure leaves things as they were.
    """
    try:
        from streamlit.runtime.state.session_state_proxy import get_session_state

        with get_session_state().query_params() as params:
            params._initial_query_params.pop(key, None)
            if key in params and not keep_current:
                del params[key]
    except Exception:  # noqa: BLE001 - internals moved: Streamlit's own handling stands
        pass


def _bound(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:g}"


def _check_number(key: str, low_value: float, high_value: float, integer: bool) -> None:
    raw = _raw_url_value(key)
    if raw is None:
        return
    if _number_parser(float(low_value), float(high_value), integer)(raw) is None:
        rule = (_("must be a whole number between {low} and {high}") if integer else
                _("must be a number between {low} and {high}")).format(low=_bound(low_value), high=_bound(high_value))
        _record(key, raw, rule)


def _check_option(key: str, options: Sequence[Any]) -> None:
    raw = _raw_url_value(key)
    if raw is not None and raw not in [str(option) for option in options]:
        listed = ", ".join(str(option) for option in options)
        _record(key, raw, _("must be one of {options}").format(options=listed))


# The same rules for controls that are not Streamlit widgets (ui.live's sliders).
step_default, check_number, check_option, raw_url_value = _default, _check_number, _check_option, _raw_url_value


def begin_url_checks() -> None:
    """Start a run's list of ignored URL values (call once per page, before any control)."""
    st.session_state[_NOTICES_KEY] = []


def start_page(title: str, question: str) -> Any:
    """Header, a slot for link notices (filled by show_url_notices once the controls have run),
    and a fresh list of ignored URL values. Every page starts with this."""
    page_header(title, question)
    notice_area = st.container()
    begin_url_checks()
    return notice_area


def show_url_notices(where: Any = st) -> None:
    """Say which values from the link were ignored, and that defaults stand in for them."""
    notices = st.session_state.get(_NOTICES_KEY, [])
    if notices:
        lines = "\n".join(f"- {notice}" for notice in notices)
        where.warning(_("Some values in this link could not be used, so their defaults are shown:") + f"\n{lines}",
                      icon=":material/link_off:")


def slider(label: str, key: str, min_value: float, max_value: float, value: float, *, step: float | None = None,
           help: str | None = None, format: str | None = None, where: Any = st) -> Any:
    """A URL-bound slider (int when all bounds are ints)."""
    integer = all(isinstance(v, int) for v in (min_value, max_value, value))
    value = _default(key, value, bounds=(min_value, max_value))
    _check_number(key, min_value, max_value, integer)
    if following():
        return _followed_number(where, label, key, min_value, max_value, value, integer, format)
    return where.slider(label, min_value, max_value, value, step=step, key=key, help=help, format=format,
                        bind="query-params")


def select_slider(label: str, key: str, options: Sequence[Any], value: Any, *, help: str | None = None,
                  where: Any = st) -> Any:
    """A URL-bound slider over a fixed list (e.g. a log-like scale of sample sizes)."""
    value = _default(key, value, options)
    _check_option(key, options)
    if following():
        return _followed_option(where, label, key, options, value)
    return where.select_slider(label, options=list(options), value=value, key=key, help=help,
                               bind="query-params")


# No format_func on bound choice widgets, on purpose: Streamlit writes the *formatted* label into
# the URL, so a display label would become part of every shared link and break it when reworded.
# The options themselves are the short, stable URL names.


def selectbox(label: str, key: str, options: Sequence[str], value: str, *, help: str | None = None,
              on_change: Any = None, where: Any = st) -> str:
    """A URL-bound drop-down; the URL holds the option itself (a short stable name)."""
    value = _default(key, value, options)
    _check_option(key, options)
    if following():
        return _followed_option(where, label, key, options, value)
    return where.selectbox(label, list(options), index=list(options).index(value), key=key, help=help,
                           on_change=on_change, bind="query-params")


def radio(label: str, key: str, options: Sequence[str], value: str, *, help: str | None = None,
          horizontal: bool = True, where: Any = st) -> str:
    """URL-bound radio buttons for a handful of named choices."""
    value = _default(key, value, options)
    _check_option(key, options)
    if following():
        return _followed_option(where, label, key, options, value)
    captions = [i18n.option_caption(str(option)) for option in options]
    return where.radio(label, list(options), index=list(options).index(value), key=key, help=help,
                       horizontal=horizontal, bind="query-params", captions=captions if any(captions) else None)


def number_input(label: str, key: str, min_value: float, max_value: float, value: float, *,
                 step: float | None = None, help: str | None = None, format: str | None = None,
                 where: Any = st) -> Any:
    integer = all(isinstance(v, int) for v in (min_value, max_value, value))
    value = _default(key, value, bounds=(min_value, max_value))
    _check_number(key, min_value, max_value, integer)
    if following():
        return _followed_number(where, label, key, min_value, max_value, value, integer, format)
    return where.number_input(label, min_value=min_value, max_value=max_value, value=value, step=step,
                              key=key, help=help, format=format, bind="query-params")


def text_input(label: str, key: str, value: str, *, max_chars: int, help: str | None = None,
               placeholder: str | None = None, where: Any = st) -> str:
    """A URL-bound text box; a linked value longer than max_chars is ignored with a notice."""
    value = _default(key, value)
    raw = _raw_url_value(key)
    if raw is not None and len(raw) > max_chars:
        _record(key, raw, _("must be at most {limit} characters (got {length:,})").format(limit=max_chars,
                                                                                       length=len(raw)))
    if following():
        value = _followed_value(key, value, lambda text: text if len(text) <= max_chars else None)
        show_followed(where, label, value or "—")
        return value
    return where.text_input(label, value=value, max_chars=max_chars, key=key, help=help, placeholder=placeholder,
                            bind="query-params")


def tabs(names: Sequence[str], key: str = "tab") -> Sequence[Any]:
    """Tabs shown in the reader's language; the link holds the open tab's English name (its URL name), so
    a link opens the same tab in either language. Check `.open` to compute only the visible tab.

    Bound to the link by hand, not with bind="query-params": Streamlit 1.67 writes a bound tab's
    displayed label into the link (st.tabs has no format_func), which would put Japanese in links and
    break them across languages. The link is the truth, as for a bound widget: `tab` in the link (set
    by a click, a preset, a lesson step, a classroom move) else the default; session state `key`
    holds the same name for code that reads a view's state (the classroom's teacher_view)."""
    names = list(names)
    default = _default(key, names[0], names)
    _check_option(key, names)   # an unusable name is noted and dropped from the link
    linked = _raw_url_value(key)
    chosen = linked if linked in names else default
    shown = [i18n.tab_label(name) for name in names]
    shown_key = f"_shown_{key}"
    st.session_state[key] = chosen
    st.session_state[shown_key] = shown[names.index(chosen)]
    return st.tabs(shown, default=shown[names.index(default)], key=shown_key, on_change=_tab_switched,
                   args=(key, shown_key, dict(zip(shown, names)), default))


def _tab_switched(key: str, shown_key: str, name_of: Mapping[str, str], default: str) -> None:
    """A reader opened another tab: its URL name into session state and the link (left out when it is the
    default, as a bound widget does)."""
    name = name_of.get(st.session_state.get(shown_key), default)
    st.session_state[key] = name
    if name == default:
        st.query_params.pop(key, None)
    else:
        st.query_params[key] = name


def checkbox(label: str, key: str, value: bool, *, help: str | None = None, where: Any = st) -> bool:
    value = _default(key, value)
    _check_option(key, ["true", "false", "True", "False"])
    if following():
        value = _followed_value(key, value, {"true": True, "false": False, "True": True, "False": False}.get)
        show_followed(where, label, _("yes") if value else _("no"))
        return value
    return where.checkbox(label, value=value, key=key, help=help, bind="query-params")


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
        draw = {"select": selectbox, "radio": radio, "slider": select_slider}[param.widget]
        return draw(label, param.key, param.options, param.default, help=help_text, where=where,
                    **({"on_change": overrides["on_change"]} if "on_change" in overrides else {}))
    return text_input(label, param.key, param.default, max_chars=param.max_chars, help=help_text,
                      placeholder=param.placeholder, where=where)


def seed_input(where: Any = st) -> int:
    """The seed control every page with random draws has; in the URL as `seed`."""
    return control(seed_param(), where=where)


def preset_buttons(presets: dict[str, dict[str, Any]], *, where: Any = st, key_prefix: str = "preset") -> None:
    """One button per named state; a click sets every listed control (and so the URL, apply_state). None for
    a student following a teacher: the teacher's view is theirs."""
    if following():
        return
    where.markdown("**{}**".format(_("Presets")))
    for index, (name, values) in enumerate(presets.items()):
        where.button(_(name), key=f"{key_prefix}-{index}", on_click=apply_state, args=(values,),
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
