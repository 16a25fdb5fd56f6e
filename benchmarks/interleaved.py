"""Timing whole commands against a baseline: fresh processes, interleaved, reported as a ratio.

Each command runs in a fresh process, as a user would run it. The commands take turns, so that
drift in the speed of a shared machine hits each alike (sequential blocks gave ratios from 0.85
to 1.24 for the same pair on this kind of machine).
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time


def timed(command: list[str]) -> float:
    """Run ``command`` once and return its wall time in seconds (exit on failure)."""
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"{command[:4]} exited {done.returncode}:\n{done.stderr.decode()[-2000:]}")
    return elapsed


def compare(
    ours: tuple[str, list[str]],
    baseline: tuple[str, list[str]],
    runs: int,
    target: float,
    others: list[tuple[str, list[str]]] | None = None,
) -> None:
    """Time the commands ``runs`` times, interleaved, and print medians and the ratios.

    ``others`` are timed alongside and their ratios to the baseline printed too.
    """
    commands = dict([ours, *(others or []), baseline])
    for command in commands.values():  # warm the OS file cache once
        timed(command)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            times[name].append(timed(command))
    print(f"{runs} interleaved runs each, fresh processes (wall time)")
    for name, samples in times.items():
        print(
            f"  {name:<40} median {statistics.median(samples) * 1000:6.0f} ms"
            f"   best {min(samples) * 1000:6.0f} ms"
        )
    base = times[baseline[0]]
    for name in [ours[0], *(name for name, _ in others or [])]:
        mine = times[name]
        print(
            f"  ratio {name}: {statistics.median(mine) / statistics.median(base):.2f}x median, "
            f"{min(mine) / min(base):.2f}x best (target <= {target}x for {ours[0]})"
        )
