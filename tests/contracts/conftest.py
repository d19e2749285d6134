"""Shared fixtures for the contracts tests; the helpers are in ``tests/register_rows.py``."""

from __future__ import annotations

import pytest

from brevgen.contracts.terms import RoundTerms
from register_rows import ok15_terms


@pytest.fixture
def terms() -> RoundTerms:
    return ok15_terms()
