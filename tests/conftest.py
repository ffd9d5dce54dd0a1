"""Shared fixtures: paths to the read-only evaluation material beside the repository."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

# The fuzz tests' budgets: "ci" (the default) keeps them to seconds; a developer hunting
# for new failures runs HYPOTHESIS_PROFILE=long (see the README's Development section).
settings.register_profile("ci", max_examples=60, deadline=None, derandomize=False)
settings.register_profile("long", max_examples=5000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared (evaluation material) is not present")
    return SHARED


@pytest.fixture(scope="session")
def nlp():
    from rewrite_cli.nlp import load_english

    return load_english()


@pytest.fixture
def web():
    """A fresh local HTTP server (127.0.0.1 only) with no routes; tests add theirs."""
    from webserver import TestServer

    server = TestServer().start()
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def _page_cache(tmp_path_factory, monkeypatch):
    """Fetched pages are cached in a fresh folder per test, never in the user's cache."""
    monkeypatch.setenv("REWRITE_PAGE_CACHE", str(tmp_path_factory.mktemp("page-cache")))
