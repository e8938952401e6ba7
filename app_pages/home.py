"""Home page: what the explorer is for, and one card per concept page: a picture of its main figure, its question
and the link (ui/home.py); then the lessons."""

from __future__ import annotations

import streamlit as st

from i18n import _, ngettext
from ui.home import page_cards
from ui.lessons import go_to, load_lessons
from ui.registry import available_pages

st.title(_("Probability for ML, explained interactively"))
st.markdown(_(
    "Each page turns one idea from the probability and statistics behind machine learning into "
    "controls, live figures and the numbers that explain them. Every number comes with the formula "
    "that produced it, and every view lives in its URL: copy the address bar and anyone who opens "
    "it sees exactly what you see, random draws included."
))

pages = available_pages()
if pages:
    st.subheader(_("Pick a question"))
    page_cards(pages)
else:
    st.info(_("The concept pages are on their way; this list fills in as each one lands."),
            icon=":material/construction:")

lessons = load_lessons()
if lessons:
    st.subheader(_("Lessons: step through a page with a class"))
    st.caption(_("Each lesson is a few steps, each a page, its settings and one sentence to say. Back and Next "
                 "appear above the page; the step is part of the link, so students can follow on their own "
                 "screens. Presenter mode (in the sidebar) enlarges everything for a projector."))
    for lesson in lessons.values():
        text, start = st.columns([5, 1], vertical_alignment="center")
        steps = ngettext("{count} step", "{count} steps", len(lesson.steps)).format(count=len(lesson.steps))
        text.markdown(f"**{_(lesson.title)}** ({steps}): {_(lesson.summary)}")
        if start.button(_("Start"), key=f"start-{lesson.id}", icon=":material/play_arrow:", width="stretch"):
            go_to(lesson, 1)

# Where lessons are written (lessons/*.toml) is for the README, not for a reader of the home page.
st.caption(_(
    "For teachers: every control, seed and preset is part of the link, so a lecture can be "
    "prepared as a list of links and replayed identically on any machine."
))
