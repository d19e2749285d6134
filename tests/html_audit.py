"""A structural accessibility audit of an HTML page, with the standard library's html.parser.

It checks what a screen-reader user depends on and a machine can decide: the page language,
a title, one h1, heading levels that never skip, text alternatives for images, link texts
that say where they lead (an e-mail address may name its own mail link), no "… her." that
is not a link, in-page links that land somewhere, one <main>, landmarks that a screen
reader can tell apart (no two of the same role with the same name, as axe-core's
landmark-unique asks), form controls with a label and buttons with a text, and no resources
loaded from elsewhere (the page is one file; a site's pages may name their own prefixes).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

# Link texts that say nothing out of context (WCAG 2.4.4), compared in lower case.
VAGUE_LINK_TEXTS = {"her", "klik her", "klik", "læs mere", "læs her", "se her", "link", "mere"}
_BARE_URL = re.compile(r"^(https?://|www\.)\S+$|^\S+\.(dk|com|org|net|eu)(/\S*)?$", re.I)
# A call to action ending in "her." outside a link points nowhere ("Læs om udbyderne her.").
_HERE = re.compile(r"(?i)(?:^|\s)her\s*[.!]")
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
_SECTIONING = {"article", "aside", "main", "nav", "section"}
_LANDMARK_ROLES = {
    "banner", "complementary", "contentinfo", "form", "main", "navigation", "region", "search",
}  # fmt: skip


@dataclass
class Capture:
    tag: str
    attrs: dict[str, str | None]
    text: list[str] = field(default_factory=list)

    @property
    def content(self) -> str:
        return " ".join("".join(self.text).split())


class Audit(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lang: str | None = None
        self.title: str | None = None
        self.headings: list[tuple[int, str]] = []
        self.images: list[dict[str, str | None]] = []
        self.links: list[Capture] = []
        self.ids: set[str] = set()
        self.mains = 0
        # Landmarks in page order: (role, aria-label, aria-labelledby).
        self.landmarks: list[tuple[str, str | None, str | None]] = []
        self.texts: dict[str, str] = {}  # the text of every element with an id
        self.unlinked_here: list[str] = []  # text before a "her." that is not a link
        self.styles = 0
        self.external: list[str] = []
        # Form controls that need a name: (tag, attributes, inside a <label>).
        self.controls: list[tuple[str, dict[str, str | None], bool]] = []
        self.label_targets: set[str] = set()  # ids named by <label for=…>
        self.buttons: list[Capture] = []
        self._labels = 0  # <label> elements open
        # Generated lists: (heading before the list, list class, item texts).
        self.lists: list[tuple[str, str, list[str]]] = []
        self._open: list[Capture] = []
        self._list: tuple[str, str, list[str]] | None = None
        self._item: Capture | None = None
        self._depth = 0  # lists open inside the collected list
        self._with_id: list[Capture] = []
        self._sectioning = 0  # sectioning elements open (a header in one is no banner)

    def handle_starttag(self, tag: str, attr_list: list[tuple[str, str | None]]) -> None:
        attrs = dict(attr_list)
        if attrs.get("id"):
            self.ids.add(str(attrs["id"]))
            if tag not in _VOID:
                self._with_id.append(Capture(tag, attrs))
        role = self._landmark_role(tag, attrs)
        if role:
            self.landmarks.append((role, attrs.get("aria-label"), attrs.get("aria-labelledby")))
        if tag in _SECTIONING:
            self._sectioning += 1
        if tag == "html":
            self.lang = attrs.get("lang")
        elif tag == "main":
            self.mains += 1
        elif tag == "style":
            self.styles += 1
        elif tag == "img":
            self.images.append(attrs)
            for capture in self._open:
                capture.text.append(f" {attrs.get('alt') or ''} ")
        elif tag == "link" and "stylesheet" in (attrs.get("rel") or ""):
            self.external.append(f"<link href={attrs.get('href')}>")
        if tag in ("script", "img", "iframe", "audio", "video", "source") and attrs.get("src"):
            self.external.append(f"<{tag} src={attrs['src']}>")
        if tag == "label":
            self._labels += 1
            if attrs.get("for"):
                self.label_targets.add(str(attrs["for"]))
        elif tag in ("input", "select", "textarea"):
            kind = (attrs.get("type") or "text").lower()
            if tag != "input" or kind not in ("hidden", "submit", "button", "reset", "image"):
                self.controls.append((tag, attrs, self._labels > 0))
        if tag in ("title", "a", "button") or re.fullmatch(r"h[1-6]", tag):
            self._open.append(Capture(tag, attrs))
        if tag in ("ul", "ol"):
            if self._list is None and attrs.get("class"):
                heading = self.headings[-1][1] if self.headings else ""
                self._list = (heading, str(attrs["class"]), [])
                self._depth = 0
            elif self._list is not None:
                self._depth += 1  # a list inside an item: its text belongs to the item
        elif tag == "li" and self._list is not None and self._depth == 0:
            self._item = Capture(tag, attrs)

    def _landmark_role(self, tag: str, attrs: dict[str, str | None]) -> str | None:
        """The landmark role of an element as the HTML-AAM maps it, or None."""
        if attrs.get("role"):
            role = str(attrs["role"])
            return role if role in _LANDMARK_ROLES else None
        named = bool(attrs.get("aria-label") or attrs.get("aria-labelledby"))
        return {
            "main": "main",
            "nav": "navigation",
            "aside": "complementary",
            "section": "region" if named else None,
            "form": "form" if named else None,
            "header": None if self._sectioning else "banner",
            "footer": None if self._sectioning else "contentinfo",
        }.get(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SECTIONING:
            self._sectioning -= 1
        if tag == "label":
            self._labels -= 1
        for index in range(len(self._with_id) - 1, -1, -1):
            if self._with_id[index].tag == tag:
                capture = self._with_id.pop(index)
                self.texts[str(capture.attrs["id"])] = capture.content
                break
        if self._list is not None and tag in ("ul", "ol"):
            if self._depth:
                self._depth -= 1
            else:
                self.lists.append(self._list)
                self._list = None
        elif self._item is not None and tag == "li" and self._depth == 0:
            assert self._list is not None
            self._list[2].append(self._item.content)
            self._item = None
        if not self._open or self._open[-1].tag != tag:
            return
        capture = self._open.pop()
        if tag == "title":
            self.title = capture.content
        elif tag == "a":
            self.links.append(capture)
        elif tag == "button":
            self.buttons.append(capture)
        else:
            self.headings.append((int(tag[1]), capture.content))

    def handle_data(self, data: str) -> None:
        for capture in self._open:
            capture.text.append(data)
        for capture in self._with_id:
            capture.text.append(data)
        if not any(capture.tag == "a" for capture in self._open):
            for match in _HERE.finditer(data):
                before = " ".join(data[: match.start()].split()[-6:])
                self.unlinked_here.append(f"{before} her")
        if self._item is not None:
            self._item.text.append(data)


def audit(html: str) -> Audit:
    parser = Audit()
    parser.feed(html)
    parser.close()
    return parser


def problems(html: str, own: tuple[str, ...] = ()) -> list[str]:
    """Every structural accessibility problem of ``html``; an empty list when there is none.

    ``own``: address prefixes of the site's own stylesheets and scripts (``/static/``), which
    a page of a site may load; without it, a page must be one file.
    """
    page = audit(html)
    found: list[str] = []
    if page.lang != "da":
        found.append(f"<html lang> is {page.lang!r}, not 'da'")
    if not page.title:
        found.append("<title> is missing or empty")
    h1 = [text for level, text in page.headings if level == 1]
    if len(h1) != 1:
        found.append(f"{len(h1)} h1 headings, not exactly one")
    if page.headings and page.headings[0][0] != 1:
        found.append(f"the first heading is h{page.headings[0][0]}, not h1")
    for (before, _), (level, text) in zip(page.headings, page.headings[1:], strict=False):
        if level > before + 1:
            found.append(f"h{before} is followed by h{level} ({text!r}): a level is skipped")
    found += [f"empty h{level}" for level, text in page.headings if not text]
    found += [
        f"<img src={i.get('src')}> has no alt attribute" for i in page.images if "alt" not in i
    ]
    for link in page.links:
        text, href = link.content, link.attrs.get("href") or ""
        if not text:
            found.append(f"<a href={href}> has no text")
        elif text.lower().rstrip(".") in VAGUE_LINK_TEXTS:
            found.append(f"<a href={href}> says only {text!r}")
        elif _BARE_URL.match(text) and not href.startswith("mailto:"):
            found.append(f"<a href={href}> shows a bare address {text!r} as its text")
        if href.startswith("#") and href[1:] not in page.ids:
            found.append(f"<a href={href}> points to no element on the page")
    found += [f"'… {text}.' says 'her' but has no link" for text in page.unlinked_here]
    if page.mains != 1:
        found.append(f"{page.mains} <main> elements, not exactly one")
    seen: set[tuple[str, str]] = set()
    for role, label, labelledby in page.landmarks:
        ids = (labelledby or "").split()
        found += [
            f"aria-labelledby={ref} points to no element" for ref in ids if ref not in page.ids
        ]
        name = " ".join((label or " ".join(page.texts.get(ref, "") for ref in ids)).split())
        if (role, name) in seen:
            found.append(f"two {role} landmarks are both named {name!r}: name each uniquely")
        seen.add((role, name))
    for tag, attrs, labelled in page.controls:
        named = labelled or attrs.get("aria-label") or attrs.get("aria-labelledby")
        if not named and attrs.get("id") not in page.label_targets:
            found.append(f"<{tag} name={attrs.get('name')}> has no label")
    found += [f"<button> {b.attrs} has no text" for b in page.buttons if not b.content]
    found += [
        f"loads {resource} from elsewhere"
        for resource in page.external
        if not resource.split("=", 1)[1].rstrip(">").startswith(own or ("\0",))
    ]
    return found
