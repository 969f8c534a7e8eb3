"""A small iCalendar writer (RFC 5545) for all-day deadline events.

Written by hand: the feed needs only VCALENDAR/VEVENT with DATE values, text escaping (3.3.11),
line folding at 75 octets (3.1) and CRLF line ends.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

PRODID = "-//danchu//Lich phap ly//VI"


@dataclass(frozen=True)
class Event:
    day: dt.date
    summary: str
    description: str = ""
    url: str = ""
    categories: str = ""

    def uid(self, domain: str) -> str:
        digest = hashlib.sha256(
            f"{self.day.isoformat()}|{self.summary}|{self.url}|{self.categories}".encode()
        ).hexdigest()[:32]
        return f"{digest}@{domain}"


def escape(text: str) -> str:
    """TEXT value escaping (RFC 5545 3.3.11)."""
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """Fold a content line into chunks of at most 75 octets, never splitting a UTF-8 character."""
    out: list[str] = []
    current = ""
    size = 0
    limit = 75
    for char in line:
        n = len(char.encode("utf-8"))
        if size + n > limit:
            out.append(current)
            current, size, limit = " ", 1, 75
        current += char
        size += n
    out.append(current)
    return "\r\n".join(out)


def calendar(events: Iterable[Event], *, name: str, domain: str, stamp: dt.datetime) -> str:
    """The whole VCALENDAR text, CRLF-terminated lines."""
    utc = stamp.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape(name)}",
        "X-WR-TIMEZONE:Asia/Ho_Chi_Minh",
        "REFRESH-INTERVAL;VALUE=DURATION:PT6H",
        "X-PUBLISHED-TTL:PT6H",
    ]
    for event in events:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event.uid(domain)}",
            f"DTSTAMP:{utc}",
            f"DTSTART;VALUE=DATE:{event.day:%Y%m%d}",
            f"DTEND;VALUE=DATE:{event.day + dt.timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{escape(event.summary)}",
            "TRANSP:TRANSPARENT",
        ]
        if event.description:
            lines.append(f"DESCRIPTION:{escape(event.description)}")
        if event.url:
            lines.append(f"URL:{event.url}")
        if event.categories:
            lines.append(f"CATEGORIES:{escape(event.categories)}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
