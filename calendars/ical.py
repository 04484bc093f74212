"""A small RFC 5545 writer: CRLF line ends, content lines folded at 75 octets (never inside a UTF-8
character), TEXT values escaped (backslash, semicolon, comma, newline). Pure Python."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta

LIMIT = 75  # octets per line, CRLF excluded


def escape_text(value: str) -> str:
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\r", "\\n")
        .replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """Split a content line into lines of at most 75 octets; continuation lines start with one space
    (which counts in their 75). A multi-byte character is never split."""
    parts: list[str] = []
    current, size, limit = [], 0, LIMIT
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            parts.append("".join(current))
            current, size, limit = [], 0, LIMIT - 1
        current.append(char)
        size += width
    parts.append("".join(current))
    return "\r\n ".join(parts)


def date_value(day: date) -> str:
    return day.strftime("%Y%m%d")


def utc_stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def all_day_event(
    *,
    uid: str,
    day: date,
    summary: str,
    description: str,
    url: str,
    stamp: datetime,
    status: str = "CONFIRMED",
) -> list[str]:
    return [
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"DTSTAMP:{utc_stamp(stamp)}",
        f"DTSTART;VALUE=DATE:{date_value(day)}",
        f"DTEND;VALUE=DATE:{date_value(day + timedelta(days=1))}",
        f"SUMMARY:{escape_text(summary)}",
        f"DESCRIPTION:{escape_text(description)}",
        f"URL:{url}",
        f"STATUS:{status}",
        "TRANSP:TRANSPARENT",
        "END:VEVENT",
    ]


def calendar(
    *, name: str, events: Iterable[list[str]], prodid: str = "-//DTSystem//Lich han nhiem vu//VI"
) -> bytes:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{prodid}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for event in events:
        lines.extend(event)
    lines.append("END:VCALENDAR")
    return ("".join(fold(line) + "\r\n" for line in lines)).encode("utf-8")
