"""Which folder a notebook reads, and how it is named in what the notebook prints."""

from pathlib import Path

from kneecare_analysis import paths


def test_sample_is_named_from_the_notebooks_folder_the_same_on_every_machine(monkeypatch):
    monkeypatch.setenv("KNEECARE_DATA", "sample")
    monkeypatch.chdir(paths.ROOT / "notebooks")
    assert paths.data_folder(sample="runner") == Path("../data/sample/runner")
    assert paths.is_sample(paths.data_folder(sample="runner"))


def test_outside_the_project_the_folder_is_absolute(monkeypatch, tmp_path):
    monkeypatch.setenv("KNEECARE_DATA", "sample")
    monkeypatch.chdir(tmp_path)
    assert paths.data_folder(sample="squad") == paths.ROOT / "data" / "sample" / "squad"


def test_the_environment_variable_wins_and_is_kept_as_written(monkeypatch, tmp_path):
    monkeypatch.setenv("KNEECARE_DATA", str(tmp_path / "mine"))
    assert paths.data_folder(sample="runner") == tmp_path / "mine"


def test_personal_logs_come_before_the_sample_unless_the_sample_is_asked_for(monkeypatch, tmp_path):
    (tmp_path / "routine_log.csv").write_text("date,drill,amount\n2026-03-02,clamshell,15\n")
    monkeypatch.setattr(paths, "PERSONAL_DIR", tmp_path)
    monkeypatch.chdir(paths.ROOT)
    monkeypatch.delenv("KNEECARE_DATA", raising=False)
    assert paths.data_folder(sample="runner") == tmp_path
    monkeypatch.setenv("KNEECARE_DATA", "sample")
    assert paths.data_folder(sample="runner") == Path("data/sample/runner")
