"""Parquet files in their own types (``.parquet``, ``.pq``).

Text columns come dictionary-encoded, as Parquet stores them, and become categoricals; a file's row count is
checked before it is read (:func:`check_size`).
"""

from __future__ import annotations

from pathlib import Path

from ...errors import LogFormatError
from .table import Table, row_limit, table_from_frame, too_many_rows

SUFFIXES = frozenset({".parquet", ".pq"})


def check_size(path: Path, name: str) -> None:
    """Refuse a file of more than ``MAX_ROWS`` rows (``read/table.py``) before reading it."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        rows = pq.ParquetFile(path).metadata.num_rows
    except (pa.ArrowException, OSError):  # not a Parquet file: reported when it is read
        return
    if rows > row_limit():
        raise too_many_rows(name, rows)


def read(path: Path, name: str) -> list[Table]:
    """A Parquet file in its own types; text columns come dictionary-encoded (as Parquet stores them) and become
    categoricals, so they are never expanded into millions of strings."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        schema = pq.read_schema(path)
        text = [f.name for f in schema if pa.types.is_string(f.type) or pa.types.is_large_string(f.type)]
        frame = pq.read_table(path, read_dictionary=text).to_pandas()
    except Exception as exc:  # noqa: BLE001 - pyarrow raises several unrelated types for a bad file; named here
        raise LogFormatError(f"not a readable Parquet file: {exc}", file=name) from None
    return [table_from_frame(frame, name=name)]
