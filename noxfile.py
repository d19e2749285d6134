"""Developer sessions: tests, lint, build (and bench, once the benchmark lands)."""

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
