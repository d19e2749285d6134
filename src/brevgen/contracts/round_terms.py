"""RoundTerms from a round's content (runde.yaml and the shared registers)."""

from __future__ import annotations

from brevgen.content.project import Project, Round
from brevgen.errors import ContentError
from brevgen.fonts import coverage

from .terms import Named, Period, Provider, RoundTerms


def round_terms(project: Project, rnd: Round) -> RoundTerms:
    """The terms the round's register rows are checked against (names as the round has them)."""
    reg = project.registers
    info = rnd.info
    if info.period is None:
        raise ContentError(
            f"runden {rnd.id} har ingen tilbudsperiode; kontrakter kræver 'tilbudsperiode' "
            "i runde.yaml",
            where=rnd.source.display,
        )
    providers = tuple(
        Provider(
            ref.id,
            reg.providers[ref.id].short_name,
            ref.name or reg.providers[ref.id].name,
        )
        for ref in info.providers
    )
    themes = tuple(Named(t.id, t.name or reg.themes[t.id].name) for t in info.themes)
    regions = tuple(Named(r.id, r.name) for r in reg.regions.values())
    frame = info.frame
    return RoundTerms(
        tilbudsperiode=Period(info.period.start, info.period.end),
        udbydere=providers,
        temaer=themes,
        regioner=regions,
        ramme=frame.amount if frame else None,
        rammeaar=tuple(Period(y.start, y.end) for y in frame.years) if frame else (),
        printable=coverage(project.root / "templates"),
    )
