"""The show: one pipeline drawn to a surface on a real-time clock, steered by commands, never going dark."""

from __future__ import annotations

import os
import signal
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PIL import Image

from lumen.encode.live import LiveBatch, LiveJourneys
from lumen.encode.loader import load_journeys, shown_journeys
from lumen.encode.story import story_for
from lumen.exhibit import load_exhibit
from lumen.layout.capacity import LIVE_HEADROOM
from lumen.pipeline.pipeline import Pipeline
from lumen.runtime.controls import Command, CommandQueue, EscGuard
from lumen.runtime.handlers import ShowCommands
from lumen.runtime.hud import Hud
from lumen.runtime.live import LiveFeed
from lumen.runtime.logs import log, write_json_atomic
from lumen.runtime.loop import Fader, FrameStats, ShowClock
from lumen.runtime.memory import tune_allocator
from lumen.runtime.navigation import scenes_for
from lumen.runtime.present import Presenter
from lumen.runtime.status import hud_lines, show_status
from lumen.runtime.wall_output import Projector, WallOptions
from lumen.runtime.wall_sync import WallClock, WallSync
from lumen.safety.surface import FlashGuard

FADE_IN_S = 1.5
CROSSFADE_S = 0.8
STATUS_EVERY_S = 0.5
RECOVER_EVERY_S = 1.0
CAPTIONS_EVERY_S = 10.0


@dataclass
class RunOptions:
    """What `lumen run` was asked for; soak and tests add an offscreen size and a fixed step."""

    exhibit: Path
    windowed: bool = False
    monitor: str | None = None
    size: tuple[int, int] | None = None
    start: float = 0.0
    duration: float | None = None
    watch: Path | None = None
    osc_host: str = "127.0.0.1"
    osc_port: int | None = 9137          # None: no OSC server
    hud: bool = False
    reload: bool = True
    pace: bool = True
    step: float | None = None            # a fixed clock step (soak); None: real time
    state: Path = field(default_factory=lambda: Path("."))
    max_frames: int | None = None
    overrides: dict[str, dict[str, float]] = field(default_factory=dict)   # --set, checked by the CLI
    captions: bool = True                # --no-captions turns them off
    flash_guard: bool = True             # --no-flash-guard turns it off (logged, shown in the HUD)
    wall: WallOptions | None = None      # a projector wall's slice, calibration and role (docs/wall.md)


