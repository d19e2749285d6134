"""Deterministic sample registers: plausible Danish regional workplaces, for tests and demos.

``make_register(path, terms, rows=30, seed=1)`` always writes the same bytes for the same
arguments. Besides ordinary valid requests, a register of 30 rows or more contains one of
each kind of rejection (Enighed Nej, excluded Anledning, unknown provider, frame used up
for one provider in one year, a date outside the offer period) and rows with a late
dialogue and a late contract. The rows are plausible for 2016–2018: a unit fits its kind
of workplace, themes, target groups and outcomes fit the unit, meetings fall on working
days outside July and are held on site or on Skype, and a price follows the hours.
``nasty=True`` adds values that break naive escaping and templating, Danish text dates and
amounts, odd headings and an extra column. Large registers (10,000 rows) are written with a
write-only workbook.
"""

from __future__ import annotations

import datetime as dt
import io
import random
import re
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from brevgen.contracts.columns import (
    ACTIVITIES_SHEET,
    ACTIVITY_COLUMNS,
    REQUEST_COLUMNS,
    REQUESTS_SHEET,
)
from brevgen.contracts.terms import RoundTerms
from brevgen.contracts.xlsx import AMOUNT_FORMAT, DATE_FORMAT, text_value, workbook_bytes
from brevgen.formatting import beloeb, dato
from brevgen.output import normalize_zip

