"""A small build graph: tasks with dependencies, run in parallel within a number of
workers, the costliest ready task first; a task whose dependency failed does not run.
A light task (moving finished files into place) does not wait for a worker."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field


@dataclass
class Task:
    name: str
    run: Callable[[], str]
    after: tuple[str, ...] = ()
    cost: float = 1.0
    light: bool = False


@dataclass
class Outcome:
    done: dict[str, str] = field(default_factory=dict)
    failed: dict[str, BaseException] = field(default_factory=dict)
    not_run: list[str] = field(default_factory=list)


def run(tasks: list[Task], workers: int) -> Outcome:
    """Run every task once its dependencies are done; returns what each task reported."""
    pending = {task.name: task for task in tasks}
    outcome = Outcome()
    running: dict[Future[str], Task] = {}
    with ThreadPoolExecutor(max_workers=max(1, workers) + sum(t.light for t in tasks)) as pool:
        while pending or running:
            blocked = [
                name for name, task in pending.items()
                if any(dep in outcome.failed or dep in outcome.not_run for dep in task.after)
            ]  # fmt: skip
            for name in blocked:
                outcome.not_run.append(name)
                del pending[name]
            ready = sorted(
                (t for t in pending.values() if all(d in outcome.done for d in t.after)),
                key=lambda t: -t.cost,
            )
            busy = sum(not task.light for task in running.values())
            heavy = [task for task in ready if not task.light][: max(0, workers - busy)]
            for task in [task for task in ready if task.light] + heavy:
                del pending[task.name]
                running[pool.submit(task.run)] = task
            if not running:
                if pending:  # a dependency that is not in the plan
                    outcome.not_run += list(pending)
                    pending.clear()
                break
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in finished:
                name = running.pop(future).name
                error = future.exception()
                if error is None:
                    outcome.done[name] = future.result()
                else:
                    outcome.failed[name] = error
    return outcome
