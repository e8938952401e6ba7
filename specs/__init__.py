"""One spec per page: its URL path, title, question, parameters and presets, declared once.

Importable without Streamlit (page scripts run on import, so tests cannot import from them). The
pages draw their controls from these declarations; `ui.registry` lists the pages from them.
"""

from specs.beta import SPEC as BETA
from specs.clt import SPEC as CLT
from specs.fisher import SPEC as FISHER
from specs.gmm import SPEC as GMM
from specs.kl import SPEC as KL
from specs.likelihood import SPEC as LIKELIHOOD
from specs.mvn import SPEC as MVN
from specs.sampling import SPEC as SAMPLING

# In the order a course would meet them (the navigation and the home page use this order).
PAGE_SPECS = (CLT, MVN, BETA, GMM, KL, FISHER, LIKELIHOOD, SAMPLING)
BY_STEM = {spec.stem: spec for spec in PAGE_SPECS}