# Workplaces by region: (name, address, postcode, city, kind). Real public institutions as
# they were named in 2016–2018, so the contracts look right; the people are invented. The
# kind decides which units a workplace has (no radiology in psychiatry).
WORKPLACES = {
    "Region Hovedstaden": [
        ("Rigshospitalet", "Blegdamsvej 9", "2100", "København Ø", "hospital"),
        ("Herlev og Gentofte Hospital", "Borgmester Ib Juuls Vej 1", "2730", "Herlev", "hospital"),
        ("Bispebjerg og Frederiksberg Hospital", "Bispebjerg Bakke 23", "2400", "København NV",
         "hospital"),
        ("Amager og Hvidovre Hospital", "Kettegård Allé 30", "2650", "Hvidovre", "hospital"),
        ("Nordsjællands Hospital", "Dyrehavevej 29", "3400", "Hillerød", "hospital"),
        ("Psykiatrisk Center København", "Edel Sauntes Allé 10", "2100", "København Ø",
         "psykiatri"),
        ("Psykiatrisk Center Glostrup", "Nordre Ringvej 29-67", "2600", "Glostrup", "psykiatri"),
        ("Region Hovedstadens Akutberedskab", "Telegrafvej 5", "2750", "Ballerup", "præhospital"),
    ],
    "Region Sjælland": [
        ("Sjællands Universitetshospital, Køge", "Lykkebækvej 1", "4600", "Køge", "hospital"),
        ("Holbæk Sygehus", "Smedelundsgade 60", "4300", "Holbæk", "hospital"),
        ("Slagelse Sygehus", "Fælledvej 11", "4200", "Slagelse", "hospital"),
        ("Nykøbing F. Sygehus", "Fjordvej 15", "4800", "Nykøbing F.", "hospital"),
        ("Psykiatrien Region Sjælland", "Fælledvej 6", "4200", "Slagelse", "psykiatri"),
        ("Præhospitalt Center", "Ringstedgade 61", "4700", "Næstved", "præhospital"),
    ],
    "Region Syddanmark": [
        ("Odense Universitetshospital", "J.B. Winsløws Vej 4", "5000", "Odense C", "hospital"),
        ("Sygehus Lillebælt, Vejle", "Beriderbakken 4", "7100", "Vejle", "hospital"),
        ("Sydvestjysk Sygehus", "Finsensgade 35", "6700", "Esbjerg", "hospital"),
        ("Sygehus Sønderjylland", "Kresten Philipsens Vej 15", "6200", "Aabenraa", "hospital"),
        ("Psykiatrien i Region Syddanmark, Odense", "J.B. Winsløws Vej 18", "5000", "Odense C",
         "psykiatri"),
        ("Socialområdet, Bostedet Vestbo", "Vestergade 12", "6800", "Varde", "social"),
    ],
    "Region Midtjylland": [
        ("Aarhus Universitetshospital", "Palle Juul-Jensens Boulevard 99", "8200", "Aarhus N",
         "hospital"),
        ("Regionshospitalet Randers", "Skovlyvej 15", "8930", "Randers NØ", "hospital"),
        ("Hospitalsenheden Vest", "Gl. Landevej 61", "7400", "Herning", "hospital"),
        ("Regionshospitalet Horsens", "Sundvej 30", "8700", "Horsens", "hospital"),
        ("Hospitalsenhed Midt", "Heibergs Allé 4", "8800", "Viborg", "hospital"),
        # In Risskov until the move to the new hospital in Skejby in 2018.
        ("Aarhus Universitetshospital, Psykiatrien", "Skovagervej 2", "8240", "Risskov",
         "psykiatri"),
    ],
    "Region Nordjylland": [
        ("Aalborg Universitetshospital", "Hobrovej 18-22", "9000", "Aalborg", "hospital"),
        ("Regionshospital Nordjylland, Hjørring", "Bispensgade 37", "9800", "Hjørring",
         "hospital"),
        ("Psykiatrien i Region Nordjylland", "Mølleparkvej 10", "9000", "Aalborg", "psykiatri"),
        ("Sygehus Thy-Mors", "Højtoftevej 2", "7700", "Thisted", "hospital"),
    ],
}  # fmt: skip
MAIL_DOMAINS = {
    "Region Hovedstaden": "regionh.dk",
    "Region Sjælland": "regionsjaelland.dk",
    "Region Syddanmark": "rsyd.dk",
    "Region Midtjylland": "rm.dk",
    "Region Nordjylland": "rn.dk",
}
# Units by kind of workplace, each with the target groups that fit it; every unit also gets
# its kind's general target groups. Units in NO_PATIENTS meet no patients or residents, so
# their requests are not about violence and threats from them.
_WARD = [
    "Sygeplejersker og social- og sundhedsassistenter",
    "Ledere og medarbejdere i afsnittet",
    "Alle medarbejdere i dag- og aftenvagt",
]
_PSYCHIATRIC_WARD = [
    "Sygeplejersker, social- og sundhedsassistenter og pædagoger",
    "Ledere og medarbejdere i afsnittet",
    "Alle medarbejdere i dag-, aften- og nattevagt",
]
_SERVICE = ["Køkkenmedarbejdere og serviceassistenter"]
_STAFF = ["Konsulenter og sekretærer i staben"]
UNITS = {
    "hospital": [
        ("Akutmodtagelsen", _WARD),
        ("Medicinsk afdeling", _WARD),
        ("Ortopædkirurgisk afdeling", _WARD),
        ("Intensiv afdeling", _WARD),
        ("Sengeafsnit M3", _WARD),
        ("Fødeafdelingen", ["Jordemødre og sygeplejersker"]),
        ("Medicinsk ambulatorium", ["Sygeplejersker og lægesekretærer"]),
        ("Radiologisk afdeling", ["Radiografer og lægesekretærer"]),
        ("Klinisk biokemisk afdeling", ["Bioanalytikere og laboranter"]),
        ("Sterilcentralen", ["Serviceassistenter i sterilcentralen"]),
        ("Portørtjenesten", ["Portører og serviceassistenter"]),
        ("Køkken og service", _SERVICE),
        ("Kvalitet og HR", _STAFF),
    ],
    "psykiatri": [
        ("Psykiatrisk akutmodtagelse", _PSYCHIATRIC_WARD),
        ("Lukket sengeafsnit", _PSYCHIATRIC_WARD),
        ("Åbent sengeafsnit", _PSYCHIATRIC_WARD),
        ("Retspsykiatrisk sengeafsnit", _PSYCHIATRIC_WARD),
        ("Lokalpsykiatrien", ["Behandlere og sekretærer i lokalpsykiatrien"]),
        ("Køkken og service", _SERVICE),
        ("Kvalitet og HR", _STAFF),
    ],
    "præhospital": [
        ("AMK-vagtcentralen", ["Sundhedsfaglige visitatorer i vagtcentralen"]),
        ("Sekretariatet", ["Sekretærer og konsulenter"]),
        ("Kvalitet og HR", _STAFF),
    ],
    "social": [
        ("Boenhed Øst", ["Pædagoger og social- og sundhedsassistenter"]),
        ("Boenhed Vest", ["Pædagoger og social- og sundhedsassistenter"]),
        ("Nattevagten", ["Nattevagterne"]),
        ("Køkken og service", _SERVICE),
    ],
    "administration": [("Kvalitet og HR", _STAFF), ("Økonomi og planlægning", _STAFF)],
}  # fmt: skip
NO_PATIENTS = {"Sterilcentralen", "Køkken og service", "Kvalitet og HR", "Sekretariatet",
               "Økonomi og planlægning"}  # fmt: skip
