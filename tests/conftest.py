"""Shared fixtures: paths to the read-only evaluation material beside the repository."""

from __future__ import annotations

from pathlib import Path

import pytest

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
