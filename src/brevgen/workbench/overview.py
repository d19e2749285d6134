"""A plan arranged as people look at it: rounds, each letter as recipients × documents, and
the documents that stand alone (an appendix no letter encloses, a brochure, a web page).

It also places each problem on what it concerns. A content problem is located in a file
(``content/ok15-regioner/brev.yaml:13:9``); a document concerns the files its views were
made from and the layout files it uses (the plan records both as the output's inputs), so a
broken appendix shows on the appendix, on the letters that enclose it and in the round.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from brevgen.content.models import Letter
from brevgen.content.project import Project
from brevgen.errors import Problem
from brevgen.pipeline.plan import Output, Plan
from brevgen.views import View

ROUND_FILE = "runde.yaml"


def problem_file(problem: Problem) -> str:
    """The project file a problem is located in (``content/x/brev.yaml:13:9`` -> its file)."""
    return problem.where.split(":", 1)[0]


def own_file(view: View) -> str:
    """The content file a document is written in (its round's runde.yaml aside)."""
    files = [i for i in view.inputs if not i.endswith(f"/{ROUND_FILE}")]
    return files[0] if files else (view.inputs[-1] if view.inputs else "")


@dataclass
class Document:
    """One output the workbench shows: a PDF (with its DOCX when there is one) or a web page."""

    output: Output
    kind: str  # Brev, Bilag 1, Brev med bilag, Brochure, Webside …
    recipient: str | None  # the recipient's name, for a letter and what goes with it
    docx: str | None  # the path of the DOCX of the same document

    @property
    def path(self) -> str:
        return self.output.path

    @property
    def view(self) -> View:
        return self.output.parts[0]  # type: ignore[return-value]

    @property
    def title(self) -> str:
        return self.view.title

    @property
    def heading(self) -> str:
        return f"{self.kind}: {self.title}" + (f" – {self.recipient}" if self.recipient else "")

    @property
    def is_pdf(self) -> bool:
        return self.output.format == "pdf"

    @property
    def source(self) -> str:
        return own_file(self.view)

    @property
    def round_id(self) -> str:
        return self.path.split("/", 1)[0]

    @property
    def content_files(self) -> set[str]:
        """The content files its views were made from (a letter's include its appendices')."""
        return {i for view in self.output.parts for i in getattr(view, "inputs", ())}

    @property
    def inputs(self) -> set[str]:
        """Every project file it depends on: content, layouts, registers."""
        return set(self.output.inputs)


@dataclass
class Grid:
    """A letter: one row per recipient, one column per document they get."""

    title: str
    source: str
    columns: list[str]
    rows: list[tuple[str, list[Document | None]]]
    files: set[str] = field(default_factory=set)  # the content files of its documents


@dataclass
class Round:
    id: str
    name: str
    grids: list[Grid]
    singles: list[Document]
    files: set[str]  # every content file of the round


@dataclass
class Overview:
    rounds: list[Round]
    documents: dict[str, Document]  # by output path

    def problems_for(self, files: set[str], problems: list[Problem]) -> list[Problem]:
        return [p for p in problems if problem_file(p) in files]

    def round_problems(self, rnd: Round, problems: list[Problem]) -> list[Problem]:
        """The round's problems that no letter or single document of it shows."""
        shown = set().union(*(g.files for g in rnd.grids), *(d.content_files for d in rnd.singles))
        return [
            p
            for p in problems
            if problem_file(p).startswith(f"content/{rnd.id}/") and problem_file(p) not in shown
        ]

    def general_problems(self, problems: list[Problem]) -> list[Problem]:
        """Problems outside every round's folder: registers, templates, the project."""
        folders = tuple(f"content/{r.id}/" for r in self.rounds)
        return [p for p in problems if not problem_file(p).startswith(folders)]


def arrange(project: Project, plan: Plan) -> Overview:
    by_path = {o.path: o for o in plan.outputs}
    documents: dict[str, Document] = {}
    rounds = []
    for rnd in project.rounds.values():
        grids = [
            _grid(rnd.id, doc.id, by_path, documents)
            for doc in rnd.documents.values()
            if isinstance(doc.model, Letter)
        ]
        grids = [g for g in grids if g.rows]
        in_grid = {d.path for g in grids for _, row in g.rows for d in row if d}
        singles = []
        for output in plan.outputs:
            parts = output.path.split("/")
            if len(parts) != 2 or parts[0] != rnd.id or output.format not in ("pdf", "html"):
                continue
            if output.path in in_grid:
                continue
            document = Document(output, _single_kind(output), None, _docx(output.path, by_path))
            singles.append(document)
            documents[output.path] = document
        files = {doc.source.display for doc in rnd.documents.values()} | {rnd.source.display}
        rounds.append(Round(rnd.id, rnd.info.name, grids, singles, files))
    return Overview(rounds, documents)


def _docx(pdf_path: str, by_path: dict[str, Output]) -> str | None:
    docx = pdf_path.rsplit(".", 1)[0] + ".docx"
    return docx if docx in by_path else None


def _single_kind(output: Output) -> str:
    view = output.parts[0]
    if output.format == "html":
        return "Webside"
    if view.layout == "bilag":
        return f"Bilag {view.context.get('nummer', '')}".strip()
    return {"brochure": "Brochure", "brev": "Brev"}.get(view.layout, view.layout.capitalize())


def _grid(round_id: str, doc_id: str, by_path: dict[str, Output], documents) -> Grid:
    letters = [
        o
        for o in by_path.values()
        if o.format == "pdf"
        and o.path.startswith(f"{round_id}/")
        and o.path.count("/") == 2
        and o.path.endswith(f"/{doc_id}.pdf")
    ]
    columns: list[str] = ["Brev"]
    rows = []
    files: set[str] = set()
    for letter in letters:
        folder = letter.path.rsplit("/", 1)[0]
        view = letter.parts[0]
        recipient = view.context.get("modtager", {}).get("navn") or folder.split("/")[-1]
        combined = by_path.get(f"{folder}/{doc_id}-med-bilag.pdf")
        appendices = list(combined.parts[1:]) if combined else []
        cells: list[Document | None] = [
            Document(letter, "Brev", recipient, _docx(letter.path, by_path))
        ]
        for appendix in appendices:
            label = f"Bilag {appendix.context.get('nummer', '')}".strip()
            if label not in columns:
                columns.append(label)
            output = by_path.get(f"{folder}/{appendix.slug}.pdf")
            cells.append(
                Document(output, label, recipient, _docx(output.path, by_path)) if output else None
            )
        if combined is not None:
            if "Brev med bilag" not in columns:
                columns.append("Brev med bilag")
            cells.append(Document(combined, "Brev med bilag", recipient, None))
        for cell in cells:
            if cell is not None:
                documents[cell.path] = cell
                files.update(cell.content_files)
        rows.append((recipient, cells))
    width = len(columns)
    rows = [(name, cells + [None] * (width - len(cells))) for name, cells in rows]
    first = letters[0].parts[0] if letters else None
    return Grid(
        first.title if first else doc_id,
        own_file(first) if first else "",
        columns,
        rows,
        files,
    )
