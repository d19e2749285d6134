"""Deterministic sample registers: plausible Danish regional workplaces, for tests and demos.

``make_register(path, terms, rows=30, seed=1)`` always writes the same bytes for the same
arguments. Besides ordinary valid requests, a register of 30 rows or more contains one of
each kind of rejection (Enighed Nej, excluded Anledning, unknown provider, frame used up
for one provider in one year, a date outside the offer period) and rows with a late
dialogue and a late contract. ``nasty=True`` adds values that break naive escaping and
templating, Danish text dates and amounts, odd headings and an extra column. Large
registers (10,000 rows) are written with a write-only workbook.
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

# Workplaces by region: (name, address, postcode, city). Real public institutions, so the
# contracts look right; the people in the sample are invented.
WORKPLACES = {
    "Region Hovedstaden": [
        ("Rigshospitalet", "Blegdamsvej 9", "2100", "København Ø"),
        ("Herlev og Gentofte Hospital", "Borgmester Ib Juuls Vej 1", "2730", "Herlev"),
        ("Bispebjerg og Frederiksberg Hospital", "Bispebjerg Bakke 23", "2400", "København NV"),
        ("Amager og Hvidovre Hospital", "Kettegård Allé 30", "2650", "Hvidovre"),
        ("Nordsjællands Hospital", "Dyrehavevej 29", "3400", "Hillerød"),
        ("Psykiatrisk Center København", "Edel Sauntes Allé 10", "2100", "København Ø"),
        ("Psykiatrisk Center Glostrup", "Nordre Ringvej 29-67", "2600", "Glostrup"),
        ("Region Hovedstadens Akutberedskab", "Telegrafvej 5", "2750", "Ballerup"),
    ],
    "Region Sjælland": [
        ("Sjællands Universitetshospital, Køge", "Lykkebækvej 1", "4600", "Køge"),
        ("Holbæk Sygehus", "Smedelundsgade 60", "4300", "Holbæk"),
        ("Slagelse Sygehus", "Fælledvej 11", "4200", "Slagelse"),
        ("Nykøbing F. Sygehus", "Fjordvej 15", "4800", "Nykøbing F."),
        ("Psykiatrien Region Sjælland", "Faelledvej 6", "4200", "Slagelse"),
        ("Præhospitalt Center", "Ringstedgade 61", "4700", "Næstved"),
    ],
    "Region Syddanmark": [
        ("Odense Universitetshospital", "J.B. Winsløws Vej 4", "5000", "Odense C"),
        ("Sygehus Lillebælt, Vejle", "Beriderbakken 4", "7100", "Vejle"),
        ("Sydvestjysk Sygehus", "Finsensgade 35", "6700", "Esbjerg"),
        ("Sygehus Sønderjylland", "Kresten Philipsens Vej 15", "6200", "Aabenraa"),
        ("Psykiatrien i Region Syddanmark, Odense", "J.B. Winsløws Vej 18", "5000", "Odense C"),
        ("Socialområdet, Bostedet Vestbo", "Vestergade 12", "6800", "Varde"),
    ],
    "Region Midtjylland": [
        ("Aarhus Universitetshospital", "Palle Juul-Jensens Boulevard 99", "8200", "Aarhus N"),
        ("Regionshospitalet Randers", "Skovlyvej 15", "8930", "Randers NØ"),
        ("Hospitalsenheden Vest", "Gl. Landevej 61", "7400", "Herning"),
        ("Regionshospitalet Horsens", "Sundvej 30", "8700", "Horsens"),
        ("Hospitalsenhed Midt", "Heibergs Allé 4", "8800", "Viborg"),
        ("Aarhus Universitetshospital Psykiatrien", "Palle Juul-Jensens Boulevard 175", "8200",
         "Aarhus N"),
    ],
    "Region Nordjylland": [
        ("Aalborg Universitetshospital", "Hobrovej 18-22", "9000", "Aalborg"),
        ("Regionshospital Nordjylland, Hjørring", "Bispensgade 37", "9800", "Hjørring"),
        ("Psykiatrien i Region Nordjylland", "Mølleparkvej 10", "9000", "Aalborg"),
        ("Sygehus Thy-Mors", "Højtoftevej 2", "7700", "Thisted"),
    ],
}  # fmt: skip
MAIL_DOMAINS = {
    "Region Hovedstaden": "regionh.dk",
    "Region Sjælland": "regionsjaelland.dk",
    "Region Syddanmark": "rsyd.dk",
    "Region Midtjylland": "rm.dk",
    "Region Nordjylland": "rn.dk",
}
UNITS = [
    "Akutmodtagelsen", "Medicinsk afdeling", "Ortopædkirurgisk afdeling", "Intensiv afdeling",
    "Børne- og ungepsykiatrisk afdeling", "Lokalpsykiatrien", "Radiologisk afdeling",
    "Klinisk biokemisk afdeling", "Sterilcentralen", "Portørtjenesten", "Køkken og service",
    "Fødeafdelingen", "Sengeafsnit M3", "Ambulatoriet", "Neurologisk afdeling", "Kvalitet og HR",
]  # fmt: skip
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
TARGET_GROUPS = [
    "Ledere og medarbejdere i afsnittet",
    "Afdelingsledelsen og afdelings-MED",
    "Alle medarbejdere i dag- og aftenvagt",
    "Sygeplejersker og social- og sundhedsassistenter",
    "Portører og serviceassistenter",
    "Lægesekretærer og sekretariatet",
    "Nyansatte og deres mentorer",
]
OUTCOMES = [
    "Et fælles sprog om psykisk arbejdsmiljø og en plan for de næste skridt",
    "Bedre håndtering af forandringer i forbindelse med sammenlægning af afsnit",
    "Redskaber til at forebygge og håndtere vold og trusler fra patienter",
    "Styrket samarbejde mellem faggrupperne efter omlægning af vagtplaner",
    "Klarhed over roller og ansvar i den nye organisering",
    "Færre konflikter og et bedre kollegialt klima",
]
OCCASIONS = [
    "Flytning til nyt hospitalsbyggeri",
    "Sammenlægning af to afsnit",
    "Flere episoder med trusler i aftenvagten",
    "Ny faglig opgavefordeling",
    "Resultater fra APV og trivselsmåling",
    None,
    None,
]
ACTIVITIES = ["Formøde", "Kick-off seminar", "Workshop", "Midtvejsdrøftelse", "Opsamlingsmøde"]
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


def _request(rng: random.Random, terms: RoundTerms, index: int) -> _Row:
    region = rng.choice(terms.regioner).navn
    places = WORKPLACES.get(region) or [("Regionshuset", "Regionsvej 1", "8800", "Viborg")]
    workplace, address, postcode, city = rng.choice(places)
    period = terms.tilbudsperiode
    start = period.fra + dt.timedelta(days=rng.randrange((period.til - period.fra).days - 40))
    dialogue = start + dt.timedelta(days=rng.randint(1, 6))
    signed = dialogue + dt.timedelta(days=rng.randint(3, 20))
    begins = signed + dt.timedelta(days=rng.randint(7, 45))
    ends = begins + dt.timedelta(days=rng.randint(0, 120))
    manager, representative = _name(rng), _name(rng)
    values = {
        "workplace": workplace,
        "unit": rng.choice(UNITS),
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
        "theme": rng.choice(terms.temaer).navn,
        "target_group": rng.choice(TARGET_GROUPS),
        "expected_outcome": rng.choice(OUTCOMES),
        "occasion": rng.choice(OCCASIONS),
        "request_date": start,
        "dialogue_started": dialogue,
        "contract_signed": signed if rng.random() < 0.5 else None,
        "delivery_from": begins,
        "delivery_to": ends,
        "amount": Decimal(rng.randint(5, 30) * 5000),
    }
    planned = []
    names = rng.sample(ACTIVITIES, rng.randint(1, 4))
    for position, name in enumerate(sorted(names, key=ACTIVITIES.index)):
        day = begins + (ends - begins) * position / max(1, len(names) - 1) if position else begins
        place = rng.choice([f"Mødelokale {rng.randint(1, 9)}, {workplace}", "Online (Teams)"])
        hours = Decimal(rng.choice([15, 20, 30, 60])) / 10
        planned.append([None, name, day, hours, place])
    return _Row(values, planned)


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
    late = at(0.50)
    late["dialogue_started"] = late["request_date"] + dt.timedelta(days=12)
    late["contract_signed"] = late["request_date"] + dt.timedelta(days=40)
    late["delivery_from"] = late["contract_signed"] + dt.timedelta(days=14)
    late["delivery_to"] = late["delivery_from"] + dt.timedelta(days=60)
    slow = at(0.60)
    slow["dialogue_started"] = slow["request_date"] + dt.timedelta(days=9)
    slow["contract_signed"] = None
    _dated(at(0.99), terms.tilbudsperiode.til + dt.timedelta(days=10))
    if terms.ramme is not None:
        _exhaust(made, terms)


def _dated(values: dict, day: dt.date) -> None:
    """Move a row's dates so they stay in order after its request date."""
    shift = day - values["request_date"]
    for key in ("request_date", "dialogue_started", "contract_signed", "delivery_from",
                "delivery_to"):  # fmt: skip
        if values[key] is not None:
            values[key] += shift


def _exhaust(made: list[_Row], terms: RoundTerms) -> None:
    """Four big unsigned requests to the first provider in the first year: the last has
    no room left."""
    provider, year = terms.udbydere[0].kortnavn, terms.rammeaar[0]
    big = (terms.ramme * Decimal("0.3")).quantize(Decimal(5000))
    untouched = [
        r.values
        for r in made
        if r.values["request_date"] in year
        and r.values["agreement"] == "Ja"
        and r.values["occasion"] in OCCASIONS
        and r.values["provider"] in {p.kortnavn for p in terms.udbydere}
        and r.values["dialogue_started"] - r.values["request_date"] <= dt.timedelta(days=7)
    ]
    for values in untouched[-4:]:
        values.update(provider=provider, amount=big, contract_signed=None)


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
