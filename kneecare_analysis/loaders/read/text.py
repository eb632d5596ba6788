"""Text before it is a table: the encoding of a file's bytes and the separator of its header line."""

from __future__ import annotations

import codecs

import numpy as np

from ...errors import LogFormatError, Problem


def decode_text(data: bytes, name: str) -> str:
    """UTF-8 (BOM or not), UTF-16 with a BOM, else cp1252; binary content is refused.

    A file mixing the two (a line typed in a Latin-1 editor added to a UTF-8 log) is read as UTF-8 wherever it
    is UTF-8, and only the bytes that are not as cp1252: the whole file is never turned cp1252 for one line, so
    "Zoë" stays one athlete. A byte that is neither is refused, naming its line.

    >>> decode_text("café".encode("cp1252"), "log.csv")
    'café'
    >>> decode_text("Zoë\\n".encode() + "Zoë\\n".encode("latin-1"), "log.csv").splitlines()
    ['Zoë', 'Zoë']
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
    except UnicodeDecodeError:
        pass
    mixed = _holds_utf8(data)
    try:
        return data.decode("utf-8", errors=_CP1252_BYTES) if mixed else data.decode("cp1252")
    except UnicodeDecodeError as exc:
        where = exc.start
        line = data[:where].count(b"\n") + 1
        raise LogFormatError(
            [Problem(name, line, None, f"0x{data[where]:02X}", "text in UTF-8 or cp1252 (this byte is neither)")]
        ) from None


def _cp1252_bytes(exc: UnicodeError) -> tuple[str, int]:
    """The codec error handler of a mixed file: bytes that are not UTF-8 read as cp1252."""
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    bad = exc.object[exc.start : exc.end]
    try:
        return bad.decode("cp1252"), exc.end
    except UnicodeDecodeError as inner:
        raise UnicodeDecodeError("cp1252", exc.object, exc.start + inner.start, exc.end, inner.reason) from None


_CP1252_BYTES = "kneecare-cp1252-bytes"
codecs.register_error(_CP1252_BYTES, _cp1252_bytes)


def _holds_utf8(data: bytes) -> bool:
    """Whether the bytes hold UTF-8 text beyond ASCII (a sequence of two to four bytes that is valid UTF-8)."""
    text = data.decode("utf-8", errors="replace")
    return any(ord(ch) > 127 and ch != "\ufffd" for ch in text)


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
