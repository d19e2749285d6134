"""click's own words (Usage, Options, its error messages) in Danish.

click marks these strings for gettext but ships no Danish catalogue; each click module binds
``_`` at import, so we rebind it there to a lookup in this small catalogue.
"""

from __future__ import annotations

import click.core
import click.decorators
import click.exceptions
import click.formatting
import click.parser
import click.types

CATALOGUE = {
    "Usage:": "Brug:",
    "Options": "Valgmuligheder",
    "Commands": "Kommandoer",
    "Positional arguments": "Argumenter",
    "Show this message and exit.": "Vis denne hjælp og afslut.",
    "Show the version and exit.": "Vis versionen og afslut.",
    "%(prog)s, version %(version)s": "%(prog)s, version %(version)s",
    "Aborted!": "Afbrudt!",
    "Error: {message}": "Fejl: {message}",
    "Try '{command} {option}' for help.": "Skriv '{command} {option}' for at få hjælp.",
    "Missing argument": "Argumentet mangler",
    "Missing option": "Valgmuligheden mangler",
    "Missing parameter": "Parameteren mangler",
    "Missing command.": "Der mangler en kommando.",
    "Missing parameter: {param_name}": "Parameteren mangler: {param_name}",
    "Missing {param_type}": "Mangler {param_type}",
    "No such command {name!r}.": "Kommandoen {name!r} findes ikke.",
    "No such option {name!r}.": "Valgmuligheden {name!r} findes ikke.",
    "Invalid value for {param_hint}: {message}": "Ugyldig værdi for {param_hint}: {message}",
    "Invalid value: {message}": "Ugyldig værdi: {message}",
    "{name} {filename!r} does not exist.": "{name} {filename!r} findes ikke.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} er en mappe.",
    "{name} {filename!r} is a file.": "{name} {filename!r} er en fil.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} kan ikke læses.",
    "{name} {filename!r} is not writable.": "{name} {filename!r} kan ikke skrives.",
    "Could not open file {filename!r}: {message}": "Filen {filename!r} kan ikke åbnes: {message}",
    "file": "filen",
    "directory": "mappen",
    "path": "stien",
    "default: {default}": "standard: {default}",
    "required": "skal angives",
    "Choose from:\n\t{choices}": "Vælg mellem:\n\t{choices}",
    "{value!r} is not one of {choices}.": "{value!r} er ikke en af {choices}.",
    "{value} is not in the range {range}.": "{value} er ikke i intervallet {range}.",
    "{value!r} is not a valid {number_type}.": "{value!r} er ikke et tal.",
    "Option {name!r} does not take a value.": "Valgmuligheden {name!r} tager ingen værdi.",
    "Argument {name!r} takes {nargs} values.": "Argumentet {name!r} skal have {nargs} værdier.",
}


PLURALS = {
    "Option {name!r} requires an argument.": (
        "Valgmuligheden {name!r} skal have en værdi.",
        "Valgmuligheden {name!r} skal have {nargs} værdier.",
    ),
    "Did you mean {possibility}?": ("Mente du {possibility}?", "(Mulige valg: {possibilities})"),
    "Got unexpected extra argument ({args})": (
        "Uventet ekstra argument ({args})",
        "Uventede ekstra argumenter ({args})",
    ),
}


def _translate(message: str) -> str:
    return CATALOGUE.get(message, message)


def _translate_plural(singular: str, plural: str, count: int) -> str:
    one, many = PLURALS.get(singular, (singular, plural))
    return one if count == 1 else many


def install() -> None:
    modules = (
        click.core,
        click.decorators,
        click.exceptions,
        click.formatting,
        click.parser,
        click.types,
    )
    for module in modules:
        module._ = _translate  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = _translate_plural  # type: ignore[attr-defined]
