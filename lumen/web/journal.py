"""The journal folder: accepted journeys (one file a day), moderation events, receipts; append-only.

    JOURNAL/journeys-YYYY-MM-DD.jsonl   schema-1 lines the show may light (auto-approved or approved)
    JOURNAL/moderation.jsonl            {"id", "action": held|approved|removed, "day": YYYY-MM-DD}
    JOURNAL/web/receipts.jsonl          {"key": hash of the idempotency key | null, "receipt", "id", "district", "day"}
    JOURNAL/web/held.jsonl              schema-1 lines waiting for review (the show never reads web/)
    JOURNAL/web/settings.json           {"moderation": "auto" | "hold"}

Every line is written whole and fsync'd before the request that caused it is answered. Submissions
that wait together are written together (group commit): one write per file, then the files are
fsync'd at the same time, which costs about one disk flush instead of one per file (measured here:
fsync of two files one after the other p50 4-6 ms, both at once 1.8 ms, one alone 1.8 ms).

A receipt is written before its journey. After a process crash (kill, bug) both writes are kept, as
the kernel holds them. After a power cut during the flush either may be missing: a receipt whose id
is in no journey file is ignored at load (that form was never told "accepted", and its retry starts
afresh); a journey whose receipt was lost stays (nothing accepted is lost), and a retry of its form,
no longer known, adds a second light. That duplicate, only for a power cut inside a few milliseconds,
is the price of flushing once; flushing the receipt first would cost a second flush every time."""

from __future__ import annotations

import datetime as dt
import json
import re
import threading
from collections import deque
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from lumen.web.appendlog import AppendFile, read_json_lines, repair_tail, write_json_atomic
from lumen.web.moderation import MODES, ModerationError, next_status

JOURNEYS_PREFIX, JOURNEYS_SUFFIX = "journeys-", ".jsonl"
MODERATION_FILE = "moderation.jsonl"
WEB_DIR = "web"
RECENT = 30  # approved submissions listed for staff, newest first
_ID_RE = re.compile(rb'"id"\s*:\s*"([A-Za-z0-9_-]{4,64})"')


@dataclass(frozen=True)
class Receipt:
    """What a resident is told: the code, where the light shows, and whether it waits for review."""

    code: str
    id: str
    district: str
    status: str  # approved | held


@dataclass(eq=False)
class _Pending:
    """A submission on its way to disk."""

    key: str | None
    receipt: Receipt
    line: bytes
    done: bool = False
    error: Exception | None = None


class JournalUnavailable(Exception):
    """The journal could not be written (disk full, folder gone): the submission was not accepted."""