VIOLENCE = "Vold og trusler"
GENERAL_TARGET_GROUPS = {
    "hospital": ["Afdelingsledelsen og afdelings-MED", "Nyansatte og deres mentorer"],
    "psykiatri": ["Afdelingsledelsen og afdelings-MED", "Nyansatte og deres mentorer"],
}
FIRST_NAMES = [
    "Anne", "Mette", "Lone", "Susanne", "Hanne", "Camilla", "Louise", "Maria", "Sofie", "Birgitte",
    "Peter", "Jens", "Lars", "Henrik", "Søren", "Morten", "Thomas", "Rasmus", "Jørgen", "Niels",
    "Kirsten", "Marianne", "Helle", "Pia", "Ole", "Mads", "Bo", "Karsten", "Ida", "Åse",
]  # fmt: skip
SURNAMES = [
    "Jensen", "Nielsen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen", "Sørensen",
    "Rasmussen", "Jørgensen", "Petersen", "Madsen", "Kristensen", "Olsen", "Thomsen", "Poulsen",
    "Johansen", "Møller", "Mortensen", "Holm", "Kjær", "Østergaard", "Dahl", "Bæk", "Lund",
]  # fmt: skip
REQUESTERS = ["Arbejdsplads", "Afdelings-MED", "Institutions-MED", "Lokal-MED", "TRIO"]
ROLES = ["AMR", "TR", "AMR og TR"]
# Expected outcomes and occasions by theme (the round's theme names); a theme not named here
# gets the general ones. An occasion may be limited to some kinds of workplace.
GENERAL_OUTCOMES = [
    "Et fælles sprog om psykisk arbejdsmiljø og en plan for de næste skridt",
    "Færre konflikter og et bedre kollegialt klima",
]
OUTCOMES = {
    "Organisatoriske forandringer": [
        "Bedre håndtering af forandringer i forbindelse med sammenlægningen",
        "Klarhed over roller og ansvar i den nye organisering",
        "Et fælles sprog om psykisk arbejdsmiljø og en plan for de næste skridt",
    ],
    "Faglige forandringer": [
        "Et fælles billede af den nye faglige opgavefordeling",
        "Styrket samarbejde mellem faggrupperne om de nye arbejdsgange",
        "Et fælles sprog om psykisk arbejdsmiljø og en plan for de næste skridt",
    ],
    "Vold og trusler": [
        "Redskaber til at forebygge og håndtere vold og trusler",
        "En fælles praksis for opfølgning efter episoder med vold og trusler",
    ],
}
_CARE = ("hospital", "psykiatri", "social")
GENERAL_OCCASIONS: list[tuple[str | None, tuple[str, ...] | None]] = [
    ("Resultater fra APV og trivselsmåling", None),
    (None, None),
]
OCCASIONS_BY_THEME: dict[str, list[tuple[str | None, tuple[str, ...] | None]]] = {
    "Organisatoriske forandringer": [
        ("Flytning til nyt hospitalsbyggeri", ("hospital", "psykiatri")),
        ("Sammenlægning af to enheder", None),
        ("Ny ledelsesstruktur", None),
        *GENERAL_OCCASIONS,
    ],
    "Faglige forandringer": [
        ("Ny faglig opgavefordeling", None),
        ("Nye behandlingsforløb og arbejdsgange", ("hospital", "psykiatri")),
        *GENERAL_OCCASIONS,
    ],
    "Vold og trusler": [
        ("Flere episoder med trusler i aftenvagten", _CARE),
        ("Truende opkald til vagtcentralen", ("præhospital",)),
        *GENERAL_OCCASIONS,
    ],
}
# Every occasion a generated row can have (the rows the scenarios leave alone).
OCCASIONS = {o for options in OCCASIONS_BY_THEME.values() for o, _ in options}
# Activities as the providers describe them (Bilag 2): a pre-meeting, seminar or workshops,
# perhaps a midway talk, a closing meeting. Hours by activity; meetings may be held on Skype.
ACTIVITY_HOURS = {
    "Formøde": ["1.5", "2"],
    "Kick-off seminar": ["3", "6"],
    "Workshop": ["3", "4", "6"],
    "Midtvejsdrøftelse": ["1.5"],
    "Opsamlingsmøde": ["2"],
}
ONLINE = {"Formøde", "Midtvejsdrøftelse", "Opsamlingsmøde"}
PROGRAMMES = [
    ["Workshop"],
    ["Formøde", "Workshop"],
    ["Formøde", "Workshop", "Opsamlingsmøde"],
    ["Formøde", "Kick-off seminar", "Opsamlingsmøde"],
    ["Formøde", "Kick-off seminar", "Midtvejsdrøftelse", "Opsamlingsmøde"],
]
# A strategic effort across a whole workplace, a workshop for each department, as in the
# frame scenario.
STRATEGIC = ["Formøde", "Kick-off seminar", *["Workshop"] * 3, "Midtvejsdrøftelse",
             *["Workshop"] * 3, "Opsamlingsmøde"]  # fmt: skip
