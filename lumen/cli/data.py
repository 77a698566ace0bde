"""The `lumen data` command: check, synth and anonymize journey records."""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from lumen.errors import CheckFailed, UserError
from lumen.records.schema import AGE_BANDS, CHANNELS, EVENT_KINDS, INCOME_BANDS

SHOWN_PROBLEMS = 20  # without --strict, the quarantine file holds the rest


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected a number >= 0, got {value}")
    return value


def _table(title: str, names, counts) -> list[str]:
    rows = [f"  {title}"]
    rows += [f"    {name:<16} {int(c):>10}" for name, c in zip(names, counts)]
    return rows


def summary_table(journeys) -> str:
    """Counts of journeys, events per kind and channel, bands and districts, as text."""
    j = journeys
    lines = [f"journeys {len(j)}, events {j.n_events}"]
    lines += _table("events by kind", EVENT_KINDS, np.bincount(j.event_kind, minlength=len(EVENT_KINDS)))
    lines += _table("events by channel", CHANNELS, np.bincount(j.event_channel, minlength=len(CHANNELS)))
    lines += _table("journeys by age band", AGE_BANDS, np.bincount(j.age_band, minlength=len(AGE_BANDS)))
    lines += _table("journeys by income band", INCOME_BANDS,
                    np.bincount(j.income_band, minlength=len(INCOME_BANDS)))
    lines += _table("journeys by district", j.districts, np.bincount(j.district, minlength=len(j.districts)))
    return "\n".join(lines)


def cmd_check(args: argparse.Namespace) -> int:
    """Validate files, write the quarantine, print problems, a summary table and the counts."""
    from lumen.records import load_records

    res = load_records(args.files)
    quarantine = args.quarantine
    if quarantine is None and res.quarantined:
        quarantine = Path(Path(args.files[0]).name + ".quarantine.jsonl")
    if quarantine is not None:
        res.write_quarantine(quarantine)
    for note in res.notes:
        print(f"note: {note}")
    problems = res.file_problems + res.problems
    shown = problems if args.strict else problems[:SHOWN_PROBLEMS]
    for p in shown:
        print(p)
    if len(shown) < len(problems):
        print(f"... and {len(problems) - len(shown)} more problems (all of them are in {quarantine})")
    print(summary_table(res.journeys))
    if quarantine is not None:
        print(f"quarantine: {quarantine}")
    print(res.summary())
    if args.strict and not res.ok:
        raise CheckFailed(f"data check --strict: {len(problems)} problems; {res.summary()}")
    return 0


def cmd_synth(args: argparse.Namespace) -> int:
    """Write a synthetic Harmonia of --n journeys."""
    from lumen.records.synth import synthesize
    from lumen.records.writers import write_jsonl

    if args.out.suffix.lower() == ".csv":
        from lumen.records.writers import write_csv as writer
    else:
        writer = write_jsonl
    if not args.out.parent.exists():
        raise UserError(f"{args.out}: the folder {args.out.parent} does not exist")
    from lumen.records.progress import Progress

    journeys = synthesize(args.n, seed=args.seed)
    if writer is write_jsonl:
        bar = Progress(f"synth {args.out.name}", len(journeys))
        writer(journeys, args.out, progress=bar)
        bar.close()
    else:
        writer(journeys, args.out)
    print(f"wrote {len(journeys)} journeys ({journeys.n_events} events, seed {args.seed}) to {args.out}")
    return 0


def register(subparsers) -> None:
    """Add `data check`, `data synth` and `data anonymize` to the lumen command."""
    data = subparsers.add_parser("data", help="check, synthesize or anonymize journey records")
    sub = data.add_subparsers(dest="data_command", metavar="SUBCOMMAND", required=True)

    p = sub.add_parser("check", help="validate record files and summarize them")
    p.add_argument("files", nargs="+", type=Path, metavar="FILE")
    p.add_argument("--strict", action="store_true", help="report every problem, then exit 3 if any")
    p.add_argument("--quarantine", type=Path, metavar="FILE",
                   help="where rejected records are listed (default: ./<first file>.quarantine.jsonl)")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("synth", help="write a synthetic Harmonia population")
    p.add_argument("--n", type=_positive_int, required=True, help="number of journeys")
    p.add_argument("--seed", type=_positive_int, default=0, help="random seed (default 0)")
    p.add_argument("--out", type=Path, required=True, metavar="FILE.jsonl")
    p.set_defaults(func=cmd_synth)

    from lumen.anonymize.cli import add_parser

    add_parser(sub)
