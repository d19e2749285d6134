"""Standard local contracts from the spreadsheet register: reading, rules, frame, report.

Rendering the contract documents lives elsewhere and uses this package like so::

    terms = RoundTerms(...)                    # built from the round's content
    outcome = process(workbook_path, terms)    # RegisterError if the workbook is unusable
    for issued in outcome.issued:              # Issued: request, provider, region, theme,
        path = output_path(out_dir, issued.slug, ".docx")  # deadlines, evaluation, warnings
        ...
    write_report(out_dir / "rapport.xlsx", outcome, stamp=..., files={row: [names]})

``outcome.rows()`` gives every non-empty row of Henvendelser once, issued or rejected.
"""

from brevgen.slug import SlugBook, output_path, safe_slug

from .blank import write_blank_register
from .outcome import Counts, Issued, Outcome, Rejected
from .process import decide, process
from .report import write_report
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
    "write_blank_register",
    "write_report",
]
