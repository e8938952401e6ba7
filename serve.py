"""Start the explorer with its start-up work done before the first reader arrives.

    python serve.py [streamlit options...]     # e.g. python serve.py --server.port 8502

The same as `streamlit run app.py [options]`, in one process, except that the heavy layers
(torch, SciPy, Plotly, core, viz, ui) are imported before the server listens, and the sampling
page's language model starts training at once (ui/warmup.py). With plain `streamlit run app.py`
that work waits for the first session, whose page then takes several seconds longer to appear
(bench/bench_first_load.py).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent


def main() -> None:
    sys.path.insert(0, str(ROOT))
    from ui.warmup import import_heavy_layers, start_warmup

    import_heavy_layers()   # before the server listens: the first reader finds them loaded
    start_warmup()          # the language model trains in the background, then the heap is frozen
    from streamlit.web import cli

    sys.argv = ["streamlit", "run", str(ROOT / "app.py"), *sys.argv[1:]]
    sys.exit(cli.main())


if __name__ == "__main__":
    main()
