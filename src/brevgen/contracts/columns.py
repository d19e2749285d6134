"""The register's sheets and columns, shared by the reader and the blank register."""

from __future__ import annotations

from dataclasses import dataclass, replace

from .text import fold

REQUESTS_SHEET = "Henvendelser"
ACTIVITIES_SHEET = "Aktiviteter"
LISTS_SHEET = "Lister"


@dataclass(frozen=True)
class Column:
    """One column: the field it fills, its Danish heading, how it is read, a note for users."""

    field: str
    heading: str
    kind: str  # name | text | email | yesno | date | amount | hours | region | provider | theme
    required: bool
    note: str
    width: int = 18
    limit: int = 100  # characters; see LIMITS

    @property
    def key(self) -> str:
        return fold(self.heading)


# Most characters a value may have. A register is typed by people, so these are rules
# stated in advance, not the accidental limits of a file name or a DOCX property: a
# workplace name of a few hundred characters is a paste gone wrong, and a free text longer
# than half a page does not belong in a standard contract.
LIMITS = {
    "case_no": 40,  # a file name and every page's footer carry it
    "workplace": 150,
    "unit": 150,
    "address": 150,
    "postcode": 10,
    "city": 60,
    "representative_role": 60,
    "manager_email": 254,  # RFC 5321's longest address
    "representative_email": 254,
    "target_group": 1500,
    "expected_outcome": 1500,
    "occasion": 1500,
    "place": 150,
}


def _limited(columns: tuple[Column, ...]) -> tuple[Column, ...]:
    return tuple(replace(c, limit=LIMITS.get(c.field, c.limit)) for c in columns)


REQUEST_COLUMNS = (
    Column("case_no", "Sagsnr", "name", True,
           "Sagens nummer, fx 2016-R-014. Skal være entydigt i hele projektmappen.", 14),
    Column("workplace", "Arbejdsplads", "name", True,
           "Arbejdspladsens navn, som det skal stå i kontrakten.", 34),
    Column("unit", "Enhed", "name", False, "Afdeling eller enhed.", 26),
    Column("address", "Adresse", "name", False, "Arbejdspladsens adresse.", 24),
    Column("postcode", "Postnr", "name", False, "Postnummer, fx 2100.", 8),
    Column("city", "By", "name", False, "By, fx København Ø.", 16),
    Column("region", "Region", "region", True,
           "Vælg regionen på listen. “Hovedstaden” uden “Region” godtages også.", 20),
    Column("requester", "Rekvirent", "name", True,
           "Hvem rekvirerer: Arbejdsplads, Afdelings-MED, Institutions-MED, Lokal-MED, TRIO …",
           18),
    Column("manager", "Leder", "name", True, "Lederens navn.", 22),
    Column("manager_email", "Leder e-mail", "email", False, "Lederens e-mailadresse.", 26),
    Column("representative", "Medarbejderrepræsentant", "name", True,
           "Navnet på arbejdsmiljø- eller tillidsrepræsentanten.", 24),
    Column("representative_role", "Repræsentantens rolle", "name", False,
           "AMR, TR eller begge.", 14),
    Column("representative_email", "Repræsentant e-mail", "email", False,
           "Repræsentantens e-mailadresse.", 26),
    Column("agreement", "Enighed", "yesno", True,
           "Ja, når leder og medarbejderrepræsentant er enige om at rekvirere tilbuddet. "
           "Ved Nej afvises henvendelsen.", 10),
    Column("provider", "Udbyder", "provider", True,
           "Vælg udbyderen på listen (kortnavn, fx NFA).", 16),
    Column("theme", "Tema", "theme", True, "Vælg et af rundens temaer på listen.", 28),
    Column("target_group", "Målgruppe", "text", True,
           "Hvem tilbuddet er rettet mod, fx ledere og medarbejdere i afsnittet.", 30),
    Column("expected_outcome", "Forventet udbytte", "text", True,
           "Hvad arbejdspladsen forventer at opnå med rådgivningen eller inspirationen.", 40),
    Column("occasion", "Anledning", "text", False,
           "Hvorfor netop nu. Opfølgning på AT-påbud og krisehjælp/personlig støtte kan ikke "
           "rekvireres (Bilag 1).", 30),
    Column("request_date", "Henvendelsesdato", "date", True,
           "Dagen, hvor arbejdspladsen rettede henvendelse til udbyderen.", 16),
    Column("dialogue_started", "Dialog startet", "date", False,
           "Dagen, hvor udbyderen optog dialog. Skal ske senest en uge efter henvendelsen.", 16),
    Column("contract_signed", "Kontrakt indgået", "date", False,
           "Dagen, hvor kontrakten blev indgået. Skal ske senest 4 uger efter henvendelsen. "
           "Når datoen er udfyldt, beholder rækken sin del af rammen.", 16),
    Column("delivery_from", "Levering fra", "date", False, "Planlagt start på leveringen.", 16),
    Column("delivery_to", "Levering til", "date", False, "Planlagt afslutning af leveringen.", 16),
    Column("amount", "Beløb inkl. moms", "amount", True,
           "Den aftalte pris i kroner inkl. moms, fx 45.000.", 16),
)  # fmt: skip
REQUEST_COLUMNS = _limited(REQUEST_COLUMNS)

ACTIVITY_COLUMNS = (
    Column("case_no", "Sagsnr", "name", True,
           "Sagsnummeret fra arket Henvendelser, som aktiviteten hører til.", 14),
    Column("activity", "Aktivitet", "name", True,
           "Fx Formøde, Kick-off seminar, Workshop, Midtvejsdrøftelse, Opsamlingsmøde.", 28),
    Column("date", "Dato", "date", False, "Dagen for aktiviteten.", 16),
    Column("hours", "Varighed (timer)", "hours", False, "Varighed i timer, fx 3 eller 1,5.", 16),
    Column("place", "Sted", "name", False, "Hvor aktiviteten foregår.", 28),
)  # fmt: skip
ACTIVITY_COLUMNS = _limited(ACTIVITY_COLUMNS)
