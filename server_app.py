"""The explorer as an ASGI application: app.py, with the middleware Streamlit's own server leaves out.

serve.py runs this file (`streamlit run server_app.py`: Streamlit finds `app` and serves it); app.py stays the
Streamlit script, so `streamlit run app.py` and the tests' AppTest run the same pages, only without this
middleware. What it adds: Streamlit's JavaScript and CSS sent gzip-compressed (ui/compression.py, issue 34).
"""

from __future__ import annotations

import streamlit as st
from starlette.middleware import Middleware

from ui.compression import CompressedStatic

app = st.App("app.py", middleware=[Middleware(CompressedStatic)])
