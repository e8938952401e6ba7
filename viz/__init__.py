"""Pure figure builders: a `core` result in, a figure spec out (the plain dict Plotly.js reads; see
`viz.theme`). No Streamlit here."""
