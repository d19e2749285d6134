"""The benchmark runs end to end in --quick mode and prints every figure (no timing checks)."""

from __future__ import annotations

import re
import shutil

import bench
from helpers import REPO


def test_quick_benchmark_prints_every_figure(capsys):
    assert bench.main(["--quick", "--projekt", str(REPO)]) == 0
    lines = capsys.readouterr().out.splitlines()
    starts = [
        "brevgen-benchmark: ",
        "Register: 12 rækker",
        "Referencen er målt på 3 af de ",
        "Reference DOCX (ny DocxTemplate: load/render/save): ",
        "Reference PDF (ny WeasyPrint HTML().write_pdf): ",
        "Reference i alt (DOCX + PDF, 1 kerne): ",
        "brevgen DOCX alene (1 proces, samme rækker): ",
        "brevgen kontrakter (DOCX + PDF + rapport skrevet, 2 processer",
        "Ens bytes med 1 og 2 processer",
        "Hukommelse, 40 rækker",
        "Build af runden oversigt (i processen): kold med 1 proces ",
        "Kold build med 2 processer: ",
        "Build uden ændringer: ",
        "Build uden ændringer som kommando (brevgen build, median af 5): ",
        "brevgen diff ok15-regioner ok18-regioner: kold ",
        "Værkstedet (brevgen serve): fra gemt ændring i brev.yaml til det åbne brevs nye side 1, "
        "median af 3 ændringer: ",
        "Resultat: ",
    ]
    if shutil.which("soffice") or shutil.which("libreoffice"):
        starts.insert(8, "LibreOffice (soffice --headless --convert-to pdf, 2 DOCX-filer i én")
        starts.insert(9, "brevgen DOCX + PDF mod LibreOffices konvertering alene: ")
    else:
        starts.insert(8, "LibreOffice: sprunget over")
    assert len(lines) == len(starts), lines
    for line, start in zip(lines, starts, strict=True):
        assert line.startswith(start), (line, start)
    assert "ms/række" in lines[3] and "rækker/s" in lines[3]
    # The reference is timed on both sides of brevgen's run: two figures, one per half.
    assert re.search(r"halvdelen efter brevgens kørsel: PDF [\d.,]+ og [\d.,]+ ms/række", lines[2])
    assert "alle ens — nået" in lines[starts.index("Ens bytes med 1 og 2 processer")]
    memory = lines[starts.index("Hukommelse, 40 rækker")]
    assert "højeste forbrug" in memory and "MB" in memory
    assert lines[-1].startswith(("Resultat: alle", "Resultat: ")) and lines[-1].endswith(".")
