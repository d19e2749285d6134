"""Which document of round A each document of round B is compared with.

First by the predecessor a document declares (``forgaenger: ok15-regioner/brev`` in the OK18
circular), then by name (``bilag-1`` with ``bilag-1``, and every document when A and B are
one round at two points of its history). What is left is new in B or gone from A.
"""

from __future__ import annotations

from dataclasses import dataclass

from brevgen.content.models import Appendix, Brochure, Contract, Letter, Mail, Page
from brevgen.content.project import Round, SourcedDocument

BY_PREDECESSOR, BY_NAME = "forgænger", "navn"
# The order documents are reported in: letters first, as they are read.
_KINDS = (Letter, Appendix, Contract, Page, Brochure, Mail)


@dataclass(frozen=True)
class Pair:
    a: SourcedDocument | None
    b: SourcedDocument | None
    how: str = ""  # BY_PREDECESSOR or BY_NAME; "" when one side is missing

    @property
    def name(self) -> str:
        """A file stem for the pair: ``bilag-1``, ``brev--cirkulaere``."""
        if self.a and self.b and self.a.id != self.b.id:
            return f"{self.a.id}--{self.b.id}"
        return (self.b or self.a).id  # type: ignore[union-attr]

    @property
    def label(self) -> str:
        """How the pair is named to staff: ``bilag-1``, ``brev → cirkulaere``."""
        return self.name.replace("--", " → ")


def _rank(doc: SourcedDocument) -> tuple[int, str]:
    kind = next((i for i, k in enumerate(_KINDS) if isinstance(doc.model, k)), len(_KINDS))
    return kind, doc.id


def pair_documents(a: Round, b: Round) -> list[Pair]:
    """Every document of both rounds, paired where they correspond, letters first."""
    taken: set[str] = set()
    pairs: list[Pair] = []
    partner: dict[str, tuple[str, str]] = {}
    for doc in b.documents.values():
        link = doc.model.predecessor or ""
        round_id, _, doc_id = link.partition("/")
        if round_id == a.id and doc_id in a.documents and doc_id not in taken:
            partner[doc.id] = (doc_id, BY_PREDECESSOR)
            taken.add(doc_id)
    for doc in b.documents.values():
        if doc.id not in partner and doc.id in a.documents and doc.id not in taken:
            partner[doc.id] = (doc.id, BY_NAME)
            taken.add(doc.id)
    for doc in sorted(b.documents.values(), key=_rank):
        if doc.id in partner:
            doc_id, how = partner[doc.id]
            pairs.append(Pair(a.documents[doc_id], doc, how))
        else:
            pairs.append(Pair(None, doc))
    for doc in sorted(a.documents.values(), key=_rank):
        if doc.id not in taken:
            pairs.append(Pair(doc, None))
    return pairs
