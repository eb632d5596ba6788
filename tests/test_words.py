"""The word tables: the default drills' aliases as design.md §3 lists them, the look-alikes that are other
exercises, and one table of side words that every reader of a side agrees with."""

import pandas as pd
import pytest

import kneecare_analysis as kc
from kneecare_analysis.loaders.formats.checklist import pain_header, parse_drill_header
from kneecare_analysis.loaders.formats.exercises import exercise_drill
from kneecare_analysis.vocab import words

# design.md §3, "Drill aliases", copied by hand.
DESIGN_ALIASES = {
    "self_massage": ["self massage", "massage", "foam roll", "foam rolling", "foam roller", "rolling", "stick massage"],
    "hip_abduction": ["hip abduction", "side lying hip abduction", "side lying leg raise", "side leg raise"],
    "clamshell": ["clamshell", "clam shell", "clam"],
    "glute_bridge": [
        "glute bridge",
        "single leg glute bridge",
        "single leg bridge",
        "floor bridge",
        "hip bridge",
        "glute bridge bodyweight",
    ],
    "couch_stretch": ["couch stretch", "hip flexor stretch", "quad stretch"],
}
PAIRS = [(alias, drill) for drill, aliases in DESIGN_ALIASES.items() for alias in aliases]


def _plural(alias: str) -> str:
    return alias + ("es" if alias.endswith(("ch", "sh", "ss", "x")) else "s")


@pytest.mark.parametrize("alias, drill", PAIRS)
def test_every_alias_of_the_design_names_its_drill(alias, drill):
    written = [alias, alias.upper(), alias.title().replace(" ", "-"), alias.replace(" ", "_"), _plural(alias)]
    assert [kc.DEFAULT_ROUTINE.resolve(w) for w in written] == [drill] * 5


@pytest.mark.parametrize("alias, drill", PAIRS)
def test_every_alias_of_the_design_is_a_drill_in_a_strength_app(alias, drill):
    assert exercise_drill(alias.title(), kc.DEFAULT_ROUTINE) == (drill, "both")


@pytest.mark.parametrize(
    "name",
    [
        "leg raise",
        "Leg Raises",
        "Hanging Leg Raise",
        "Lying Leg Raises",
        "side bridge",
        "Side Bridge",
        "barbell glute bridge",
        "Barbell Glute Bridge",
        "Glute Bridge (Barbell)",
        "Stability Ball Hip Bridge",
        "Hip Abduction (Machine)",
        "Hip Thrust (Barbell)",
        "Side Plank",
        "abduction",
    ],
)
def test_look_alikes_are_not_routine_drills(name):
    assert kc.DEFAULT_ROUTINE.resolve(name) is None
    assert exercise_drill(name, kc.DEFAULT_ROUTINE) is None


@pytest.mark.parametrize(
    "name, found",
    [
        ("Side Leg Raises", ("hip_abduction", "both")),
        ("Floor Bridge", ("glute_bridge", "both")),
        ("Single Leg Bridge", ("glute_bridge", "both")),
        ("Glute Bridge (Bodyweight)", ("glute_bridge", "both")),
        ("Side Lying Leg Raise (Left)", ("hip_abduction", "left")),
        ("Clam", ("clamshell", "both")),
    ],
)
def test_app_exercise_names_of_the_design(name, found):
    assert exercise_drill(name, kc.DEFAULT_ROUTINE) == found


def test_the_aliases_are_read_from_the_word_table():
    assert kc.DEFAULT_ROUTINE.drill("hip_abduction").aliases == (
        "hip abduction",
        "side lying hip abduction",
        "side lying leg raise",
        "side leg raise",
        "lying side leg raise",
        "side lying abduction",
    )
    assert set(words("drills")["aliases"]) == set(kc.DEFAULT_ROUTINE.ids)


# How runners and apps write a side, and the side it is.
SIDES = {
    "left": "left",
    "L": "left",
    "Right": "right",
    "r": "right",
    "both": "both",
    "B": "both",
    "bilateral": "both",
    "each side": "both",
    "Per side": "both",
    "both sides": "both",
}


@pytest.mark.parametrize("word, side", SIDES.items())
def test_every_reader_of_a_side_agrees(word, side):
    routine = kc.DEFAULT_ROUTINE
    assert exercise_drill(f"Clamshell ({word})", routine) == ("clamshell", side)
    assert exercise_drill(f"Clamshell - {word}", routine) == ("clamshell", side)
    assert parse_drill_header(f"Clamshell {word} (reps)", routine) == ("clamshell", side, "reps")
    assert parse_drill_header(f"Clamshell ({word})", routine) == ("clamshell", side, None)
    log = kc.load_routine_log(pd.DataFrame({"date": ["2026-03-02"], "drill": ["clams"], "side": [word], "reps": [20]}))
    assert log["side"].tolist() == [side]
    assert words("answers")["knee"][word.lower()] == side


def test_a_side_before_the_name_and_a_pain_columns_knee():
    assert exercise_drill("Left Clamshell", kc.DEFAULT_ROUTINE) == ("clamshell", "left")
    assert parse_drill_header("R couch stretch (s)") == ("couch_stretch", "right", "seconds")
    assert pain_header("Knee pain L") == ("unspecified", "left")
    assert pain_header("Right knee pain") == ("unspecified", "right")
    assert pain_header("Morning pain") == ("morning", "unspecified")


def test_knee_words_are_the_side_words():
    side, knee = words("answers")["side"], words("answers")["knee"]
    assert {w: s for w, s in knee.items() if w not in ("", "unspecified")} == {w: s for w, s in side.items() if w}
    assert (side[""], knee[""]) == ("both", "unspecified")


def test_a_routine_toml_gives_a_drill_its_own_aliases(write):
    path = write("routine.toml", '[[drill]]\nid = "clamshell"\naliases = ["side clams"]\n')
    routine = kc.load_routine(path)
    assert [routine.resolve(n) for n in ("Side clams", "Clamshell", "clams")] == ["clamshell", "clamshell", None]
