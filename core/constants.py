"""Mathematical constants core shares with the kernels: defined once, beside the kernels that bake them in
(explorer_kernels/constants.py, which imports nothing but `math`), and re-exported here for core."""

from explorer_kernels.constants import LN_2, LOG2_E, LOG_2PI

__all__ = ["LN_2", "LOG2_E", "LOG_2PI"]
