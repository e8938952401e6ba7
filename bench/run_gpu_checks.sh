#!/usr/bin/env bash
# The GPU check, for a lent GPU machine as it comes (README, "The GPU check"): it uses that machine's own
# python3, which must have torch (a CUDA build), triton, numpy, scipy, pytest and hypothesis, and installs
# nothing (such a machine reaches no package registry); Streamlit, Plotly and Babel are not needed. The kernel
# tests run with one fixed configuration per kernel (no autotuning: PROB_EXPLORER_KERNELS_FIXED=1), then the
# sweep and backend benchmarks write the GPU sections of bench/RESULTS.md, copied to $OUT when it is set.
#   bash bench/run_gpu_checks.sh          # under 5 minutes on an H100/H200
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"
"$PYTHON" - <<'CHECK'
import importlib.util
import sys

missing = [name for name in ("torch", "triton", "numpy", "scipy", "pytest", "hypothesis")
           if importlib.util.find_spec(name) is None]
if missing:
    sys.exit(f"the GPU check needs {', '.join(missing)} in this python3 (it installs nothing)")
import torch
import triton

if not torch.cuda.is_available():
    sys.exit("torch sees no CUDA GPU: the GPU check is for a GPU machine (the CPU suite runs the kernels in "
             "Triton's interpreter)")
print("torch", torch.__version__, "· triton", triton.__version__, "·", torch.cuda.get_device_name())
CHECK
PROB_EXPLORER_KERNELS_FIXED=1 timeout 240 "$PYTHON" -m pytest -q -p no:cacheprovider \
    tests/explorer_kernels/test_kernels.py tests/core/test_sweep_cpu.py tests/core/test_backends.py
timeout 300 "$PYTHON" bench/bench_sweep.py
timeout 300 "$PYTHON" bench/bench_backends.py
if [ -n "${OUT:-}" ]; then cp bench/RESULTS.md "$OUT/"; fi
