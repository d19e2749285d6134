"""XLSX builder: the contracts report (``rapport.xlsx``) from its view.

The report's view carries the decided register (``udfald``) and the files each issued row
got (``filer``); the workbook is dated by the view's date, never the clock.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from brevgen.render import Options
from brevgen.views import View


class ReportBuilder:
    def __init__(self, templates: Path, options: Options | None = None) -> None:
        pass

    def render(self, views: Sequence[View], identity: str = "") -> bytes:
        from brevgen.contracts.report import report_bytes

        view = views[0]
        return report_bytes(view.context["udfald"], stamp=view.date, files=view.context["filer"])