NASTY_TEXTS = [
    "Tom & Jerry <b>fed</b> </w:t>",
    "Citat \"dobbelt\" og 'enkelt' og „dansk“",
    "Linje 1\nLinje 2\n\nLinje 4",
    "Arbejdsmiljø 😀 ✓ – ÆØÅ æøå",
    "{{ 7*7 }}",
    "{% if true %}ja{% endif %}",
    "=SUM(A1)",
    "+45 12 34 56 78",
    "-minus i starten",
    "@navn",
    "\\backslash\\ og 100% ${HOME}",
]


@dataclass
class _Row:
    """A sample request while it is being made; turned into cells at the end."""

    values: dict
    activities: list[list]


def make_register(
    path: Path,
    terms: RoundTerms,
    rows: int = 30,
    seed: int = 1,
    nasty: bool = False,
    stamp: dt.date = dt.date(2016, 3, 14),
) -> Path:
    """Write a sample register with ``rows`` requests to ``path`` and return the path."""
    rng = random.Random(seed)
    made = [_request(rng, terms, index) for index in range(rows)]
    made.sort(key=lambda r: r.values["request_date"])  # rows come in as requests come in
    if rows >= 30:
        _scenarios(made, terms)
    for number, row in enumerate(made, start=1):
        year = row.values["request_date"].year
        row.values["case_no"] = f"{year}-R-{number:03d}"
        for activity in row.activities:
            activity[0] = row.values["case_no"]
    if nasty:
        _nastify(rng, made)
    workbook, dimensions = _workbook(made, nasty)
    data = _excel_like(workbook_bytes(workbook, stamp, "Kontraktregister (eksempel)"), dimensions)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def _name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"


