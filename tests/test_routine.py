"""The default prescription and prescriptions read from TOML."""

import pytest

import kneecare_analysis as kc
from kneecare_analysis.routine import load_routine


def test_default_routine_matches_the_design_table():
    r = kc.DEFAULT_ROUTINE
    assert r.sessions_per_week == 7
    rows = [(d.id, d.kind, d.sided, d.target, d.minimum) for d in r.drills]
    assert rows == [
        ("self_massage", "timed", False, 300, 300),
        ("hip_abduction", "reps", True, 20, 15),
        ("clamshell", "reps", True, 20, 15),
        ("glute_bridge", "reps", True, 20, 15),
        ("couch_stretch", "timed", True, 120, 120),
    ]
    assert all(len(d.cues) >= 2 for d in r.drills)


@pytest.mark.parametrize(
    "name, drill",
    [
        ("Foam rolling", "self_massage"),
        ("stick massage", "self_massage"),
        ("Side-lying hip abductions", "hip_abduction"),
        ("side_leg_raise", "hip_abduction"),
        ("CLAM SHELLS", "clamshell"),
        ("clams", "clamshell"),
        ("Single-leg glute bridges", "glute_bridge"),
        ("hip bridge", "glute_bridge"),
        ("couch stretches", "couch_stretch"),
        ("Hip-flexor stretch", "couch_stretch"),
        ("quad_stretch", "couch_stretch"),
        ("self_massage", "self_massage"),
        ("squat", None),
    ],
)
def test_aliases(name, drill):
    assert kc.DEFAULT_ROUTINE.resolve(name) == drill


def test_toml_prescription_inherits_defaults(write):
    path = write(
        "routine.toml",
        'name = "Block 2"\nsessions_per_week = 3\n\n[[drill]]\nid = "clamshell"\ntarget = 30\nminimum = 25\n\n'
        '[[drill]]\nid = "wall_sit"\nkind = "timed"\nsided = false\ntarget = 60\naliases = ["wall squat"]\n',
    )
    r = load_routine(path)
    assert r.name == "Block 2" and r.sessions_per_week == 3
    clam = r.drill("clamshell")
    assert (clam.kind, clam.sided, clam.target, clam.minimum) == ("reps", True, 30, 25)
    assert clam.cues == kc.DEFAULT_ROUTINE.drill("clamshell").cues
    wall = r.drill("wall_sit")
    assert (wall.kind, wall.sided, wall.target, wall.minimum) == ("timed", False, 60.0, 60)
    assert r.resolve("Wall squats") == "wall_sit"
    assert r.resolve("foam roll") is None  # not in this prescription


@pytest.mark.parametrize(
    "body, line, fragment",
    [
        ('[[drill]]\nid = "clamshell"\ntarget = 20\nminimum = 25\n', 2, "no higher than the target"),
        ('[[drill]]\nid = "plank"\nkind = "hold"\ntarget = 60\n', 2, "'reps' or 'timed'"),
        ('[[drill]]\nid = "clamshell"\ntarget = -5\n', 2, "positive number of reps"),
        ('[[drill]]\nid = "clamshell"\ntarget = 12.5\n', 2, "whole number of reps"),
        ('sessions_per_week = 9\n[[drill]]\nid = "clamshell"\n', 1, "at most 7"),
        ('[[drill]]\nid = "clamshell"\nrepz = 3\n', 3, "one of the drill keys"),
        ("[[drill]\nid = 1\n", 1, "valid TOML"),
        ('name = "empty"\n', None, "at least one [[drill]]"),
    ],
)
def test_toml_errors_name_the_line(write, body, line, fragment):
    path = write("routine.toml", body)
    with pytest.raises(kc.LogFormatError) as exc:
        load_routine(path)
    problem = exc.value.problems[0]
    assert problem.file == str(path)
    assert problem.line == line
    assert fragment in str(exc.value)


def test_toml_alias_clash_is_an_error(write):
    path = write(
        "routine.toml",
        '[[drill]]\nid = "clamshell"\n\n'
        '[[drill]]\nid = "side_plank"\nkind = "timed"\ntarget = 30\naliases = ["clam"]\n',
    )
    with pytest.raises(kc.LogFormatError, match="already used by drill 'clamshell'"):
        load_routine(path)
