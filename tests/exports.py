"""Helpers for the export tests: the exports' own header lines, and rows written in a header's order."""

from __future__ import annotations

import csv
import io
from pathlib import Path

HEADERS = Path(__file__).resolve().parent / "data" / "export_headers"  # each export's header line, in order


def header(name: str) -> list[str]:
    return next(csv.reader([(HEADERS / f"{name}.csv").read_text(encoding="utf-8").rstrip("\n")]))


def rows_csv(header: list[str], rows: list[dict], *, quote_all: bool = False, delimiter: str = ",") -> str:
    """Rows given as {name: value} or {(name, occurrence): value}, laid out in the header's own order."""
    out = io.StringIO()
    quoting = csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL
    writer = csv.writer(out, lineterminator="\n", quoting=quoting, delimiter=delimiter)
    writer.writerow(header)
    for row in rows:
        seen: dict[str, int] = {}
        cells = []
        for name in header:
            k = seen.get(name, 0)
            seen[name] = k + 1
            cells.append(row.get((name, k), row.get(name, "") if k == 0 else ""))
        writer.writerow(cells)
    return out.getvalue()
