"""JupyterLab for using the kit: working copies of the notebooks, so using them never changes a tracked file.

``make lab`` (and ``kneecare lab``) copies each notebook of ``notebooks/`` into ``my-notebooks/`` (git-ignored)
and opens JupyterLab at the project root on a start page, ``my-notebooks/00_start_here.ipynb`` (written anew each
time: what each notebook is for, which data folder is in use and how to change it, where to start): runs,
outputs and the runner's numbers stay in the copies, and the committed notebooks stay the tested originals.
JupyterLab starts with no pop-ups: no news, no update check, no "build recommended". A copy is refreshed when
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
START = "00_start_here.ipynb"  # the start page, written by start_page
LAB_SETTINGS = ".lab-settings"  # JupyterLab's settings for the kit: no news toast, no build prompt
OVERRIDES = {
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False},
}
PAGE_CONFIG = {"buildCheck": False, "buildAvailable": False}


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
    start_page(work)
    settings = work / LAB_SETTINGS
    settings.mkdir(exist_ok=True)
    (settings / "overrides.json").write_text(json.dumps(OVERRIDES, indent=1), encoding="utf-8")
    (settings / "page_config.json").write_text(json.dumps(PAGE_CONFIG, indent=1), encoding="utf-8")
    return copies


def start_page(work: Path) -> Path:
    """Write the start page into ``work``: what each notebook is for (``words/start_page.toml``), which data
    folder the notebooks read and how to change it, and where to start; returns its path.

    >>> import tempfile
    >>> page = start_page(Path(tempfile.mkdtemp()))
    >>> cells = json.loads(page.read_text())["cells"]
    >>> print(cells[0]["source"][0])
    # Knee care, week by week: start here
    >>> print(cells[1]["source"][0].strip())
    **Data in use:** the made-up **sample** (Sam, a runner; a squad for 03), not yours.
    """
    from .dataset import folder_to_read
    from .paths import data_folder, is_sample
    from .vocab import words

    text = words("start_page")
    asked = data_folder(sample="runner")
    reads = folder_to_read(asked, sample="runner")
    if is_sample(reads):
        if asked == reads:
            where = "the made-up **sample** (Sam, a runner; a squad for 03), not yours"
        else:
            where = f"your folder `{asked}`, which holds no logs yet: until then the made-up **sample**, not yours"
    else:
        where = f"your own data in `{reads}`"
    rows = [
        f"- **[{n['file'][:2]} · {_title(n['file'])}]({n['file']})**, for {n['who']}: {n['what']}"
        for n in text["notebook"]
    ]
    cells = [
        f"# {text['title']}",
        f"**Data in use:** {where}.\n\n{text['change']}",
        "**The notebooks**\n\n" + "\n".join(rows),
        text["start"],
        f"*{text['footer']}*",
    ]
    page = {
        "cells": [
            {"cell_type": "markdown", "id": f"start-{i}", "metadata": {}, "source": _lines(c)}
            for i, c in enumerate(cells)
        ],
        "metadata": {"kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    path = work / START
    path.write_text(json.dumps(page, indent=1, ensure_ascii=False), encoding="utf-8")
    return path


def _title(name: str) -> str:
    """``"My progress"`` from ``"02_my_progress.ipynb"``."""
    words = Path(name).stem.split("_")[1:]
    return " ".join(words).capitalize()


def _lines(text: str) -> list[str]:
    return text.splitlines(keepends=True) or [""]


def command(root: Path = ROOT, *, work: Path | None = None, extra: list[str] | None = None) -> list[str]:
    """The JupyterLab command: the project root as its root, opening on the start page of the working copies
    (:func:`start_page`), with the kit's settings (:func:`working_copies` writes them)."""
    work = root / WORK if work is None else work
    jupyter = shutil.which("jupyter", path=str(Path(sys.executable).parent)) or shutil.which("jupyter") or "jupyter"
    start = work.resolve().relative_to(root.resolve()).as_posix()
    cmd = [jupyter, "lab", f"--ServerApp.root_dir={root}", f"--LabApp.default_url=/lab/tree/{start}/{START}"]
    cmd.append(f"--LabApp.app_settings_dir={work / LAB_SETTINGS}")  # no news toast, no build prompt
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
