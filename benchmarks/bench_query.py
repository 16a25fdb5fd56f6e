"""Benchmark: a cold `nlmg-graph query cast` against plain rdflib, and warm latency per query.

1. Cold: `nlmg-graph query cast` in a fresh process (what a user types) against a hand-written
   script that parses the same shipped Turtle files with plain rdflib and runs the same SPARQL
   (the text of `queries/cast.rq`), also in a fresh process. The two are interleaved so that
   drift in the machine's speed hits both alike; the script prints medians and the ratio
   nlmg-graph / rdflib (target <= 0.5).
2. Warm: every stored query through the Python API (`kg.run`) on a loaded graph, on both
   engines, with the parameters of its documented example; median latency per query.

    python benchmarks/bench_query.py [--runs N] [--warm-runs N]
"""

from __future__ import annotations

import argparse
import shlex
import statistics
import sys
import tempfile
import time
from contextlib import ExitStack
from importlib.resources import as_file
from pathlib import Path

from interleaved import compare

import nlmg_graph
from nlmg_graph import _resources
from nlmg_graph.catalogue import StoredQuery, stored_queries, stored_query

BASELINE = """\
import sys
from rdflib import Graph

graph = Graph()
for path in sys.argv[2:]:
    graph.parse(path, format="turtle")
with open(sys.argv[1], encoding="utf-8") as handle:
    rows = graph.query(handle.read())
for row in rows:
    print(",".join("" if value is None else str(value) for value in row))
"""
"""The plain rdflib script: parse the Turtle files, run the query, print the rows."""


def example_parameters(query: StoredQuery) -> dict[str, str]:
    """The ``--param`` values of a query's documented example command."""
    words = shlex.split(query.example.split("  (")[0])
    pairs = [words[i + 1] for i, word in enumerate(words[:-1]) if word == "--param"]
    return dict(pair.split("=", 1) for pair in pairs)


def cold(runs: int) -> None:
    """Print the cold-command comparison."""
    with ExitStack() as stack, tempfile.TemporaryDirectory() as scratch:
        files = [
            str(stack.enter_context(as_file(f)))
            for f in [*_resources.ontology_files(), *_resources.data_files()]
        ]
        script, query = Path(scratch) / "baseline.py", Path(scratch) / "cast.rq"
        script.write_text(BASELINE, encoding="utf-8")
        query.write_text(stored_query("cast").text, encoding="utf-8")
        print("cold query: ", end="")
        compare(
            ("nlmg-graph query cast", [sys.executable, "-m", "nlmg_graph", "query", "cast"]),
            ("rdflib script (baseline)", [sys.executable, str(script), str(query), *files]),
            runs=runs,
            target=0.5,
        )


def warm(runs: int) -> None:
    """Print the median latency of every stored query on both engines."""
    graphs = {engine: nlmg_graph.load(engine=engine) for engine in ("oxigraph", "rdflib")}
    for kg in graphs.values():  # build the store and the dataset before timing
        kg.run("cast")
    print(f"\nwarm latency through kg.run, median of {runs} runs (ms)")
    print(f"  {'query':<30} {'oxigraph':>9} {'rdflib':>9} {'ratio':>7}")
    for query in stored_queries():
        parameters = example_parameters(query)
        medians = {}
        for engine, kg in graphs.items():
            samples = []
            for _ in range(runs):
                start = time.perf_counter()
                kg.run(query.name, **parameters)
                samples.append(time.perf_counter() - start)
            medians[engine] = statistics.median(samples) * 1000
        print(
            f"  {query.name:<30} {medians['oxigraph']:9.2f} {medians['rdflib']:9.2f}"
            f" {medians['rdflib'] / medians['oxigraph']:6.0f}x"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="cold runs per command")
    parser.add_argument("--warm-runs", type=int, default=5, help="warm runs per query and engine")
    args = parser.parse_args()
    cold(args.runs)
    warm(args.warm_runs)


if __name__ == "__main__":
    main()
