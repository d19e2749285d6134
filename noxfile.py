"""Developer sessions: tests, lint, build, bench, and the development tools in scripts/."""

import nox

nox.options.sessions = ["tests", "lint"]


@nox.session
def tests(session: nox.Session) -> None:
    session.install("-e", ".[test]")
    session.run("pytest", "-q", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    session.install("ruff")
    session.run("ruff", "check", "src", "tests", "scripts", "benchmarks", "noxfile.py")


@nox.session
def build(session: nox.Session) -> None:
    session.install("-e", ".")
    session.run("brevgen", "build", *session.posargs)


@nox.session
def bench(session: nox.Session) -> None:
    """The speed benchmark (benchmarks/bench.py); pass options after --, e.g. -- --quick."""
    session.install("-e", ".")
    session.run("python", "benchmarks/bench.py", *session.posargs)


@nox.session
def sample(session: nox.Session) -> None:
    """Write a round's sample contracts register again (scripts/make_sample_register.py)."""
    session.install("-e", ".")
    session.run("python", "scripts/make_sample_register.py", *session.posargs)


@nox.session
def templates(session: nox.Session) -> None:
    """Write the DOCX layouts in templates/docx again (scripts/make_docx_templates.py)."""
    session.install("-e", ".")
    session.run("python", "scripts/make_docx_templates.py", *session.posargs)
