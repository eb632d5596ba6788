"""Shared fixtures: file writers, the repository's folders, and a guard that the sample data is never touched."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample"


def _digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="session", autouse=True)
def sample_untouched():
    """Every test run ends with data/sample/ exactly as it started."""
    before = _digest(SAMPLE)
    yield
    assert _digest(SAMPLE) == before, "a test wrote into data/sample/"


@pytest.fixture
def write(tmp_path):
    """``write("name.csv", text_or_bytes, encoding="utf-8")`` → the path of a new file in a temp folder."""

    def _write(name: str, content: str | bytes, encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            path.write_bytes(content.encode(encoding))
        else:
            path.write_bytes(content)
        return path

    return _write
