"""Benchmark: the film and work questions, for one film and for every film, as the graph grows.

Every stored query with a film or work parameter (declared ``iri of`` a class: found from the
catalogue, not listed here) is timed on the persistent store against the same bound SPARQL
text on a raw pyoxigraph store holding the same quads (as in ``bench_stores.py``):

a. parameterised with one film that has rows for it: a synthetic film where the synthetic
   graph gives that question data, else the shipped film (the table says which); target
   ours/raw <= 1.2;
b. the all-films form (no parameter), with its row count: reported, no target;
c. an empty answer (a synthetic film with no rows for the question), where the library then
   runs ``what-is`` to say what the IRI is: the cost of that look-up, as ours/raw.

Each timing runs in a fresh process (``bench_stores.step_query``): a warm-up on each side,
then alternately up to ``--query-runs`` times within ``--query-budget`` seconds, every value
of the raw answer read; the ratio of the medians, and of the fastest runs (sub-millisecond
medians swing on a busy machine). Prints a table, writes ``films-results.json``.

    python benchmarks/bench_films.py [--sizes 1e4,1e6] [--query-timeout 60] [--query-budget 10]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

import bench_stores
from bench_stores import Result, _size, machine, run_script_step

HERE = Path(__file__).resolve().parent
SYNTHETIC = tuple(f"work:synthetic-film-{number:06d}" for number in (1, 2, 3))
"""The synthetic films tried, in turn, for a question (half of them have no nomination)."""
SHIPPED = "work:never-let-me-go-2010"
"""The film used where no synthetic film has rows (the generator writes no themes...)."""
TARGET = 1.2


def film_queries() -> dict[str, str]:
    """Each stored query with a film or work parameter, and that parameter's name."""
    from nlmg_graph.catalogue import stored_queries

    return {
        query.name: parameter.name
        for query in stored_queries()
        for parameter in query.parameters
        if parameter.classes
    }


def run_step(step: str, **arguments: Any) -> Result:
    """Run ``step`` of ``bench_stores`` in a fresh Python process (a failure ends the run)."""
    return run_script_step(bench_stores.__file__, step, None, arguments, exit_on_failure=True)


def time_query(args: argparse.Namespace, **arguments: Any) -> Result:
    """``bench_stores.step_query`` in a fresh process, stopped after ``--query-timeout`` s."""
    timing = {"runs": args.query_runs, "budget": args.query_budget, **arguments}
    script = bench_stores.__file__
    return run_script_step(script, "query", args.query_timeout, timing, exit_on_failure=False)


def bench_query(name: str, parameter: str, args: argparse.Namespace, **stores: str) -> Result:
    """Time one film question: on films in turn until one has rows, then for every film.

    A synthetic film with no rows gives the empty-answer timing (ours then runs
    ``what-is``); a timing stopped by ``--query-timeout`` ends the search (the next film
    would be as slow).
    """
    entry: Result = {"parameter": parameter}
    for film in (*SYNTHETIC, SHIPPED):
        timed = time_query(args, name=name, parameters={parameter: film}, **stores)
        if timed.get("rows") == 0 and film != SHIPPED:
            entry.setdefault("empty", timed)
            entry.setdefault("empty_film", film)
            continue
        entry.update(one=timed, film=film, shipped=film == SHIPPED)
        break
    entry["all"] = time_query(args, name=name, parameters={}, **stores)
    return entry


def bench_size(size: int, args: argparse.Namespace) -> Result:
    """Build both stores for one size and time every film question on them."""
    work = Path(tempfile.mkdtemp(prefix=f"nlmg-films-{size}-", dir=args.workdir))
    nq, raw, store = str(work / "full.nq"), str(work / "raw"), str(work / "store")
    print(f"\n== {size:.0e} synthetic triples ({work})", flush=True)
    result: Result = {"size": size}
    result["prepare"] = run_step("prepare", size=size, seed=args.seed, work=str(work))
    result["load"] = {
        "raw": run_step("raw_load", nq=nq, store=raw),
        "ours": run_step("our_load", data=[nq], store=store, validate=False),
    }
    print(f"   {result['prepare']['quads']} quads; stores built", flush=True)
    queries: Result = {}
    for name, parameter in film_queries().items():
        queries[name] = bench_query(name, parameter, args, store=store, raw=raw)
        print(f"   {name}: {_line(queries[name])}", flush=True)
    result["queries"] = queries
    if not args.keep:
        shutil.rmtree(work)
    return result


