#!/usr/bin/env bash
# One short script for a lent GPU machine: kernel tests on CUDA, then the sweep and backend
# benchmarks, which fill the GPU sections of bench/RESULTS.md (copy it back from $OUT). Budget: a few minutes.
#   bash bench/run_gpu_checks.sh
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv-gpu
# On the GPU machine torch must be a CUDA build; 2.13.0 from PyPI is one, and it pins its triton.
.venv-gpu/bin/pip install -q -r requirements-dev.txt
.venv-gpu/bin/python -c "import torch, triton; print(torch.__version__, triton.__version__, torch.cuda.get_device_name())"
.venv-gpu/bin/python -m pytest -q tests/explorer_kernels/test_kernels.py tests/core/test_sweep_cpu.py tests/core/test_backends.py
.venv-gpu/bin/python bench/bench_sweep.py
.venv-gpu/bin/python bench/bench_backends.py
if [ -n "${OUT:-}" ]; then cp bench/RESULTS.md "$OUT/"; fi
