"""`lumen data anonymize`: arguments, running the anonymizer, writing records and report."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from lumen.anonymize import mappings as M
from lumen.anonymize.core import anonymize, read_key
from lumen.errors import UserError


def cmd_anonymize(args: argparse.Namespace) -> int:
    """Anonymize a clinic export into schema-1 JSONL and print the report's counts."""
    from lumen.records.writers import write_jsonl

    if not args.export.is_file():
        raise UserError(f"{args.export}: no such file")
    key = read_key(args.key_file)
    for out in (args.out, args.report):
        if out is not None and out.resolve() in (args.export.resolve(), args.key_file.resolve()):
            raise UserError(f"{out}: refusing to overwrite an input file")
    journeys, report = anonymize(
        args.export, key, k=args.k, districts=M.load_districts(args.districts),
        payers=M.load_payers(args.payers), cdt=M.load_cdt(args.cdt),
        column_map=M.parse_column_map(args.columns), min_district_population=args.min_population)
    write_jsonl(journeys, args.out)
    text = json.dumps(report, indent=2) + "\n"
    if args.report is not None:
        args.report.write_text(text, encoding="utf-8")
    print(f"rows read {report['rows_read']}, patients {report['patients']}: journeys written "
          f"{report['journeys_written']}, suppressed {report['journeys_suppressed']}, "
          f"rejected {sum(report['journeys_rejected'].values())}; k reached {report['k_reached']} "
          f"(asked {report['k_requested']}); wrote {args.out}"
          + (f" and {args.report}" if args.report else ""))
    return 0


def add_parser(sub) -> None:
    """Register `anonymize` under `lumen data`."""
    p = sub.add_parser("anonymize", help="turn a clinic export into anonymized journey records")
    p.add_argument("export", type=Path, metavar="CLINIC.csv")
    p.add_argument("--out", type=Path, required=True, metavar="FILE.jsonl")
    p.add_argument("--key-file", type=Path, required=True, metavar="KEY",
                   help="file holding the secret HMAC key (never written anywhere)")
    p.add_argument("--k", type=int, default=5, help="k-anonymity over district, age and income (default 5)")
    p.add_argument("--districts", type=Path, default=M.DEFAULT_DISTRICTS, metavar="FILE",
                   help="zip,district,population mapping (default: Harmonia's)")
    p.add_argument("--payers", type=Path, default=M.DEFAULT_PAYERS, metavar="FILE",
                   help="payer,income_band mapping (default: Harmonia's)")
    p.add_argument("--cdt", type=Path, default=M.DEFAULT_CDT, metavar="FILE",
                   help="from,to,kind CDT code ranges (default: Harmonia's)")
    p.add_argument("--columns", metavar="MAP",
                   help="export column names, e.g. patient_id=PID,visit_date=VisitDate")
    p.add_argument("--min-population", type=int, default=1000, metavar="N",
                   help="districts with fewer residents merge into 'other' (default 1000)")
    p.add_argument("--report", type=Path, metavar="FILE", help="write the JSON report here")
    p.set_defaults(func=cmd_anonymize)
