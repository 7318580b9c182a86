from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from quanhe.dictionaries import DATA_DIR, load_dictionaries
from quanhe.pipeline import Pipeline, build_pipeline

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def dicts():
    return load_dictionaries()


@pytest.fixture(scope="session")
def pipeline(dicts) -> Pipeline:
    return build_pipeline(dicts)


@pytest.fixture(scope="session")
def shared() -> Path:
    if not (SHARED / "gold" / "seeds.events.jsonl").exists():
        pytest.skip(f"shared material not found at {SHARED} (tests that read ../shared need it)")
    return SHARED


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A private copy of the packaged data folder, for tests that edit data files and lint them."""
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target
