"""The explorer as an ASGI application: app.py, with the middleware Streamlit's own server leaves out.

serve.py runs this file (`streamlit run server_app.py`: Streamlit finds `app` and serves it); app.py stays the
Streamlit script, so `streamlit run app.py` and the tests' AppTest run the same pages, only without this
middleware. What it adds: Streamlit's JavaScript and CSS sent gzip-compressed, and its page without a download of a
font the theme does not use and telling the frontend where the server is (ui/compression.py, issue 34),
a cap on the uploaded files one session holds (ui/uploads.py), and `/api/health`, the replica's own health for
an operator's monitor (ui/health.py).
"""

from __future__ import annotations

import streamlit as st
from starlette.middleware import Middleware

from ui import health
from ui.compression import CompressedStatic, ExplorerPage
from ui.uploads import SessionUploadCap

app = st.App("app.py", routes=[health.ROUTE],
             middleware=[Middleware(SessionUploadCap), Middleware(CompressedStatic), Middleware(ExplorerPage)])
