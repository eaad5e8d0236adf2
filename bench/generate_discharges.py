#!/usr/bin/env python3
"""Generate a synthetic CAMHS discharge report for benchmarks and checks.

The report looks like the yearly extract a team lead pivots in a spreadsheet:
one row per discharged episode with a name, an NHI number (valid check
character), a diagnosis, the team, days in service, face-to-face contacts and
the discharge date (dd/mm/yyyy). Everything is invented from a fixed seed, so
two runs with the same arguments write the same bytes.

Shape of the data, chosen to resemble real CAMHS activity:
  * about 40 diagnoses, a few of them long-running (eating disorders,
    psychosis, ...), whose Partnership work is well above the Core range;
  * f/f heavily skewed: many episodes of 0-3 (Choice or one-off), a Core
    bulk around 7, and a long tail past 30;
  * a few exact and near duplicates (same NHI, discharge date, diagnosis);
  * about 0.1% Z-range test NHIs;
  * some diagnoses contain a comma, so the CSV has quoted fields.

Usage: generate_discharges.py ROWS OUT.csv [--seed N]
"""

import argparse
import datetime as dt
import math
import random

LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"  # no I or O


def letter_value(c):
    return LETTERS.index(c) + 1


def char_value(c):
    return int(c) if c.isdigit() else letter_value(c)


def make_nhi(rng, test=False):
    """A random NHI with a valid check character (HISO 10046:2023)."""
    while True:
        first = "Z" if test else rng.choice(LETTERS[:-1])
        head = first + rng.choice(LETTERS) + rng.choice(LETTERS)
        new_format = rng.random() < 0.2
        if new_format:
            body = head + f"{rng.randrange(100):02d}" + rng.choice(LETTERS)
        else:
            body = head + f"{rng.randrange(1000):03d}"
        s = sum(char_value(c) * w for c, w in zip(body, (7, 6, 5, 4, 3, 2)))
        if new_format:
            return body + LETTERS[23 - s % 23 - 1]
        r = s % 11
        if r == 0:
            continue
        return body + str((11 - r) % 10)


# (diagnosis, relative frequency, median f/f of its Partnership work)
DIAGNOSES = [
    ("Anxiety disorder", 14, 7), ("Depression", 12, 8), ("ADHD", 11, 6),
    ("Conduct disorder", 5, 7), ("Oppositional defiant disorder", 4, 6),
    ("Autism spectrum disorder", 5, 9), ("PTSD", 3, 11),
    ("Adjustment disorder", 4, 5), ("Self-harm", 6, 8),
    ("Suicidal ideation", 4, 6), ("OCD", 2, 12), ("Panic disorder", 1, 7),
    ("Social anxiety", 2, 8), ("Separation anxiety", 1, 6),
    ("School refusal", 2, 7), ("Attachment difficulties", 2, 10),
    ("Anorexia nervosa", 2, 28), ("Bulimia nervosa", 1, 22),
    ("ARFID", 1, 18), ("First episode psychosis", 1, 34),
    ("Bipolar affective disorder", 1, 20), ("Emerging personality disorder", 1, 26),
    ("Substance use", 2, 6), ("Tic disorder", 1, 5), ("Enuresis", 1, 4),
    ("Sleep disorder", 1, 4), ("Grief and loss", 2, 6),
    ("Family relationship difficulties", 3, 6), ("Behavioural difficulties", 4, 5),
    ("Emotional dysregulation", 3, 9), ("Trauma, complex", 1, 16),
    ("Anxiety, generalised", 2, 7), ("Low mood", 3, 5),
    ("Learning difficulties", 1, 4), ("Gender dysphoria", 1, 10),
    ("Selective mutism", 1, 12), ("Somatic symptoms", 1, 8),
    ("Whānau distress", 1, 6), ("No diagnosis", 4, 4), ("Assessment only", 3, 4),
]

GIVEN = ["Aroha", "Mia", "Noah", "Oliver", "Charlotte", "Nikau", "Ava", "Leo",
         "Isla", "Jack", "Amelia", "Manaia", "Olivia", "George", "Mila", "Hunter",
         "Ruby", "Lucas", "Willow", "Tama", "Sophie", "Kauri", "Hana", "Levi"]
FAMILY = ["Smith", "Wilson", "Ngata", "Brown", "Taylor", "Williams", "Te Huia",
          "Jones", "Walker", "Tūhoe-Black", "Thompson", "Harris", "Martin",
          "Parata", "King", "Campbell", "Anderson", "Robinson", "Tautahi", "Clark"]
TEAMS = ["Central CAMHS", "North CAMHS", "South CAMHS", "Youth AOD"]


def draw_ff(rng, median):
    """Face-to-face contacts: Choice or one-off, or a Partnership episode."""
    if rng.random() < 0.42:
        return rng.choices((0, 1, 2, 3), weights=(6, 18, 10, 6))[0]
    # Log-normal Partnership length around the diagnosis median.
    ff = int(round(math.exp(rng.gauss(math.log(median), 0.55))))
    if rng.random() < 0.01:
        ff += rng.randrange(30, 160)  # the long tail past the histogram
    return max(4, ff)


def csv_field(s):
    return f'"{s}"' if "," in s else s


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("rows", type=int)
    p.add_argument("out")
    p.add_argument("--seed", type=int, default=20240701)
    a = p.parse_args()
    rng = random.Random(a.seed)
    names = [d[0] for d in DIAGNOSES]
    weights = [d[1] for d in DIAGNOSES]
    medians = {d[0]: d[2] for d in DIAGNOSES}
    first = dt.date(2023, 7, 1)
    recent = []  # a window of earlier rows to copy as duplicates
    with open(a.out, "w", encoding="utf-8", newline="") as f:
        f.write("Name,NHI,Diagnosis,Team,Days in service,F/F,Discharge date\n")
        for i in range(a.rows):
            if recent and rng.random() < 0.0005:
                row = list(rng.choice(recent))
                if rng.random() < 0.3:
                    row[5] += 1  # same episode entered twice, counted differently
            else:
                diag = rng.choices(names, weights)[0]
                ff = draw_ff(rng, medians[diag])
                weeks = ff * rng.uniform(1.0, 2.5) + rng.uniform(0, 6)
                days = int(weeks * 7) if ff > 1 else rng.randrange(0, 45)
                discharge = first + dt.timedelta(days=rng.randrange(366))
                name = f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}"
                nhi = make_nhi(rng, test=rng.random() < 0.001)
                row = [name, nhi, diag, rng.choice(TEAMS), days, ff, discharge]
                if i % 97 == 0:
                    recent.append(row)
                    if len(recent) > 500:
                        recent.pop(0)
            name, nhi, diag, team, days, ff, discharge = row
            f.write(f"{name},{nhi},{csv_field(diag)},{team},{days},{ff},"
                    f"{discharge.day:02d}/{discharge.month:02d}/{discharge.year}\n")


if __name__ == "__main__":
    main()
