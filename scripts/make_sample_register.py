"""Write content/<round>/kontrakter-eksempel.xlsx, the sample register every build runs.

Run from the project root after changing the round's providers, themes or period:

    python scripts/make_sample_register.py ok15-regioner

The rows are generated deterministically (``sample_register.py`` beside this script): 30 plausible
requests, including one of each kind of rejection and late dialogues and contracts.
"""

from __future__ import annotations

import sys
from pathlib import Path

from brevgen.content.project import load_project
from brevgen.contracts.round_terms import round_terms
from brevgen.plans.documents import SAMPLE_REGISTER
from sample_register import make_register


def main(round_id: str = "ok15-regioner") -> None:
    root = Path(__file__).resolve().parent.parent
    project = load_project(root, round_id)
    rnd = project.rounds[round_id]
    path = make_register(rnd.folder / SAMPLE_REGISTER, round_terms(project, rnd), rows=30)
    print(f"wrote {path.relative_to(root)}")


if __name__ == "__main__":
    main(*sys.argv[1:])
