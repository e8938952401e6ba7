"""The building blocks of a page spec: typed parameter declarations, presets, and the checks that
a state (a preset, a lesson step, a link) fits them.

A spec is plain data: no Streamlit, no numpy. The page draws its controls from it
(`ui.controls.control`), the URL binding validates against it, the docstring table of URL keys is
generated from it (`PageSpec.url_table`), and the tests check presets, lessons and hostile links
against it. Core keeps its own validation (it is a library); a test checks that every range
declared here lies inside the one core accepts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

SEED_MAX = 2**32 - 1


def decimals_of(value: float) -> int:
    """The decimals a number needs to be written exactly (at most 6)."""
    return next((places for places in range(7) if round(value, places) == value), 6)


@dataclass(frozen=True)
class Number:
    """A number on a slider or in a box. Whole numbers when low, high and default are all ints.

    `bounds_for` / `default_for` give a range or default that depends on the rest of the state
    (e.g. /fisher's θ, whose range is the chosen model's); `low`/`high` are then the widest range
    over every case, which is what a link is first checked against.
    """

    key: str
    label: str
    low: float
    high: float
    default: float
    step: float | None = None
    help: str | None = None
    widget: str = "slider"            # "slider", "number", or "live" (ui/live.py: follows while dragged)
    format: str | None = None
    tab: str | None = None            # the tab that uses it; None: the whole page
    used_when: str | None = None      # when the page uses it, for the URL table ("dist=bernoulli")
    bounds_for: Callable[[Mapping[str, Any]], tuple[float, float]] | None = None
    default_for: Callable[[Mapping[str, Any]], float] | None = None

    @property
    def integer(self) -> bool:
        return all(isinstance(v, int) and not isinstance(v, bool) for v in (self.low, self.high, self.default))

    def bounds(self, state: Mapping[str, Any] | None = None) -> tuple[float, float]:
        if self.bounds_for is not None and state is not None:
            return self.bounds_for(state)
        return self.low, self.high

    def default_in(self, state: Mapping[str, Any] | None = None) -> float:
        if self.default_for is not None and state is not None:
            return self.default_for(state)
        return self.default

    def grid(self, inset: int = 0) -> tuple[float, ...]:
        """The slider's positions over the declared range, low + k·step, written with the decimals the step and
        low need (a live control's family is computed at these: ui/live.py); `inset` positions are left out
        at each end (/mvn's ρ, singular at ±1)."""
        if not self.step:
            raise ValueError(f"{self.key}: a grid needs a step")
        decimals = max(decimals_of(self.step), decimals_of(self.low))
        count = round((self.high - self.low) / self.step)
        return tuple(round(self.low + k * self.step, decimals) for k in range(inset, count - inset + 1))

    def problem(self, value: Any, state: Mapping[str, Any] | None = None) -> str | None:
        """Why `value` cannot be this parameter's value (None when it can)."""
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return f"{self.key} must be a number; got {value!r}"
        low, high = self.bounds(state)
        if not low <= value <= high:
            return f"{self.key} must be between {low:g} and {high:g}; got {value!r}"
        if self.integer and float(value) != int(value):
            return f"{self.key} must be a whole number; got {value!r}"
        return None

    def describe(self) -> str:
        widest = f"{_number(self.low)} to {_number(self.high)}"
        return f"depends on the rest of the state (at most {widest})" if self.bounds_for else widest


@dataclass(frozen=True)
class Choice:
    """One of a fixed list of short, stable URL names (drop-down, radio buttons or a slider over
    the list, e.g. a log-like scale of sample sizes)."""

    key: str
    label: str
    options: tuple[Any, ...]
    default: Any
    help: str | None = None
    widget: str = "select"            # "select", "radio", "slider", or "live" (a slider over the options, ui/live.py)
    tab: str | None = None
    used_when: str | None = None
    # What a terse URL name means, in English, shown beside it (translated where it is drawn): a choice shows
    # its URL name because Streamlit writes a displayed label into the link (ui/controls.py).
    meanings: Mapping[Any, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.default not in self.options:
            raise ValueError(f"{self.key}: default {self.default!r} is not one of its options")
        if set(self.meanings) - set(self.options):
            unknown = set(self.meanings) - set(self.options)
            raise ValueError(f"{self.key}: meanings for options it does not have: {unknown}")

    def problem(self, value: Any, state: Mapping[str, Any] | None = None) -> str | None:
        if value not in self.options or isinstance(value, bool) != isinstance(self.default, bool):
            return f"{self.key} must be one of {', '.join(map(str, self.options))}; got {value!r}"
        return None

    def describe(self) -> str:
        return ", ".join(map(str, self.options))


@dataclass(frozen=True)
class Text:
    key: str
    label: str
    default: str
    max_chars: int
    help: str | None = None
    placeholder: str | None = None
    tab: str | None = None
    used_when: str | None = None
    # A default written for a reader of another language (/sampling's prompt), by language code. The link names
    # its language whenever it is not English (ui/language.py), so a link without this key still reproduces the
    # view; a classroom view always carries the value (ui.classroom), as students may read another language.
    defaults_by_language: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for lang, text in self.defaults_by_language.items():
            if len(text) > self.max_chars:
                raise ValueError(f"{self.key}: the {lang} default is longer than {self.max_chars} characters")

    def default_in_language(self, lang: str) -> str:
        return self.defaults_by_language.get(lang, self.default)

    def problem(self, value: Any, state: Mapping[str, Any] | None = None) -> str | None:
        if not isinstance(value, str) or len(value) > self.max_chars:
            return f"{self.key} must be text of at most {self.max_chars} characters; got {value!r:.60}"
        return None

    def describe(self) -> str:
        return f"text, at most {self.max_chars} characters"


Param = Number | Choice | Text


def seed_param(default: int = 42) -> Number:
    """The seed every page with random draws has; in the URL as `seed`."""
    return Number("seed", "Random seed", 0, SEED_MAX, default, step=1, widget="number",
                  help="The same seed gives the same random draws on every machine: it is part of the "
                       "link, so a shared view is reproduced exactly.")


@dataclass(frozen=True)
class PageSpec:
    """One concept page: where it lives, what it asks, and every value its link can carry."""

    stem: str                          # the URL path and concepts/<stem>/; never changes
    title: str                         # the navigation label
    icon: str
    question: str                      # the one question the page answers
    params: tuple[Param, ...]
    presets: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    tabs: tuple[str, ...] = ()         # URL key "tab"; the first is the default
    presets_by_tab: Mapping[str, Mapping[str, Mapping[str, Any]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        keys = [param.key for param in self.params]
        if len(keys) != len(set(keys)) or "tab" in keys:
            raise ValueError(f"{self.stem}: parameter keys must be unique and not 'tab'")
        # A misspelt preset key would otherwise silently show defaults in a classroom: fail at import.
        for name, state in self.all_presets().items():
            problems = self.state_problems(state)
            if problems:
                raise ValueError(f"{self.stem} preset {name!r}: {'; '.join(problems)}")

    def param(self, key: str) -> Param:
        for param in self.params:
            if param.key == key:
                return param
        raise KeyError(f"{self.stem} has no parameter {key!r}")

    def defaults(self) -> dict[str, Any]:
        """Every parameter's declared default, by key (the page's state when its link names nothing, in English)."""
        return {param.key: param.default for param in self.params}

    def language_defaults(self, lang: str) -> dict[str, str]:
        """The defaults of the parameters whose default depends on the reader's language, in `lang`."""
        return {param.key: param.default_in_language(lang) for param in self.params
                if getattr(param, "defaults_by_language", None)}

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(param.key for param in self.params) + (("tab",) if self.tabs else ())

    def all_presets(self) -> dict[str, Mapping[str, Any]]:
        """Every preset of the page, the tabs' included, by name."""
        named = dict(self.presets)
        for presets in self.presets_by_tab.values():
            named.update(presets)
        return named

    def state_problems(self, state: Mapping[str, Any]) -> list[str]:
        """Everything wrong with a (partial) state: unknown keys, values out of range or not an option."""
        problems = []
        full = self.defaults() | dict(state)
        for key, value in state.items():
            if key == "tab" and self.tabs:
                if value not in self.tabs:
                    problems.append(f"tab must be one of {', '.join(self.tabs)}; got {value!r}")
                continue
            try:
                param = self.param(key)
            except KeyError:
                problems.append(f"{self.stem} has no parameter {key!r} (it has {', '.join(self.keys)})")
                continue
            problem = param.problem(value, full)
            if problem:
                problems.append(problem)
        return problems

    def value_from_url(self, key: str, raw: str) -> Any:
        """A link's text for `key` as the typed value its control holds (8 -> int, "0.5" -> float, an
        option by its URL name, "true" -> True); None when the page has no such key or the text is not a
        value of it (range checks stay with the controls, which report them)."""
        if key == "tab":
            return raw if raw in self.tabs else None
        try:
            param = self.param(key)
        except KeyError:
            return None
        if isinstance(param, Number):
            try:
                number = float(raw)
            except ValueError:
                return None
            if param.integer:
                return int(number) if number.is_integer() else None
            return number
        if isinstance(param, Choice):
            named = {("true" if o else "false") if isinstance(o, bool) else str(o): o for o in param.options}
            return named.get(raw)
        return raw

    def url_table(self) -> str:
        """The docstring's table of URL keys, generated from the parameters."""
        rows = []
        if self.tabs:
            rows.append(("tab", f"{' or '.join(self.tabs)} (default {self.tabs[0]})"))
        for param in self.params:
            where = f" [{param.tab} tab]" if param.tab else ""
            note = f"; {param.used_when}" if param.used_when else ""
            rows.append((param.key, f"{param.label}: {param.describe()}{where}{note}"))
        width = max(len(key) for key, _ in rows)
        return "\n".join(f"    {key.ljust(width)}  {text}" for key, text in rows)


def _number(value: float) -> str:
    if isinstance(value, int):
        return f"{value:,}".replace(",", "_") if abs(value) >= 10**6 else str(value)
    return f"{value:g}"
