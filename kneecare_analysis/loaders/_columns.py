"""Which column is which: headers matched case-, space- and punctuation-insensitively to the kit's roles."""

from __future__ import annotations

from ..errors import LogFormatError, Problem
from ..vocab import column_key
from ._read import RawTable

DATE = {"date", "sessiondate", "logdate", "rundate"}
TIMESTAMP = {"timestamp", "datetime", "dateandtime", "datetimeutc", "startdate", "starttime", "activitydate"}
ATHLETE = {"athlete", "runner", "athletename", "athleteid", "player"}
NOTE = {"note", "notes", "comment", "comments", "remark", "remarks"}

ROUTINE_ROLES = {
    "date": DATE,
    "timestamp": TIMESTAMP,
    "athlete": ATHLETE,
    "drill": {"drill", "exercise", "drillname", "exercisename", "drillid"},
    "side": {"side", "leg", "sides"},
    "reps": {"reps", "rep", "repetitions", "repsperside", "count"},
    "sets": {"sets", "set"},
    "seconds": {"seconds", "secs", "sec", "s", "durations", "durationsec", "durationseconds", "holdseconds"},
    "minutes": {"minutes", "mins", "min", "durationmin", "durationmins", "durationminutes"},
    "duration": {"duration", "hold", "holdtime", "durationmss", "durationhmmss"},
    "note": NOTE,
}

PAIN_ROLES = {
    "date": DATE,
    "timestamp": TIMESTAMP,
    "athlete": ATHLETE,
    "pain": {"pain", "kneepain", "painscore", "nrs", "painnrs", "pain010", "kneepain010", "painlevel", "score"},
    "vas": {"vas", "painvas", "vas100", "vas0100", "kneepainvas"},
    "context": {"context", "situation", "moment", "paincontext", "when"},
    "knee": {"knee", "side", "leg"},
    "note": NOTE,
}


def column_letter(index: int) -> str:
    """Spreadsheet letter of a 0-based column index: 0 → A, 27 → AB."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def find_roles(table: RawTable, roles: dict[str, set[str]]) -> dict[str, int]:
    """Map each role to the index of its column; a role found in two columns is an error."""
    found: dict[str, list[int]] = {}
    for i, header in enumerate(table.headers):
        key = column_key(header)
        for role, keys in roles.items():
            if key in keys:
                found.setdefault(role, []).append(i)
                break
    problems = [
        Problem(
            table.name,
            None,
            table.headers[idx[0]],
            None,
            f"each column once: {role!r} appears in columns "
            + " and ".join(f"{column_letter(i)} ({table.headers[i]!r})" for i in idx),
        )
        for role, idx in found.items()
        if len(idx) > 1
    ]
    if problems:
        raise LogFormatError(problems)
    return {role: idx[0] for role, idx in found.items()}


def describe_headers(table: RawTable) -> str:
    return ", ".join(repr(h) for h in table.headers) or "none"
