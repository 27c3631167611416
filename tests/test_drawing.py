"""`cmtime.outputs.drawing`: charts drawn in vl-convert worker processes."""

from __future__ import annotations

import re

import pytest

from cmtime.outputs.drawing import Drawer, Job, draw_here

SPEC = {
    "data": {"values": [{"mois": "janv.", "h": 12.5}, {"mois": "févr.", "h": 30.0}]},
    "mark": "bar",
    "width": 200,
    "encoding": {
        "x": {"field": "mois", "type": "nominal", "sort": None},
        "y": {"field": "h", "type": "quantitative", "title": "Heures"},
    },
}


def _neutral(svg: str) -> str:
    """vl-convert numbers clip paths with a per-process counter: compare without it."""
    return re.sub(r"clip\d+", "clip", svg)


def test_workers_draw_what_this_process_draws() -> None:
    here = draw_here(Job(SPEC, png=2))
    with Drawer(workers=2) as drawer:
        drawn = drawer.draw([Job(SPEC, png=2), Job({**SPEC, "width": 120})])
    assert _neutral(drawn[0].svg) == _neutral(here.svg)
    assert "févr." in drawn[0].svg
    assert drawn[0].png is not None
    assert drawn[0].png.startswith(b"\x89PNG")
    assert drawn[1].png is None
    assert 'width="1' in drawn[1].svg  # the narrower one (120 px plus axes)


def test_a_job_submitted_twice_is_drawn_once() -> None:
    with Drawer(workers=1) as drawer:
        first = drawer.submit(Job(SPEC))
        again = drawer.submit(Job(dict(SPEC)))
        other = drawer.submit(Job(SPEC, png=1))
        assert first is again
        assert other is not first
        assert first.result().svg == again.result().svg


def test_a_refused_spec_raises_value_error_like_vl_convert() -> None:
    bad = {"mark": "bar", "data": {"values": [{"a": 1}]}, "encoding": {"x": {"field": "a", "type": "nope"}}}
    with pytest.raises(ValueError):  # noqa: PT011 - vl-convert's own message
        draw_here(Job(bad))
    with Drawer(workers=1) as drawer:  # the worker answers with the error and goes on
        with pytest.raises(ValueError):  # noqa: PT011
            drawer.draw([Job(bad)])
        assert "<svg" in drawer.draw([Job(SPEC)])[0].svg


def test_a_worker_that_dies_is_replaced_by_drawing_here() -> None:
    with Drawer(workers=2) as drawer:
        for worker in drawer._workers:
            assert worker.proc is not None
            worker.proc.kill()
            worker.proc.wait()
        drawn = drawer.draw([Job(SPEC), Job({**SPEC, "width": 150})])
    assert all("<svg" in d.svg for d in drawn)


def test_no_worker_draws_here() -> None:
    with Drawer(workers=0) as drawer:
        assert "<svg" in drawer.draw([Job(SPEC)])[0].svg


def test_closing_ends_the_processes_at_once() -> None:
    drawer = Drawer(workers=2)
    procs = [w.proc for w in drawer._workers]
    drawer.close()  # still warming up: killed, not waited for
    assert all(p is not None and p.poll() is not None for p in procs)
