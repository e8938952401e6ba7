"""Home page: what the explorer is for, and one link per concept page with its question."""

from __future__ import annotations

import streamlit as st

from ui.registry import available_pages

st.title("Probability for ML, explained interactively")
st.markdown(
    "Each page turns one idea from the probability and statistics behind machine learning into "
    "controls, live figures and the numbers that explain them. Every number comes with the formula "
    "that produced it, and every view lives in its URL: copy the address bar and anyone who opens "
    "it sees exactly what you see, random draws included."
)

pages = available_pages()
if pages:
    st.subheader("Pick a question")
    for spec in pages:
        st.page_link(str(spec.path), label=f"**{spec.title}**: {spec.question}", icon=spec.icon)
else:
    st.info("The concept pages are on their way; this list fills in as each one lands.",
            icon=":material/construction:")

st.caption(
    "For teachers: every control, seed and preset is part of the link, so a lecture can be "
    "prepared as a list of links and replayed identically on any machine."
)
