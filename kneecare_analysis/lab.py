"""JupyterLab for using the kit: working copies of the notebooks, so using them never changes a tracked file.

``make lab`` (and ``kneecare lab``) copies each notebook of ``notebooks/`` into ``my-notebooks/`` (git-ignored)
and opens JupyterLab at the project root with that folder as the start page: runs, outputs and the runner's
numbers stay in the copies, and the committed notebooks stay the tested originals. A copy is refreshed when
the kit's notebook has changed and the copy has not (you never lose your own edits); ``my-notebooks/.copies.json``
records what each copy was made from.

>>> sorted(p.name for p in originals())[:1]
['01_routine_walkthrough.ipynb']
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from .paths import ROOT

WORK = "my-notebooks"
RECORD = ".copies.json"


def originals(root: Path = ROOT) -> list[Path]:
    return sorted((root / "notebooks").glob("*.ipynb"))


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def working_copies(root: Path = ROOT, *, work: Path | None = None) -> list[Path]:
    """Make or refresh the working copies in ``work`` (default ``root/my-notebooks``); returns their paths."""
    work = root / WORK if work is None else work
    work.mkdir(parents=True, exist_ok=True)
    record_path = work / RECORD
    record = json.loads(record_path.read_text(encoding="utf-8")) if record_path.exists() else {}
    copies = []
    for original in originals(root):
        copy = work / original.name
        made = record.get(original.name, {})
        fresh = _digest(original)
        untouched = copy.exists() and _digest(copy) == made.get("copy")
        if not copy.exists() or (untouched and made.get("original") != fresh):
            shutil.copyfile(original, copy)
            record[original.name] = {"original": fresh, "copy": _digest(copy)}
        copies.append(copy)
    record_path.write_text(json.dumps(record, indent=1, sort_keys=True), encoding="utf-8")
    return copies


def command(root: Path = ROOT, *, work: Path | None = None, extra: list[str] | None = None) -> list[str]:
    """The JupyterLab command: the project root as its root, the working copies as the start page."""
    work = root / WORK if work is None else work
    jupyter = shutil.which("jupyter", path=str(Path(sys.executable).parent)) or shutil.which("jupyter") or "jupyter"
    start = work.resolve().relative_to(root.resolve()).as_posix()
    cmd = [jupyter, "lab", f"--ServerApp.root_dir={root}", f"--LabApp.default_url=/lab/tree/{start}"]
    cmd += [  # nothing fetched from outside: no news, no update check, no extension listing from PyPI
        "--LabApp.news_url=",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--LabApp.extension_manager=readonly",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")  # root in a container
    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        cmd.append("--no-browser")  # no screen to open a browser on
    return cmd + list(extra or [])


def main(argv: list[str] | None = None) -> int:
    """``python -m kneecare_analysis.lab [JUPYTER OPTIONS]``: make the working copies, open JupyterLab."""
    working_copies()
    return subprocess.call(command(extra=list(sys.argv[1:] if argv is None else argv)))


if __name__ == "__main__":
    sys.exit(main())
