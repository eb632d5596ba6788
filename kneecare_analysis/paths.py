"""Where data lives: the shipped sample, the git-ignored personal folder, or wherever ``KNEECARE_DATA`` points.

>>> from kneecare_analysis import paths
>>> paths.is_sample(paths.SAMPLE_DIR / "runner")
True
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_DIR = ROOT / "data" / "sample"
PERSONAL_DIR = ROOT / "data" / "personal"
ENV_VAR = "KNEECARE_DATA"


def data_dir(default: str | Path = PERSONAL_DIR) -> Path:
    """``$KNEECARE_DATA`` when set, else ``default``."""
    value = os.environ.get(ENV_VAR, "").strip()
    return Path(value).expanduser() if value else Path(default)


def is_sample(path: str | Path) -> bool:
    """Whether ``path`` lies inside the shipped sample data (which nothing may write into)."""
    try:
        Path(path).resolve().relative_to(SAMPLE_DIR.resolve())
    except ValueError:
        return False
    return True
