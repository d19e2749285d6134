"""The one exception tree users see. Anything else escaping is a bug.

Every user-facing error carries a list of :class:`Problem` so that one run can report
all mistakes at once, each with its place (``fil.yaml:12:3`` or ``Henvendelser!P14``).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One mistake in the user's input: where it is and what to do, in Danish."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


class BrevgenError(Exception):
    """Base of all errors shown to the user as Danish text without a traceback."""

    title = "Fejl"

    def __init__(self, problems: list[Problem] | str, where: str = "") -> None:
        if isinstance(problems, str):
            problems = [Problem(where, problems)]
        self.problems = list(problems)
        super().__init__(self.render())

    def __reduce__(self):
        # Pickled by its problems (a contracts worker process sends its error to the parent);
        # the default would rebuild it from the rendered text and repeat the heading.
        return (type(self), (self.problems,))

    def render(self) -> str:
        count = len(self.problems)
        head = f"{self.title} ({count} fejl):" if count > 1 else f"{self.title}:"
        return "\n".join([head, *(f"  - {p}" for p in self.problems)])


class ContentError(BrevgenError):
    """Content under ``content/`` is malformed or inconsistent."""

    title = "Fejl i indholdet"


class TemplateError(BrevgenError):
    """A template under ``templates/`` cannot be read or rendered."""

    title = "Fejl i en skabelon"


class RegisterError(BrevgenError):
    """A contracts workbook cannot be used at all (not a row-level problem)."""

    title = "Fejl i kontraktregistret"


class BuildError(BrevgenError):
    """Rendering or writing output failed (accessibility faults, disk problems)."""

    title = "Fejl under dannelsen"


class SendError(BrevgenError):
    """E-mails cannot be sent (no connection to the server, a refused login, no send log)."""

    title = "Fejl under afsendelsen"
