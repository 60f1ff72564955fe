"""The build graph's runner: order, failures, and light tasks beside the workers."""

from __future__ import annotations

import threading

from embassy_docs.build import plan


def test_a_light_task_does_not_wait_for_a_worker():
    # One worker, busy until the light task has run: waiting for the worker would hang.
    published = threading.Event()

    def heavy() -> str:
        return "built" if published.wait(timeout=10) else "timed out"

    def light() -> str:
        published.set()
        return "built"

    outcome = plan.run(
        [
            plan.Task("first", lambda: "built", cost=2),
            plan.Task("heavy", heavy, ("first",), cost=1),
            plan.Task("publish", light, ("first",), light=True),
        ],
        workers=1,
    )
    assert outcome.done == {"first": "built", "heavy": "built", "publish": "built"}


def test_the_costliest_ready_task_goes_first_and_a_failure_stops_its_chain():
    order: list[str] = []

    def step(name: str):
        def run() -> str:
            order.append(name)
            if name == "latex":
                raise RuntimeError("LaTeX failed")
            return "built"

        return run

    outcome = plan.run(
        [
            plan.Task("short", step("short"), cost=1),
            plan.Task("latex", step("latex"), cost=5),
            plan.Task("pdf", step("pdf"), ("latex",), cost=3),
        ],
        workers=1,
    )
    assert order == ["latex", "short"]
    assert list(outcome.failed) == ["latex"] and outcome.not_run == ["pdf"]
