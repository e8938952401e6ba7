"""Entry point: `python serve.py` (or `streamlit run app.py`, without the start-up warm-up).

Registers the home page and every concept page whose file exists (see ui/registry.py) with
st.navigation. Each concept page's URL path is its file stem (/clt, /beta, ...); shared links
depend on these, so they never change.

Each concept page lives in its own folder, concepts/<stem>/ (its script is <stem>.py), and the home page in
app_pages/; never in pages/: Streamlit treats a folder named pages/ beside
the entry point as the legacy automatic multipage app, and a deep link (/clt) opened as the first
request on a fresh server would then run the page without this file, its navigation or its
page config.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

import i18n
from i18n import N_, _
from ui.language import language_switch, settle_language
from ui.layout import apply_global_style
from ui.lessons import lesson_bar
from ui.registry import available_pages
from ui.room_panel import room_bar, room_publish
from ui.share import apply_presenter_style, presenter_toggle, presenting, share_panel
from ui.warmup import start_warmup

APP_TITLE = N_("Probability for ML, explained interactively")
# The browser tab's icon is a file served by this app: a Material icon name as page_icon makes
# every page load fetch an SVG from an outside font host (fails offline, and tells a third party
# who is reading). Streamlit's menu and page icons come from its own bundled font.
APP_ICON = Path(__file__).resolve().parent / "ui" / "assets" / "icon.png"

settle_language()   # first: every word below is in the reader's language
st.set_page_config(page_title=_(APP_TITLE), page_icon=str(APP_ICON), layout="wide",
                   initial_sidebar_state="collapsed" if presenting() else "auto")
apply_global_style()
apply_presenter_style()
start_warmup()  # imports, the language model and gc.freeze, off the interaction path, once per process


_PAGES_KEY = "_navigation_pages"     # session state: the pages, per language


def pages() -> list:
    """The home page and every concept page, titled in the reader's language. Made once per session and
    language: st.Page resolves its script's real path on the file system, a few ms a run for ten pages,
    paid again by every student of a classroom at every move of the teacher. (Not shared between sessions:
    st.navigation marks the page it returns as runnable.)"""
    by_language = st.session_state.setdefault(_PAGES_KEY, {})
    lang = i18n.language()
    if lang not in by_language:
        home = st.Page("app_pages/home.py", title=_("Home"), icon=":material/home:", default=True)
        concepts = [st.Page(str(spec.path), title=_(spec.title), icon=spec.icon, url_path=spec.stem)
                    for spec in available_pages()]
        by_language[lang] = [home, *concepts]
    return by_language[lang]


# One flat list: with sections, Streamlit 1.67 puts each section's header <div> inside the navigation's <ul>,
# which screen readers cannot read as a list (axe: "list", "listitem"; tests/browser/test_accessibility.py).
navigation = st.navigation(pages())
language_switch()
presenter_toggle()
room_bar(navigation.url_path)       # a classroom's follower moves to the teacher's view before anything is drawn
lesson_bar(navigation.url_path)
navigation.run()
share_panel()
room_publish(navigation.url_path)   # a teacher's view, as it now stands, to the class
