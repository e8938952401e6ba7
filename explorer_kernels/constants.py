"""Mathematical constants shared by the kernels and core, defined once, here: the kernels are leaves that import
nothing of the project, and core takes these from them (core/constants.py).

Plain Python floats, no imports beyond `math`: a constant used inside a kernel body is baked in at compile time,
and importing this module must not pull in Triton, torch or Streamlit (core imports it on every page).
"""

from __future__ import annotations

import math

LOG_2PI = math.log(2.0 * math.pi)   # log(2 pi), in every Gaussian log-density
LN_2 = math.log(2.0)                # converts base-2 logarithms (exp2/log2 in kernels) to natural ones
LOG2_E = 1.0 / LN_2                 # converts natural exponents to base 2 (exp(x) = exp2(x log2 e))
