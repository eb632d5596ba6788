"""The one exception every input problem ends in: :class:`LogFormatError`.

Each problem names the file, the line, the column, the value and what was expected, so a runner can open the
spreadsheet and fix the cell.

>>> err = LogFormatError([Problem("log.csv", 4, "reps", "2O", "a whole number of reps")])
>>> print(err)
1 problem in log.csv:
  log.csv:4, column 'reps': '2O' — expected a whole number of reps
"""

from __future__ import annotations

from dataclasses import dataclass

MAX_LISTED = 20


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input: where it is, what was there and what was expected.

    Parameters
    ----------
    file : str
        The file (a workbook's sheet as ``log.xlsx[April]``).
    line : int or None
        The line as a text editor numbers it (in a spreadsheet: the row).
    column : str or None
        The column's header as written in the file.
    value : str or None
        What the cell held.
    expected : str
        What was expected there, in words.

    Examples
    --------
    >>> print(Problem("routine_log.csv", 7, "reps", "2O", "a whole number of reps ≥ 0"))
    routine_log.csv:7, column 'reps': '2O' — expected a whole number of reps ≥ 0
    """

    file: str
    line: int | None
    column: str | None
    value: str | None
    expected: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        parts = [where]
        if self.column is not None:
            parts.append(f"column {self.column!r}")
        head = ", ".join(parts)
        if self.value is not None:
            return f"{head}: {_show(self.value)} — expected {self.expected}"
        return f"{head}: {self.expected}"


def _show(value: str) -> str:
    text = str(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return repr(text)


class LogFormatError(ValueError):
    """A file, row or cell that cannot be read as the kit's formats; ``.problems`` lists every one found.

    Parameters
    ----------
    problems : list of Problem, Problem or str
        What is wrong (a text: one problem of ``file`` as a whole).
    file : str, optional
        The file a text problem is about.
    total : int, optional
        How many problems there are when only the first are listed.

    Examples
    --------
    >>> error = LogFormatError([Problem("pain_log.csv", 3, "pain", "12", "a pain score from 0 to 10")])
    >>> print(error)
    1 problem in pain_log.csv:
      pain_log.csv:3, column 'pain': '12' — expected a pain score from 0 to 10
    >>> error.problems[0].line
    3
    """

    def __init__(self, problems: list[Problem] | Problem | str, *, file: str | None = None, total: int | None = None):
        if isinstance(problems, str):
            problems = [Problem(file or "<input>", None, None, None, problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = list(problems)
        self.total = max(total or 0, len(self.problems))
        super().__init__(self._message())

    def _message(self) -> str:
        files = list(dict.fromkeys(p.file for p in self.problems))
        n = self.total
        head = f"{n} problem{'s' if n != 1 else ''} in {', '.join(files)}:"
        lines = [f"  {p}" for p in self.problems[:MAX_LISTED]]
        if n > MAX_LISTED:
            lines.append(f"  … and {n - MAX_LISTED} more")
        return "\n".join([head, *lines])
