"""Property-based: whatever a person types into a content file, brevgen answers with a
valid plan or located Danish problems, never a traceback.

Random YAML values (dates, numbers, text, lists), Markdown and merge-field fragments are
put into a letter and an appendix; ``plan`` either succeeds or raises ContentError whose
every problem names its file (and line where there is one).
"""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from brevgen.errors import ContentError
from brevgen.plans.documents import plan_documents
from brevgen.render import Options
from helpers import APPENDIX, LETTER, make_project

WHERE = re.compile(r"content/test/(brev|bilag-1|runde)\.yaml(:\d+(:\d+)?)?")
NOT_DANISH = re.compile(r"Traceback|Exception\b|object at 0x")

yaml_value = st.one_of(
    st.sampled_from(
        [
            "2016-02-30", "2016-02-31x", "2016-13-01", "0000-01-01", "9999-12-31", "!!int x",
            "!!bool måske", "[a, b", "{a: 1}", "~", "null", "'", '"', "&a x", "*b", "|", ">",
            "- a", "1e999", ".nan", "0x1F", "ja", "nej", "'{{ modtager.navn }}'",
        ]
    ),
    st.text(st.characters(exclude_categories=("Cs",)), max_size=30),
    st.integers(),
    st.dates().map(str),
)  # fmt: skip
fragment = st.sampled_from(
    [
        "{{ modtager.navn }}", "{{ modtager.navnn }}", "{{ runde.tilbudsperiode.fra | dato }}",
        "{{ runde.tilbudsperiode.fraa }}", "{{ runde }}", "{{ 7*7 }}", "{% if modtager.att %}",
        "{% endif %}", "{% for t in runde.temaer %}{{ t.navn }}{% endfor %}", "{{", "}}",
        "{%", "%}", "{{ modtager.navn | fed }}", "{{ modtager.navn | dato }}", "**fed**",
        "*kursiv*", "## Overskrift", "- punkt", "1. punkt", "[link](https://x.dk)", "<b>x</b>",
        "\\", "`kode`", "> citat", "---", "| a | b |", "\u202e", "\u00ad", "😀",
        "{{ personer.ltc.telefon | telefon }}", "{{ ''.__class__ }}", "{{ range(10**9) }}",
    ]
)  # fmt: skip
markdown = st.lists(st.one_of(fragment, st.text(max_size=20)), max_size=8).map(" ".join)


def _indent(text: str) -> str:
    return "\n".join("  " + line for line in (text or " ").splitlines() or [" "])


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return make_project(tmp_path_factory.mktemp("indhold"))


def check(root, date: str, title: str, body: str, appendix_body: str) -> None:
    letter = LETTER.replace("dato: 2016-03-14", f"dato: {date}")
    letter = letter.replace("titel: Et bedre psykisk arbejdsmiljø", f"titel: {title}")
    letter = letter.replace("  - vold og trusler.", _indent(body))
    appendix = APPENDIX.replace(
        "  De lokale parter kan i enighed rekvirere ekspertrådgivning.", _indent(appendix_body)
    )
    (root / "content/test/brev.yaml").write_text(letter, encoding="utf-8")
    (root / "content/test/bilag-1.yaml").write_text(appendix, encoding="utf-8")
    try:
        plan_documents(root, Options())
    except ContentError as exc:
        assert exc.problems
        for problem in exc.problems:
            assert WHERE.fullmatch(problem.where), problem
            assert problem.message and not NOT_DANISH.search(problem.message), problem


@given(date=yaml_value, title=yaml_value, body=markdown, appendix_body=markdown)
@example(date="2016-02-30", title="x", body="{% if modtager.att %}", appendix_body="")
@example(date="!!int x", title="'", body="{{ runde }}", appendix_body="{{ ''.__class__ }}")
@example(date="2016-03-14", title="{{ 7*7 }}", body="\u202e {{ range(10**9) }}", appendix_body="")
@example(date="2016-02-30", title="2016-02-30", body="", appendix_body="{{ range(10**9) }}")
def test_any_content_gives_a_plan_or_located_danish_problems(
    project, date, title, body, appendix_body
):
    check(project, str(date), str(title), body, appendix_body)
