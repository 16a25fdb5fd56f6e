"""Benchmark: `nlmg-graph validate` against the plain `pyshacl` command, in one run.

Both validate the same graph (the shipped ontology, data and claims) against the same shapes,
each in a fresh process, as a user would run them. nlmg-graph also runs the stored claim checks
(`queries/*-violation.rq`), which pyshacl does not. The script prints each command's median
wall time over several runs and the ratio nlmg-graph / pyshacl (target: <= 1.0).

    python benchmarks/bench_validate.py [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from importlib.resources import as_file
from pathlib import Path

import nlmg_graph
from nlmg_graph import _resources


def timed(command: list[str], expected_exit: int) -> float:
    """Run ``command`` once and return its wall time in seconds."""
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != expected_exit:
        sys.exit(f"{command[:3]} exited {done.returncode}:\n{done.stderr.decode()[-2000:]}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()

    kg = nlmg_graph.load()
    with tempfile.TemporaryDirectory() as scratch, as_file(_resources.shapes_file()) as shapes:
        merged = Path(scratch) / "graph.nt"
        merged.write_text(kg.serialize("nt"), encoding="utf-8")
        commands = {
            "nlmg-graph validate": [sys.executable, "-m", "nlmg_graph", "validate"],
            "pyshacl (baseline)": [
                sys.executable,
                "-m",
                "pyshacl",
                "-s",
                str(shapes),
                "-i",
                "none",
                "-a",
                "-f",
                "human",
                str(merged),
            ],
        }
        for command in commands.values():  # warm the OS file cache once
            timed(command, 0)
        # Interleave the two commands so that drift in the machine's speed hits both alike.
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.runs):
            for name, command in commands.items():
                times[name].append(timed(command, 0))

    print(f"graph: {len(kg)} triples; {args.runs} interleaved runs each (wall time)")
    for name, samples in times.items():
        print(
            f"  {name:<22} median {statistics.median(samples) * 1000:6.0f} ms"
            f"   best {min(samples) * 1000:6.0f} ms"
        )
    ours, baseline = times["nlmg-graph validate"], times["pyshacl (baseline)"]
    ratio = statistics.median(ours) / statistics.median(baseline)
    print(
        f"ratio nlmg-graph / pyshacl: {ratio:.2f}x median, "
        f"{min(ours) / min(baseline):.2f}x best (target <= 1.0x)"
    )


if __name__ == "__main__":
    main()
