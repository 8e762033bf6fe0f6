#!/usr/bin/env python3
"""Rewrite a generated members.csv into one full of the edge cases the generator
rarely writes, to cross-check the rules of cohort and the Python peer:
off-grid times (rounded inwards), windows past midnight, `24:00`, `00:00` ends,
wrapping day ranges (`Fri-Mon`), full day names in any case, zones with
quarter-hour and half-hour offsets, tags in mixed case with spaces, stage names,
capacities above max_mentees, yes/no spellings, preferred mentors, avoid
lists, current mentors with and without change requests, trial/paused members.

    edge_roster.py IN.csv OUT.csv [--seed S]

The output is valid input (no errors, only warnings).
"""
import argparse
import csv
import random

DAYS = ["Mon", "tue", "WED", "Thu", "friday", "Sat", "SUNDAY"]
ZONES = ["Asia/Kathmandu", "Australia/Eucla", "America/St_Johns", "Asia/Tehran", "Pacific/Chatham",
         "Asia/Kolkata", "Pacific/Kiritimati", "Pacific/Pago_Pago", "America/Caracas", "Europe/Berlin",
         "UTC", "", "Australia/Adelaide", "America/Santiago", "Africa/Casablanca"]
TAGS = ["python", "Data", " ML ", "sql", "Go", "rust", "ux", "design", "writing", "devops", "Mobile", "testing"]
STAGES = ["1", "2", "3", "4", "5", "exploration", "Foundation", "APPLICATION", "mentorship", " leadership "]
YESNO = ["", "", "", "yes", "no", "Y", "n", "TRUE", "false", "1", "0"]


def clock(rng, allow24=False):
    h = rng.randrange(0, 24)
    m = rng.choice([0, 15, 30, 45, 0, 30, 7, 52, 59, 1])
    if allow24 and rng.random() < 0.1:
        return "24:00"
    if allow24 and rng.random() < 0.05:
        return "00:00"
    return f"{h}:{m:02d}" if rng.random() < 0.2 else f"{h:02d}:{m:02d}"


def window(rng):
    d = rng.randrange(7)
    if rng.random() < 0.4:
        e = (d + rng.randrange(1, 7)) % 7
        day = f"{DAYS[d]}-{DAYS[e]}"
    else:
        day = DAYS[d]
    while True:
        s, e = clock(rng), clock(rng, allow24=True)
        mins = lambda t: int(t.split(":")[0]) * 60 + int(t.split(":")[1])  # noqa: E731
        if mins(s) % 1440 != mins(e) % 1440:
            return f"{day} {s}-{e}"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("src")
    ap.add_argument("dst")
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    with open(a.src, newline="", encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    ids = [r["id"] for r in rows]
    for r in rows:
        me = r["id"]
        others = lambda k: rng.sample([x for x in ids if x != me], k)  # noqa: E731
        if rng.random() < 0.5:
            r["availability"] = "; ".join(window(rng) for _ in range(rng.randrange(0, 4)))
        if rng.random() < 0.3:
            r["timezone"] = rng.choice(ZONES)
        if rng.random() < 0.4:
            r["interests"] = ";".join(rng.sample(TAGS, rng.randrange(0, 4)))
        if rng.random() < 0.4:
            r["skills"] = " ; ".join(rng.sample(TAGS, rng.randrange(0, 5)))
        if rng.random() < 0.2:
            r["stage"] = rng.choice(STAGES)
        if rng.random() < 0.2:
            r["mentor_capacity"] = str(rng.choice([0, 1, 2, 3, 5]))
        if rng.random() < 0.2:
            r["wants_mentor"] = rng.choice(YESNO)
        if rng.random() < 0.1:
            r["status"] = rng.choice(["active", "Active", "trial", "paused", "inactive", ""])
        if rng.random() < 0.15:
            r["preferred_mentors"] = ";".join(others(rng.randrange(1, 6)))
        if rng.random() < 0.05:
            r["avoid"] = ";".join(others(rng.randrange(1, 3)))
        if rng.random() < 0.2:
            r["current_mentor"] = others(1)[0]
            r["change_mentor"] = rng.choice(["", "no", "yes", "y"])
    with open(a.dst, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0].keys()), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


if __name__ == "__main__":
    main()