class Show(ShowCommands):
    """Owns the surface, the pipeline and the last good state; run() returns an exit code."""

    def __init__(self, opts: RunOptions, make_surface):
        self.opts = opts
        self.make_surface = make_surface
        self.commands = CommandQueue()
        wall = opts.wall
        self.sync = WallSync(self, wall.lead, wall.follow, wall.allow) if wall and (wall.lead or wall.follow) else None
        self.clock = WallClock(self.sync) if self.sync else ShowClock(opts.start, opts.step)
        self.projector: Projector | None = None   # a wall's slice, blend and warp (made in start)
        self.fade = Fader(0.0, FADE_IN_S)
        self.crossfade = Fader(0.0, CROSSFADE_S)
        self.esc = EscGuard()
        self.quarantine = opts.state / "quarantine.jsonl"
        self.data: LiveJourneys | None = None
        self.overrides: dict[str, dict[str, float]] = {}   # OSC's, on top of --set; '0' drops them
        self.guard = None                # lumen.safety.surface.FlashGuard for the current pipeline
        self.captions_due: dict[str, str] | None = None   # captions the live feed recomputed
        self._captions_at = 0.0
        self.hud_on = opts.hud
        self.blackout = False
        self.quitting = False
        self.last_error = ""
        self.errors = 0
        self.counters = {"reloads": 0, "rebuilds": 0, "surfaces": 0, "live_added": 0, "live_batches": 0,
                         "live_relayouts": 0, "screenshots": 0}
        self.pipeline: Pipeline | None = None
        self.headroom = LIVE_HEADROOM if opts.watch else 0.0  # room for live journeys (layout.capacity)
        self.day_now = 0.0   # the dataset day of the last frame: live journeys are born on it
        self.threads: list = []
        self._last_recover = 0.0
        self.on_frame = None  # optional callable(show) after each frame (soak sampling)
        self.live_backlog: deque = deque()  # prepared live batches waiting for a frame of their own
        self._live_this_frame = False

    # ---- building -------------------------------------------------------------------------------
    def canvas(self) -> tuple[int, int]:
        return self.opts.size or self.surface.size

    def frame_of(self, pipeline: Pipeline, t: float, overrides):
        """The pipeline's frame at t: the whole canvas, or a wall projector's slice of it."""
        region = self.projector.region() if self.projector is not None else None
        return pipeline.frame(t, self.canvas(), region, overrides=overrides)

    def _build(self, exhibit, tiles) -> Pipeline:
        """A new pipeline that has rendered one frame already; raises (and leaks nothing) on failure."""
        pipeline = Pipeline(self.surface.ctx, exhibit, tiles, self.headroom)
        try:
            pipeline.render(self.frame_of(pipeline, self.clock.time(), self.frame_overrides()))
        except BaseException:
            pipeline.release()
            raise
        return pipeline

    def frame_overrides(self, time: float | None = None, with_guard: bool = False) -> dict[str, dict[str, float]]:
        """--set, then OSC's overrides; with the guard, its damping of flares and pulses on top."""
        merged = {name: dict(values) for name, values in self.opts.overrides.items()}
        for name, values in self.overrides.items():
            merged.setdefault(name, {}).update(values)
        if with_guard and self.guard is not None:
            return self.guard.overrides(time, merged)
        return merged

    def _dress(self, pipeline: Pipeline) -> None:
        """What a new pipeline needs beyond its data: the acts' captions and a flash guard of its own."""
        if self.opts.captions:
            shown = shown_journeys(self.data.journeys(), pipeline.exhibit)
            pipeline.set_captions(story_for(pipeline.exhibit, shown)[1])
        if self.guard is not None:
            self.guard.release()
            self.guard = None
        if self.opts.flash_guard:   # a wall projector guards its own slice
            size = self.projector.size if self.projector is not None else self.canvas()
            self.guard = FlashGuard(self.surface.ctx, pipeline, size, label=pipeline.exhibit.path.stem)

    def _open_surface(self) -> None:
        self.surface = self.make_surface(self.commands)
        self.presenter = Presenter(self.surface.ctx)
        self.hud = Hud(self.surface.ctx)
        self.counters["surfaces"] += 1

    def _hold_frame(self, pipeline: Pipeline) -> None:
        """Hold this pipeline's frame on screen and cross-fade from it to what comes next."""
        try:
            frame = self.frame_of(pipeline, self.clock.time(), self.frame_overrides())
            target = pipeline.render(frame)[pipeline.output_name]
            if self.projector is not None:
                target = self.projector.finish(self.surface.ctx, self.projector.crop(self.surface.ctx, target, frame.crop))
            self.presenter.hold(target)
            self.crossfade.value = 1.0
        except Exception:
            log.exception("could not hold the last frame for a cross-fade")

    def _swap_pipeline(self, pipeline: Pipeline, tiles) -> None:
        old = self.pipeline
        if old is not None:
            self._hold_frame(old)
            old.release()
        self.pipeline, self.tiles, self.exhibit = pipeline, tiles, pipeline.exhibit
        self._dress(pipeline)
        self.scenes = scenes_for(self.exhibit, float(tiles.events[:, 0].max()) if len(tiles.events) else 0.0)

    def start(self) -> None:
        self._open_surface()
        exhibit = load_exhibit(self.opts.exhibit)
        if self.opts.wall is not None:
            self.projector = Projector(self.opts.wall, exhibit, self.canvas())
        self.data = LiveJourneys(self._load_journeys(exhibit))
        tiles = self.data.tiles(exhibit)
        self._swap_pipeline(self._build(exhibit, tiles), tiles)
        self.stats = FrameStats(self.surface.refresh_rate if self.opts.pace else 1e6)
        self.fade.to(1.0, FADE_IN_S)
        self.clock.seek(self.opts.start)  # loading took time; the show starts now, at --start
        log.info("show started: %s, %d journeys, canvas %dx%d, t=%.2fs", self.exhibit.title,
                 self.tiles.count, *self.canvas(), self.clock.time())

    def _load_journeys(self, exhibit):
        """The exhibit's data file through the one loader; rejects go to the show's quarantine."""
        journeys, summary = load_journeys(exhibit, self.quarantine, start_method="spawn")  # never fork GL
        log.info("data %s", summary)
        return journeys

    def start_services(self) -> None:
        """OSC, hot reload and live data threads; each only feeds the command queue."""
        from lumen.gl.shaders import SHADER_ROOT
        from lumen.runtime.osc import OscServer
        from lumen.runtime.reload import ReloadWatcher

        if self.opts.osc_port is not None:
            try:
                server = OscServer(self.commands, self.opts.osc_host, self.opts.osc_port,
                                   allowed=self.sync.allowed if self.sync else None,
                                   wall=self.sync.on_message if self.sync else None).start()
                self.threads.append(server)
                if self.sync is not None:
                    self.sync.start(server)
                    self.threads.append(self.sync)
            except OSError as exc:
                self.error(f"OSC: cannot listen on {self.opts.osc_host}:{self.opts.osc_port} ({exc.strerror})")
        elif self.sync is not None:
            self.error("a projector wall talks over OSC: --lead and --follow need --osc-port")
        ignore = [self.opts.state] + ([self.opts.watch] if self.opts.watch else [])
        if self.opts.reload:
            roots = [self.opts.exhibit.resolve().parent, SHADER_ROOT, self.exhibit.data_path.parent]
            self.threads.append(ReloadWatcher(roots, self.commands, ignore).start())
        if self.opts.watch:
            prepare = self.sync.prepare_live if self.sync is not None else self.prepare_live  # a wall numbers batches
            self.threads.append(LiveFeed(self.opts.watch, self.commands, self.opts.state / "live",
                                         self.quarantine, prepare=prepare).start())

    def prepare_live(self, journeys, flare: bool, day: float | None = None) -> LiveBatch | None:
        """A batch's rows, encoded at the shown data's scale (the feed's thread: numpy only, no GL);
        births at `day`, by default the day of the last frame (a wall's leader gives one ahead)."""
        batch = self.data.prepare(journeys, (self.day_now if day is None else day) if flare else None)
        if batch is not None and self.opts.captions and time.monotonic() - self._captions_at >= CAPTIONS_EVERY_S:
            # The figures follow the shown data, live journeys included; recounting them is a
            # whole-dataset job, so the feed's thread does it, at most every CAPTIONS_EVERY_S.
            self._captions_at = time.monotonic()
            exhibit = self.exhibit
            self.captions_due = story_for(exhibit, shown_journeys(self.data.journeys(), exhibit))[1]
        return batch

    # ---- recovery -------------------------------------------------------------------------------
    def reload(self, data: bool) -> None:
        """Exhibit, shaders and (when asked) data again; on any failure the running pipeline stays.
        The live data's lock is held throughout, so no batch falls between the old and new data."""
        with self.data.lock:
            try:
                exhibit = load_exhibit(self.opts.exhibit)
                base = None
                if data or exhibit.data_path != self.exhibit.data_path:
                    base = self._load_journeys(exhibit)
                encoded = self.data.encode(exhibit, base)
                pipeline = self._build(exhibit, encoded.tiles)
            except Exception as exc:
                self.error(f"reload failed, the last good pipeline keeps running: {exc}", exc)
                return
            self.data.commit(encoded)
        self._swap_pipeline(pipeline, encoded.tiles)
        self.counters["reloads"] += 1
        self.last_error = ""
        log.info("reloaded %s (%d journeys)", self.opts.exhibit, encoded.tiles.count)

    def _drop_pipeline(self) -> None:
        """Release a pipeline left in an unknown state; the next frame rebuilds one (recover)."""
        old, self.pipeline = self.pipeline, None
        if old is not None:
            try:
                old.release()
            except Exception:
                log.exception("releasing a failed pipeline")

    def recover(self) -> None:
        """Rebuild the pipeline from the last good exhibit and tiles (at most once a second)."""
        now = time.monotonic()
        if now - self._last_recover < RECOVER_EVERY_S:
            return
        self._last_recover = now
        old, self.pipeline = self.pipeline, None
        if old is not None:
            try:
                self.presenter.hold(old.passes[-1].output) if old.passes[-1].output else None
            except Exception:
                pass
            try:
                old.release()
            except Exception:
                log.exception("releasing the failed pipeline")
        try:
            self.pipeline = self._build(self.exhibit, self.tiles)
            self._dress(self.pipeline)
            self.counters["rebuilds"] += 1
            log.info("pipeline rebuilt from the last good state")
        except Exception as exc:
            self.error(f"rebuild failed, retrying: {exc}", exc)

    def _release_gl(self, why: str) -> None:
        """Release the pipeline, guard, presenter, HUD and surface; a failure is logged, never raised."""
        for obj in (self.pipeline, self.guard, self.projector, self.presenter, self.hud, self.surface):
            try:
                if obj is not None:
                    obj.release()
            except Exception:
                log.exception("release during %s", why)
        self.pipeline = self.guard = None

    def recreate_surface(self, why: str) -> None:
        """Drop the window and every GL object, then build them again from the last good state."""
        log.warning("recreating the window and GL context (%s)", why)
        self._release_gl("context recreation")
        self._open_surface()
        self.fade.value = 0.0  # come back from black, never with a flash
        self.fade.to(0.0 if self.blackout else 1.0, FADE_IN_S)
        try:
            self.pipeline = self._build(self.exhibit, self.tiles)
            self._dress(self.pipeline)
        except Exception as exc:
            self.error(f"rebuild after context loss failed: {exc}", exc)

    # ---- the loop -------------------------------------------------------------------------------
    def render_frame(self) -> None:
        target = None
        if self.live_backlog and not self._live_this_frame:
            self.apply_live(self.live_backlog.popleft())
        self._live_this_frame = False  # the next frame may take the next batch
        if self.pipeline is None:
            self.recover()
        if self.captions_due is not None and self.pipeline is not None:
            self.pipeline.set_captions(self.captions_due)
            self.captions_due = None
        if self.pipeline is not None:
            try:
                t = self.clock.time()
                frame = self.frame_of(self.pipeline, t, self.frame_overrides(t, with_guard=True))
                self.day_now = frame.day
                target = self.pipeline.render(frame)[self.pipeline.output_name]
                if self.projector is not None:
                    target = self.projector.crop(self.surface.ctx, target, frame.crop)
                if self.guard is not None:
                    target = self.guard.apply(target, t)
                if self.projector is not None:
                    target = self.projector.finish(self.surface.ctx, target)
            except Exception as exc:
                self.error(f"frame at t={self.clock.time():.3f}s failed: {exc}", exc)
                self.recover()
        dt = self.stats.times[-1] if self.stats.times else 1 / 60
        fade = self.fade.update(dt)
        mix = self.crossfade.update(dt)
        warp = self.projector.warp_for(self.surface.ctx) if self.projector is not None else None
        self.presenter.draw(target, self.surface.fbo, self.surface.size, fade * fade * (3 - 2 * fade),
                            mix * mix * (3 - 2 * mix), warp)
        if getattr(self, "_want_screenshot", False):
            self._want_screenshot = False
            self.screenshot()
        if self.hud_on or self.esc.armed:
            self.hud.draw(self.surface.size)

    def screenshot(self) -> Path:
        width, height = self.surface.size
        raw = self.surface.fbo.read(viewport=(0, 0, width, height), components=3)
        rgb = np.frombuffer(raw, np.uint8).reshape(height, width, 3)[::-1]
        tag = self.sync.shot_tag if self.sync is not None else ""   # a wall's frame, the same on every machine
        out = self.opts.state / "screenshots" / f"lumen-t{self.clock.time():010.3f}{tag}-{time.strftime('%Y%m%d-%H%M%S')}.png"
        out.parent.mkdir(parents=True, exist_ok=True)
        Image.fromarray(np.ascontiguousarray(rgb), "RGB").save(out, compress_level=1)
        self.counters["screenshots"] += 1
        log.info("screenshot %s", out)
        return out

    def hud_lines(self) -> list[str]:
        return hud_lines(self)

    def status(self) -> dict:
        return show_status(self)

    def _install_signals(self) -> None:
        def on_signal(signum, frame):
            self.commands.put(Command("quit", (), f"signal {signum}"))
        for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            try:
                signal.signal(sig, on_signal)
            except ValueError:  # not the main thread (tests driving a Show directly)
                pass

    def run(self) -> int:
        self._install_signals()
        tune_allocator()  # before the GL context and feed threads exist (see runtime/memory.py)
        self.start()
        self.start_services()
        began = time.perf_counter()
        budget = 1.0 / float(self.exhibit["display"]["fps"])
        deadline = time.perf_counter()
        last_status = last_hud = last_drop_log = 0.0
        drops_logged = 0
        status_path = Path(os.environ.get("LUMEN_STATUS_FILE") or self.opts.state / "status.json")
        try:
            while True:
                for cmd in self.commands.drain():
                    self.handle(cmd)
                now = time.perf_counter()
                if self.opts.duration is not None and now - began >= self.opts.duration:
                    self.quit()
                if self.quitting and self.fade.done:
                    break
                if self.opts.max_frames is not None and self.stats.frames >= self.opts.max_frames:
                    break
                if now - last_hud >= 0.25 and (self.hud_on or self.esc.armed):
                    self.hud.set_lines(self.hud_lines())
                    last_hud = now
                if self.sync is not None:
                    self.sync.before_frame()
                self.render_frame()
                self.surface.swap()
                self.clock.tick()
                late = self.stats.mark()
                if self.on_frame is not None:
                    self.on_frame(self)
                if self.stats.frames % 30 == 0 and self.surface.context_lost():
                    self.recreate_surface("the driver reported a context reset")
                now = time.perf_counter()
                if late and now - last_drop_log >= 10.0:
                    log.warning("dropped %d frame(s) since the last report (this one took %.1f ms)",
                                self.stats.dropped - drops_logged, late * 1e3)
                    drops_logged, last_drop_log = self.stats.dropped, now
                if now - last_status >= STATUS_EVERY_S:
                    write_json_atomic(status_path, self.status())
                    last_status = now
                if self.sync is not None:  # a wall's machines keep to one frame grid
                    self.sync.pace(budget)
                elif self.opts.pace:  # vsync paces real displays; this also paces Xvfb and broken vsync
                    deadline += budget
                    if deadline > now:
                        time.sleep(deadline - now)
                    elif now - deadline > budget:
                        deadline = now
        finally:
            try:
                write_json_atomic(status_path, self.status() | {"exited": True})
            except Exception:
                log.exception("final status")
            self.close()
        log.info("show stopped after %d frames", self.stats.frames)
        return 0

    def close(self) -> None:
        for thread in self.threads:
            thread.close()
        self._release_gl("exit")
