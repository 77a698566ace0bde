"""The anonymizer: clinic exports to k-anonymous schema-1 journeys (DESIGN.md section 5)."""

from lumen.anonymize.core import anonymize, pseudonym, read_key

__all__ = ["anonymize", "pseudonym", "read_key"]
