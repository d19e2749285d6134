"""Turn WeasyPrint's log warnings during a render into a Danish :class:`BuildError`.

WeasyPrint reports a missing image, a missing ``alt`` or ``lang`` (PDF/UA), an unloadable
font or an ignored CSS declaration only as a log record and still writes a PDF. A build
that must not ship such a file collects the records while rendering and fails afterwards.
The texts matched below are WeasyPrint 70's own (``weasyprint/pdf/tags.py``,
``images.py``, ``text/fonts.py``, ``pdf/fonts.py``, ``draw/text.py``, ``css/``); any other
record is passed through in English behind ``"WeasyPrint: "``.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit
from urllib.request import url2pathname

from brevgen.errors import BuildError, Problem

LOGGER_NAME = "weasyprint"
PROGRESS_LOGGER_NAME = "weasyprint.progress"

# Reasons WeasyPrint gives for an ignored CSS declaration (css/validation, css/tokens).
CSS_REASONS = {
    "unknown property": "ukendt egenskab",
    "invalid value": "ugyldig værdi",
    "no value": "ingen værdi",
}


TOLERATED = ("Using fontTools instead of HarfBuzz-Subset",)


class _Collector(logging.Handler):
    """Keeps WARNING and ERROR records of one thread's render."""

    def __init__(self, thread_id: int) -> None:
        super().__init__(level=logging.WARNING)
        self.thread_id = thread_id
        self.records: list[logging.LogRecord] = []

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name == PROGRESS_LOGGER_NAME or record.name.startswith(
            PROGRESS_LOGGER_NAME + "."
        ):
            return False
        # Without HarfBuzz-Subset WeasyPrint falls back to fontTools and says so: the fallback
        # works (SOURCE_DATE_EPOCH keeps it reproducible), so it is no reason to fail a build.
        if str(record.msg).startswith(TOLERATED):
            return False
        # record.thread is None when logging.logThreads is switched off: keep those.
        return record.thread is None or record.thread == self.thread_id

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)  # Handler.handle() holds self.lock around emit()


# The logger's level is shared: lower it for the first active render, restore it after the
# last. Propagation is left alone: whether English lines also reach the console is the
# application's logging setup (by default nothing is printed: WeasyPrint has a NullHandler).
_state_lock = threading.Lock()
_active = 0
_saved_level = logging.NOTSET


def _enter(logger: logging.Logger, handler: _Collector) -> None:
    global _active, _saved_level
    with _state_lock:
        if _active == 0:
            _saved_level = logger.level
            # Collect warnings even where the application configured a quieter root logger.
            if logger.getEffectiveLevel() > logging.WARNING:
                logger.setLevel(logging.WARNING)
        _active += 1
        logger.addHandler(handler)


def _leave(logger: logging.Logger, handler: _Collector) -> None:
    global _active
    with _state_lock:
        logger.removeHandler(handler)
        _active -= 1
        if _active == 0:
            logger.setLevel(_saved_level)


@contextmanager
def fail_on_weasyprint_warnings(document_name: str) -> Iterator[list[logging.LogRecord]]:
    """Render inside this block; raise :class:`BuildError` if WeasyPrint warned or erred.

    Yields the live list of collected records. Records are taken only from the thread that
    entered the block, so renders in other threads do not leak into this document's report.
    An exception raised inside the block propagates unchanged.
    """
    logger = logging.getLogger(LOGGER_NAME)
    handler = _Collector(threading.get_ident())
    _enter(logger, handler)
    try:
        yield handler.records
    finally:
        _leave(logger, handler)
    if handler.records:
        raise BuildError(
            [Problem(document_name, translate(record)) for record in _unique(handler.records)]
        )


def _unique(records: list[logging.LogRecord]) -> list[logging.LogRecord]:
    """Drop exact repeats (a missing glyph is logged once per text run)."""
    seen: set[str] = set()
    result = []
    for record in records:
        text = record.getMessage()
        if text not in seen:
            seen.add(text)
            result.append(record)
    return result


def translate(record: logging.LogRecord) -> str:
    """Danish text for a WeasyPrint log record; unknown ones as ``WeasyPrint: <English>``."""
    args = record.args if isinstance(record.args, tuple) else ()
    template = record.msg if isinstance(record.msg, str) else str(record.msg)
    for pattern, render in _TRANSLATIONS:
        match = pattern.fullmatch(template)
        if match:
            try:
                return render(args, match)
            except (IndexError, TypeError, ValueError):
                break
    return f"WeasyPrint: {record.getMessage()}"


def _place(url: object) -> str:
    """A local file as its path, anything else as given."""
    text = str(url)
    return url2pathname(urlsplit(text).path) if text.startswith("file:") else text


def _reason(error: object) -> str:
    """Why a resource failed, in Danish where the cause is a missing file."""
    if isinstance(error, FileNotFoundError) or "No such file or directory" in str(error):
        return "filen findes ikke"
    return f"{type(error).__name__}: {error}" if isinstance(error, BaseException) else str(error)


