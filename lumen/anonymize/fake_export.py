"""A synthetic clinic export (fake names, addresses, phones) for demos and anonymizer tests."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import numpy as np

from lumen.anonymize.mappings import load_districts

HEADER = ("patient_id", "name", "date_of_birth", "sex", "street_address", "zip", "phone", "email",
          "visit_date", "cdt_code", "payer", "channel", "provider", "notes")
FIRST = ("Ada", "Bruno", "Chiara", "Dmitri", "Esme", "Farid", "Greta", "Hiro", "Ines", "Jonas", "Kemi",
         "Luca")
LAST = ("Okafor", "Lindqvist", "Moreau", "Tanaka", "Alvarez", "Novak", "Haddad", "Brennan", "Kowalski")
STREETS = ("Harbor Street", "Mill Road", "Cedar Avenue", "Quarry Lane", "Lake Drive", "Market Way")
CODES = ("D0120", "D0150", "D1110", "D1120", "D2391", "D2140", "D3310", "D7140", "D8080", "D9110",
         "D0140", "NOSHOW", "BARRIER:cost", "BARRIER:network", "BARRIER:distance", "OUTREACH", "WORKSHOP")
CODE_P = (0.2, 0.05, 0.17, 0.05, 0.08, 0.04, 0.03, 0.04, 0.02, 0.05, 0.03, 0.08, 0.05, 0.04, 0.02, 0.03, 0.02)
CHANNELS = ("clinic", "network", "mobile", "community")
PAYERS = ("medicaid", "uninsured", "public", "private", "other")


def write_fake_export(path: Path, patients: int, seed: int = 0, visits_per_patient: float = 4.0) -> None:
    """Write a clinic export of fake patients; every identifier in it is made up."""
    rng = np.random.default_rng(seed)
    zips = sorted(load_districts().zip_to_district) + ["99999"]  # one ZIP outside the mapping
    start = dt.date(2025, 1, 6)
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(HEADER)
        rows = []
        for p in range(patients):
            pid = f"MRN{100000 + p * 7 + int(rng.integers(0, 7))}"
            name = f"{FIRST[rng.integers(len(FIRST))]} {LAST[rng.integers(len(LAST))]}"
            dob = start - dt.timedelta(days=int(rng.integers(2 * 365, 95 * 365)))
            sex = ("F", "M", "X")[int(rng.integers(3))]
            addr = f"{int(rng.integers(1, 999))} {STREETS[rng.integers(len(STREETS))]}"
            zip_ = zips[int(rng.integers(len(zips)))]
            phone = f"555-{int(rng.integers(100, 999))}-{int(rng.integers(1000, 9999))}"
            email = f"{name.split()[0].lower()}.{p}@example.org"
            payer = PAYERS[int(rng.integers(len(PAYERS)))]
            for _ in range(1 + int(rng.poisson(visits_per_patient - 1))):
                visit = start + dt.timedelta(days=int(rng.integers(0, 700)))
                code = CODES[int(rng.choice(len(CODES), p=np.array(CODE_P) / sum(CODE_P)))]
                chan = CHANNELS[int(rng.choice(4, p=[0.6, 0.25, 0.1, 0.05]))]
                note = f"called {name.split()[0]} at {phone}"
                rows.append((pid, name, dob.isoformat(), sex, addr, zip_, phone, email, visit.isoformat(),
                             code, payer, chan, f"Dr. {LAST[rng.integers(len(LAST))]}", note))
        rows.sort(key=lambda r: (r[8], r[0]))  # exports come in visit order, patients interleaved
        w.writerows(rows)
