"""Triton kernels for large-N likelihood sweeps.

Each module holds one kernel, its launch wrapper and a plain-torch reference that states what the
kernel must compute. Only `core.sweep` imports this package, and only when the Triton backend is
chosen, so the app starts (and runs on CPUs) without importing Triton at all.

On a machine without a GPU the kernels still run, slowly, under the Triton interpreter
(`TRITON_INTERPRET=1`, set before `triton` is imported); the tests use that with small N.
"""
