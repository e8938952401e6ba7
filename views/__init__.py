"""What each page computes per rerun, cached: one module per page, each function returning a
frozen dataclass (or a core result) built from core and viz.

Decorated once, at import (Streamlit's cache decorators hash a function's source when they wrap
it, so decorating inside a page script would redo that on every rerun). Every cache is bounded
twice: by max_entries (memory) and by CACHE_TTL, so a finished lecture's entries do not stay in a
long-running server. Figures are cached as live objects (cache_resource) with the wire form each
computes on first use (viz.theme.precomputed); nothing mutates them.
"""

import functools
from typing import Callable, TypeVar

import i18n

CACHE_TTL = "2h"

Cached = TypeVar("Cached", bound=Callable)


def per_language(cached: Cached) -> Cached:
    """A cached view whose result holds words (figure titles, sentences, panel labels), keyed by the
    reader's language too: the decorated function declares a last parameter `lang`, which this fills
    in. Stacked above the st.cache_* decorator, so the language is part of the cache key:

        @per_language
        @st.cache_resource(ttl=CACHE_TTL, max_entries=128, show_spinner=False)
        def beta_view(a: float, ..., lang: str) -> BetaView: ...
    """
    @functools.wraps(cached)
    def with_language(*args, **kwargs):
        lang = i18n.language()
        with i18n.use(lang):   # the computation's words, whichever thread Streamlit runs it in
            return cached(*args, **kwargs, lang=lang)

    with_language.clear = getattr(cached, "clear", None)
    return with_language


def by_fields(*classes: type) -> dict:
    """hash_funcs for st.cache_*: hash a frozen inputs dataclass by its field values. Streamlit's
    own hashing of a dataclass goes through pickle (~0.2 ms per argument per call, measured), its
    hashing of a float ~8 µs."""
    def fields_of(value) -> tuple:
        return tuple(getattr(value, name) for name in value.__dataclass_fields__)

    return {cls: fields_of for cls in classes}


# A live control over 0, 1, …, last plays at most this many states (every step up to 200; beyond,
# even strides): /beta's flips seen, /gmm's EM iteration.
MAX_STEP_STATES = 201


def steps_to_play(last: int) -> tuple[int, ...]:
    """0 … last for a live control over steps: every one, or even strides, always ending at `last`."""
    stride = max(1, -(-last // (MAX_STEP_STATES - 1)))
    return tuple(sorted(set(range(0, last + 1, stride)) | {last}))
