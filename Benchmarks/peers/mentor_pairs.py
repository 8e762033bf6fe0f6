#!/usr/bin/env python3
"""Python peer of cohort's mentor pairs (SPEC §3.1, docs/mentoring.md).

Reads the same members.csv (+ policy.toml) as `cohort match`, applies the same
hard rules, quality formula and continuing-pair handling, and solves the
lexicographic problem (1: most matched mentees, 2: max sum of quality - 15 per
extra place) with either OR-Tools min-cost flow or PuLP + CBC.

Prints one line of JSON on stdout. `--out FILE` writes the pairs (continuing
pairs included) as CSV `mentee_id,mentor_id`, sorted by mentee id.

Independent of the Swift code: only the documents (SPEC.md §2, docs/input.md,
docs/mentoring.md) and the brief were used as the rules; where the documents
were silent the Swift source was read (noted inline).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import math
import re
import sys
import time
import tomllib
from zoneinfo import ZoneInfo

import numpy as np

SLOT = 15                # minutes per grid slot
SLOTS = 672              # slots per week (Monday 00:00 UTC first)
WORDS = 11               # 64-bit words holding 672 bits
FULL = (1 << SLOTS) - 1
EXTRA_PLACE_COST = 15

DAYS = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6,
        "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
        "saturday": 5, "sunday": 6}
STAGE_NAMES = {"exploration": 1, "foundation": 2, "application": 3, "mentorship": 4, "leadership": 5}
YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0"}
# Swift's trimmingSpaces(): space, tab, CR, LF only (Python's strip() would trim more).
TRIM = " \t\r\n"


class InputError(Exception):
    pass


# ---------------------------------------------------------------- policy

def read_policy(path: str | None) -> dict:
    p = {"stage_gap": 2, "max_mentees": 2, "require_shared_interest": True,
         "checkin_minutes": 30, "quarter_start": None, "default_timezone": "UTC"}
    if path:
        with open(path, "rb") as f:
            data = tomllib.load(f)
        for k in p:
            if k in data:
                p[k] = data[k]
    if p["quarter_start"] is None:
        # docs/input.md: the Monday after the run date (UTC), strictly after.
        today = dt.datetime.now(dt.timezone.utc).date()
        p["quarter_start"] = today + dt.timedelta(days=7 - today.weekday())
    elif isinstance(p["quarter_start"], str):
        p["quarter_start"] = dt.date.fromisoformat(p["quarter_start"])
    return p


# ---------------------------------------------------------------- availability

def parse_clock(s: str) -> int | None:
    """H:MM or HH:MM, 00:00 ... 24:00, as minutes after midnight."""
    m = re.fullmatch(r"([0-9]{1,2}):([0-9]{2})", s)
    if not m:
        return None
    h, mi = int(m.group(1)), int(m.group(2))
    if mi >= 60 or h > 24 or (h == 24 and mi != 0):
        return None
    return h * 60 + mi


def parse_window(text: str) -> tuple[list[int], int, int]:
    """`DAY HH:MM-HH:MM` or `DAY-DAY HH:MM-HH:MM` -> (days, start, end); end in 1..1440."""
    parts = [x for x in re.split(r"[ \t]+", text.strip(TRIM)) if x]
    if len(parts) != 2:
        raise InputError(f"malformed availability window ({text})")
    bounds = parts[0].lower().split("-")
    if len(bounds) == 1:
        if bounds[0] not in DAYS:
            raise InputError(f"unknown day ({text})")
        days = [DAYS[bounds[0]]]
    elif len(bounds) == 2:
        if bounds[0] not in DAYS or bounds[1] not in DAYS:
            raise InputError(f"unknown day ({text})")
        d, b = DAYS[bounds[0]], DAYS[bounds[1]]
        days = [d]
        while d != b:              # a range may wrap: Fri-Mon
            d = (d + 1) % 7
            days.append(d)
    else:
        raise InputError(f"unknown day ({text})")
    times = parts[1].split("-")
    if len(times) != 2:
        raise InputError(f"malformed availability window ({text})")
    start, end = parse_clock(times[0]), parse_clock(times[1])
    if start is None or start >= 1440 or end is None:
        raise InputError(f"invalid time ({text})")
    if start == end:
        raise InputError(f"empty window ({text})")
    return days, start, 1440 if end == 0 else end


def week_bits(windows: list[tuple[list[int], int, int]], offset: int) -> int:
    """Local windows -> set of UTC week slots (a 672-bit int). Times off the grid
    are rounded inwards; an end at/before the start runs past midnight; wraps."""
    bits = 0
    for days, start, end in windows:
        minutes = end - start if end > start else end + 1440 - start
        rstart = -(-start // SLOT) * SLOT
        length = (minutes - (rstart - start)) // SLOT * SLOT
        if length <= 0:
            continue
        n = min(length // SLOT, SLOTS)
        run = (1 << n) - 1
        for d in days:
            first = (d * 1440 + rstart - offset) // SLOT % SLOTS   # floor division
            bits |= ((run << first) | (run >> (SLOTS - first))) & FULL
    return bits


def rot_right(x: int, k: int) -> int:
    k %= SLOTS
    return ((x >> k) | (x << (SLOTS - k))) & FULL


def starts(bits: int, length: int) -> int:
    """Slots s with s .. s+length-1 (cyclic) all free: where a meeting can start."""
    r = bits
    for k in range(1, length):
        r &= rot_right(bits, k)
    return r


def interval(start: int, length: int) -> int:
    """The slots start .. start+length-1 (cyclic)."""
    run = (1 << length) - 1
    return ((run << start) | (run >> (SLOTS - start))) & FULL


def can_place_disjoint(meetings: list[tuple[int, int]]) -> bool:
    """Whether meetings (possible starts as bits, length) can all be placed without
    overlap: exhaustive depth-first search, most constrained first (cohort's
    ScheduleFeasibility.canPlaceDisjoint)."""
    order = sorted(meetings, key=lambda m: m[0].bit_count())
    if any(st == 0 for st, _ in order):
        return False

    def place(k: int, busy: int) -> bool:
        if k == len(order):
            return True
        st, length = order[k]
        blocked = busy
        for d in range(1, length):
            blocked |= rot_right(busy, d)
        free = st & ~blocked & FULL
        while free:
            low = free & -free
            free ^= low
            if place(k + 1, busy | interval(low.bit_length() - 1, length)):
                return True
        return False

    return place(0, 0)


def to_words(x: int) -> list[int]:
    return [(x >> (64 * w)) & 0xFFFFFFFFFFFFFFFF for w in range(WORDS)]


# ---------------------------------------------------------------- members

def tag_list(cell: str) -> list[str]:
    return [t.strip(TRIM) for t in cell.split(";") if t.strip(TRIM)]


def parse_stage(text: str) -> int:
    t = text.strip(TRIM).lower()
    if t in STAGE_NAMES:
        return STAGE_NAMES[t]
    if re.fullmatch(r"[+-]?[0-9]+", t) and 1 <= int(t) <= 5:
        return int(t)
    raise InputError(f"unknown stage ({text})")


def zone_offset(name: str, quarter_start: dt.date, cache: dict) -> int:
    """Offset east of UTC, in minutes, at noon UTC of quarter_start."""
    if name in cache:
        return cache[name]
    if name in ("UTC", "GMT"):
        off = 0
    else:
        if "/" not in name:
            raise InputError(f"unknown time zone ({name})")
        try:
            z = ZoneInfo(name)
        except Exception as e:  # noqa: BLE001
            raise InputError(f"unknown time zone ({name})") from e
        at = dt.datetime(quarter_start.year, quarter_start.month, quarter_start.day, 12, tzinfo=dt.timezone.utc)
        off = int(at.astimezone(z).utcoffset().total_seconds()) // 60
    cache[name] = off
    return off


class Roster:
    """Members in id order (docs/input.md), as plain columns."""

    def __init__(self, path: str, policy: dict):
        with open(path, newline="", encoding="utf-8-sig") as f:
            rows = list(csv.reader(f))
        header = [h.strip(TRIM).lower() for h in rows[0]]
        col = {h: k for k, h in enumerate(header)}
        for need in ("id", "stage"):
            if need not in col:
                raise InputError(f"missing required column {need}")
        body = [r for r in rows[1:] if r != []]  # csv yields [] for a blank line

        def cell(r, name):
            k = col.get(name)
            return r[k].strip(TRIM) if k is not None else ""

        # Stable sort: id, then line (Python str order = code point order; the
        # generator's ids are ASCII, where this equals Swift's String order).
        body.sort(key=lambda r: cell(r, "id"))
        gap, maxm = policy["stage_gap"], policy["max_mentees"]
        qs, deftz = policy["quarter_start"], policy["default_timezone"]
        zcache: dict = {}
        self.ids = [cell(r, "id") for r in body]
        self.index = {m: i for i, m in enumerate(self.ids)}
        if len(self.index) != len(self.ids):
            raise InputError("duplicate id")
        n = len(body)
        self.stage = [0] * n
        self.active = [False] * n
        self.wants_mentor = [False] * n
        self.capacity = [0] * n
        self.avail = [0] * n
        self.interests: list[frozenset] = [frozenset()] * n
        self.skills: list[frozenset] = [frozenset()] * n
        self.preferred: list[list[int]] = [[] for _ in range(n)]
        self.avoid: list[set[int]] = [set() for _ in range(n)]
        self.current = [-1] * n
        self.change = [False] * n

        def flag(text, default):
            t = text.lower()
            if t == "":
                return default
            if t in YES:
                return True
            if t in NO:
                return False
            raise InputError(f"not a yes/no value ({text})")

        def ref(text, i):
            if text == self.ids[i]:
                raise InputError(f"member {text} names themselves")
            if text not in self.index:
                raise InputError(f"unknown member id ({text})")
            return self.index[text]

        for i, r in enumerate(body):
            st = parse_stage(cell(r, "stage"))
            status = cell(r, "status").lower() or "active"
            if status not in ("active", "trial", "paused", "inactive"):
                raise InputError(f"unknown status ({status})")
            self.stage[i] = st
            self.active[i] = status == "active"
            tz = cell(r, "timezone") or deftz
            off = zone_offset(tz, qs, zcache)
            self.avail[i] = week_bits([parse_window(w) for w in tag_list(cell(r, "availability"))], off)
            self.interests[i] = frozenset(t.lower() for t in tag_list(cell(r, "interests")))
            self.skills[i] = frozenset(t.lower() for t in tag_list(cell(r, "skills")))
            cap = cell(r, "mentor_capacity")
            c = int(cap) if cap else 0
            if c < 0:
                raise InputError(f"negative capacity ({cap})")
            self.capacity[i] = min(c, maxm)
            self.wants_mentor[i] = flag(cell(r, "wants_mentor"), self.active[i] and st <= 5 - gap)
            self.change[i] = flag(cell(r, "change_mentor"), False)
        for i, r in enumerate(body):
            for p in tag_list(cell(r, "preferred_mentors")):
                j = ref(p, i)
                if j not in self.preferred[i]:
                    self.preferred[i].append(j)
            for a in tag_list(cell(r, "avoid")):
                j = ref(a, i)
                self.avoid[i].add(j)
                self.avoid[j].add(i)   # symmetric
            cm = cell(r, "current_mentor")
            if cm:
                self.current[i] = ref(cm, i)
        self.n = n


# ---------------------------------------------------------------- rules

class Rules:
    def __init__(self, roster: Roster, policy: dict):
        self.r = roster
        self.gap = policy["stage_gap"]
        self.require_shared = policy["require_shared_interest"]
        self.L = -(-policy["checkin_minutes"] // SLOT)
        self.starts = [starts(a, self.L) for a in roster.avail]

    def is_mentee(self, i):
        return self.r.active[i] and self.r.wants_mentor[i]

    def is_mentor(self, j):
        return self.r.active[j] and self.r.capacity[j] > 0

    def violation(self, i, j) -> str | None:
        """The first hard rule the pair breaks (docs/mentoring.md §1), or None."""
        r = self.r
        if not self.is_mentee(i):
            return "mentee not eligible"
        if not self.is_mentor(j):
            return "mentor not eligible"
        if i == j:
            return "same member"
        if r.stage[j] - r.stage[i] < self.gap:
            return "stage gap"
        if self.require_shared and not (r.interests[i] & r.skills[j]):
            return "no shared interest"
        if not (self.starts[i] & self.starts[j]):
            return "no common window"
        if j in r.avoid[i] or i in r.avoid[j]:
            return "avoided"
        if r.change[i] and r.current[i] == j:
            return "change requested"
        return None

    def quality(self, i, j) -> int:
        r = self.r
        shared = len(r.interests[i] & r.skills[j])
        q = 10 * min(shared, 3)
        if j in r.preferred[i]:
            q += max(40 - 10 * r.preferred[i].index(j), 10)
        q += min((r.avail[i] & r.avail[j]).bit_count() // 4, 8)
        return q


class Candidates:
    """Continuing pairs, then the candidate graph of the remaining mentees."""

    def __init__(self, rules: Rules, check: bool = False):
        r = rules.r
        n = r.n
        places = [r.capacity[j] if rules.is_mentor(j) else 0 for j in range(n)]
        self.continuing: list[tuple[int, int]] = []
        self.broken: list[tuple[int, int, str]] = []
        in_pair = [False] * n
        kept: dict[int, list[int]] = {}   # person -> common starts of their continuing check-ins kept so far
        for i in range(n):   # id order: places go to continuing mentees first
            if not rules.is_mentee(i) or r.current[i] < 0 or r.change[i]:
                continue
            c = r.current[i]
            v = rules.violation(i, c)
            if v is not None:
                self.broken.append((i, c, v))
            elif places[c] > 0:
                # SPEC §3.5 (docs/mentoring.md §1): kept only if its check-in still fits
                # beside the continuing check-ins of both people kept before it.
                common = rules.starts[i] & rules.starts[c]
                if not all(can_place_disjoint([(st, rules.L) for st in kept.get(x, [])] + [(common, rules.L)]) for x in (c, i)):
                    self.broken.append((i, c, "no check-in time"))
                    continue
                kept.setdefault(c, []).append(common)
                kept.setdefault(i, []).append(common)
                places[c] -= 1
                self.continuing.append((i, c))
                in_pair[i] = True
            else:
                self.broken.append((i, c, "mentor full"))
        self.eligible_mentees = sum(1 for i in range(n) if rules.is_mentee(i))
        self.mentees = np.array([i for i in range(n) if rules.is_mentee(i) and not in_pair[i]], dtype=np.int64)
        self.mentors = np.array([j for j in range(n) if places[j] > 0], dtype=np.int64)
        self.places = np.array([places[j] for j in self.mentors], dtype=np.int64)
        self._build(rules)
        if check:
            self._check(rules)

    def _build(self, rules: Rules):
        """Vectorised over mentors: per mentee, the stage- and interest-compatible
        mentors (by tag index), then the exact window test on 11-word bitsets."""
        r = rules.r
        mentors = self.mentors
        nm = len(mentors)
        tags = sorted({t for j in mentors for t in r.skills[j]} | {t for i in self.mentees for t in r.interests[i]})
        tag_id = {t: k for k, t in enumerate(tags)}
        tw = max(1, (len(tags) + 63) // 64)

        def tag_words(ts):
            x = 0
            for t in ts:
                x |= 1 << tag_id[t]
            return [(x >> (64 * w)) & 0xFFFFFFFFFFFFFFFF for w in range(tw)]

        m_stage = np.array([r.stage[j] for j in mentors], dtype=np.int64)
        m_starts = np.array([to_words(rules.starts[j]) for j in mentors], dtype=np.uint64).reshape(nm, WORDS)
        m_avail = np.array([to_words(r.avail[j]) for j in mentors], dtype=np.uint64).reshape(nm, WORDS)
        m_skill = np.array([tag_words(r.skills[j]) for j in mentors], dtype=np.uint64).reshape(nm, tw)
        by_skill: dict[str, list[int]] = {}
        for p, j in enumerate(mentors):
            for t in r.skills[j]:
                by_skill.setdefault(t, []).append(p)
        by_skill_np = {t: np.array(ps, dtype=np.int64) for t, ps in by_skill.items()}
        position = {int(j): p for p, j in enumerate(mentors)}

        out_k, out_p, out_q = [], [], []
        all_pos = np.arange(nm, dtype=np.int64)
        for k, i in enumerate(self.mentees):
            i = int(i)
            min_stage = r.stage[i] + rules.gap
            if min_stage > 5 or nm == 0:
                continue
            if rules.require_shared:
                lists = [by_skill_np[t] for t in r.interests[i] if t in by_skill_np]
                if not lists:
                    continue
                cand = np.unique(np.concatenate(lists)) if len(lists) > 1 else lists[0]
            else:
                cand = all_pos
            cand = cand[m_stage[cand] >= min_stage]
            if cand.size == 0:
                continue
            si = np.array(to_words(rules.starts[i]), dtype=np.uint64)
            cand = cand[(m_starts[cand] & si).any(axis=1)]
            if cand.size == 0:
                continue
            # self, avoid (both ways; the roster made it symmetric) and change request
            drop = [position[j] for j in r.avoid[i] if j in position]
            if i in position:
                drop.append(position[i])
            if r.change[i] and r.current[i] in position:
                drop.append(position[r.current[i]])
            if drop:
                cand = cand[~np.isin(cand, np.array(drop, dtype=np.int64))]
                if cand.size == 0:
                    continue
            ki = np.array(tag_words(r.interests[i]), dtype=np.uint64)
            shared = np.bitwise_count(m_skill[cand] & ki).sum(axis=1, dtype=np.int64)
            ai = np.array(to_words(r.avail[i]), dtype=np.uint64)
            common = np.bitwise_count(m_avail[cand] & ai).sum(axis=1, dtype=np.int64)
            q = 10 * np.minimum(shared, 3) + np.minimum(common // 4, 8)
            for rank, j in enumerate(r.preferred[i]):
                p = position.get(j)
                if p is not None:
                    hit = np.searchsorted(cand, p)
                    if hit < cand.size and cand[hit] == p:
                        q[hit] += max(40 - 10 * rank, 10)
            out_k.append(np.full(cand.size, k, dtype=np.int64))
            out_p.append(cand)
            out_q.append(q)
        cat = lambda xs: np.concatenate(xs) if xs else np.zeros(0, dtype=np.int64)  # noqa: E731
        self.pair_mentee = cat(out_k)   # position among self.mentees
        self.pair_mentor = cat(out_p)   # position among self.mentors
        self.pair_quality = cat(out_q)

    def _check(self, rules: Rules):
        """Slow scalar re-derivation (every mentee x mentor through Rules.violation
        and Rules.quality); raises when the fast builder disagrees."""
        got = {(int(self.mentees[k]), int(self.mentors[p])): int(q)
               for k, p, q in zip(self.pair_mentee, self.pair_mentor, self.pair_quality)}
        want = {}
        for i in self.mentees:
            for j in self.mentors:
                if rules.violation(int(i), int(j)) is None:
                    want[(int(i), int(j))] = rules.quality(int(i), int(j))
        if got != want:
            raise AssertionError(f"candidate builder disagrees with the scalar rules: "
                                 f"{len(set(got) ^ set(want))} pairs differ")


# ---------------------------------------------------------------- solvers

def solve_ortools(c: Candidates, mode: str) -> np.ndarray:
    """Min-cost flow. Nodes: 0 source, 1 sink, 2.. mentees, then mentors.
    source -> mentee (cap 1, cost -M), mentee -> mentor (cap 1, cost -q),
    mentor -> sink: first place cost 0, further places cost +15.
    mode 'bypass': supply = #mentees, with a source -> sink arc of cost 0;
    mode 'maxflow': SimpleMinCostFlow.solve_max_flow_with_min_cost (M is then
    only a constant over the maximum flows). Returns the chosen pair indices."""
    from ortools.graph.python import min_cost_flow

    nk, nm, npairs = len(c.mentees), len(c.mentors), len(c.pair_quality)
    qmax = int(c.pair_quality.max()) if npairs else 0
    big_m = (qmax + EXTRA_PLACE_COST) * max(nk, 1) + 1
    src, snk, m0, j0 = 0, 1, 2, 2 + nk
    f = min_cost_flow.SimpleMinCostFlow()
    # pair arcs first, so that arc index == pair index
    f.add_arcs_with_capacity_and_unit_cost(
        (m0 + c.pair_mentee).astype(np.int32), (j0 + c.pair_mentor).astype(np.int32),
        np.ones(npairs, dtype=np.int64), (-c.pair_quality).astype(np.int64))
    ks = np.arange(nk, dtype=np.int32)
    f.add_arcs_with_capacity_and_unit_cost(
        np.full(nk, src, dtype=np.int32), m0 + ks, np.ones(nk, dtype=np.int64),
        np.full(nk, -big_m, dtype=np.int64))
    js = np.arange(nm, dtype=np.int32)
    f.add_arcs_with_capacity_and_unit_cost(
        j0 + js, np.full(nm, snk, dtype=np.int32), np.ones(nm, dtype=np.int64), np.zeros(nm, dtype=np.int64))
    extra = c.places > 1
    if extra.any():
        f.add_arcs_with_capacity_and_unit_cost(
            j0 + js[extra], np.full(int(extra.sum()), snk, dtype=np.int32),
            (c.places[extra] - 1).astype(np.int64), np.full(int(extra.sum()), EXTRA_PLACE_COST, dtype=np.int64))
    f.set_node_supply(src, nk)
    f.set_node_supply(snk, -nk)
    if mode == "bypass":
        f.add_arc_with_capacity_and_unit_cost(src, snk, nk, 0)
        status = f.solve()
    else:   # supplies are upper bounds here: the largest flow, at least cost
        status = f.solve_max_flow_with_min_cost()
    if status != f.OPTIMAL:
        raise RuntimeError(f"min cost flow status {status}")
    flows = f.flows(np.arange(npairs, dtype=np.int32)) if npairs else np.zeros(0)
    return np.nonzero(flows > 0)[0]


def solve_pulp(c: Candidates, mip: bool) -> np.ndarray:
    """max sum (M + q) x - 15 sum e  s.t.  sum_j x_ij <= 1, sum_i x_ij - e_j <= 1,
    0 <= e_j <= c_j - 1, 0 <= x <= 1 (integral: bipartite incidence matrix)."""
    import pulp

    nk, nm, npairs = len(c.mentees), len(c.mentors), len(c.pair_quality)
    if npairs == 0:
        return np.zeros(0, dtype=np.int64)
    qmax = int(c.pair_quality.max())
    big_m = (qmax + EXTRA_PLACE_COST) * max(nk, 1) + 1
    cat = pulp.LpBinary if mip else pulp.LpContinuous
    prob = pulp.LpProblem("mentor_pairs", pulp.LpMaximize)
    x = [pulp.LpVariable(f"x{e}", 0, 1, cat) for e in range(npairs)]
    e_var = {p: pulp.LpVariable(f"e{p}", 0, int(c.places[p]) - 1, pulp.LpInteger if mip else pulp.LpContinuous)
             for p in range(nm) if c.places[p] > 1}
    prob += pulp.LpAffineExpression(
        [(x[e], big_m + int(q)) for e, q in enumerate(c.pair_quality)]
        + [(v, -EXTRA_PLACE_COST) for v in e_var.values()])
    by_mentee = [[] for _ in range(nk)]
    by_mentor = [[] for _ in range(nm)]
    for e, (k, p) in enumerate(zip(c.pair_mentee.tolist(), c.pair_mentor.tolist())):
        by_mentee[k].append(e)
        by_mentor[p].append(e)
    for k, es in enumerate(by_mentee):
        if len(es) > 1:
            prob += pulp.LpAffineExpression([(x[e], 1) for e in es]) <= 1, f"mentee{k}"
    for p, es in enumerate(by_mentor):
        if not es:
            continue
        terms = [(x[e], 1) for e in es]
        if p in e_var:
            terms.append((e_var[p], -1))
        if len(es) > 1 or p not in e_var:
            prob += pulp.LpAffineExpression(terms) <= 1, f"mentor{p}"
    status = prob.solve(pulp.PULP_CBC_CMD(msg=0))
    if pulp.LpStatus[status] != "Optimal":
        raise RuntimeError(f"CBC status {pulp.LpStatus[status]}")
    vals = np.array([v.varValue or 0.0 for v in x])
    frac = np.abs(vals - np.round(vals)).max()
    if frac > 1e-6:
        raise RuntimeError(f"LP solution not integral (max fractionality {frac})")
    return np.nonzero(vals > 0.5)[0]


# ---------------------------------------------------------------- main

def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("members")
    ap.add_argument("--policy")
    ap.add_argument("--solver", choices=["ortools", "pulp"], default="ortools")
    ap.add_argument("--flow-mode", choices=["bypass", "maxflow"], default="bypass",
                    help="OR-Tools: bypass arc with supplies (default), or solve_max_flow_with_min_cost")
    ap.add_argument("--mip", action="store_true", help="PuLP: binary variables (default: LP, integral)")
    ap.add_argument("--check", action="store_true", help="re-derive every candidate pair with the scalar rules (slow)")
    ap.add_argument("--out", help="write pairs as CSV mentee_id,mentor_id sorted by mentee id")
    a = ap.parse_args(argv)

    t0 = time.perf_counter()
    try:
        policy = read_policy(a.policy)
        roster = Roster(a.members, policy)
    except InputError as e:
        print(f"{a.members}: {e}", file=sys.stderr)
        return 1
    t1 = time.perf_counter()
    rules = Rules(roster, policy)
    cands = Candidates(rules, check=a.check)
    t2 = time.perf_counter()
    chosen = solve_ortools(cands, a.flow_mode) if a.solver == "ortools" else solve_pulp(cands, a.mip)
    t3 = time.perf_counter()

    # Verify the answer is feasible and compute the objective from the pairs.
    km = cands.pair_mentee[chosen]
    pm = cands.pair_mentor[chosen]
    assert len(np.unique(km)) == len(km), "a mentee matched twice"
    load = np.bincount(pm, minlength=len(cands.mentors))
    assert (load <= cands.places).all(), "a mentor over capacity"
    quality = int(cands.pair_quality[chosen].sum()) - EXTRA_PLACE_COST * int(np.maximum(load - 1, 0).sum())
    cont_quality = sum(rules.quality(i, j) for i, j in cands.continuing)
    matched = len(chosen) + len(cands.continuing)
    t4 = time.perf_counter()

    if a.out:
        pairs = [(roster.ids[int(cands.mentees[k])], roster.ids[int(cands.mentors[p])]) for k, p in zip(km, pm)]
        pairs += [(roster.ids[i], roster.ids[j]) for i, j in cands.continuing]
        pairs.sort()
        with open(a.out, "w", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(["mentee_id", "mentor_id"])
            w.writerows(pairs)

    solver = f"ortools-mcf-{a.flow_mode}" if a.solver == "ortools" else ("pulp-cbc-mip" if a.mip else "pulp-cbc-lp")
    print(json.dumps({
        "solver": solver,
        "members": roster.n,
        "mentees": cands.eligible_mentees,          # active and wants_mentor
        "mentees_to_match": len(cands.mentees),     # = cohort's "N mentees" (continuing excluded)
        "continuing": len(cands.continuing),
        "broken_continuing": len(cands.broken),
        "mentors": len(cands.mentors),              # with places left (= cohort's "N mentors")
        "candidate_pairs": len(cands.pair_quality),
        "matched": matched,                          # continuing included (= cohort's "N matched")
        "unmatched": cands.eligible_mentees - matched,
        "quality": quality,                          # new pairs: sum q - 15 * extra places
        "continuing_quality": cont_quality,
        "seconds": {"read": round(t1 - t0, 3), "candidates": round(t2 - t1, 3),
                    "solve": round(t3 - t2, 3), "total": round(t4 - t0, 3)},
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
