"""The public API documents itself: every name in ``kneecare_analysis.__all__`` says its parameters, what it
returns and shows an example (run as a doctest by ``make test``); no docstring points outside the project."""

from __future__ import annotations

import inspect
import subprocess
import sys

import pytest

import kneecare_analysis as kc

from .conftest import ROOT

CONSTANTS = {"DEFAULT_ROUTINE"}  # an instance: documented by its class, Routine


@pytest.mark.parametrize("name", sorted(set(kc.__all__) - CONSTANTS))
def test_every_public_name_has_parameters_returns_and_an_example(name):
    obj = getattr(kc, name)
    doc = inspect.getdoc(obj) or ""
    assert ">>> " in doc, f"{name}: no example"
    if inspect.ismodule(obj):
        return
    assert "Parameters\n----------" in doc, f"{name}: no Parameters section"
    if inspect.isfunction(obj):
        assert "Returns\n-------" in doc, f"{name}: no Returns section"
        documented = {
            p.strip()
            for line in doc.split("Parameters\n----------")[1].split("\n\n")[0].splitlines()
            if not line.startswith(" ")
            for p in line.split(":")[0].replace("*", "").split(",")
        }
        for parameter in inspect.signature(obj).parameters:
            assert parameter in documented, f"{name}: parameter {parameter!r} is not documented"


def _charts_and_widgets():
    from kneecare_analysis import plots, widgets

    charts = [
        f
        for name, f in vars(plots).items()
        if inspect.isfunction(f) and f.__module__ == plots.__name__ and not name.startswith("_")
    ]
    return charts + [getattr(widgets, name) for name in widgets.__all__]


@pytest.mark.parametrize("obj", _charts_and_widgets(), ids=lambda obj: obj.__name__)
def test_every_chart_and_widget_says_its_parameters_and_shows_an_example(obj):
    doc = inspect.getdoc(obj) or ""
    assert ">>> " in doc and "Examples\n--------" in doc, f"{obj.__name__}: no example"
    assert inspect.isclass(obj) or "Returns\n-------" in doc, f"{obj.__name__}: no Returns section"
    wanted = inspect.signature(obj.__init__ if inspect.isclass(obj) else obj).parameters
    for parameter in wanted:
        assert parameter in ("self",) or f"{parameter} :" in doc or f", {parameter}" in doc, (obj.__name__, parameter)


def test_no_docstring_points_to_a_document_outside_the_project():
    for path in [*(ROOT / "kneecare_analysis").rglob("*.py"), *(ROOT / "tests").rglob("*.py")]:
        assert "design " + "§" not in path.read_text(encoding="utf-8"), path
    assert (ROOT / "docs" / "architecture.md").is_file()


def test_the_import_raises_no_warning():
    done = subprocess.run(
        [sys.executable, "-W", "error", "-c", "import kneecare_analysis"], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
