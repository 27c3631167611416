"""Vega-Lite specs to SVG (and PNG) with vl-convert, in worker processes started early.

vl-convert draws one chart at a time per process, whatever the threads, and its
JavaScript engine is slow to start. ``cmtime share`` draws eight charts: in its own
process that was a third of the command (benchmarks/README.md). A `Drawer` starts its workers (``_vl_worker.py``, a
plain script that imports only vl-convert) as soon as it is made, so they warm up while
the command reads and analyses the logs, then shares the charts out between them: on
two cores the charts are drawn two at a time, and nobody waits for the warm-up.

A worker that cannot start or stops answering is replaced by drawing in this process:
the result is the same SVG, only slower. ``Drawer(workers=0)`` draws in this process
from the start (what a notebook, whose vl-convert is already warm, wants).
"""

from __future__ import annotations

import base64
import json
import os
import queue
import subprocess
import sys
import threading
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import IO, Any

_WORKER = Path(__file__).with_name("_vl_worker.py")


@dataclass(frozen=True)
class Job:
    """One chart to draw: its Vega-Lite spec, and a PNG scale when a PNG is wanted too."""

    spec: dict[str, Any]
    png: float | None = None


@dataclass(frozen=True)
class Drawn:
    """A drawn chart: the SVG markup, and the PNG bytes when the job asked for them."""

    svg: str
    png: bytes | None = None


def draw_here(job: Job) -> Drawn:
    """Draw ``job`` in this process (the same calls a worker makes)."""
    import vl_convert as vlc

    svg = vlc.vegalite_to_svg(job.spec, allowed_base_urls=[])
    return Drawn(svg, vlc.svg_to_png(svg, scale=job.png) if job.png else None)


class _Worker:
    """One worker process and its pipes; `ask` sends a job and reads the answer."""

    def __init__(self) -> None:
        self.proc: subprocess.Popen[bytes] | None
        try:
            self.proc = subprocess.Popen(
                [sys.executable, "-P", str(_WORKER)],  # -P: not the script's folder on sys.path
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
            )
        except OSError:
            self.proc = None
        self.ready = False

    def ask(self, line: bytes) -> dict[str, Any] | None:
        """The worker's answer, or None when it is gone (the caller draws the job itself)."""
        proc = self.proc
        if proc is None:
            return None
        stdin, stdout = proc.stdin, proc.stdout
        if stdin is None or stdout is None:  # never: both are PIPE
            return None
        try:
            if not self.ready:
                self.ready = _read(stdout) == {"ready": True}
                if not self.ready:
                    raise BrokenPipeError
            stdin.write(line)
            stdin.flush()
            answer = _read(stdout)
            if answer is None:
                raise BrokenPipeError
        except (OSError, ValueError):
            self.stop()
            return None
        return answer

    def stop(self) -> None:
        """End the process now: it holds nothing worth waiting for (a worker still warming
        up when a command fails must not hold the error back)."""
        proc, self.proc = self.proc, None
        if proc is None:
            return
        proc.kill()
        proc.wait()
        for stream in (proc.stdin, proc.stdout):
            if stream is not None:
                stream.close()


def _read(stream: IO[bytes]) -> dict[str, Any] | None:
    line = stream.readline()
    return json.loads(line) if line else None


class Drawer:
    """Draws charts in ``workers`` vl-convert processes, started now (see the module).

    `submit` hands a chart over as soon as it is built and returns a future; `draw`
    submits a list and waits. A job submitted twice (the same spec and PNG scale) is
    drawn once: the report hands its charts over while it builds them, and asks for
    them again when it writes them. Use it as a context manager, or call `close`; the
    workers also end with this process.

    Parameters
    ----------
    workers
        How many processes; by default one per core, at most two (a report has eight
        charts; more processes would each pay the warm-up for little). 0 draws here.
    """

    def __init__(self, workers: int | None = None) -> None:
        count = min(2, os.cpu_count() or 1) if workers is None else workers
        self._workers = [_Worker() for _ in range(max(0, count))]
        self._todo: queue.SimpleQueue[tuple[bytes, Job, Future[Drawn]] | None] = queue.SimpleQueue()
        self._threads: list[threading.Thread] = []
        self._here: ThreadPoolExecutor | None = None
        self._submitted: dict[bytes, Future[Drawn]] = {}
        self._lock = threading.Lock()

    def submit(self, job: Job) -> Future[Drawn]:
        """Start drawing ``job``; the future's result is the `Drawn` chart, or a
        ValueError (as vl-convert raises) for a spec vl-convert refuses."""
        line = json.dumps({"spec": job.spec, "png": job.png}).encode("utf-8") + b"\n"
        with self._lock:
            if line in self._submitted:
                return self._submitted[line]
            if not self._workers:
                if self._here is None:
                    self._here = ThreadPoolExecutor(max_workers=2)
                future = self._here.submit(draw_here, job)
            else:
                future = Future()
                self._todo.put((line, job, future))
                if not self._threads:
                    self._threads = [threading.Thread(target=self._serve, args=(w,), daemon=True) for w in self._workers]
                    for t in self._threads:
                        t.start()
            self._submitted[line] = future
            return future

    def draw(self, jobs: Sequence[Job]) -> list[Drawn]:
        """Draw every job, in order (each drawn once, by whichever worker is free)."""
        return [f.result() for f in [self.submit(j) for j in jobs]]

    def _serve(self, worker: _Worker) -> None:
        while (item := self._todo.get()) is not None:
            line, job, future = item
            answer = worker.ask(line)
            try:
                if answer is None:  # the worker is gone: draw it here
                    future.set_result(draw_here(job))
                elif "error" in answer:
                    future.set_exception(ValueError(str(answer["error"])))
                else:
                    png = answer.get("png")
                    future.set_result(Drawn(answer["svg"], base64.b64decode(png) if png else None))
            except Exception as exc:  # handed to whoever waits on the future
                future.set_exception(exc)

    def close(self) -> None:
        """End the worker processes (jobs already handed over are finished first)."""
        for _ in self._threads:
            self._todo.put(None)
        for t in self._threads:
            t.join()
        for worker in self._workers:
            worker.stop()
        if self._here is not None:
            self._here.shutdown()
        self._workers, self._threads, self._here = [], [], None

    def __enter__(self) -> Drawer:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()
