"""The privacy guard's patterns: identifiers are caught, ordinary schema values are not."""

from __future__ import annotations

import numpy as np
import pytest

from lumen.records.privacy import identifier_kind, name_looks_identifier, scan_ids, scan_values
from lumen.records.schema import AGE_BANDS, CHANNELS, EVENT_KINDS, INCOME_BANDS, OUTCOMES
from lumen.records.synth import DISTRICTS


@pytest.mark.parametrize("value,kind", [
    ("ada@example.org", "e-mail"), ("first.last+tag@mail.co.uk", "e-mail"),
    ("555-123-4567", "phone"), ("(555) 123 4567", "phone"), ("+44 20 7946 0958", "phone"),
    ("5551234567", "national"), ("123-45-6789", "national"), ("123456789", "national"),
    ("1980-02-03", "date"), ("03/04/1980", "date"), ("4 March 1980", "date"), ("March 4, 1980", "date"),
    ("12 Main Street", "address"), ("221B Baker St", "address"), ("PO Box 12", "address"),
    ("Apt 4", "address"),
])
def test_identifiers_are_caught(value, kind):
    assert kind in (identifier_kind(value) or "")


@pytest.mark.parametrize("value", [
    *(name for name, _, _ in DISTRICTS), "other", "North District 2", "j-3f9a0c", "hm-pslaaaa",
    "p-aafvbgaalmucidfh", "Zone 12", "2024", *AGE_BANDS, *INCOME_BANDS, *EVENT_KINDS, *CHANNELS, *OUTCOMES,
])
def test_ordinary_values_pass(value):
    assert identifier_kind(value) is None


@pytest.mark.parametrize("name", ["name", "PatientName", "first_name", "E-Mail", "phone_number", "tel",
                                  "street_address", "zip", "DOB", "date_of_birth", "ssn", "national_id",
                                  "provider", "notes", "mrn"])
def test_identifier_field_names(name):
    assert name_looks_identifier(name)


@pytest.mark.parametrize("name", ["id", "district", "age_band", "income_band", "events", "day", "kind",
                                  "channel", "outcome", "favourite_colour", "extra"])
def test_other_field_names(name):
    assert not name_looks_identifier(name)


def test_bulk_scans_agree_with_one_by_one():
    values = ["Riverside", "ada@example.org", "x", "12 Main St", "Old Harbor", "555-123-4567"] * 50
    idx, kinds = scan_values(values)
    assert idx.tolist() == [i for i, v in enumerate(values) if identifier_kind(v)]
    assert kinds[:3] == ["an e-mail address", "a street address", "a phone number"]
    ids = np.array(["j-0001", "555-123-4567", "hm-abcdefg", "1980-02-03", "a1b2c3d4e5", "12345678"], dtype="S")
    hit, _ = scan_ids(ids)
    assert hit.tolist() == [1, 3, 5]
