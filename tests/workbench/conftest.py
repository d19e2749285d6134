"""Fixtures for the workbench: a built copy of the real content, the app in this process
(Starlette's TestClient), and Debian's Chromium driven by Playwright (nothing downloaded)."""

from __future__ import annotations

from pathlib import Path

import pytest
from workbench_helpers import CHROMIUM, CHROMIUM_ARGS, copy_project

from brevgen.commands.build import build
from helpers import make_project


@pytest.fixture(scope="session")
def built_project(tmp_path_factory) -> Path:
    """The real content, built once; copy it before changing anything."""
    root = make_project(tmp_path_factory.mktemp("vaerksted-bygget"), real_content=True)
    result = build(root, root / "build", workers=2)
    assert not result.failed
    return root


@pytest.fixture(scope="module")
def module_project(built_project, tmp_path_factory) -> Path:
    return copy_project(built_project, tmp_path_factory.mktemp("vaerksted") / "projekt")


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium is not installed (CI installs Debian's chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
