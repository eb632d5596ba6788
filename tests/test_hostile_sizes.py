"""Hostile sizes are refused before they are read: a 1 GB file, a 10-million-row log."""

from __future__ import annotations

import resource

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import kneecare_analysis as kc


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def test_a_1_gb_file_is_refused_without_being_read(tmp_path):
    big = tmp_path / "routine_log.csv"
    with big.open("wb") as fh:
        fh.write(b"date,drill,reps\n2026-03-02,clams,20\n")
        fh.truncate(1 << 30)  # a sparse gigabyte: nothing is written to disk
    before = peak_rss_mb()
    with pytest.raises(kc.LogFormatError) as exc:
        kc.load_routine_log(big)
    assert "1.0 GB" in str(exc.value) and "split it" in str(exc.value) and str(big) in str(exc.value)
    assert peak_rss_mb() - before < 100


def test_a_10_million_row_log_is_refused_without_being_read(tmp_path):
    path = tmp_path / "routine_log.parquet"
    drills = pa.array(["clamshell", "glute_bridge"]).dictionary_encode()
    chunk = pa.table(
        {
            "date": pa.array(np.full(1_000_000, np.datetime64("2026-03-02"), dtype="datetime64[ms]")),
            "drill": pa.DictionaryArray.from_arrays(pa.array(np.zeros(1_000_000, dtype=np.int8)), drills.dictionary),
            "reps": pa.array(np.full(1_000_000, 20, dtype=np.int16)),
        }
    )
    with pq.ParquetWriter(path, chunk.schema) as writer:
        for _ in range(10):
            writer.write_table(chunk)
    del chunk
    before = peak_rss_mb()
    with pytest.raises(kc.LogFormatError) as exc:
        kc.load_routine_log(path)
    assert "10,000,000 rows" in str(exc.value) and "5,000,000" in str(exc.value)
    assert peak_rss_mb() - before < 100
