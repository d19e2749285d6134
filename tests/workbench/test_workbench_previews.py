"""The workbench's model of the content: rounds arranged as recipients × documents, problems
placed on what they concern, the plan without samples, the parse cache, and the previews
thread keeping the last good plan when the content breaks."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient
from workbench_helpers import copy_project

from brevgen.content import yamlfile
from brevgen.content.project import load_project
from brevgen.errors import Problem
from brevgen.plans.documents import plan_documents, plan_project
from brevgen.render import Options
from brevgen.workbench.app import create_app
from brevgen.workbench.overview import arrange, problem_file
from helpers import REPO


@pytest.fixture(scope="module")
def real():
    project = load_project(REPO)
    return project, plan_project(project, Options(), samples=False)


def test_every_round_is_arranged(real):
    project, plan = real
    overview = arrange(project, plan)
    assert [r.id for r in overview.rounds] == list(project.rounds)
    ok15 = next(r for r in overview.rounds if r.id == "ok15-regioner")
    (grid,) = ok15.grids
    assert grid.columns == ["Brev", "Bilag 1", "Bilag 2", "Brev med bilag"]
    assert [name for name, _ in grid.rows][0] == "Hovedudvalget i Region Hovedstaden"
    assert len(grid.rows) == 5 and all(all(cells) for _, cells in grid.rows)
    first = grid.rows[0][1]
    assert [d.path for d in first] == [
        "ok15-regioner/region-hovedstaden/brev.pdf",
        "ok15-regioner/region-hovedstaden/bilag-1.pdf",
        "ok15-regioner/region-hovedstaden/bilag-2.pdf",
        "ok15-regioner/region-hovedstaden/brev-med-bilag.pdf",
    ]
    assert first[0].docx == "ok15-regioner/region-hovedstaden/brev.docx"
    assert first[3].docx is None
    assert grid.source == "content/ok15-regioner/brev.yaml"
    oversigt = next(r for r in overview.rounds if r.id == "oversigt")
    assert [d.kind for d in oversigt.singles] == ["Brochure", "Webside"]
    assert all(not d.recipient for d in oversigt.singles)


def test_a_problem_shows_on_what_it_concerns(real):
    project, plan = real
    overview = arrange(project, plan)
    ok15 = next(r for r in overview.rounds if r.id == "ok15-regioner")
    appendix = Problem("content/ok15-regioner/bilag-1.yaml:4:3", "noget er galt")
    register = Problem("content/registre/personer.yaml:2:5", "noget andet")
    round_file = Problem("content/ok15-regioner/runde.yaml:1:1", "og noget tredje")
    problems = [appendix, register, round_file]
    assert problem_file(appendix) == "content/ok15-regioner/bilag-1.yaml"
    grid = ok15.grids[0]
    # The appendix and the round's own file concern the letter that encloses the appendix.
    assert overview.problems_for(grid.files, problems) == [appendix, round_file]
    assert overview.general_problems(problems) == [register]
    letter = overview.documents["ok15-regioner/region-hovedstaden/brev.pdf"]
    brochure = overview.documents["oversigt/brochure.pdf"]
    assert {"templates/html/brev.html", "content/registre/personer.yaml"} <= letter.inputs
    assert overview.problems_for(brochure.content_files, problems) == []


def test_the_plan_without_samples_is_the_plan_less_the_samples():
    full = plan_documents(REPO, Options())
    documents = plan_project(load_project(REPO), Options(), samples=False)
    sample = [o.path for o in full.outputs if "/kontrakter-eksempel/" in o.path]
    assert sample and not documents.finals
    assert [o.path for o in documents.outputs] == [
        o.path for o in full.outputs if o.path not in sample
    ]
    fingerprints = {o.path: o.fingerprint for o in full.outputs}
    assert all(fingerprints[o.path] == o.fingerprint for o in documents.outputs)


def test_a_parsed_text_is_reused_and_a_changed_one_parsed_again(tmp_path):
    path = tmp_path / "content" / "x.yaml"
    path.parent.mkdir()
    path.write_text("navn: A\ntekst: |\n  linje\n", encoding="utf-8")
    first, _ = yamlfile.load_yaml(path, tmp_path)
    again, _ = yamlfile.load_yaml(path, tmp_path)
    assert again.data is first.data  # not parsed again
    path.write_text("navn: B\n\ntekst: |\n  linje\n", encoding="utf-8")
    changed, _ = yamlfile.load_yaml(path, tmp_path)
    assert changed.data["navn"] == "B"
    assert changed.where(("tekst",)) == "content/x.yaml:3:1"  # the new text's lines
    path.write_text("navn: [\n", encoding="utf-8")
    broken, problems = yamlfile.load_yaml(path, tmp_path)
    assert broken is None and problems[0].where.startswith("content/x.yaml:")


def test_the_last_good_plan_stays_while_the_content_is_broken(built_project, tmp_path):
    root = copy_project(built_project, tmp_path / "projekt")
    app = create_app(root, watch=False)
    with TestClient(app, base_url="http://127.0.0.1") as client:
        previews = app.state.workbench.previews
        assert previews.wait(1, 180)
        overview, shas = previews.overview, dict(previews.shas)
        assert shas and not previews.problems
        letter = root / "content" / "ok15-regioner" / "bilag-1.yaml"
        good = letter.read_text(encoding="utf-8")
        letter.write_text(good.replace("nummer: 1", "nummer: en"), encoding="utf-8")
        previews.changed({"content/ok15-regioner/bilag-1.yaml"})
        assert previews.wait(2, 120)
        assert previews.problems and previews.overview is overview and previews.shas == shas
        where = [p.where for p in previews.problems]
        assert any(w.startswith("content/ok15-regioner/bilag-1.yaml:") for w in where)
        page = client.get("/dokument/ok15-regioner/region-hovedstaden/brev-med-bilag.pdf").text
        assert "content/ok15-regioner/bilag-1.yaml:" in page  # on the letter that encloses it
        assert f"v={shas['ok15-regioner/region-hovedstaden/bilag-1.pdf']}" in client.get("/").text
        letter.write_text(good, encoding="utf-8")
        previews.changed({"content/ok15-regioner/bilag-1.yaml"})
        assert previews.wait(3, 120)
        assert not previews.problems and previews.overview is not overview
        assert previews.status.state == "klar"
    # The workbench's runs are recorded as a complete build: `brevgen build` has nothing to do.
    from brevgen.commands.build import build

    result = build(root, root / "build")
    assert not result.written and not result.unchanged and len(result.skipped) > 80
