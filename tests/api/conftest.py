"""The sample corpus built once through the public API."""

from __future__ import annotations

from pathlib import Path

import pytest

import tifa
from tifa.pipeline import Build


@pytest.fixture(scope="session")
def api_build(corpus_dir: Path) -> Build:
    return tifa.build([corpus_dir])
