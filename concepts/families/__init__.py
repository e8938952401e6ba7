"""The /families page in one folder: spec.py (what the page is and what its link carries), views.py (what it
computes for the screen, cached), explain.py (its words, formulas and snippets), figures.py (its Plotly figures)
and families.py (its layout: the page script st.navigation runs, named after the page)."""