def _css_ignored(args: tuple, reason: str) -> str:
    name, value, line, column = args[:4]
    return (
        f"CSS-erklæringen '{name}: {str(value).strip()}' (linje {line}, kolonne {column}) "
        f"blev ignoreret: {reason}."
    )


def _css_reason(reason: object) -> str:
    text = str(reason)
    return CSS_REASONS.get(text, text)


_Render = Callable[[tuple, re.Match], str]
_TRANSLATIONS: list[tuple[re.Pattern[str], _Render]] = [
    (
        re.compile(r'Image "%s" has no required alt description'),
        lambda a, m: (
            f"Billedet '{a[0]}' mangler alternativ tekst (alt), som PDF/UA kræver af "
            "tilgængelige dokumenter."
        ),
    ),
    (
        re.compile(r'Missing required "lang" attribute at the root of the document'),
        lambda a, m: (
            "Dokumentet mangler sprogangivelse (lang på <html>), som PDF/UA kræver; "
            'skabelonen skal have <html lang="da">.'
        ),
    ),
    (
        re.compile(r"Failed to load image at %r: %s"),
        lambda a, m: f"Billedet '{_place(a[0])}' kunne ikke indlæses ({_reason(a[1])}).",
    ),
    (
        re.compile(r"Failed to render SVG image %s"),
        lambda a, m: f"SVG-billedet '{a[0]}' kunne ikke tegnes.",
    ),
    (
        re.compile(r"Failed to load inline SVG: %s"),
        lambda a, m: f"Et SVG-billede i dokumentet kunne ikke læses ({a[0]}).",
    ),
    (
        re.compile(r"Failed to load stylesheet at %s ?: %s"),
        lambda a, m: f"Stilarket '{_place(a[0])}' kunne ikke indlæses ({_reason(a[1])}).",
    ),
    (
        re.compile(r"Font-face %r cannot be loaded"),
        lambda a, m: f"Skrifttypen '{a[0]}' fra en @font-face-regel kunne ikke indlæses.",
    ),
    (
        re.compile(r"Missing %s descriptor in '@font-face' rule at %d:%d"),
        lambda a, m: (
            f"En @font-face-regel (linje {a[1]}, kolonne {a[2]}) mangler '{a[0]}' og blev "
            "ignoreret."
        ),
    ),
    (
        re.compile(r"\.notdef glyph rendered for Unicode string unsupported by fonts: .*"),
        lambda a, m: (
            f"Tegnet '{a[0]}' (U+{a[1]:04X}) findes ikke i skrifttyperne og vises som en tom "
            "firkant."
        ),
    ),
    (
        re.compile(r'Too many glyphs missing from "%s", expect text selection problems'),
        lambda a, m: (
            f"Skrifttypen '{a[0]}' mangler for mange tegn; teksten kan ikke markeres og "
            "kopieres korrekt."
        ),
    ),
    (
        re.compile(r'Using fontTools instead of HarfBuzz-Subset for font "%s"\..*', re.S),
        lambda a, m: (
            f"Skrifttypen '{a[0]}' blev skåret ned til de brugte tegn med fontTools, fordi "
            "HarfBuzz-Subset ikke er installeret; installér HarfBuzz-Subset 4.1.0 eller nyere "
            "(Debian/Ubuntu: libharfbuzz-subset0), så PDF-filerne bliver ens ved hver kørsel "
            "og på alle maskiner."
        ),
    ),
    (
        re.compile(r'Unable to subset "%s" with (HarfBuzz|fontTools)'),
        lambda a, m: (
            f"Skrifttypen '{a[0]}' kunne ikke skæres ned til de brugte tegn med {m.group(1)}."
        ),
    ),
    (
        re.compile(r'Unable to instantiate "%s" variable font'),
        lambda a, m: f"Den variable skrifttype '{a[0]}' kunne ikke bruges.",
    ),
    (
        re.compile(r"Ignored `%s: ?%s` at %d:%d, %s\."),
        lambda a, m: _css_ignored(a, _css_reason(a[4])),
    ),
    (
        re.compile(r"Ignored `%s:%s` at %d:%d, prefix on this attribute is not supported, .*"),
        lambda a, m: _css_ignored(a, f"præfikset understøttes ikke, brug '{a[4]}'"),
    ),
    (
        re.compile(r"Parse error at %d:%d: %s"),
        lambda a, m: f"CSS-syntaksfejl i linje {a[0]}, kolonne {a[1]}: {a[2]}.",
    ),
    (
        re.compile(r'Invalid date in <meta name="%s"> %r'),
        lambda a, m: f'Datoen i <meta name="{a[0]}"> er ugyldig: {a[1]}.',
    ),
    (
        re.compile(r"Invalid (created|modified) date: (.*)"),
        lambda a, m: f'Datoen i <meta name="dcterms.{m.group(1)}"> er ugyldig: {m.group(2)}.',
    ),
    (
        re.compile(r"Unknown (PDF|rendering) option: %s\."),
        lambda a, m: f"WeasyPrint kender ikke indstillingen '{a[0]}' (fejl i brevgen).",
    ),
]
