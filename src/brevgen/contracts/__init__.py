"""Standard local contracts from the spreadsheet register: reading, rules, frame, report.

Rendering the contract documents lives elsewhere; it calls :func:`process` and gets an
:class:`Outcome` with one decision per row.
"""

from .outcome import Counts, Issued, Outcome, Rejected
from .process import decide, process
from .slug import SlugBook, output_path, safe_slug
from .terms import ExcludedPurpose, Named, Period, Provider, RoundTerms

__all__ = [
    "Counts",
    "ExcludedPurpose",
    "Issued",
    "Named",
    "Outcome",
    "Period",
    "Provider",
    "Rejected",
    "RoundTerms",
    "SlugBook",
    "decide",
    "output_path",
    "process",
    "safe_slug",
]
