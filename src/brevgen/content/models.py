"""Typed content models. YAML keys are Danish (aliases); attribute names are English.

Every model forbids unknown keys, so a misspelt key is reported rather than ignored.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from brevgen.content.budget_years import budget_years


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=False)


def _id_as_mapping(value: Any) -> Any:
    """Allow a bare id (``- nfa``) where a mapping with ``id`` is expected."""
    return {"id": value} if isinstance(value, str) else value


# --- shared registers -------------------------------------------------------------------


class Region(Model):
    id: str
    name: str = Field(alias="navn")
    committee: str = Field(alias="hovedudvalg")
    address: str = Field(alias="adresse")
    postcode: str = Field(alias="postnr")
    city: str = Field(alias="by")
    # The hovedudvalg's e-mail address (brevgen send); checked where it is used, so a wrong
    # address holds up only the sending to this region, not the build.
    email: str | None = None


class Logo(Model):
    """A party's logo in the letterhead: an SVG or PNG file in content/registre/."""

    file: str = Field(alias="fil", min_length=1)
    alt: str = Field(alias="alt", min_length=1)  # what a screen reader says


class Party(Model):
    id: str
    name: str = Field(alias="navn")
    short_name: str = Field(alias="kortnavn")
    address: str | None = Field(None, alias="adresse")
    postcode: str | None = Field(None, alias="postnr")
    city: str | None = Field(None, alias="by")
    web: str | None = None
    logo: Logo | None = None


class Person(Model):
    id: str
    name: str = Field(alias="navn")
    title: str | None = Field(None, alias="titel")
    organisation: str | None = None
    phone: str | None = Field(None, alias="telefon")
    email: str | None = None


class Theme(Model):
    id: str
    name: str = Field(alias="navn")


class ContactPerson(Model):
    name: str = Field(alias="navn")
    phone: str | None = Field(None, alias="telefon")
    email: str | None = None


class Provider(Model):
    id: str
    name: str = Field(alias="navn")
    short_name: str = Field(alias="kortnavn")
    address: str | None = Field(None, alias="adresse")
    postcode: str | None = Field(None, alias="postnr")
    city: str | None = Field(None, alias="by")
    phone: str | None = Field(None, alias="telefon")
    email: str | None = None
    web: str | None = None
    contact: ContactPerson | None = Field(None, alias="kontaktperson")


REGISTERS: dict[str, type[Model]] = {
    "regioner": Region,
    "parter": Party,
    "personer": Person,
    "temaer": Theme,
    "udbydere": Provider,
}


# --- a round ------------------------------------------------------------------------------


class Period(Model):
    start: dt.date = Field(alias="fra")
    end: dt.date = Field(alias="til")

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.end < self.start:
            raise ValueError("slutdatoen ('til') ligger før startdatoen ('fra')")
        return self


class ThemeRef(Model):
    id: str
    name: str | None = Field(None, alias="navn")


class ProviderRef(Model):
    id: str
    name: str | None = Field(None, alias="navn")
    list_name: str | None = Field(None, alias="listenavn")


ThemeList = list[Annotated[ThemeRef, BeforeValidator(_id_as_mapping)]]
ProviderList = list[Annotated[ProviderRef, BeforeValidator(_id_as_mapping)]]


class Frame(Model):
    amount: Decimal = Field(alias="beloeb", gt=0)
    # Left out: derived from the offer period (content/budget_years.py) by RoundInfo.
    years: list[Period] = Field(default_factory=list, alias="aar", min_length=1)


