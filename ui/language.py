"""The reader's language in the app: chosen by `lang=en|ja` in the link, by the sidebar switch, or on
a first visit by the browser's preferred language; kept for the session.

A link that names no language opens in the reader's browser language, so the language is written
into the link whenever it is not the source language (English) or the reader chose it: a view shared
from a Japanese screen opens in Japanese. The share panel's link always names it. In a classroom the
language is the reader's own (not followed; classroom.rooms.NOT_FOLLOWED): the room's link carries
the teacher's, so a class arrives in the teacher's language and anyone may switch.

Not a URL-bound widget: a bound choice would write its display name ("日本語") into the link.
"""

from __future__ import annotations

import functools

import streamlit as st

import i18n
from i18n import LANGUAGE_NAMES, LANGUAGES, SOURCE_LANGUAGE
from ui import internals, page_state

LANG_KEY = "lang"
_SESSION_KEY = "_lang"
_SWITCH_KEY = "_lang_switch"


def _session_language() -> str | None:
    # Outside a session's script thread (the start-up warm-up, a test) there is no session to ask, and
    # touching st.session_state there only logs warnings.
    if not internals.in_script_run():
        return None
    return st.session_state.get(_SESSION_KEY)


# Every `i18n._()` in a script run (the page, a fragment, a cached computation) reads the session's.
i18n.set_session_language(_session_language)


def settle_language() -> str:
    """Once per run, before anything is drawn: the language from the link, else the session's, else
    the browser's; remembered for the session and written into the link."""
    linked = i18n.normalise(st.query_params.get(LANG_KEY))
    lang = linked or _session_language() or i18n.from_browser(st.context.locale)
    st.session_state[_SESSION_KEY] = lang
    if linked is None and (lang != SOURCE_LANGUAGE or LANG_KEY in st.query_params):
        page_state.set_link_value(LANG_KEY, lang)     # (also replaces an unusable value such as lang=fr)
    return lang


def _switched() -> None:
    lang = st.session_state.get(_SWITCH_KEY) or _session_language() or SOURCE_LANGUAGE
    st.session_state[_SESSION_KEY] = lang
    page_state.set_link_value(LANG_KEY, lang)


@functools.lru_cache(maxsize=1)
def _document_language_component():
    """A script that keeps <html lang> the reader's language: screen readers pick their voice and rules
    by it (Streamlit's page says "en" whatever the text is)."""
    js = """
export default function (component) {
  document.documentElement.lang = component.data.lang;
}
"""
    return st.components.v2.component("prob_explorer.document_language", js=js)


def language_switch(where=st.sidebar) -> None:
    """English | 日本語, labelled in both languages so that either reader finds it."""
    with where:
        _document_language_component()(data={"lang": i18n.language()}, key="document-language")
    st.session_state[_SWITCH_KEY] = i18n.language()
    where.segmented_control("Language · 言語", LANGUAGES, format_func=LANGUAGE_NAMES.get, key=_SWITCH_KEY,
                            on_change=_switched, required=True, width="stretch")
