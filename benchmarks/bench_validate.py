"""Benchmark: `nlmg-graph validate` against the plain `pyshacl` command, in one run.

Both validate the same graph (the shipped ontology, data and claims) against the same shapes,
each in a fresh process, as a user would run them. nlmg-graph also runs the stored claim checks
(`queries/*-violation.rq`), which pyshacl does not. The script prints each command's median
wall time over several runs and the ratio nlmg-graph / pyshacl (target: <= 0.3 with the
default, compiled SHACL engine), and the ratio of `--shacl-engine pyshacl` beside it.

    python benchmarks/bench_validate.py [--runs N]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from importlib.resources import as_file
from pathlib import Path

from interleaved import compare

import nlmg_graph
from nlmg_graph import _resources


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
        reference = [*commands["nlmg-graph validate"], "--shacl-engine", "pyshacl"]
        print(f"graph: {len(kg)} triples")
        compare(
            *commands.items(),
            runs=args.runs,
            target=0.3,
            others=[("nlmg-graph validate --shacl-engine pyshacl", reference)],
        )


if __name__ == "__main__":
    main()
