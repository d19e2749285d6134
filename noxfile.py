"""Developer sessions: tests, lint, build, bench."""

import nox

nox.options.sessions = ["tests", "lint"]


@nox.session
def tests(session: nox.Session) -> None:
    session.install("-e", ".[test]")
    session.run("pytest", "-q", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    session.install("ruff")
    session.run("ruff", "check", "src", "tests", "scripts", "noxfile.py")


@nox.session
def build(session: nox.Session) -> None:
    session.install("-e", ".")
    session.run("brevgen", "build", *session.posargs)


@nox.session
def bench(session: nox.Session) -> None:
    """The speed benchmark (python -m brevgen.bench); pass options after --, e.g. -- --quick."""
    session.install("-e", ".")
    session.run("python", "-m", "brevgen.bench", *session.posargs)
