"""One spec per page: its URL path, title, question, parameters and presets, declared once (specs/<stem>.py).

Importable without Streamlit (page scripts run on import, so tests cannot import from them). The list of pages
is kept once, in concepts/__init__.py, which finds each page's spec here.
"""
