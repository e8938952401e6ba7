"""The list of concept pages: URL path, title, icon and the one question each page answers.

`app.py` registers a page only when its file exists, and the home page lists only those, so a
page appears everywhere the moment its file lands. URL paths equal file stems and never change:
shared links depend on them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

PAGES_DIR = Path(__file__).resolve().parents[1] / "app_pages"


@dataclass(frozen=True)
class PageSpec:
    """One concept page. `stem` is both the file name (app_pages/<stem>.py) and the URL path."""

    stem: str
    title: str
    icon: str
    question: str

    @property
    def path(self) -> Path:
        return PAGES_DIR / f"{self.stem}.py"

    @property
    def exists(self) -> bool:
        return self.path.is_file()


CONCEPT_PAGES: tuple[PageSpec, ...] = (
    PageSpec("clt", "CLT convergence", ":material/functions:",
             "What does averaging do to a skewed distribution, and how fast?"),
    PageSpec("mvn", "MVN conditioning", ":material/blur_on:",
             "What does observing x₂ tell us about x₁?"),
    PageSpec("beta", "Beta posterior updating", ":material/casino:",
             "How does a prior become a posterior, one coin flip at a time?"),
    PageSpec("gmm", "GMM vs one Gaussian", ":material/stacked_line_chart:",
             "When does one Gaussian stop being enough?"),
    PageSpec("kl", "KL asymmetry", ":material/compare_arrows:",
             "Why is KL(p‖q) not KL(q‖p), and why does the direction we minimise matter?"),
    PageSpec("fisher", "Fisher information", ":material/target:",
             "How close does an estimator come to the Cramér–Rao bound?"),
    PageSpec("sampling", "Temperature & top-p", ":material/thermostat:",
             "How do temperature, top-k and top-p reshape a language model's next token?"),
)


def available_pages() -> list[PageSpec]:
    """The concept pages whose files exist, in the order a course would meet them."""
    return [page for page in CONCEPT_PAGES if page.exists]
