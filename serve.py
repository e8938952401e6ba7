"""Start the explorer with its start-up work done before the first reader arrives.

    python serve.py [streamlit options...]     # e.g. python serve.py --server.port 8502

The same as `streamlit run app.py [options]`, in one process, except that Streamlit's JavaScript is sent
gzip-compressed (server_app.py, ui/compression.py) and that the start-up work is done before the server
listens (ui/warmup.py): the heavy layers (torch, SciPy, Plotly, core,
viz, ui) are imported, the sampling page's language model is trained, and the heap is frozen.
With plain `streamlit run app.py` that work waits for the first session, whose page then takes
several seconds longer to appear (bench/bench_first_load.py).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent


def main() -> None:
    sys.path.insert(0, str(ROOT))
    from ui.warmup import warm_up_now

    # Before the server listens, so a health check that answers means a server ready for readers.
    warm_up_now()
    from ui.internals import run_server

    sys.exit(run_server(["run", str(ROOT / "server_app.py"), *sys.argv[1:]]))


if __name__ == "__main__":
    main()
