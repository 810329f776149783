#!/usr/bin/env python3
"""Bilateral and multilateral defence-pledge onsets by era (docs/model.md §8).

Reads CSV exports of four data sets that the R package peacesciencer ships
(write.csv of each, same column names):
  atop_alliance.csv  ATOP 5.1 dyad-years: ccode1, ccode2, year, atop_defense, ...
  cow_states.csv     COW state system membership: ccode, styear, endyear
  cow_majors.csv     COW major powers: ccode, styear, endyear
  cow_contdir.csv    COW direct contiguity: ccode1, ccode2, conttype, stdate, enddate
and prints, for 1816-1945, 1946-1991 and 1992-2016, the onsets of a defence
pledge among politically relevant dyads (directly contiguous by any type, or
with a major power on one side) not pledged the year before, per 10,000 such
at-risk dyad-years, split into bilateral and multilateral.

A new pledge between a and b counts as multilateral when one of them gains,
in the same year, another new pledge with a state already pledged to the
other (a treaty of three or more members, or an accession to one); otherwise
bilateral. The rule is a proxy for ATOP's member-level treaty data, which
peacesciencer does not ship: two bilateral treaties signed by one state in
one year with two states allied to each other would count as multilateral.

Usage: bilateral_eras.py [--yearly] DIR   (the folder holding the four CSV files)

With --yearly it prints one CSV row a year instead (year, at-risk dyad-years,
bilateral and multilateral onsets, the bilateral pairs as COW codes): the
rows of data/world/bilateral-onsets.csv that ATOP 5.1 covers.
"""
import collections
import csv
import os
import sys

ERAS = [("1816-1945", 1816, 1945), ("1946-1991", 1946, 1991), ("1992-2016", 1992, 2016)]


def rows(d, name):
    with open(os.path.join(d, name), newline="") as f:
        return list(csv.DictReader(f))


def spans(d, name):
    out = collections.defaultdict(set)
    for r in rows(d, name):
        for y in range(int(r["styear"]), int(r["endyear"]) + 1):
            out[y].add(int(r["ccode"]))
    return out


def main(d, yearly=False):
    pledged = collections.defaultdict(set)  # year -> dyads with a defence pledge
    for r in rows(d, "atop_alliance.csv"):
        a, b = int(r["ccode1"]), int(r["ccode2"])
        if r["atop_defense"] == "1" and a != b:
            pledged[int(r["year"])].add(frozenset((a, b)))
    members, majors = spans(d, "cow_states.csv"), spans(d, "cow_majors.csv")
    contiguity = collections.defaultdict(list)
    for r in rows(d, "cow_contdir.csv"):
        contiguity[frozenset((int(r["ccode1"]), int(r["ccode2"])))].append(
            (int(r["stdate"][:4]), int(r["enddate"][:4])))

    def relevant(dyad, y):
        a, b = tuple(dyad)
        return a in majors[y] or b in majors[y] or any(s <= y <= e for s, e in contiguity.get(dyad, []))

    def year_counts(y):
        """At-risk dyad-years, and the bilateral and multilateral onsets, of year y."""
        before, now = pledged.get(y - 1, set()), pledged.get(y, set())
        states = sorted(members[y])
        at_risk = 0
        for i, a in enumerate(states):
            for b in states[i + 1:]:
                dyad = frozenset((a, b))
                if dyad not in before and relevant(dyad, y):
                    at_risk += 1
        new = [p for p in now if p not in before and all(c in members[y] for c in p)]
        allies, fresh = collections.defaultdict(set), collections.defaultdict(set)
        for p in now:
            a, b = tuple(p)
            allies[a].add(b)
            allies[b].add(a)
        for p in new:
            a, b = tuple(p)
            fresh[a].add(b)
            fresh[b].add(a)
        bilateral, multilateral = [], 0
        for p in new:
            if not relevant(p, y):
                continue
            a, b = tuple(p)
            if any(c != b and c in allies[b] for c in fresh[a]) or any(c != a and c in allies[a] for c in fresh[b]):
                multilateral += 1
            else:
                bilateral.append("%d-%d" % tuple(sorted(p)))
        return at_risk, sorted(bilateral), multilateral

    if yearly:
        # One CSV row a year, from 1946 to the last year of the COW lists
        # (2016 in the peacesciencer exports; ATOP runs to 2018): the rows of
        # data/world/bilateral-onsets.csv to 2016. Its 2017-2018 rows carry
        # the 2016 lists forward (data/world/SOURCES.md section 1).
        print("year,at_risk,bilateral,multilateral,pairs")
        for y in range(1946, min(max(pledged), max(members)) + 1):
            at_risk, bilateral, multilateral = year_counts(y)
            print(f"{y},{at_risk},{len(bilateral)},{multilateral},{' '.join(bilateral)}")
        return
    print("era        at-risk dyad-years  bilateral (per 10k)  multilateral (per 10k)")
    for name, y0, y1 in ERAS:
        bilateral = multilateral = at_risk = 0
        for y in range(y0, y1 + 1):
            n, b, m = year_counts(y)
            at_risk += n
            bilateral += len(b)
            multilateral += m
        print(f"{name}  {at_risk:18,}  {bilateral:4} ({1e4 * bilateral / at_risk:5.2f})       "
              f"{multilateral:4} ({1e4 * multilateral / at_risk:5.2f})")


if __name__ == "__main__":
    args = sys.argv[1:]
    yearly = "--yearly" in args
    args = [a for a in args if a != "--yearly"]
    if len(args) != 1:
        sys.exit(__doc__)
    main(args[0], yearly)
