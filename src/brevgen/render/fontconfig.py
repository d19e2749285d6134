"""Fonts for WeasyPrint: the shipped ones only, and a word when subsetting will be slow.

WeasyPrint lays text out with Pango, which finds fonts through fontconfig. Its
``FontConfiguration`` starts from the machine's fontconfig setup (every font installed,
every rule in ``/etc/fonts``) and adds the ``@font-face`` fonts of the stylesheets. A glyph
the stylesheet's fonts lack was then taken from whatever the machine had, so the same
register gave different PDF bytes on different machines. :func:`shipped_fonts_only` makes
the configuration from a fontconfig file that names no font folder and no rules, so the
only fonts Pango can choose from are those of ``templates/html/fonts.css``.

fontconfig reads the file named by ``FONTCONFIG_FILE`` each time a configuration is loaded
(``FcInitLoadConfigAndFonts``, which ``FontConfiguration()`` calls), so the variable is set
only while the configuration is made and then put back: nothing else in the process (or
a program it starts, such as LibreOffice) is affected.
"""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path

from brevgen import internals

# No <dir>, no <include>: no font of the machine, no rule of /etc/fonts. A file in the
# package, so nothing is written to the temporary folder.
CONFIG = Path(__file__).with_name("fonts.conf")
_lock = threading.Lock()


def shipped_fonts_only():
    """A WeasyPrint ``FontConfiguration`` that knows no font of the machine.

    The PDF builder makes its one configuration with this instead of
    ``FontConfiguration()``; the stylesheets' ``@font-face`` fonts are added to it as usual.
    """
    from weasyprint.text.fonts import FontConfiguration

    path = str(CONFIG)
    with _lock:
        saved = os.environ.get("FONTCONFIG_FILE")
        os.environ["FONTCONFIG_FILE"] = path
        try:
            return FontConfiguration()
        finally:
            if saved is None:
                del os.environ["FONTCONFIG_FILE"]
            else:
                os.environ["FONTCONFIG_FILE"] = saved


HARFBUZZ_HINT = (
    "HarfBuzz-Subset er ikke installeret, så PDF-filerne dannes omkring fire gange langsommere. "
    "Installér det (Debian/Ubuntu: apt-get install libharfbuzz-subset0), og kør igen."
)


def harfbuzz_subset_hint() -> str | None:
    """One Danish sentence on what to install when WeasyPrint cannot subset with HarfBuzz.

    WeasyPrint opens ``libharfbuzz-subset`` when it is imported (``weasyprint.text.ffi``) and
    subsets with it if it is there and HarfBuzz is 4.1.0 or newer; otherwise it falls back
    to fontTools, which is about four times slower and logs a warning per font and document.
    Those warnings are silenced by :func:`quiet_font_tools` in every process that makes PDFs;
    the hint says it once. None when HarfBuzz-Subset is there.
    """
    return None if internals.harfbuzz_subset_available() else HARFBUZZ_HINT


def quiet_font_tools() -> None:
    """fontTools' subsetter (WeasyPrint's fallback) reports every table and glyph it drops."""
    logging.getLogger("fontTools").setLevel(logging.ERROR)
