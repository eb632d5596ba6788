"""Set-up: pyproject and environment.yml agree; the import is light; the docs' examples load."""

import re
import subprocess
import sys

import pytest

import kneecare_analysis as kc

from .conftest import ROOT

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


def _name_spec(requirement: str) -> tuple[str, str]:
    requirement = requirement.split(";")[0].strip()
    name = re.match(r"[A-Za-z0-9_.\-]+", requirement).group(0)
    return name.lower().replace("_", "-"), requirement[len(name) :].replace(" ", "")


def test_environment_yml_lists_the_same_dependencies():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pip = dict(_name_spec(r) for r in project["dependencies"])
    for extra in project["optional-dependencies"].values():
        pip.update(_name_spec(r) for r in extra)
    conda = {}
    text = (ROOT / "environment.yml").read_text()
    for line in text.split("dependencies:", 1)[1].splitlines():
        m = re.match(r"^  - ([A-Za-z0-9_.\-]+[^#]*)$", line)
        if m and not m.group(1).startswith(("python", "pip")):
            name, spec = _name_spec(m.group(1))
            conda[name] = spec
    assert conda == pip


def test_import_is_light():
    heavy = "('pandas', 'matplotlib', 'ipywidgets', 'scipy')"
    code = f"import sys, kneecare_analysis as kc; kc.DEFAULT_ROUTINE; print([m for m in {heavy} if m in sys.modules])"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_public_api_names():
    for name in [
        "DEFAULT_ROUTINE",
        "load_routine",
        "load_routine_log",
        "load_pain_log",
        "load_runs",
        "load_dataset",
        "LogFormatError",
    ]:
        assert hasattr(kc, name), name
    with pytest.raises(AttributeError):
        kc.no_such_thing  # noqa: B018


def _blocks(lang: str) -> list[str]:
    text = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    return re.findall(rf"```{lang}\n(.*?)```", text, flags=re.S)


def test_every_data_readme_example_loads(tmp_path):
    long_log, checklist, pain, runs, questionnaires = _blocks("csv")
    (tmp_path / "long.csv").write_text(long_log, encoding="utf-8")
    log = kc.load_routine_log(tmp_path / "long.csv")
    assert len(log) == 7 and log["reps"].sum() == 20 + 18 + 20 + 20
    (tmp_path / "check.csv").write_text(checklist, encoding="utf-8")
    assert len(kc.load_routine_log(tmp_path / "check.csv")) == 9 + 3 + 9
    assert kc.load_pain_log(tmp_path / "check.csv")["pain"].tolist() == [3.0, 4.5, 2.0]
    (tmp_path / "pain.csv").write_text(pain, encoding="utf-8")
    assert kc.load_pain_log(tmp_path / "pain.csv")["pain"].tolist() == [5.0, 3.0, 4.5, 2.0]
    (tmp_path / "runs.csv").write_text(runs, encoding="utf-8")
    assert kc.load_runs(tmp_path / "runs.csv")["distance_km"].tolist() == [8.2, 6.5]
    (tmp_path / "questionnaires.csv").write_text(questionnaires, encoding="utf-8")
    answers = kc.load_questionnaires(tmp_path / "questionnaires.csv")
    assert answers["instrument"].astype(str).tolist() == ["akps", "psfs", "groc"]
    assert answers["answer"].tolist() == [0, 4, 4]
    routine_toml, settings_toml = _blocks("toml")
    (tmp_path / "routine.toml").write_text(routine_toml, encoding="utf-8")
    routine = kc.load_routine(tmp_path / "routine.toml")
    assert routine.ids == ["clamshell", "couch_stretch", "wall_sit"] and routine.sessions_per_week == 3
    from kneecare_analysis.loaders.settings import read_settings

    (tmp_path / "kneecare.toml").write_text(settings_toml, encoding="utf-8")
    settings = read_settings(tmp_path)
    assert (settings.units, settings.time_zone, settings.dayfirst) == ("mi", "Europe/Oslo", True)
    assert (settings.athlete, settings.run_types) == ("Ana", ("Futás",))
