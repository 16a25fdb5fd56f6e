"""Benchmark: the SHACL engines, validated store builds and incremental rebuilds, by size.

For each size (synthetic graphs from `synthetic.py`, merged with the shipped graph), every step
in a fresh process (its peak memory, ru_maxrss, is its own):

0. agreement: every engine on 1e4 synthetic triples broken in 300 places of ten kinds
   (`synthetic.py --violations`): its number of findings, and whether its report is the
   default engine's;
1. SHACL alone, per engine: the shipped engines (`shacl`, the default, and `pyshacl`) and the
   candidates that were measured before choosing (`pyshacl-turbo`, `pyshifty`, `pyrudof`, when
   installed), each from the loaded quads to its findings; µs per triple, peak memory, and
   whether its report (focus, path, shape, severity, message) is the default engine's;
2. a validated `build_store` of the merged N-Quads file, per shipped engine, against the raw
   `pyoxigraph.Store.bulk_load` of the same file (measured in the same run);
3. that validated store rebuilt with one small file added
   (`tests/fixtures/valid/user-additions.ttl`), against the bare `bulk_load` of that file, with
   a profile of where the rebuild's time goes.

    python benchmarks/bench_shacl.py [--sizes 1e4,1e5] [--pyshacl-max 1e5] [--no-agreement]
    python benchmarks/bench_shacl.py --sizes ''     # the agreement of the engines only
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import json
import math
import pstats
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from bench_stores import ADDITIONS, _peak, _size, run_script_step, step_prepare, step_raw_load

HERE = Path(__file__).resolve().parent
Result = dict[str, Any]
SHIPPED = ("shacl", "pyshacl")
CANDIDATES = ("pyshacl-turbo", "pyshifty", "pyrudof")


def _shapes_text() -> str:
    from nlmg_graph import _resources

    return _resources.shapes_file().read_text(encoding="utf-8")


def _candidate(engine: str) -> Callable[[Sequence[Any]], list[Any]]:
    """The candidates, each from quads to :class:`Violation` values (imported when asked)."""
    import pyoxigraph as ox
    from rdflib import Graph

    from nlmg_graph import _resources
    from nlmg_graph.loading import TermConverter, parse_file
    from nlmg_graph.shacl.reference import violations_from_report

    def turbo(quads: Sequence[Any]) -> list[Any]:
        import pyshacl_turbo

        _, report, _ = pyshacl_turbo.validate(
            TermConverter().graph(quads),
            shacl_graph=parse_file(_resources.shapes_file()),
            inference="none",
            advanced=True,
            allow_warnings=True,
        )
        return violations_from_report(report)

    def shifty(quads: Sequence[Any]) -> list[Any]:
        import shifty as engine

        shapes = parse_file(_resources.shapes_file())
        _, report, _ = engine.validate(TermConverter().graph(quads), shapes)
        return violations_from_report(report)

    def rudof(quads: Sequence[Any]) -> list[Any]:
        import pyrudof

        text = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
        assert text is not None
        validator = pyrudof.Rudof(pyrudof.RudofConfig())
        validator.read_data(text.decode(), format=pyrudof.RDFFormat.NQuads)
        validator.read_shacl(_shapes_text())
        validator.validate_shacl()
        out = validator.serialize_shacl_validation_results(
            format=pyrudof.ResultShaclValidationFormat.NTriples
        )
        return violations_from_report(Graph().parse(data=out, format="nt"))

    return {"pyshacl-turbo": turbo, "pyshifty": shifty, "pyrudof": rudof}[engine]


def step_engine(nt: str, engine: str) -> Result:
    """SHACL alone on the merged graph with ``engine``: time, findings and their digest."""
    import nlmg_graph
    from nlmg_graph.shacl import shacl_violations

    quads = nlmg_graph.load(data=[nt]).quads
    if engine in SHIPPED:

        def run(quads: Sequence[Any]) -> list[Any]:
            return shacl_violations(quads, engine=engine)

    else:
        try:
            run = _candidate(engine)
            found = run(quads[:1])  # imports the engine before the timing
        except ImportError as error:
            return {"error": f"not installed: {error}"}
    start = time.perf_counter()
    try:
        found = run(quads)
    except Exception as error:  # a candidate that cannot read the shapes or the data
        return {"error": f"{type(error).__name__}: {str(error)[:300]}"}
    seconds = time.perf_counter() - start
    keys = sorted(repr((v.focus, v.path, v.shape, v.severity, v.message)) for v in found)
    return {
        "seconds": seconds,
        "triples": len(quads),
        "us_per_triple": seconds / len(quads) * 1e6,
        "findings": len(found),
        "digest": hashlib.sha256("\n".join(keys).encode()).hexdigest(),
        "peak_mib": _peak(),
    }


def step_validated_load(nq: str, store: str, engine: str) -> Result:
    """A validated `build_store` of the merged N-Quads file with ``engine``; profile it."""
    return _profiled_build(store, [nq], engine)


#: The parts of a build the profile reports, by function name in nlmg_graph.
PARTS = (
    "read_quads",
    "_in_memory",
    "_extend_previous",
    "_bulk_load",
    "_is_laid_out",
    "_digest",
    "_known_valid",
    "_nodes",
    "neighbourhood",
    "check_scope",
    "shacl_violations",
    "_check_violations",
    "validate_graph",
    "_count",
    "_swap",
)


def _profiled_build(store: str, data: list[str], engine: str) -> Result:
    """Run `build_store` under cProfile; return its time, memory and the time of its parts."""
    from nlmg_graph.store import build_store

    profile = cProfile.Profile()
    start = time.perf_counter()
    profile.enable()
    info = build_store(store, data=data, shacl_engine=engine)
    profile.disable()
    seconds = time.perf_counter() - start
    stats = pstats.Stats(profile).stats  # type: ignore[attr-defined]
    parts: dict[str, float] = {}
    for (filename, _, name), (_, _, _, cumulative, _) in stats.items():
        if "nlmg_graph" in filename and name in PARTS:
            parts[name] = max(parts.get(name, 0.0), cumulative)
    return {
        "seconds": seconds,
        "conforms": info.conforms,
        "quads": info.total,
        "peak_mib": _peak(),
        "parts": dict(sorted(parts.items(), key=lambda part: -part[1])),
    }


def step_rebuild(nq: str, store: str, engine: str) -> Result:
    """Rebuild the validated store at ``store`` with the small file added; profile it."""
    return _profiled_build(store, [nq, str(ADDITIONS)], engine)


def step_small_load(store: str) -> Result:
    """The baseline of a rebuild: the bare `bulk_load` of the small file into a new store."""
    import pyoxigraph as ox

    start = time.perf_counter()
    db = ox.Store(store)
    db.bulk_load(path=str(ADDITIONS), format=ox.RdfFormat.TURTLE)
    db.flush()
    del db
    return {"seconds": time.perf_counter() - start, "peak_mib": _peak()}


STEPS: dict[str, Callable[..., Result]] = {
    "prepare": step_prepare,
    "raw_load": step_raw_load,
    "engine": step_engine,
    "validated_load": step_validated_load,
    "rebuild": step_rebuild,
    "small_load": step_small_load,
}


def run_step(step: str, timeout: float | None = None, **arguments: Any) -> Result:
    """Run ``step`` in a fresh Python process; a failed step is recorded, not fatal."""
    return run_script_step(__file__, step, timeout, arguments, exit_on_failure=False)


def bench_size(size: int, args: argparse.Namespace) -> Result:
    """Run every step for one size."""
    work = Path(tempfile.mkdtemp(prefix=f"nlmg-shacl-{size}-", dir=args.workdir))
    nt, nq = str(work / "synthetic.nt"), str(work / "full.nq")
    result: Result = {"size": size}
    print(f"\n== {size:.0e} synthetic triples ({work})", flush=True)
    result["prepare"] = run_step("prepare", size=size, seed=args.seed, work=str(work))
    engines: Result = {}
    for engine in (*SHIPPED, *CANDIDATES):
        if engine != "shacl" and size > args.pyshacl_max:
            continue
        engines[engine] = run_step("engine", timeout=args.timeout, nt=nt, engine=engine)
        print(f"   SHACL {engine}: {engines[engine]}", flush=True)
    reference = engines["shacl"].get("digest")
    for found in engines.values():
        if "digest" in found:
            found["same_report_as_default"] = found.pop("digest") == reference
    result["engines"] = engines
    result["raw_load"] = run_step("raw_load", nq=nq, store=str(work / "raw"))
    print(f"   raw bulk_load: {result['raw_load']}", flush=True)
    loads: Result = {}
    for engine in SHIPPED:
        if engine != "shacl" and size > args.pyshacl_max:
            continue
        store = str(work / f"store-{engine}")
        loads[engine] = {
            "validated_load": run_step(
                "validated_load", timeout=args.timeout, nq=nq, store=store, engine=engine
            ),
            "rebuild_plus_small_file": run_step(
                "rebuild", timeout=args.timeout, nq=nq, store=store, engine=engine
            ),
        }
        print(f"   {engine}: {loads[engine]}", flush=True)
        shutil.rmtree(store, ignore_errors=True)
    result["loads"] = loads
    result["small_load"] = run_step("small_load", store=str(work / "small"))
    shutil.rmtree(work, ignore_errors=True)
    return result


def bench_agreement(args: argparse.Namespace) -> Result:
    """Every engine on a broken graph: do they report the same findings?"""
    from synthetic import write_graph

    work = Path(tempfile.mkdtemp(prefix="nlmg-shacl-broken-", dir=args.workdir))
    nt = str(work / "broken.nt")
    write_graph(nt, triples=10_000, seed=args.seed, violations=300)
    found = {
        engine: run_step("engine", timeout=args.timeout, nt=nt, engine=engine)
        for engine in (*SHIPPED, *CANDIDATES)
    }
    reference = found["shacl"].get("digest")
    for engine, result in found.items():
        if "digest" in result:
            result["same_report_as_default"] = result.pop("digest") == reference
        print(f"   broken graph, {engine}: {result}", flush=True)
    shutil.rmtree(work, ignore_errors=True)
    return found


def growth(results: list[Result], engine: str) -> str:
    """The exponent k of time ~ size^k between the smallest and largest size measured."""
    points = [
        (r["engines"][engine]["triples"], r["engines"][engine]["seconds"])
        for r in results
        if "seconds" in r["engines"].get(engine, {})
    ]
    if len(points) < 2:
        return "-"
    (n0, t0), (n1, t1) = points[0], points[-1]
    return f"{math.log(t1 / t0) / math.log(n1 / n0):.2f}"


def print_table(results: list[Result]) -> None:
    """Print the figures as Markdown tables."""
    print("\n| engine | " + " | ".join(f"{r['size']:.0e}" for r in results) + " | growth k |")
    print("|---|" + "---|" * (len(results) + 1))
    for engine in (*SHIPPED, *CANDIDATES):
        cells = []
        for r in results:
            found = r["engines"].get(engine, {})
            if "seconds" in found:
                same = "" if found.get("same_report_as_default") else ", report differs"
                cells.append(
                    f"{found['us_per_triple']:.1f} µs ({found['seconds']:.2f} s, "
                    f"{found['peak_mib']} MiB{same})"
                )
            else:
                cells.append(found.get("error", "-")[:40])
        print(f"| {engine} | " + " | ".join(cells) + f" | {growth(results, engine)} |")
    print(
        "\n| size | raw bulk_load | engine | validated load | ratio | rebuild + small file "
        "| bare bulk_load of the file | peak MiB (load / rebuild) |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for r in results:
        raw = r["raw_load"].get("seconds", float("nan"))
        for engine, load in r["loads"].items():
            first, again = load["validated_load"], load["rebuild_plus_small_file"]
            loaded, rebuilt = first.get("seconds", math.nan), again.get("seconds", math.nan)
            small = r["small_load"].get("seconds", math.nan)
            print(
                f"| {r['size']:.0e} | {raw:.2f} s | {engine} | {loaded:.2f} s "
                f"| {loaded / raw:.1f}x | {rebuilt:.2f} s | {small:.3f} s "
                f"| {first.get('peak_mib')} / {again.get('peak_mib')} |"
            )
    for r in results:
        for engine, load in r["loads"].items():
            for step in ("validated_load", "rebuild_plus_small_file"):
                parts = load[step].get("parts", {})
                shown = ", ".join(f"{name} {seconds:.2f} s" for name, seconds in parts.items())
                print(f"\n{step} at {r['size']:.0e} ({engine}): {shown}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1e4,1e5", help="synthetic triples, comma-separated")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--pyshacl-max", type=_size, default=100_000, help="largest size for the slow engines"
    )
    parser.add_argument("--timeout", type=float, default=3600.0, help="stop a step")
    parser.add_argument("--no-agreement", action="store_true", help="skip the broken graph")
    parser.add_argument("--workdir", default=None, help="where stores are built (default /tmp)")
    parser.add_argument("--output", default=str(HERE / "shacl-results.json"))
    parser.add_argument("--step", help=argparse.SUPPRESS)
    args, rest = parser.parse_known_args()
    if args.step:  # a child process: run one step, print its result as JSON
        print(json.dumps(STEPS[args.step](**json.loads(rest[0]))))
        return
    agreement = {} if args.no_agreement else bench_agreement(args)
    results = []
    for size in (_size(s) for s in args.sizes.split(",") if s):
        results.append(bench_size(size, args))
        document = {"command": sys.argv, "agreement": agreement, "results": results}
        Path(args.output).write_text(json.dumps(document, indent=1))
    if not results:
        Path(args.output).write_text(json.dumps({"agreement": agreement}, indent=1))
    for engine, found in agreement.items():
        same = found.get("same_report_as_default")
        print(f"broken 1e4 graph, {engine}: {found.get('findings')} findings, same report: {same}")
    if results:
        print_table(results)
    print(f"\nwrote {args.output}")


if __name__ == "__main__":
    main()
