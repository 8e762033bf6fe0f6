#!/usr/bin/env python3
"""Independent check of cohort's calendars (docs/schedule.md §7).

Expands every event of every member's calendar/ID.ics over the quarter with
Python's `icalendar` and `recurring_ical_events` (RRULE, EXDATE, TZID and
VTIMEZONE as a calendar program reads them), converts each occurrence to the
member's own zone with `zoneinfo`, and checks it against the windows the member
wrote in members.csv, read here from scratch:

  * every 15 minutes of every occurrence fall inside one of their windows;
  * every occurrence falls inside their quarter (quarter_start 00:00 to
    84 days later, local time);
  * no member has two occurrences that overlap.

Cancelled events (STATUS:CANCELLED, left by `cohort rematch`) are not expanded.

usage: ics_check.py MEMBERS_CSV CALENDAR_DIR QUARTER_START [DEFAULT_TIMEZONE]

Prints one line per member ("ID N", N occurrences), violations prefixed
"VIOLATION", and a summary line "checked N occurrences of M members: V violations".
Exit status 1 when there is a violation.
"""
import csv
import datetime as dt
import os
import sys
import urllib.parse
from zoneinfo import ZoneInfo

import icalendar
import recurring_ical_events

DAYS = {d: i for i, d in enumerate(["mon", "tue", "wed", "thu", "fri", "sat", "sun"])}
DAYS.update({d: i for i, d in enumerate(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])})


def clock(text):
    h, m = text.split(":")
    return int(h) * 60 + int(m)


def windows(cell):
    """(day, start minute, length minutes) per window and day, rounded inwards to 15 minutes."""
    out = []
    for raw in cell.split(";"):
        raw = raw.strip()
        if not raw:
            continue
        day_part, time_part = raw.split()
        bounds = day_part.lower().split("-")
        first, last = DAYS[bounds[0]], DAYS[bounds[-1]]
        days = [first]
        while days[-1] != last:
            days.append((days[-1] + 1) % 7)
        a, b = time_part.split("-")
        start, end = clock(a), clock(b)
        if end == 0:
            end = 1440
        length = end - start if end > start else end + 1440 - start
        rounded = -(-start // 15) * 15
        length = (length - (rounded - start)) // 15 * 15
        for d in days:
            out.append((d, rounded, length))
    return out


def inside(local, wins):
    minute = local.hour * 60 + local.minute
    for d, start, length in wins:
        since = ((local.weekday() - d) % 7) * 1440 + minute
        if start <= since < start + length:
            return True
    return False


def main():
    members_csv, cal_dir, quarter = sys.argv[1], sys.argv[2], dt.date.fromisoformat(sys.argv[3])
    default_zone = sys.argv[4] if len(sys.argv) > 4 else "UTC"
    with open(members_csv, newline="", encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    members = {}
    for row in rows:
        row = {k.strip().lower(): (v or "").strip() for k, v in row.items()}
        members[row["id"]] = (row.get("timezone") or default_zone, windows(row.get("availability", "")))
    begin = dt.datetime.combine(quarter, dt.time(), dt.timezone.utc) - dt.timedelta(days=2)
    end = begin + dt.timedelta(days=90)
    total, violations, seen = 0, 0, 0
    for name in sorted(os.listdir(cal_dir)):
        if not name.endswith(".ics"):
            continue
        member = urllib.parse.unquote(name[:-4])
        if member not in members:
            print("VIOLATION", name, "calendar of an unknown member")
            violations += 1
            continue
        zone_name, wins = members[member]
        zone = ZoneInfo(zone_name)
        cal = icalendar.Calendar.from_ical(open(os.path.join(cal_dir, name), "rb").read())
        first_day, last_day = quarter, quarter + dt.timedelta(days=84)
        spans = []
        for occ in recurring_ical_events.of(cal).between(begin, end):
            if str(occ.get("STATUS", "")).upper() == "CANCELLED":
                continue
            start, stop = occ.decoded("DTSTART"), occ.decoded("DTEND")
            uid = str(occ.get("UID"))
            spans.append((start.astimezone(dt.timezone.utc), stop.astimezone(dt.timezone.utc), uid))
            local_start, local_last = start.astimezone(zone), (stop - dt.timedelta(seconds=1)).astimezone(zone)
            if local_start.date() < first_day or local_last.date() >= last_day:
                print("VIOLATION", member, uid, "at", start.isoformat(), "outside the quarter in", zone_name)
                violations += 1
            t = start
            while t < stop:
                local = t.astimezone(zone)
                if not inside(local, wins):
                    print("VIOLATION", member, uid, "at", t.astimezone(dt.timezone.utc).isoformat(),
                          "local", local.strftime("%a %H:%M"), zone_name, "outside availability")
                    violations += 1
                    break
                t += dt.timedelta(minutes=15)
        spans.sort()
        reach = None
        for s in spans:
            if reach is not None and s[0] < reach[1]:
                print("VIOLATION", member, s[2], "at", s[0].isoformat(), "double-booked with", reach[2])
                violations += 1
            if reach is None or s[1] > reach[1]:
                reach = s
        print(member, len(spans))
        total += len(spans)
        seen += 1
    print(f"checked {total} occurrences of {seen} members: {violations} violations")
    sys.exit(1 if violations else 0)


if __name__ == "__main__":
    main()
