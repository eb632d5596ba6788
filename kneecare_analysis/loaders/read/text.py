"""Text before it is a table: the encoding of a file's bytes and the separator of its header line."""

from __future__ import annotations

import codecs

import numpy as np

from ...errors import LogFormatError, Problem


def decode_text(data: bytes, name: str) -> str:
    """UTF-8 (BOM or not), UTF-16 with a BOM, else cp1252; binary content is refused.

    >>> decode_text("café".encode("cp1252"), "log.csv")
    'café'
    """
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise LogFormatError("starts like UTF-16 text but is not valid UTF-16", file=name) from None
    if data.startswith(codecs.BOM_UTF8):
        data = data[3:]
    sample = data[:65536]
    if len(sample) >= 4 and sample[1::2].count(0) > 0.9 * (len(sample) // 2):
        raise LogFormatError("this is UTF-16 text without a byte-order mark: save it as UTF-8 (CSV UTF-8)", file=name)
    if b"\x00" in sample or _control_share(sample) > 0.01:
        raise LogFormatError("this looks like a binary file, not a text table (CSV, TSV or JSON lines)", file=name)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        line = data[: utf8_error.start].count(b"\n") + 1
        byte = data[utf8_error.start]
        raise LogFormatError(
            [Problem(name, line, None, f"0x{byte:02X}", "text in UTF-8 or cp1252 (this byte is neither)")]
        ) from None


def _control_share(sample: bytes) -> float:
    if not sample:
        return 0.0
    arr = np.frombuffer(sample, dtype=np.uint8)
    control = (arr < 32) & ~np.isin(arr, (9, 10, 12, 13))
    return float(control.mean())


def sniff_delimiter(header_line: str) -> str:
    """The separator of a header line: the most frequent of comma, semicolon and tab outside quotes.

    >>> sniff_delimiter('"Date";"Distance, km";Time')
    ';'
    """
    counts = {d: 0 for d in (",", ";", "\t")}
    quoted = False
    for ch in header_line:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","