class RoundInfo(Model):
    name: str = Field(alias="navn")
    # Optional: a folder of overview documents (content/oversigt) belongs to no agreement.
    agreement: str | None = Field(None, alias="overenskomst")
    period: Period | None = Field(None, alias="tilbudsperiode")
    themes: ThemeList = Field(default_factory=list, alias="temaer")
    providers: ProviderList = Field(default_factory=list, alias="udbydere")
    frame: Frame | None = Field(None, alias="ramme")
    dates: dict[str, dt.date] = Field(default_factory=dict, alias="datoer")
    # Rounds an overview folder sums up (folder names). Informational only and deliberately not
    # checked: a summarised round may still be on its way into content/.
    summarises: list[str] = Field(default_factory=list, alias="opsummerer")

    @model_validator(mode="after")
    def _derived_years(self) -> RoundInfo:
        """A frame without its years gets the budget years of the offer period (a frame
        without either is reported by the reference check)."""
        if self.frame is not None and not self.frame.years and self.period is not None:
            years = [
                Period.model_construct(start=first, end=last)
                for first, last in budget_years(self.period.start, self.period.end)
            ]
            # Frozen: the derived frame is set once, here, while the model is being made.
            object.__setattr__(self, "frame", self.frame.model_copy(update={"years": years}))
        return self


# --- documents ----------------------------------------------------------------------------


class Document(Model):
    """What every kind of document has: the document of an earlier round it succeeds
    (``forgaenger: ok15-regioner/brev``), so ``brevgen diff`` compares the two."""

    predecessor: str | None = Field(None, alias="forgaenger")


class Recipient(Model):
    id: str | None = None
    name: str = Field(alias="navn")
    att: str | None = None
    address: str | None = Field(None, alias="adresse")
    postcode: str | None = Field(None, alias="postnr")
    city: str | None = Field(None, alias="by")
    email: str | None = None  # for brevgen send, as on a region


class Signatory(Model):
    person: str
    title: str | None = Field(None, alias="titel")


class ExternalEnclosure(Model):
    """An enclosure sent along but not generated by brevgen (a reference number, a folder)."""

    title: str = Field(alias="titel")
    number: str | None = Field(None, alias="nummer")


class Letter(Document):
    type: Literal["brev"]
    title: str = Field(alias="titel")
    subject_prefix: str | None = Field(None, alias="emne_praefiks")
    date: dt.date = Field(alias="dato")
    senders: list[str] = Field(alias="afsendere", min_length=1)
    recipients: Literal["regioner"] | list[str | Recipient] = Field(alias="modtagere")
    body: str = Field(alias="tekst")
    closing: str = Field("Med venlig hilsen", alias="hilsen")
    signatories: list[Signatory] = Field(default_factory=list, alias="underskrivere")
    enclosures: list[str | ExternalEnclosure] = Field(default_factory=list, alias="bilag")


class Section(Model):
    heading: str = Field(alias="overskrift")
    body: str = Field(alias="tekst")


class ProviderSection(Model):
    provider: str = Field(alias="udbyder")
    sections: list[Section] = Field(default_factory=list, alias="afsnit")


class Appendix(Document):
    type: Literal["bilag"]
    number: int = Field(alias="nummer", ge=1)
    title: str = Field(alias="titel")
    date: dt.date | None = Field(None, alias="dato")
    body: str = Field(alias="tekst")
    providers: list[ProviderSection] = Field(default_factory=list, alias="udbydere")


class ContractSection(Model):
    """A numbered section of the standard contract; ``tabel`` places a table after its text."""

    heading: str = Field(alias="overskrift")
    body: str = Field(alias="tekst")
    table: Literal["aktiviteter"] | None = Field(None, alias="tabel")


class Contract(Document):
    """The round's standard local contract: prose with merge fields over one register row."""

    type: Literal["kontrakt"]
    title: str = Field(alias="titel")
    intro: str = Field(alias="indledning")
    sections: list[ContractSection] = Field(alias="afsnit", min_length=1)
    signing: str = Field(alias="underskrift")


class ModelChoice(Model):
    """A region's choice between the numbered models of an offer (web page)."""

    model: int = Field(alias="model", ge=1)
    remark: str | None = Field(None, alias="bemaerkning")


