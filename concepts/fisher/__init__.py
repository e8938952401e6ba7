"""The /fisher page in one folder: spec.py (what the page is and what its link carries), views.py (what it
computes for the screen, cached), explain.py (its words and formula panels), figures.py (its Plotly figures)
and fisher.py (its layout: the page script st.navigation runs, named after the page because Streamlit identifies a
page by its file name before the navigation registers it)."""
