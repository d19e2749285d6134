"""Whitespace and case folding shared by heading matching and value lookups."""

from __future__ import annotations


def squash(text: str) -> str:
    """Strip and collapse runs of whitespace (also non-breaking spaces) to one space."""
    return " ".join(text.split())


def fold(text: str) -> str:
    """The form two user-typed names are compared in: squashed and case-folded."""
    return squash(text).casefold()