class NumberedModel(Model):
    number: int = Field(alias="nummer", ge=1)
    text: str = Field(alias="tekst")


class PageSection(Model):
    """A section of a web page; its heading level is its depth (h2, h3, h4)."""

    heading: str = Field(alias="overskrift")
    body: str | None = Field(None, alias="tekst")
    themes: ThemeList = Field(default_factory=list, alias="temaer")
    providers: ProviderList = Field(default_factory=list, alias="udbydere")
    models: list[NumberedModel] = Field(default_factory=list, alias="modeller")
    after: str | None = Field(None, alias="efter")
    sections: list[PageSection] = Field(default_factory=list, alias="afsnit")

    @model_validator(mode="after")
    def _one_list(self) -> PageSection:
        lists = [key for key, items in self._generated() if items]
        if len(lists) > 1:
            raise ValueError(
                f"et afsnit kan kun have én dannet liste, men har {' og '.join(lists)}; "
                "del afsnittet i to"
            )
        return self

    def _generated(self) -> list[tuple[str, list]]:
        return [("temaer", self.themes), ("udbydere", self.providers), ("modeller", self.models)]


class Page(Document):
    """A self-contained web page (type: side)."""

    type: Literal["side"]
    title: str = Field(alias="titel")
    updated: dt.date = Field(alias="sidst_opdateret")
    intro: str | None = None
    # region id -> its choice; the order is the order the regions are listed in.
    model_choices: dict[str, ModelChoice] = Field(default_factory=dict, alias="modelvalg")
    sections: list[PageSection] = Field(alias="sektioner", min_length=1)


class BrochureSection(Model):
    heading: str = Field(alias="overskrift")
    body: str | None = Field(None, alias="tekst")
    themes: ThemeList = Field(default_factory=list, alias="temaer")
    providers: ProviderList = Field(default_factory=list, alias="udbydere")


class BackPage(Model):
    heading: str = Field(alias="overskrift")
    body: str | None = Field(None, alias="tekst")
    contacts: list[str] = Field(default_factory=list, alias="kontakter")


class Brochure(Document):
    """A printed A5 folder about one round's offer (type: brochure)."""

    type: Literal["brochure"]
    round: str = Field(alias="runde")
    title: str = Field(alias="titel")
    subtitle: str | None = Field(None, alias="undertitel")
    # The folder's date for the PDF's metadata; default: the first day of the round's offer.
    date: dt.date | None = Field(None, alias="dato")
    senders: list[str] = Field(alias="afsendere", min_length=1)
    sections: list[BrochureSection] = Field(alias="sektioner", min_length=1)
    back: BackPage | None = Field(None, alias="bagside")


class Mail(Document):
    """The covering e-mail that carries a letter to its recipients (type: mail).

    ``emne`` and ``tekst`` have merge fields (``{{ modtager.navn }}``, ``{{ brev.titel }}``);
    the sender is a person of personer.yaml, whose name, title, party, phone and e-mail
    make the signature. The recipient's letter as one PDF (with its appendices) is always
    attached; ``vedhaeft_docx`` adds the Word files, ``vedhaeft_filer`` files of the round's
    folder (an enclosure brevgen does not make).
    """

    type: Literal["mail"]
    letter: str | None = Field(None, alias="brev")  # default: the round's only letter
    subject: str = Field(alias="emne")
    body: str = Field(alias="tekst")
    closing: str = Field("Med venlig hilsen", alias="hilsen")
    sender: str = Field(alias="afsender")
    attach_docx: bool = Field(False, alias="vedhaeft_docx")
    attach_files: list[str] = Field(default_factory=list, alias="vedhaeft_filer")


DOCUMENT_MODELS: dict[str, type[Model]] = {
    "brev": Letter,
    "bilag": Appendix,
    "kontrakt": Contract,
    "side": Page,
    "brochure": Brochure,
    "mail": Mail,
}
