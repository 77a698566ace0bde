"""The show's command handlers: keyboard, OSC, file watchers and live data all arrive as Commands."""

from __future__ import annotations

from pathlib import Path

from lumen.runtime.controls import Command
from lumen.runtime.logs import log
from lumen.runtime.memory import release_freed_memory
from lumen.vocabulary.passes import PASS_KINDS

FADE_OUT_S = 1.0
BLACKOUT_S = 1.5


class ShowCommands:
    """`cmd_<name>` for every command a Show takes; mixed into Show, whose state they change."""

    def error(self, message: str, exc: BaseException | None = None) -> None:
        self.errors += 1
        self.last_error = str(message).strip().splitlines()[0] if str(message).strip() else type(exc).__name__
        if exc is not None and not hasattr(exc, "exit_code"):
            log.error("%s", message, exc_info=exc)
        else:
            log.error("%s", message)

    def handle(self, cmd: Command) -> None:
        name, args = cmd.name, cmd.args
        if name not in ("live", "live_rows", "changed"):
            log.info("command %s %s from %s", name, " ".join(map(str, args)), cmd.source)
        if name == "esc":
            if self.esc.press():
                self.quit()
            return
        if self.sync is not None and self.sync.intercept(cmd):   # a wall's show state is the leader's
            return
        if name.startswith("warp_"):
            self.cmd_warp(cmd)
            return
        handler = getattr(self, f"cmd_{name}", None)
        if handler is None:
            self.error(f"unknown command {name!r} from {cmd.source}")
            return
        try:
            handler(*args)
        except (TypeError, ValueError, KeyError) as exc:
            self.error(f"{name} from {cmd.source}: {exc}")

    def quit(self) -> None:
        if not self.quitting:
            self.quitting = True
            self.fade.to(0.0, FADE_OUT_S)

    @staticmethod
    def _flag(current: bool, args: tuple) -> bool:
        return (not current) if not args else bool(float(args[0]))

    def cmd_quit(self) -> None:
        self.quit()

    def cmd_pause(self, *args) -> None:
        self.clock.set_paused(self._flag(self.clock.paused, args))

    def cmd_hud(self, *args) -> None:
        self.hud_on = self._flag(self.hud_on, args)

    def cmd_blackout(self, *args) -> None:
        self.blackout = self._flag(self.blackout, args)
        if not self.quitting:
            self.fade.to(0.0 if self.blackout else 1.0, BLACKOUT_S)

    def cmd_seek(self, t) -> None:
        self.clock.seek(float(t))

    def cmd_scene(self, spec) -> None:
        self.clock.seek(self.scenes.resolve(self.clock.time(), spec))

    def cmd_param(self, pass_name: str, key: str, value) -> None:
        spec = self.exhibit.passes.get(pass_name)
        if spec is None:
            raise KeyError(f"no pass {pass_name!r}; passes: {', '.join(self.exhibit.passes)}")
        params = PASS_KINDS[spec.kind].params
        if key not in params:
            raise KeyError(f"pass {pass_name!r} ({spec.kind}) has no param {key!r}; params: {', '.join(params)}")
        value, p = float(value), params[key]
        if not p.lo <= value <= p.hi:
            raise ValueError(f"{pass_name}.{key} = {value:g} is outside {p.lo:g}..{p.hi:g}")
        self.overrides.setdefault(pass_name, {})[key] = value

    def cmd_param_reset(self, *args) -> None:
        if args:
            self.overrides.pop(str(args[0]), None)
        else:
            self.overrides.clear()

    def cmd_reload(self) -> None:
        self.reload(data=True)

    def cmd_changed(self, *paths) -> None:
        data_path = self.exhibit.data_path.resolve()
        log.info("changed: %s", ", ".join(str(p) for p in paths))
        self.reload(data=any(Path(p).resolve() == data_path or Path(p).suffix == ".toml" for p in paths))

    def cmd_live(self, journeys, flare: bool, summary: str) -> None:
        """Journeys handed over unprepared (tests, tools): prepared here, then applied as a feed's are."""
        self.cmd_live_rows(self.prepare_live(journeys, flare), summary)

    def cmd_live_rows(self, batch, summary: str) -> None:
        """A prepared batch (lumen.encode.live.LiveBatch). One batch is applied per frame, so the
        work a frame does for live data stays that of one batch (the feed cuts big loads into
        batches of LIVE_CHUNK); the others wait their turn in `live_backlog`, in order."""
        if summary:
            log.info("%s", summary)
        if batch is None:
            return
        self.counters["live_added"] += batch.added
        if self._live_this_frame or self.live_backlog:
            self.live_backlog.append(batch)
        else:
            self.apply_live(batch)

    def apply_live(self, batch) -> None:
        """Append a batch's rows to the pipeline's data in place, in time proportional to the batch.
        While there is no pipeline (a rebuild failed) they wait in the last good tiles, which the next
        rebuild draws."""
        if batch.generation != self.data.generation:
            log.info("live batch from before a reload: the reloaded data holds its journeys")
            return
        self.tiles = batch.full
        if batch.rows is None or self.pipeline is None:
            return
        self._live_this_frame = True
        self.counters["live_batches"] += 1
        try:
            if not self.pipeline.fits(batch.rows):  # the room is used up: the tiles will move once
                self._hold_frame(self.pipeline)
                self.counters["live_relayouts"] += 1
            if not self.pipeline.append(batch.rows, batch.full):
                release_freed_memory()
            if batch.born:
                self.pipeline.mark_births(batch.start, batch.rows.count, self.clock.time())
        except Exception as exc:
            self.error(f"live data: {exc}", exc)
            self._drop_pipeline()  # rebuilt from self.tiles, which hold the batch

    def cmd_live_remove(self, ids: tuple) -> None:
        """Staff removed journeys (lumen web's moderation): rebuild without them, with a cross-fade."""
        known = self.data.remove(ids)
        log.info("moderation: %d journey(s) removed, %d of them were on the wall", len(ids), known)
        if known:
            self.reload(data=False)

    def cmd_live_error(self, message: str) -> None:
        self.error(f"live data: {message}")

    def cmd_warp(self, cmd: Command) -> None:
        """Staff adjusting this projector's warp (keys act only with the test pattern on)."""
        if self.projector is None:
            self.error(f"{cmd.name} from {cmd.source}: no projector output to warp (lumen run --slice NAME, "
                       f"or --calibration FILE for the whole canvas)")
            return
        try:
            log.info("warp: %s", self.projector.command(cmd.name, cmd.args, cmd.source))
        except (TypeError, ValueError, KeyError, IndexError) as exc:
            self.error(f"{cmd.name} from {cmd.source}: {exc}")

    def cmd_screenshot(self) -> None:
        self._want_screenshot = True

    def cmd_recreate(self) -> None:
        self.recreate_surface("requested")
