"""Shared fixtures: the sample corpus carried by the project, and ../shared when it is there."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "ingest" / "sample_corpus"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def sample_files() -> list[Path]:
    return sorted(SAMPLE.glob("*.txt"))


@pytest.fixture(scope="session")
def extra_dir() -> Path:
    extra = SHARED / "corpus-extra"
    if not extra.is_dir():
        pytest.skip("../shared/corpus-extra is not beside the project")
    return extra
