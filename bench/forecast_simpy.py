#!/usr/bin/env python3
"""The CAPA forecast model written in SimPy, for the benchmark.

It runs the same model as capa-forecast on the same deterministic inputs,
which `capa forecast inputs TEAM.toml` prints as JSON: the diary's offers and
Choice slots and when each is published, the sessions held back for
re-offers, each clinician's weekly seats, episode lengths, outcome shares and
DNA rates. Only chance differs (Python's own random numbers), so the two agree
in distribution, not draw by draw.

SimPy style: referrals arrive from a generator process; each booked
appointment is a process waiting for its time; a weekly process runs the
clinics; publications and leavers are processes too. As in capa, an
episode's weekly visits (misses included) are drawn when it starts.

Usage: forecast_simpy.py INPUTS.json [--reps N] [--seed S]
Prints one JSON object: seconds per replication (each run timed alone) and
the figures to compare with capa's.
"""

import argparse
import bisect
import json
import random
import statistics
import sys
import time
from collections import deque

import simpy

DAY = 1440
WEEK = 7 * DAY
UNPUBLISHED, RESERVE, VACANT, BOOKED, ATTENDED, DNA, EXPIRED = range(7)
STATES = {"unpublished": UNPUBLISHED, "reserve": RESERVE, "vacant": VACANT, "booked": BOOKED}


class Table:
    def __init__(self, t):
        self.time = t["time"]
        self.clinician = t["clinician"]
        self.quarter = t["quarter"]
        self.initial = [STATES[s] for s in t["state"]]


