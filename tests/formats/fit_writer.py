"""A small FIT writer for the tests' own files: definition and data messages with the FIT CRC, written from
the FIT protocol's description (header, record headers, base types), independent of any FIT library."""

from __future__ import annotations

import datetime as dt
import struct

FIT_EPOCH = dt.datetime(1989, 12, 31, tzinfo=dt.timezone.utc)
CRC_TABLE = [0x0000, 0xCC01, 0xD801, 0x1400, 0xF001, 0x3C00, 0x2800, 0xE401]
CRC_TABLE += [0xA001, 0x6C00, 0x7800, 0xB401, 0x5000, 0x9C01, 0x8801, 0x4400]
BASE = {"enum": (0x00, "B"), "uint8": (0x02, "B"), "uint16": (0x84, "H"), "uint32": (0x86, "I"), "sint32": (0x85, "i")}


def crc(data: bytes, value: int = 0) -> int:
    for byte in data:
        for nibble in (byte & 0xF, byte >> 4):
            tmp = CRC_TABLE[value & 0xF]
            value = (value >> 4) & 0x0FFF
            value = value ^ tmp ^ CRC_TABLE[nibble]
    return value


def stamp(when: dt.datetime) -> int:
    return int((when - FIT_EPOCH).total_seconds())


def message(number: int, fields: list[tuple[int, str, int]], *, local: int = 0, big: bool = False) -> bytes:
    """A definition message and one data message of global ``number`` with ``fields`` (number, type, value)."""
    endian = ">" if big else "<"
    definition = struct.pack(endian + "BBHB", 0, 1 if big else 0, number, len(fields))
    definition += b"".join(struct.pack("BBB", n, struct.calcsize(BASE[t][1]), BASE[t][0]) for n, t, _ in fields)
    data = b"".join(struct.pack(endian + BASE[t][1], v) for _, t, v in fields)
    return bytes([0x40 | local]) + definition + bytes([local]) + data


def fit_file(records: bytes) -> bytes:
    header = struct.pack("<BBHI4s", 14, 0x20, 2132, len(records), b".FIT")
    header += struct.pack("<H", crc(header))
    body = header + records
    return body + struct.pack("<H", crc(body))


def session(
    start: dt.datetime,
    *,
    sport: int,
    sub_sport: int,
    timer: float,
    elapsed: float,
    metres: float,
    rpe: int | None = None,
    feel: int | None = None,
) -> bytes:
    fields = [
        (253, "uint32", stamp(start) + int(elapsed)),
        (2, "uint32", stamp(start)),
        (5, "enum", sport),
        (6, "enum", sub_sport),
        (7, "uint32", int(elapsed * 1000)),
        (8, "uint32", int(timer * 1000)),
        (9, "uint32", int(metres * 100)),
    ]
    if feel is not None:
        fields.append((192, "uint8", feel))
    if rpe is not None:
        fields.append((193, "uint8", rpe))
    return message(18, fields)


def activity(start: dt.datetime, offset_s: int, *, big: bool = False) -> bytes:
    return message(
        34, [(253, "uint32", stamp(start)), (5, "uint32", stamp(start) + offset_s), (1, "uint16", 1)], big=big
    )


def file_id(start: dt.datetime, maker: int = 1) -> bytes:
    return message(0, [(0, "enum", 4), (1, "uint16", maker), (4, "uint32", stamp(start))])


def records(start: dt.datetime, count: int) -> bytes:
    """``count`` record messages (one a second), with a developer field, to be skipped by the reader."""
    definition = struct.pack("<BBHB", 0, 0, 20, 2) + bytes([253, 4, 0x86, 5, 4, 0x86])
    definition += bytes([1, 0, 2, 0])  # one developer field of 2 bytes
    out = bytes([0x60 | 3]) + definition
    for i in range(count):
        out += bytes([3]) + struct.pack("<II", stamp(start) + i, i * 300) + b"\x01\x02"
    return out


def compressed_records(start: dt.datetime, count: int) -> bytes:
    """``count`` record messages with compressed-timestamp headers (local type 1: distance only)."""
    out = bytes([0x40 | 1]) + struct.pack("<BBHB", 0, 0, 20, 1) + bytes([5, 4, 0x86])
    out += bytes([0x40 | 0]) + struct.pack("<BBHB", 0, 0, 20, 1) + bytes([253, 4, 0x86])
    out += bytes([0]) + struct.pack("<I", stamp(start))  # the reference time
    for i in range(count):
        out += bytes([0x80 | (1 << 5) | ((stamp(start) + i + 1) & 0x1F)]) + struct.pack("<I", i * 280)
    return out


def run_file(
    start: dt.datetime,
    *,
    offset_s: int = 3600,
    sport: int = 1,
    sub_sport: int = 0,
    timer: float = 1800.0,
    elapsed: float = 1900.0,
    metres: float = 5000.0,
    rpe: int | None = None,
    feel: int | None = None,
    points: int = 5,
) -> bytes:
    body = file_id(start) + records(start, points) + compressed_records(start, 3)
    body += session(
        start, sport=sport, sub_sport=sub_sport, timer=timer, elapsed=elapsed, metres=metres, rpe=rpe, feel=feel
    )
    body += activity(start + dt.timedelta(seconds=elapsed), offset_s)
    return fit_file(body)