class Journal:
    """The folder's state in memory (rebuilt from the files at start) and its only writer."""

    def __init__(self, folder: Path, today: Callable[[], dt.date] = dt.date.today):
        self.folder = Path(folder)
        self.web = self.folder / WEB_DIR
        self.folder.mkdir(parents=True, exist_ok=True)
        self.web.mkdir(mode=0o700, exist_ok=True)
        self.today = today
        self.cv = threading.Condition()  # guards the state below; group commits wait on it
        self.queue: list[_Pending] = []  # accepted by the gate, waiting for the next group commit
        self.pending: dict[str, _Pending] = {}  # idempotency key -> its queued or writing submission
        self.committing = False
        self.torn = False  # a commit failed: files may end mid-line
        self.syncer = ThreadPoolExecutor(max_workers=2, thread_name_prefix="lumen-web-fsync")
        self.moderation_log = AppendFile(self.folder / MODERATION_FILE)
        self.receipt_log = AppendFile(self.web / "receipts.jsonl", 0o600)
        self.held_log = AppendFile(self.web / "held.jsonl", 0o600)
        self.day_log: tuple[str, AppendFile] | None = None
        self.settings = self.web / "settings.json"
        self.by_key: dict[str, Receipt] = {}
        self.by_code: dict[str, Receipt] = {}
        self.status: dict[str, str] = {}  # web id -> approved | held | removed
        self.district: dict[str, str] = {}  # web id -> its district
        self.held: dict[str, bytes] = {}  # id -> its line, while held
        self.recent: deque[tuple[str, str, str]] = deque(maxlen=RECENT)  # (id, district, day)
        self.journeys = 0  # lines in journeys-*.jsonl
        self.mode = "auto"
        self._load()

    def day_file(self, day: dt.date) -> Path:
        return self.folder / f"{JOURNEYS_PREFIX}{day.isoformat()}{JOURNEYS_SUFFIX}"

    def _load(self) -> None:
        files = sorted(self.folder.glob(f"{JOURNEYS_PREFIX}*{JOURNEYS_SUFFIX}"))
        for path in [*files, self.moderation_log.path, self.receipt_log.path, self.held_log.path]:
            repair_tail(path)
        shown: set[str] = set()
        for path in files:
            ids = _ID_RE.findall(path.read_bytes())
            self.journeys += len(ids)
            shown.update(i.decode() for i in ids)
        held_lines = {}
        if self.held_log.path.exists():
            for raw in self.held_log.path.read_bytes().splitlines():
                m = _ID_RE.search(raw)
                if m:
                    held_lines[m.group(1).decode()] = raw + b"\n"
        for row in read_json_lines(self.receipt_log.path):
            pid = row.get("id")
            if pid not in shown and pid not in held_lines:
                continue  # written just before a crash took its journey: never accepted
            receipt = Receipt(row["receipt"], pid, row["district"], "approved" if pid in shown else "held")
            self._remember(row.get("key"), receipt)
            self.status[pid] = receipt.status
            if pid in shown:
                self.recent.appendleft((pid, receipt.district, row.get("day", "")))
        for row in read_json_lines(self.moderation_log.path):
            if row.get("id") in self.status and row.get("action") == "removed":
                self.status[row["id"]] = "removed"
        self.held = {pid: line for pid, line in held_lines.items() if self.status.get(pid) == "held"}
        if self.settings.exists():
            mode = json.loads(self.settings.read_text()).get("moderation")
            self.mode = mode if mode in MODES else "auto"

    def _remember(self, key: str | None, receipt: Receipt) -> None:
        if key:
            self.by_key[key] = receipt
        self.by_code[receipt.code] = receipt
        self.district[receipt.id] = receipt.district

    def _event(self, pid: str, action: str) -> None:
        self.moderation_log.append(_line({"id": pid, "action": action, "day": self.today().isoformat()}))

    def _journeys(self, lines: bytes, sync: bool = True) -> AppendFile:
        """Append to today's journey file (a new file when the day changed); returns the file."""
        day = self.today().isoformat()
        if self.day_log is None or self.day_log[0] != day:
            if self.day_log is not None:
                self.day_log[1].close()
            self.day_log = (day, AppendFile(self.day_file(self.today())))
        log = self.day_log[1]
        log.write(lines)
        if sync:
            log.sync()
        return log

    def submit(self, key: str | None, pid: str, line: bytes, district: str,
               new_code: Callable[[], str]) -> tuple[Receipt, bool]:
        """Write an already-gated line (held or approved, by the mode), or return the key's receipt:
        True with a new receipt, False with the one an earlier submission of the same form got.
        Raises JournalUnavailable when the disk refuses the write (nothing was accepted)."""
        with self.cv:
            if key and key in self.by_key:
                return self.by_key[key], False
            item = self.pending.get(key) if key else None
            created = item is None
            if item is None:
                taken = {p.receipt.code for p in self.queue}
                code = new_code()
                while code in self.by_code or code in taken:
                    code = new_code()
                status = "held" if self.mode == "hold" else "approved"
                item = _Pending(key, Receipt(code, pid, district, status), line)
                self.queue.append(item)
                if key:
                    self.pending[key] = item
            self._until_written(item)
        if item.error is not None:
            raise JournalUnavailable(type(item.error).__name__) from item.error
        return item.receipt, created

    def _until_written(self, item: _Pending) -> None:
        """Group commit (called holding cv): the first waiter writes everything queued, one write and one
        fsync per file, while the others wait; under load many submissions share each fsync."""
        while not item.done:
            if self.committing:
                self.cv.wait()
                continue
            batch, self.queue = self.queue, []
            self.committing = True
            self.cv.release()
            error = None
            try:
                self._write(batch)
            except Exception as err:  # noqa: BLE001 - disk full, folder gone: nothing in this batch is acknowledged
                error = err  # every waiter must wake with it, or they would wait for a write that never comes
                self.torn = True
            finally:
                self.cv.acquire()
                self.committing = False
            for done in batch:
                done.done, done.error = True, error
                self.pending.pop(done.key, None)
                if error is None:
                    self._accepted(done)
            self.cv.notify_all()

    def _write(self, batch: list[_Pending]) -> None:
        """Receipts first, then the journeys, each file in one write; then every file touched is fsync'd,
        all at once (see the module doc for why at once)."""
        day = self.today().isoformat()
        self._mend()
        touched = [self.receipt_log]
        self.receipt_log.write(b"".join(_line({"key": p.key, "receipt": p.receipt.code, "id": p.receipt.id,
                                               "district": p.receipt.district, "day": day}) for p in batch))
        held = [p for p in batch if p.receipt.status == "held"]
        if held:
            self.held_log.write(b"".join(p.line for p in held))
            self.moderation_log.write(b"".join(_line({"id": p.receipt.id, "action": "held", "day": day}) for p in held))
            touched += [self.held_log, self.moderation_log]
        shown = [p for p in batch if p.receipt.status == "approved"]
        if shown:
            touched.append(self._journeys(b"".join(p.line for p in shown), sync=False))
        others = [self.syncer.submit(f.sync) for f in touched[1:]]
        touched[0].sync()
        for done in others:
            done.result()

    def _mend(self) -> None:
        """After a failed write (disk full: maybe mid-line), end any torn line before writing again."""
        if self.torn:
            for path in (self.receipt_log.path, self.held_log.path, self.moderation_log.path, self.day_file(self.today())):
                repair_tail(path)
            self.torn = False

    def _accepted(self, item: _Pending) -> None:
        receipt = item.receipt
        self._remember(item.key, receipt)
        self.status[receipt.id] = receipt.status
        if receipt.status == "held":
            self.held[receipt.id] = item.line
        else:
            self.journeys += 1
            self.recent.appendleft((receipt.id, receipt.district, self.today().isoformat()))

    def _quiet(self) -> None:
        """Wait (holding cv) until no group commit is writing, before a moderation write of our own."""
        while self.committing:
            self.cv.wait()

    def moderate(self, pid: str, action: str) -> str:
        """Approve or remove a web journey; the decision is appended to moderation.jsonl."""
        with self.cv:
            self._quiet()
            current = self.status.get(pid)
            if current is None:
                raise ModerationError(404, "no journey from the web form has that id")
            new = next_status(current, action)
            try:
                self._mend()
                if new == "approved":
                    self._journeys(self.held[pid])
                    self.held.pop(pid)
                    self.status[pid] = new  # in the journal from here on, whatever happens next
                    self.journeys += 1
                    self.recent.appendleft((pid, self.district[pid], self.today().isoformat()))
                self._event(pid, new)
            except OSError as err:
                self.torn = True
                raise ModerationError(503, "the journal cannot be written now (disk full?); try again") from err
            self.held.pop(pid, None)
            self.status[pid] = new
            return new

    def set_mode(self, mode: str) -> None:
        """Switch between auto-approval and hold-for-review; kept across restarts."""
        if mode not in MODES:
            raise ModerationError(422, "expected a moderation mode: " + " or ".join(MODES))
        with self.cv:
            self._quiet()
            write_json_atomic(self.settings, {"moderation": mode})
            self.mode = mode

    def counts(self) -> dict[str, int]:
        """Journeys in the folder, and web submissions by status."""
        with self.cv:
            by = {"approved": 0, "held": 0, "removed": 0}
            for s in self.status.values():
                by[s] += 1
            return {"journal_lines": self.journeys, **by}

    def close(self) -> None:
        self.syncer.shutdown()
        for log in (self.moderation_log, self.receipt_log, self.held_log):
            log.close()
        if self.day_log is not None:
            self.day_log[1].close()


def _line(value: dict) -> bytes:
    return json.dumps(value, separators=(",", ":")).encode() + b"\n"