class Model:
    """One replication."""

    def __init__(self, m, rng):
        self.m = m
        self.rng = rng
        self.env = simpy.Environment()
        self.kinds = len(m["kinds"])
        self.n = len(m["clinicians"])
        self.weeks = m["weeks"]
        self.report_start = m["warm_up_weeks"] * WEEK
        self.choice_t = m["_choice"]
        self.offer_t = m["_offers"]
        self.choice = list(self.choice_t.initial)
        self.offers = [list(t.initial) for t in self.offer_t]
        self.cursor = [0] * self.kinds
        self.scan_end = [last_published(t.initial) for t in self.offer_t]
        self.choice_cursor = 0
        self.choice_end = max((i + 1 for i, s in enumerate(self.choice) if s != UNPUBLISHED), default=0)
        self.reserve_cursor = [[0] * self.n for _ in range(self.kinds)]
        self.unbooked = deque()
        self.managed = [deque() for _ in range(self.kinds)]
        self.caseload = [deque() for _ in range(self.n * self.kinds)]
        self.first_booked = [0] * (self.n * self.kinds * self.weeks)
        self.referrals = []
        self.seen = 0
        self.wait_sum = 0
        self.within3 = 0
        self.started = 0
        self.pwait_sum = 0
        self.left = [False] * self.n

    # -- the diary -------------------------------------------------------
    def first_vacant(self, states, times, cursor, end, now):
        i = cursor
        while i < end:
            if states[i] == VACANT:
                if times[i] > now:
                    break
                states[i] = EXPIRED
            i += 1
        return i

    def book_choice(self, r):
        now = self.env.now
        t = self.choice_t
        i = self.first_vacant(self.choice, t.time, self.choice_cursor, self.choice_end, now)
        self.choice_cursor = i
        if i >= self.choice_end:
            return False
        day = t.time[i] // DAY
        second = None
        for j in range(i + 1, self.choice_end):
            if self.choice[j] == VACANT and t.time[j] // DAY != day:
                second = j
                break
        pick = i
        if second is not None and self.rng.random() >= self.m["earlier_choice"]:
            pick = second
        self.choice[pick] = BOOKED
        r["booking"] = pick
        self.env.process(self.choice_appointment(r, pick))
        return True

    def offer_choice(self, r):
        if not self.book_choice(r):
            self.unbooked.append(r)

    def book_partnership(self, r):
        now = self.env.now
        k = r["kind"]
        t = self.offer_t[k]
        end = self.scan_end[k]
        states = self.offers[k]
        i = self.first_vacant(states, t.time, self.cursor[k], end, now)
        self.cursor[k] = i
        if i >= end:
            return False
        # The managed-list rule: only offers within the team's limit.
        until = now + self.m["max_wait_minutes"]
        if r["need"]:
            bit = 1 << (r["need"] - 1)
            meets = self.m["meets"]
            while i < end and t.time[i] <= until and not (
                    states[i] == VACANT and t.time[i] > now and meets[t.clinician[i]] & bit):
                i += 1
            if i >= end:
                return False
        if t.time[i] > until:
            return False
        states[i] = BOOKED
        c = t.clinician[i]
        w = t.time[i] // WEEK
        if w < self.weeks:
            self.first_booked[(c * self.kinds + k) * self.weeks + w] += 1
        r["booking"] = i
        self.env.process(self.first_appointment(r, i))
        return True

    def place_partnership(self, r):
        if not self.book_partnership(r):
            self.managed[r["kind"]].append(r)

    def serve_managed(self, k):
        waiting, kept = self.managed[k], deque()
        until = self.env.now + self.m["max_wait_minutes"]
        t = self.offer_t[k]
        while waiting:
            r = waiting.popleft()
            if not self.book_partnership(r):
                kept.append(r)
                if self.cursor[k] >= self.scan_end[k] or t.time[self.cursor[k]] > until:
                    kept.extend(waiting)
                    waiting.clear()
        self.managed[k] = kept

    def serve_unbooked(self):
        while self.unbooked:
            if not self.book_choice(self.unbooked[0]):
                break
            self.unbooked.popleft()

    def reoffer(self, k, lost):
        now = self.env.now
        t = self.offer_t[k]
        c, q = t.clinician[lost], t.quarter[lost]
        lst = self.m["reserve"][k][c]
        cur = self.reserve_cursor[k][c]
        while cur < len(lst) and t.time[lst[cur]] <= now:
            cur += 1
        self.reserve_cursor[k][c] = cur
        for i in lst[cur:]:
            if self.offers[k][i] == RESERVE and t.quarter[i] == q:
                self.offers[k][i] = VACANT
                self.cursor[k] = min(self.cursor[k], i)
                self.scan_end[k] = max(self.scan_end[k], i + 1)
                return

    # -- processes --------------------------------------------------------
    def arrivals(self):
        m = self.m
        w, x = 0, 0.0
        while True:
            e = self.rng.expovariate(1.0)
            while True:
                if w >= self.weeks:
                    return
                # A week's referrals are accepted on its days that are not
                # public holidays.
                days = m["accept_days"][w]
                week_minutes = m["accept_minutes"] * len(days)
                rate = m["week_rate"][w] / max(week_minutes, 1)
                room = week_minutes - x
                if rate > 0 and e <= rate * room:
                    x += e / rate
                    break
                e -= rate * room
                w += 1
                x = 0.0
            xx = min(x, week_minutes - 1e-6)
            day = int(xx // m["accept_minutes"])
            at = w * WEEK + days[day] * DAY + m["accept_from"] + int(xx - day * m["accept_minutes"])
            yield self.env.timeout(at - self.env.now)
            r = {"accepted": at // DAY, "dnas": 0, "kind": 0, "need": 0, "booking": None, "seen": 0}
            self.referrals.append(r)
            self.offer_choice(r)

    def choice_appointment(self, r, slot):
        yield self.env.timeout(self.choice_t.time[slot] - self.env.now)
        if r["booking"] != slot or self.choice[slot] != BOOKED:
            return
        m = self.m
        if self.rng.random() < m["choice_dna"]:
            self.choice[slot] = DNA
            r["dnas"] += 1
            if r["dnas"] < m["close_after"]:
                self.offer_choice(r)
            return
        self.choice[slot] = ATTENDED
        now = self.env.now
        day = now // DAY
        wait = max(day - r["accepted"], 0)
        if now >= self.report_start and now < self.weeks * WEEK:
            self.seen += 1
            self.wait_sum += wait
            self.within3 += wait <= 21
        u = self.rng.random()
        kind = next((k for k, c in enumerate(m["outcome"]) if u < c), None)
        v = self.rng.random()
        need = next((i + 1 for i, c in enumerate(m["needs"]) if v < c), 0)
        r["seen"] = day
        if kind is not None:
            r["kind"] = kind
            r["need"] = need
            self.place_partnership(r)

    def first_appointment(self, r, i):
        k = r["kind"]
        t = self.offer_t[k]
        yield self.env.timeout(t.time[i] - self.env.now)
        if r["booking"] != i or self.offers[k][i] != BOOKED:
            return
        m = self.m
        if self.rng.random() < m["partnership_dna"]:
            self.offers[k][i] = DNA
            self.reoffer(k, i)
            self.serve_managed(k)
            self.place_partnership(r)
            return
        self.offers[k][i] = ATTENDED
        now = self.env.now
        if now >= self.report_start and now < self.weeks * WEEK:
            self.started += 1
            self.pwait_sum += max(now // DAY - r["seen"], 0)
        visits = bisect.bisect_right(m["_visits"][k], self.rng.random())
        if visits > 0:
            self.caseload[t.clinician[i] * self.kinds + k].append(visits)

    def clinics(self):
        m = self.m
        for w in range(self.weeks):
            yield self.env.timeout((w + 1) * WEEK - self.env.now)
            for c in range(self.n):
                for k in range(self.kinds):
                    slot = (c * self.kinds + k) * self.weeks + w
                    seats = max(m["seats"][slot] - self.first_booked[slot], 0)
                    # Each open episode holds the visits it still needs; those
                    # seen go to the back, so a short week's families take turns.
                    queue = self.caseload[c * self.kinds + k]
                    for _ in range(min(seats, len(queue))):
                        left = queue.popleft() - 1
                        if left > 0:
                            queue.append(left)
            # The managed list is looked at every week.
            for k in range(self.kinds):
                self.serve_managed(k)

    def publications(self):
        kinds = self.kinds
        for minute, entries in self.m["publications"]:
            yield self.env.timeout(minute - self.env.now)
            touched = set()
            for table, i in entries:
                if table == kinds:
                    self.choice[i] = VACANT
                    self.choice_cursor = min(self.choice_cursor, i)
                    self.choice_end = max(self.choice_end, i + 1)
                else:
                    self.offers[table][i] = VACANT
                    self.cursor[table] = min(self.cursor[table], i)
                    self.scan_end[table] = max(self.scan_end[table], i + 1)
                    touched.add(table)
            self.serve_unbooked()
            for k in sorted(touched):
                self.serve_managed(k)

    def leaver(self, c, minute):
        yield self.env.timeout(minute - self.env.now)
        self.left[c] = True
        w = min(minute // WEEK + 1, self.weeks - 1)
        for k in range(self.kinds):
            cases = self.caseload[c * self.kinds + k]
            self.caseload[c * self.kinds + k] = deque()
            for case in cases:
                best = None
                for o in range(self.n):
                    if o == c or self.left[o] or not self.m["in_kind"][o][k]:
                        continue
                    room = self.m["seats"][(o * self.kinds + k) * self.weeks + w] - len(self.caseload[o * self.kinds + k])
                    if best is None or room > best[0]:
                        best = (room, o)
                target = c if best is None else best[1]
                self.caseload[target * self.kinds + k].append(case)

    def run(self):
        env = self.env
        env.process(self.arrivals())
        env.process(self.clinics())
        env.process(self.publications())
        for c, minute in self.m["leavers"]:
            env.process(self.leaver(c, minute))
        env.run(until=self.weeks * WEEK + 1)
        return {
            "seen": self.seen,
            "wait_to_choice_days": self.wait_sum / self.seen if self.seen else 0.0,
            "share_within_3_weeks": self.within3 / self.seen if self.seen else 0.0,
            "partnerships_started": self.started,
            "wait_to_partnership_days": self.pwait_sum / self.started if self.started else 0.0,
        }


def last_published(states):
    return max((i + 1 for i, s in enumerate(states) if s not in (UNPUBLISHED, RESERVE)), default=0)


def load(path):
    with open(path) as f:
        m = json.load(f)
    m["_choice"] = Table(m["choice"])
    m["_offers"] = [Table(t) for t in m["offers"]]
    cdfs = []
    for pmf in m["visits"]:
        acc, cdf = 0.0, []
        for p in pmf:
            acc += p
            cdf.append(acc)
        cdf[-1] = 1.0
        cdfs.append(cdf[:-1])
    m["_visits"] = cdfs
    return m


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("inputs")
    p.add_argument("--reps", type=int, default=20)
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args()
    m = load(a.inputs)
    times, runs = [], []
    for rep in range(a.reps):
        rng = random.Random(a.seed * 1_000_003 + rep)
        start = time.perf_counter()
        runs.append(Model(m, rng).run())
        times.append(time.perf_counter() - start)
    mean = lambda k: statistics.fmean(r[k] for r in runs)  # noqa: E731
    print(json.dumps({
        "reps": a.reps,
        "simpy": simpy.__version__,
        "python": sys.version.split()[0],
        "seconds_per_replication": statistics.median(times),
        "seconds_per_replication_all": times,
        "wait_to_choice_days": mean("wait_to_choice_days"),
        "share_within_3_weeks": mean("share_within_3_weeks"),
        "partnerships_started": mean("partnerships_started"),
        "wait_to_partnership_days": mean("wait_to_partnership_days"),
        "seen_at_choice": mean("seen"),
    }))


if __name__ == "__main__":
    main()
