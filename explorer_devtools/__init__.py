"""Helpers the tests, the benchmarks and the scripts share, so none of them imports another:
starting the app as it is deployed (fleet), driving Chromium (browser), speaking Streamlit's
WebSocket protocol (streamlit_client), and writing results into bench/RESULTS.md (results)."""
