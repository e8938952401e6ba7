"""Streamlit helpers every page shares: the page registry, headers, error display, controls.

Pages stay thin: they call these helpers and `core`/`viz`, and hold no maths of their own.
"""
