"""Load on a real `lumen web` process over loopback: paced latency, or a flood for throughput and loss.

    python -m lumen.web.bench                       # 50 submissions/s for 20 s from 20 clients: p50/p99
    python -m lumen.web.bench --flood 1000          # 1000 submissions as fast as 20 clients can send them
    python -m lumen.web.bench --url http://HOST:PORT --rate 50   # against a server already running

Without --url it starts `lumen web festival` in a temporary folder, with limits far above the load, and
checks afterwards that the journal holds exactly one line per 201, with no duplicate id. Latency is
measured from each request's scheduled time, so a stalled server shows as latency, not as a lower rate
(a flood times each request from its own send).
Standard library only: it measures the server, not a client library."""

from __future__ import annotations

import argparse
import http.client
import json
import os
import queue
import secrets
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

BODY = {"district": "Riverside", "age_band": "35-49", "income_band": "low",
        "events": [{"month": "2025-06", "kind": "checkup", "channel": "clinic"},
                   {"month": "2025-09", "kind": "missed", "channel": "network"}], "consent": True}


@dataclass
class Outcome:
    """One request: its idempotency key, HTTP status (0: no answer), latency, and the receipt when 201."""

    key: str
    status: int
    ms: float
    receipt: str = ""


@dataclass
class LoadResult:
    outcomes: list[Outcome] = field(default_factory=list)
    seconds: float = 0.0

    def summary(self) -> dict:
        """Counts by status and latency percentiles (of answered requests), as a dict for JSON."""
        ms = sorted(o.ms for o in self.outcomes if o.status)
        pct = {f"p{q}_ms": round(ms[min(len(ms) - 1, int(len(ms) * q / 100))], 2) for q in (50, 90, 99)} if ms else {}
        by: dict[str, int] = {}
        for o in self.outcomes:
            by[str(o.status)] = by.get(str(o.status), 0) + 1
        rate = len(self.outcomes) / self.seconds if self.seconds else 0.0
        return {"requests": len(self.outcomes), "status": by, **pct, "max_ms": round(ms[-1], 2) if ms else None,
                "seconds": round(self.seconds, 2), "achieved_per_s": round(rate, 1)}


def _worker(url: str, jobs: queue.Queue, out: list, lock: threading.Lock) -> None:
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    payload = json.dumps(BODY).encode()
    while (job := jobs.get()) is not None:
        due, paced = job
        delay = due - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        if not paced:  # a flood schedules everything at once: time each request from its own send
            due = time.perf_counter()
        key = secrets.token_urlsafe(18)
        status, receipt = 0, ""
        try:
            conn.request("POST", "/api/journeys", body=payload, headers={
                "Content-Type": "application/json", "Idempotency-Key": key, "Origin": url})
            response = conn.getresponse()
            data = response.read()
            status = response.status
            if status == 201:
                receipt = json.loads(data)["receipt"]
        except (OSError, http.client.HTTPException):
            conn.close()  # the server went away (or closed the connection): reconnect on the next job
            conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
        outcome = Outcome(key, status, (time.perf_counter() - due) * 1e3, receipt)
        with lock:
            out.append(outcome)


def run_load(url: str, total: int, clients: int = 20, rate: float | None = None) -> LoadResult:
    """Send `total` valid submissions from `clients` keep-alive connections, paced at `rate` per second
    (None: as fast as they go)."""
    jobs: queue.Queue = queue.Queue()
    start = time.perf_counter() + 0.05
    for i in range(total):
        jobs.put((start + i / rate, True) if rate else (start, False))
    for _ in range(clients):
        jobs.put(None)
    out: list[Outcome] = []
    lock = threading.Lock()
    threads = [threading.Thread(target=_worker, args=(url, jobs, out, lock), daemon=True) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return LoadResult(out, time.perf_counter() - start)


def journal_ids(journal: Path) -> list[str]:
    """Every id in the journal's journeys files, in order (duplicates kept, to be counted)."""
    return [json.loads(line)["id"] for p in sorted(journal.glob("journeys-*.jsonl"))
            for line in p.read_bytes().splitlines() if line.strip()]


def fsync_probe(folder: Path, n: int = 200) -> dict:
    """The folder's own fsync latency (one small append and fsync every 10 ms): what no server can beat."""
    path = folder / "fsync-probe"
    times = []
    with open(path, "ab") as f:
        for _ in range(n):
            f.write(b"x" * 200 + b"\n")
            f.flush()
            start = time.perf_counter()
            os.fsync(f.fileno())
            times.append((time.perf_counter() - start) * 1e3)
            time.sleep(0.01)
    path.unlink()
    times.sort()
    return {"p50": round(times[n // 2], 2), "p99": round(times[n * 99 // 100], 2), "max": round(times[-1], 2)}


def start_server(folder: Path) -> tuple[subprocess.Popen, str]:
    """`lumen web festival` on a free loopback port, its journal and state in folder, limits out of the way."""
    log = open(folder / "web.log", "w")  # noqa: SIM115 - the server's stderr for its whole life
    proc = subprocess.Popen(
        [sys.executable, "-m", "lumen.cli", "web", "festival", "--port", "0", "--journal", str(folder / "journal"),
         "--state-dir", str(folder / "state"), "--client-limit", "1000000/minute", "--total-limit", "1000000/minute"],
        stdout=subprocess.PIPE, stderr=log, text=True)
    for line in proc.stdout:
        if line.startswith("lumen web: http://"):
            return proc, line.split(" ", 2)[2].strip().rstrip("/")
    raise RuntimeError(f"lumen web did not start; see {folder / 'web.log'}")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m lumen.web.bench", description=__doc__.splitlines()[0])
    p.add_argument("--url", help="a running server (default: start one in a temporary folder)")
    p.add_argument("--rate", type=float, default=50.0, help="submissions per second (default 50)")
    p.add_argument("--seconds", type=float, default=20.0, help="how long to send at --rate (default 20)")
    p.add_argument("--clients", type=int, default=20, help="concurrent connections (default 20)")
    p.add_argument("--flood", type=int, metavar="N", help="send N submissions as fast as possible instead")
    p.add_argument("--dir", type=Path, help="where the started server's journal goes (default: the system's temp "
                   "folder); its disk's fsync latency bounds the server's, so it is measured and reported too")
    args = p.parse_args(argv)
    total = args.flood or int(args.rate * args.seconds)
    with tempfile.TemporaryDirectory(prefix="lumen-web-bench-", dir=args.dir) as tmp:
        disk = None if args.url else fsync_probe(Path(tmp))
        proc, url = (None, args.url) if args.url else start_server(Path(tmp))
        try:
            result = run_load(url, total, args.clients, None if args.flood else args.rate)
        finally:
            if proc is not None:
                proc.terminate()
                proc.wait(10)
        report = {"url": url, "clients": args.clients, "rate": None if args.flood else args.rate, **result.summary()}
        if disk:
            report["disk_fsync_ms"] = disk
        if proc is not None:
            ids = journal_ids(Path(tmp) / "journal")
            report.update(journal_lines=len(ids), duplicate_ids=len(ids) - len(set(ids)),
                          lines_match_201=len(ids) == report["status"].get("201", 0))
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