def _mail(name: str, region: str) -> str:
    local = name.lower().translate(str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", " ": "."}))
    return f"{local}@{MAIL_DOMAINS.get(region, 'regioner.dk')}"


def _easter(year: int) -> dt.date:
    """Easter Sunday (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    m = (32 + 2 * e + 2 * i - h - k) % 7
    n = h + m - 7 * ((a + 11 * h + 22 * m) // 451) + 114
    return dt.date(year, n // 31, n % 31 + 1)


def _holidays(year: int) -> set[dt.date]:
    """Danish public holidays, and the days around Christmas that offices close."""
    easter = _easter(year)
    moving = {easter + dt.timedelta(days=d) for d in (-3, -2, 0, 1, 26, 39, 49, 50)}
    fixed = {dt.date(year, 1, 1), *(dt.date(year, 12, d) for d in (24, 25, 26, 31))}
    return moving | fixed


def _working_day(day: dt.date) -> dt.date:
    """``day``, or the next working day when it is a weekend or a holiday."""
    while day.weekday() >= 5 or day in _holidays(day.year):
        day += dt.timedelta(days=1)
    return day


def _schedule(days: list[dt.date]) -> list[dt.date]:
    """Meeting days: working days outside July (the summer holidays), in order and at least
    a week apart."""
    planned: list[dt.date] = []
    for day in days:
        if planned:
            day = max(day, planned[-1] + dt.timedelta(weeks=1))
        day = _working_day(day)
        if day.month == 7:
            day = _working_day(dt.date(day.year, 8, 1))
        planned.append(day)
    return planned


def _request(rng: random.Random, terms: RoundTerms, index: int) -> _Row:
    region = rng.choice(terms.regioner).navn
    places = WORKPLACES.get(region) or [
        ("Regionshuset", "Regionsvej 1", "8800", "Viborg", "administration")
    ]
    workplace, address, postcode, city, kind = rng.choice(places)
    unit, targets = rng.choice(UNITS[kind])
    themes = [t.navn for t in terms.temaer if not (t.navn == VIOLENCE and unit in NO_PATIENTS)]
    theme = rng.choice(themes or [t.navn for t in terms.temaer])
    occasions = [
        occasion
        for occasion, kinds in OCCASIONS_BY_THEME.get(theme, GENERAL_OCCASIONS)
        if kinds is None or kind in kinds
    ]
    period = terms.tilbudsperiode
    # Working days only, with room for the rules: dialogue within a week, a contract within
    # four weeks, even across Easter or Christmas.
    start = _working_day(
        period.fra + dt.timedelta(days=rng.randrange((period.til - period.fra).days - 40))
    )
    dialogue = _working_day(start + dt.timedelta(days=rng.randint(1, 3)))
    signed = _working_day(dialogue + dt.timedelta(days=rng.randint(3, 14)))
    begins = _working_day(signed + dt.timedelta(days=rng.randint(7, 45)))
    programme = rng.choice(PROGRAMMES)
    weeks = rng.randint(2, 4) * (len(programme) - 1)  # two to four weeks between activities
    ends = _working_day(begins + dt.timedelta(weeks=weeks))
    manager, representative = _name(rng), _name(rng)
    planned = _activities(rng, programme, begins, ends)
    hours = sum(activity[3] for activity in planned)
    rate = rng.choice([4000, 5000, 6000])  # kr. per hour with the participants, all included
    values = {
        "workplace": workplace,
        "unit": unit,
        "address": address,
        "postcode": postcode,
        "city": city,
        "region": region,
        "requester": rng.choice(REQUESTERS),
        "manager": manager,
        "manager_email": _mail(manager, region),
        "representative": representative,
        "representative_role": rng.choice(ROLES),
        "representative_email": _mail(representative, region),
        "agreement": "Ja",
        "provider": rng.choice(terms.udbydere).kortnavn,
        "theme": theme,
        "target_group": rng.choice([*targets, *GENERAL_TARGET_GROUPS.get(kind, [])]),
        "expected_outcome": rng.choice(OUTCOMES.get(theme, GENERAL_OUTCOMES)),
        "occasion": rng.choice(occasions),
        "request_date": start,
        "dialogue_started": dialogue,
        "contract_signed": signed if rng.random() < 0.5 else None,
        "delivery_from": planned[0][2],
        "delivery_to": planned[-1][2],
        "amount": max(Decimal(5000), (hours * rate).quantize(Decimal(5000))),
    }
    return _Row(values, planned)


def _activities(rng: random.Random, names: list[str], begins: dt.date, ends: dt.date) -> list[list]:
    """The programme's activities spread over the delivery period (see ``_schedule``)."""
    spread = [begins + (ends - begins) * i / max(1, len(names) - 1) for i in range(len(names))]
    planned = []
    for name, day in zip(names, _schedule(spread), strict=True):
        on_site = f"Mødelokale {rng.randint(1, 9)}"  # at the workplace, which the row names
        place = rng.choice([on_site, "Skype-møde"]) if name in ONLINE else on_site
        hours = Decimal(rng.choice(ACTIVITY_HOURS[name]))
        planned.append([None, name, day, hours, place])
    return planned


def _scenarios(made: list[_Row], terms: RoundTerms) -> None:
    """Turn a few rows into the cases the report must show; positions depend on size only."""
    count = len(made)

    def at(fraction: float) -> dict:
        return made[int(count * fraction)].values

    at(0.10)["agreement"] = "Nej"
    at(0.20)["occasion"] = "Opfølgning på AT-påbud"
    at(0.30)["occasion"] = "Krisehjælp efter voldsom episode"
    known = {p.kortnavn for p in terms.udbydere}
    at(0.40)["provider"] = next(n for n in ("NIRAS-Joblife", "Falck Healthcare") if n not in known)
    late = made[int(count * 0.50)]
    day = late.values["request_date"]
    late.values["dialogue_started"] = _working_day(day + dt.timedelta(days=12))
    late.values["contract_signed"] = signed = _working_day(day + dt.timedelta(days=40))
    begins = _working_day(signed + dt.timedelta(days=14))
    _shift(late, late.values["delivery_from"], begins, "delivery_from")
    slow = at(0.60)
    slow["dialogue_started"] = _working_day(slow["request_date"] + dt.timedelta(days=9))
    slow["contract_signed"] = None
    last = made[int(count * 0.99)]
    _shift(last, last.values["request_date"], terms.tilbudsperiode.til + dt.timedelta(days=10))
    if terms.ramme is not None:
        _exhaust(made, terms)


_DATES = ("request_date", "dialogue_started", "contract_signed", "delivery_from", "delivery_to")


def _shift(row: _Row, old: dt.date, new: dt.date, first: str = "request_date") -> None:
    """Move a row's dates from ``first`` on (and its activities, when they move) by
    ``new - old``, so they stay in order; every moved date is a working day."""
    shift = new - old
    for key in _DATES[_DATES.index(first) :]:
        if row.values[key] is not None:
            row.values[key] = _working_day(row.values[key] + shift)
    if first in ("request_date", "delivery_from"):
        days = _schedule([activity[2] + shift for activity in row.activities])
        for activity, day in zip(row.activities, days, strict=True):
            activity[2] = day
        row.values["delivery_from"] = row.activities[0][2]
        row.values["delivery_to"] = row.activities[-1][2]


def _exhaust(made: list[_Row], terms: RoundTerms) -> None:
    """Four big unsigned requests to the first provider in the first year, for a strategic
    effort across a workplace: the first fits in the frame, the other three find it used up.
    """
    provider, year = terms.udbydere[0].kortnavn, terms.rammeaar[0]
    known = {p.kortnavn for p in terms.udbydere}

    def valid(values: dict) -> bool:
        return (
            values["request_date"] in year
            and values["agreement"] == "Ja"
            and values["occasion"] in OCCASIONS
            and values["provider"] in known
        )

    untouched = [
        r
        for r in made
        if valid(r.values)
        and r.values["dialogue_started"] - r.values["request_date"] <= dt.timedelta(days=7)
    ]
    big = untouched[-4:]
    if not big:
        return
    for row in big:
        row.values.update(provider=provider, contract_signed=None)
    # What the provider's frame holds before the first big request: signed contracts count
    # first, the others in order of request (rows are sorted by request date).
    first = made.index(big[0])
    used = sum(
        (
            r.values["amount"]
            for index, r in enumerate(made)
            if r not in big
            and valid(r.values)
            and r.values["provider"] == provider
            and (r.values["contract_signed"] is not None or index < first)
        ),
        Decimal(0),
    )
    # The first round amount over half the room, so that one fits and the next does not; at
    # least 30 % of the frame, as such an effort costs (in a full frame none fits).
    room = terms.ramme - used
    amount = max(((room / 2) // 5000 + 1) * 5000, (terms.ramme * 3 / 10 // 5000) * 5000)
    for row in big:
        values = row.values
        values.update(
            amount=amount,
            unit=None,  # the whole workplace
            requester="Institutions-MED",
            target_group=f"Ledere, TR og AMR på tværs af {values['workplace']}",
        )
        row.activities = _activities(
            random.Random(values["request_date"].toordinal()),
            STRATEGIC,
            values["delivery_from"],
            _working_day(values["delivery_from"] + dt.timedelta(weeks=36)),
        )
        values["delivery_to"] = row.activities[-1][2]


def _nastify(rng: random.Random, made: list[_Row]) -> None:
    """Values that must survive escaping, templating and file naming untouched."""
    for number, row in enumerate(made):
        values = row.values
        text = NASTY_TEXTS[number % len(NASTY_TEXTS)]
        values["unit"] = text
        values["expected_outcome"] = f"{values['expected_outcome']} – {text}"
        form = number % 5
        day = values["request_date"]
        if form == 1:
            values["request_date"] = dato(day).replace("\u00a0", " ")
        elif form == 2:
            values["request_date"] = day.strftime("%d-%m-%Y")
        elif form == 3:
            values["amount"] = beloeb(values["amount"], decimals=True)  # "45.000,00 kr."
        elif form == 4:
            values["region"] = values["region"].removeprefix("Region ").upper()
    if made:
        made[0].values["case_no"] = "../../etc/passwd"
        made[0].values["workplace"] = '=HYPERLINK("http://example.invalid")'
        for activity in made[0].activities:
            activity[0] = "../../etc/passwd"


def _workbook(made: list[_Row], nasty: bool) -> tuple[Workbook, dict[str, str]]:
    """The write-only workbook and each sheet part's used range."""
    workbook = Workbook(write_only=True)
    requests = workbook.create_sheet(REQUESTS_SHEET)
    headings = [c.heading for c in REQUEST_COLUMNS]
    if nasty:
        headings = ["Bemærkning", *(f"  {h.upper()}  " for h in headings)]
    widths = ([14] if nasty else []) + [c.width for c in REQUEST_COLUMNS]
    for index, width in enumerate(widths, start=1):
        requests.column_dimensions[get_column_letter(index)].width = width
    requests.freeze_panes = "A2"
    requests.append([_cell(requests, h, bold=True) for h in headings])
    last = 1
    for number, row in enumerate(made):
        cells = [_cell(requests, row.values.get(c.field)) for c in REQUEST_COLUMNS]
        if nasty:
            cells.insert(0, _cell(requests, "ring tilbage" if number % 7 == 0 else None))
            if number == 3:
                requests.append([])  # an empty row in the middle
                last += 1
        requests.append(cells)
        last += 1
    dimensions = {"xl/worksheets/sheet1.xml": f"A1:{get_column_letter(len(headings))}{last}"}
    activities = workbook.create_sheet(ACTIVITIES_SHEET)
    for index, column in enumerate(ACTIVITY_COLUMNS, start=1):
        activities.column_dimensions[get_column_letter(index)].width = column.width
    activities.freeze_panes = "A2"
    activities.append([_cell(activities, c.heading, bold=True) for c in ACTIVITY_COLUMNS])
    last = 1
    for row in made:
        for activity in row.activities:
            activities.append([_cell(activities, value) for value in activity])
            last += 1
    dimensions["xl/worksheets/sheet2.xml"] = f"A1:{get_column_letter(len(ACTIVITY_COLUMNS))}{last}"
    return workbook, dimensions


_INLINE = re.compile(
    rb'(<c r="[A-Z]+[0-9]+"(?: s="[0-9]+")?) t="inlineStr"><is><t(?: xml:space="preserve")?>'
    rb"(.*?)</t></is></c>",
    re.S,
)
_MAIN = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_SST_TYPE = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
_SST_REL = b"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"


def _excel_like(data: bytes, dimensions: dict[str, str]) -> bytes:
    """Store text as Excel does (one shared-strings table) and state each sheet's range.

    openpyxl writes every text cell inline and a write-only sheet without <dimension>;
    registers saved by Excel have both, and read several times faster, so the samples
    should too.
    """
    source = zipfile.ZipFile(io.BytesIO(data))
    table: dict[bytes, int] = {}

    def share(match: re.Match) -> bytes:
        index = table.setdefault(match.group(2), len(table))
        return match.group(1) + b' t="s"><v>' + str(index).encode() + b"</v></c>"

    parts = {}
    for name in source.namelist():
        body = source.read(name)
        if name in dimensions:
            body = _INLINE.sub(share, body)
            ref = b'<dimension ref="' + dimensions[name].encode() + b'"/>'
            body = body.replace(b"<sheetViews>", ref + b"<sheetViews>", 1)
        parts[name] = body
    items = b"".join(b'<si><t xml:space="preserve">' + text + b"</t></si>" for text in table)
    count = str(len(table)).encode()
    parts["xl/sharedStrings.xml"] = (
        b'<sst xmlns="' + _MAIN + b'" count="' + count + b'" uniqueCount="' + count + b'">'
        + items + b"</sst>"
    )  # fmt: skip
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>",
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="' + _SST_TYPE + b'"/></Types>',
    )
    rels = "xl/_rels/workbook.xml.rels"
    parts[rels] = parts[rels].replace(
        b"</Relationships>",
        b'<Relationship Type="' + _SST_REL + b'" Target="sharedStrings.xml" Id="rIdSst"/>'
        b"</Relationships>",
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in parts.items():
            archive.writestr(name, body)
    return normalize_zip(out.getvalue())


def _cell(sheet, value, bold: bool = False):
    """A plain value where openpyxl infers it right; a styled cell otherwise (much slower)."""
    if value is None:
        return None
    if isinstance(value, str):
        value = text_value(value)
        if not bold and not value.startswith("=") and value not in ERROR_CODES:
            return value
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # "=SUM(A1)" typed by a user is text, not a formula
    elif isinstance(value, dt.date):
        cell.number_format = DATE_FORMAT
    elif isinstance(value, Decimal) and value >= 100:
        cell.number_format = AMOUNT_FORMAT
    if bold:
        cell.font = Font(bold=True)
    return cell