def _ms(timed: Result | None) -> str:
    """Ours and raw (medians, ms), ours/raw of the medians and of the bests, rows: table cells."""
    if timed is None:
        return f"{'':>34}"
    if "error" in timed:
        return f"{timed['error'].splitlines()[0][:34]:>34}"
    ours, raw = timed["ours_s"], timed["raw_s"]
    best = timed["ours_best_s"] / timed["raw_best_s"]
    return f"{ours * 1000:8.2f} {raw * 1000:8.2f} {ours / raw:5.2f} {best:5.2f} {timed['rows']:>5}"


def _line(entry: Result) -> str:
    return " | ".join(_ms(entry.get(form)) for form in ("one", "all", "empty"))


def ratios(result: Result, form: str, which: str = "") -> list[float]:
    """The ours/raw ratios of every query of ``result`` timed in ``form``.

    Of the medians, or with ``which="best_"`` of the fastest runs.
    """
    return [
        q[form][f"ours_{which}s"] / q[form][f"raw_{which}s"]
        for q in result["queries"].values()
        if form in q and "ours_s" in q[form]
    ]


def print_table(results: list[Result]) -> None:
    """Print every timing and, per size, how many parameterised queries meet the target."""
    for r in results:
        print(f"\n### {r['size']:.0e} synthetic triples ({r['prepare']['quads']} quads)")
        load = r["load"]
        print(f"load: raw {load['raw']['seconds']:.2f} s, ours {load['ours']['seconds']:.2f} s")
        head = f"{'ours ms':>8} {'raw ms':>8} {'ratio':>5} {'best':>5} {'rows':>5}"
        print(f"{'':<30} {'(a) one film':^34} | {'(b) all films':^34} | {'(c) empty':^34}")
        print(f"{'query':<22} {'film':<7} {head} | {head} | {head}")
        for name, entry in r["queries"].items():
            film = "shipped" if entry["shipped"] else entry["film"].rsplit("-", 1)[1]
            print(f"{name:<22} {film:<7} {_line(entry)}")
        for which, label in (("", "medians"), ("best_", "best runs")):
            one = ratios(r, "one", which)
            within = sum(ratio <= TARGET for ratio in one)
            print(
                f"(a) {label}: {within} of {len(one)} within {TARGET}x; median ours/raw "
                f"{statistics.median(one):.2f}, worst {max(one):.2f}"
            )
        if empty := ratios(r, "empty"):
            print(f"(c) what-is on an empty answer: median ours/raw {statistics.median(empty):.2f}")
    print(f"\nfilm: the synthetic film's number, or {SHIPPED} ('shipped')")
    print("ratio: ours/raw of the medians; best: of the fastest runs")
    print("(c): the film has no rows; ours then runs `what-is`, raw the query alone")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1e4,1e6", help="synthetic triples, comma-separated")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--query-runs", type=int, default=41, help="timed runs per query (max)")
    parser.add_argument("--query-budget", type=float, default=3.0, help="seconds per query")
    parser.add_argument("--query-timeout", type=float, default=240.0, help="stop a query step")
    parser.add_argument("--workdir", default=None, help="where stores are built (default /tmp)")
    parser.add_argument("--keep", action="store_true", help="keep the stores and files")
    parser.add_argument("--output", default=str(HERE / "films-results.json"))
    args = parser.parse_args()
    info = machine()
    print(json.dumps(info))
    results = []
    for size in (_size(s) for s in args.sizes.split(",")):
        results.append(bench_size(size, args))
        Path(args.output).write_text(
            json.dumps({"machine": info, "command": sys.argv, "results": results}, indent=1)
        )
    print_table(results)
    print(f"\nwrote {args.output}")


if __name__ == "__main__":
    main()
