"""Pure figure builders: a `core` result in, a Plotly figure out. No Streamlit here."""
