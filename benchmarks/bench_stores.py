"""Benchmark: the persistent store, its queries, `serve` and validation as the graph grows.

For each size (synthetic graphs from `synthetic.py`, merged with the shipped graph), against
baselines measured in the same run on the same quads:

1. load: `build_store` (with and without validation) vs raw `pyoxigraph.Store.bulk_load` of
   an N-Quads file holding exactly the quads our store holds (target raw/ours >= 0.8);
2. every stored query through `open_store(...).run(...)` vs the same bound SPARQL text on the
   raw store (target ours/raw <= 1.2), and vs the rdflib backend where rdflib is feasible
   (each rdflib query capped at `--rdflib-timeout` seconds);
3. `nlmg-graph serve --store` vs `oxigraph serve-read-only` on the raw store: queries per
   second for a selective stored query and an aggregate, same client, same threads
   (target ours/oxigraph >= 0.5);
4. full validation (`kg.validate()`: SHACL and the stored checks), per triple.

Each step runs in a fresh process, so its peak memory (ru_maxrss; for servers the peak
resident size of the server's processes) is its own. Prints a table, writes JSON and a
log-log plot of time against size.

    python benchmarks/bench_stores.py [--sizes 1e4,1e5,1e6] [--runs 3]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import queue
import re
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ADDITIONS = HERE.parent / "tests" / "fixtures" / "valid" / "user-additions.ttl"
"""A small, valid file of a user's: the addition in the incremental-validation measurement."""
Result = dict[str, Any]

#: The stored queries `serve` is measured with, and their parameters.
SELECTIVE = ("claims", {"entity": "work:synthetic-film-000001"})
AGGREGATE = ("sources", {})


# -- steps: each runs in its own process and returns a JSON-able dict ------------------------


def _peak() -> int:
    """Peak resident memory of this process so far, in MiB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def step_prepare(size: int, seed: int, work: str) -> Result:
    """Write the synthetic N-Triples file and the N-Quads file of the merged data and claims."""
    import pyoxigraph as ox
    from synthetic import write_graph

    from nlmg_graph.iris import GRAPH_ONTOLOGY
    from nlmg_graph.reading import read_quads

    folder = Path(work)
    nt, nq = folder / "synthetic.nt", folder / "full.nq"
    start = time.perf_counter()
    triples = write_graph(nt, triples=size, seed=seed)
    generated = time.perf_counter() - start
    # What build_store stores, less the ontology (which it adds itself): the synthetic and
    # shipped data and claims, in the project's named graphs.
    ontology = ox.NamedNode(GRAPH_ONTOLOGY)
    quads = [quad for quad in read_quads(data=[nt]) if quad.graph_name != ontology]
    ox.serialize(quads, str(nq), ox.RdfFormat.N_QUADS)
    return {"synthetic_triples": triples, "quads": len(quads), "generate_s": generated}


def step_raw_load(nq: str, store: str) -> Result:
    """Bulk-load the N-Quads file and the ontology into a new on-disk pyoxigraph store.

    The ontology's Turtle goes into its named graph as build_store puts it: the stores then
    hold the same quads (queries such as ``mentioned-by`` read the class hierarchy).
    """
    import pyoxigraph as ox

    from nlmg_graph import _resources
    from nlmg_graph.iris import GRAPH_ONTOLOGY

    start = time.perf_counter()
    db = ox.Store(store)
    db.bulk_load(path=nq, format=ox.RdfFormat.N_QUADS)
    for turtle in _resources.ontology_files():
        db.bulk_load(
            input=turtle.read_bytes(),
            format=ox.RdfFormat.TURTLE,
            to_graph=ox.NamedNode(GRAPH_ONTOLOGY),
        )
    db.flush()
    del db
    return {"seconds": time.perf_counter() - start, "peak_mib": _peak(), "bytes": _du(store)}


def step_our_load(data: list[str], store: str, validate: bool) -> Result:
    """Build (or rebuild) an nlmg-graph store from the shipped graph plus ``data``."""
    from nlmg_graph.store import build_store

    start = time.perf_counter()
    info = build_store(store, data=data, validate=validate)
    seconds = time.perf_counter() - start
    return {
        "seconds": seconds,
        "peak_mib": _peak(),
        "bytes": _du(store),
        "conforms": info.conforms,
        "quads": info.total,
    }


def _names() -> list[str]:
    """The names of the stored queries."""
    from nlmg_graph.catalogue import stored_queries

    return [query.name for query in stored_queries()]


def _parameters(name: str) -> dict[str, str]:
    """The parameters of a stored query's documented example."""
    from bench_query import example_parameters

    from nlmg_graph.catalogue import stored_query

    return example_parameters(stored_query(name))


def _consume(result: Any) -> int:
    """Read a raw pyoxigraph result through to its last value; return its size."""
    import pyoxigraph as ox

    if isinstance(result, ox.QueryBoolean):
        return int(bool(result))
    if isinstance(result, ox.QuerySolutions):
        return sum(1 for row in result for _ in row)  # every value of every row
    return len(list(result))


def _size_of(answer: Any) -> int:
    """The number of rows (SELECT), triples (CONSTRUCT) or the answer (ASK) of `kg.run`."""
    if isinstance(answer, bool):
        return int(answer)
    return len(answer)


def step_query(
    store: str,
    raw: str,
    name: str,
    runs: int,
    budget: float,
    parameters: dict[str, str] | None = None,
) -> Result:
    """One stored query: `open_store(...).run` vs the same text on the raw store, interleaved.

    ``parameters`` are those of the query's documented example unless given. It runs once on
    each side to warm up, then alternately up to ``runs`` times (fewer once ``budget`` seconds
    are spent on it); the medians are compared. One process per query, so that a query that
    runs too long can be stopped (Oxigraph cannot be interrupted).
    """
    import pyoxigraph as ox

    from nlmg_graph.catalogue import stored_query
    from nlmg_graph.store import open_store

    kg = open_store(store)
    db = ox.Store.read_only(raw)
    if parameters is None:
        parameters = _parameters(name)
    text = stored_query(name).bind(parameters)
    rows = _size_of(kg.run(name, **parameters))
    raw_rows = _consume(db.query(text, use_default_graph_as_union=True))
    ours, base = [], []
    spent = time.perf_counter()
    for _ in range(runs):
        start = time.perf_counter()
        kg.run(name, **parameters)
        middle = time.perf_counter()
        _consume(db.query(text, use_default_graph_as_union=True))
        base.append(time.perf_counter() - middle)
        ours.append(middle - start)
        if time.perf_counter() - spent > budget:
            break
    return {
        "ours_s": statistics.median(ours),
        "raw_s": statistics.median(base),
        "ours_best_s": min(ours),
        "raw_best_s": min(base),
        "rows": rows,
        "raw_size": raw_rows,
        "runs": len(ours),
        "peak_mib": _peak(),
    }


class _Timeout(BaseException):
    """The cap on an rdflib query ran out (not an Exception: the engine catches those)."""


def step_rdflib(nt: str, cap: float) -> Result:
    """Load into the rdflib backend and run every stored query, each capped at ``cap`` s."""
    import nlmg_graph

    start = time.perf_counter()
    kg = nlmg_graph.load(data=[nt], engine="rdflib")
    kg.dataset  # noqa: B018 (built on first use: build it now, inside the timing)
    loaded = time.perf_counter() - start

    def expire(*_: object) -> None:
        raise _Timeout

    signal.signal(signal.SIGALRM, expire)  # rdflib evaluates in Python: the alarm stops it
    out: Result = {}
    for name in _names():
        parameters = _parameters(name)
        samples: list[float] = []
        try:
            while len(samples) < 3 and sum(samples) < 1.0:
                signal.setitimer(signal.ITIMER_REAL, cap)
                begin = time.perf_counter()
                kg.run(name, **parameters)
                samples.append(time.perf_counter() - begin)
                signal.setitimer(signal.ITIMER_REAL, 0)
            out[name] = {"seconds": statistics.median(samples)}
        except _Timeout:
            out[name] = {"seconds": None, "timeout_s": cap}
    return {"load_s": loaded, "queries": out, "peak_mib": _peak()}


def step_validate(nt: str) -> Result:
    """Load the merged graph and validate all of it (SHACL shapes, then the stored checks)."""
    import nlmg_graph

    kg = nlmg_graph.load(data=[nt])
    kg.store  # noqa: B018 (the checks' store: built before the timing, as build_store has it)
    start = time.perf_counter()
    report = kg.validate()
    return {
        "seconds": time.perf_counter() - start,
        "triples": len(kg.quads),
        "conforms": report.conforms,
        "peak_mib": _peak(),
    }


def step_shacl(nt: str) -> Result:
    """The SHACL half of validation alone: pySHACL with the options `kg.validate()` uses.

    The stored checks, the other half, are timed with the queries; at sizes where one of
    them runs for minutes this still says how the shapes scale.
    """
    from pyshacl import validate

    import nlmg_graph
    from nlmg_graph import _resources
    from nlmg_graph.loading import TermConverter, parse_file

    kg = nlmg_graph.load(data=[nt])
    start = time.perf_counter()
    conforms, _, _ = validate(
        TermConverter().graph(kg.quads),
        shacl_graph=parse_file(_resources.shapes_file()),
        inference="none",
        advanced=True,
        allow_warnings=True,
        inplace=True,
    )
    return {
        "seconds": time.perf_counter() - start,
        "triples": len(kg.quads),
        "conforms": conforms,
        "peak_mib": _peak(),
    }


STEPS: dict[str, Callable[..., Result]] = {
    "prepare": step_prepare,
    "raw_load": step_raw_load,
    "our_load": step_our_load,
    "query": step_query,
    "rdflib": step_rdflib,
    "validate": step_validate,
    "shacl": step_shacl,
}


def run_script_step(
    script: str,
    step: str,
    timeout: float | None,
    arguments: dict[str, Any],
    *,
    exit_on_failure: bool,
) -> Result:
    """Run ``step`` of the benchmark ``script`` in a fresh Python process; return its JSON.

    A step stopped after ``timeout`` gives ``{"error": ...}``; a step that fails ends the
    benchmark when ``exit_on_failure``, and otherwise gives ``{"error": ...}`` too.
    """
    command = [sys.executable, script, "--step", step, json.dumps(arguments)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return {"error": f"stopped after {timeout:.0f} s"}
    if done.returncode != 0:
        if exit_on_failure:
            sys.exit(f"step {step} failed ({done.returncode}):\n{done.stderr[-3000:]}")
        return {"error": f"exit {done.returncode}: {done.stderr[-1500:]}"}
    result: Result = json.loads(done.stdout.splitlines()[-1])
    return result


def run_step(step: str, timeout: float | None = None, **arguments: Any) -> Result:
    """Run ``step`` in a fresh Python process and return what it printed (JSON)."""
    return run_script_step(__file__, step, timeout, arguments, exit_on_failure=True)


# -- serve vs oxigraph serve-read-only ---------------------------------------------------------


def _du(path: str) -> int:
    return sum(f.stat().st_size for f in Path(path).rglob("*") if f.is_file())


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _tree_peak_mib(pid: int) -> int:
    """Sum of the peak resident sizes (VmHWM) of process ``pid`` and its descendants, MiB."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        todo.extend(children.get(current, []))
        try:
            status = Path(f"/proc/{current}/status").read_text()
        except OSError:
            continue
        if found := re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE):
            total += int(found[1])
    return total // 1024


class ServerError(Exception):
    """A server did not start."""


@contextmanager
def _server(
    command: list[str], ready: Callable[[str], str | None], startup: float = 120.0
) -> Iterator[tuple[str, int]]:
    """Start a server; yield its base URL (from ``ready`` on a stderr line) and its pid.

    Raises:
        ServerError: it exited, or printed no line ``ready`` accepts within ``startup`` s.
    """
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    lines: queue.Queue[str] = queue.Queue()

    def pump() -> None:  # keeps the pipe drained for as long as the server runs
        assert process.stderr is not None
        for line in process.stderr:
            lines.put(line)
        lines.put("")

    threading.Thread(target=pump, daemon=True).start()
    deadline = time.monotonic() + startup
    try:
        url = None
        while url is None:
            try:
                line = lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise ServerError(f"{command[:4]}: not serving after {startup:.0f} s") from None
            if not line:
                raise ServerError(f"{command[:4]}: exited {process.wait()} before serving")
            url = ready(line)
        yield url, process.pid
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


def load_test(url: str, sparql: str, requests: int, threads: int) -> Result:
    """Send ``requests`` GET queries from ``threads`` threads (keep-alive); count and time them."""
    parts = urllib.parse.urlsplit(url)
    target = f"{parts.path}?{urllib.parse.urlencode({'query': sparql})}"
    # As a browser page on another origin would ask: CORS and gzip are in play on both servers.
    headers = {
        "Accept": "application/sparql-results+json",
        "Accept-Encoding": "gzip",
        "Origin": "https://page.example",
    }
    latencies: list[float] = []
    errors: list[str] = []
    counter = iter(range(requests))
    lock = threading.Lock()

    def client() -> None:
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)
        while True:
            with lock:
                if next(counter, None) is None:
                    return
            start = time.perf_counter()
            try:
                connection.request("GET", target, headers=headers)
                response = connection.getresponse()
                body = response.read()
                if response.status != 200 or not body:
                    errors.append(f"HTTP {response.status}: {body[:200]!r}")
            except (OSError, http.client.HTTPException) as error:
                errors.append(repr(error))
                connection.close()
                connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)
            with lock:
                latencies.append(time.perf_counter() - start)

    workers = [threading.Thread(target=client) for _ in range(threads)]
    start = time.perf_counter()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    elapsed = time.perf_counter() - start
    latencies.sort()
    return {
        "qps": requests / elapsed,
        "p50_ms": latencies[len(latencies) // 2] * 1000,
        "p95_ms": latencies[int(len(latencies) * 0.95)] * 1000,
        "errors": len(errors),
        "first_error": errors[0] if errors else None,
    }


def bench_serve(store: str, raw: str, requests: int, threads: int) -> Result:
    """`nlmg-graph serve --store` vs `oxigraph serve-read-only`, with one retry of start-up."""
    failures = []
    for _ in range(2):
        try:
            return {**_serve_once(store, raw, requests, threads), "start_failures": failures}
        except ServerError as error:
            failures.append(str(error))
    return {"error": "; ".join(failures)}


def _serve_once(store: str, raw: str, requests: int, threads: int) -> Result:
    """`nlmg-graph serve --store` vs `oxigraph serve-read-only`: same queries, same client."""
    from nlmg_graph.catalogue import stored_query

    oxigraph = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
    port = _free_port()
    ours_command = [sys.executable, "-m", "nlmg_graph", "serve", "--store", store]
    ours_command += ["--port", "0", "--cors"]  # CORS on (and gzip, always on), as measured
    theirs_command = [
        oxigraph,
        "serve-read-only",
        "--location",
        raw,
        "--bind",
        f"127.0.0.1:{port}",
        "--union-default-graph",
    ]

    def announced(line: str) -> str | None:
        found = re.search(r"serving (http://\S+?)/?(\s|$)", line)
        return f"{found[1]}/sparql" if found else None

    def listening(line: str) -> str | None:
        return f"http://127.0.0.1:{port}/query" if "Listening for requests" in line else None

    queries = {
        "selective": (stored_query(SELECTIVE[0]).bind(SELECTIVE[1]), requests),
        "aggregate": (stored_query(AGGREGATE[0]).bind(AGGREGATE[1]), max(20, requests // 5)),
    }
    out: Result = {}
    with (
        _server(ours_command, announced) as (ours_url, ours_pid),
        _server(theirs_command, listening) as (theirs_url, theirs_pid),
    ):
        for kind, (sparql, count) in queries.items():
            for url in (ours_url, theirs_url):  # warm both (caches, worker start-up)
                load_test(url, sparql, min(count, 20), threads)
            out[kind] = {
                "ours": load_test(ours_url, sparql, count, threads),
                "oxigraph": load_test(theirs_url, sparql, count, threads),
                "requests": count,
            }
            out[kind]["ratio"] = out[kind]["ours"]["qps"] / out[kind]["oxigraph"]["qps"]
        out["ours_peak_mib"] = _tree_peak_mib(ours_pid)
        out["oxigraph_peak_mib"] = _tree_peak_mib(theirs_pid)
    out["threads"] = threads
    return out


# -- the run ------------------------------------------------------------------------------------


def bench_size(size: int, args: argparse.Namespace) -> Result:
    """Run every step for one size; return its results."""
    work = Path(tempfile.mkdtemp(prefix=f"nlmg-bench-{size}-", dir=args.workdir))
    nt, nq = str(work / "synthetic.nt"), str(work / "full.nq")
    result: Result = {"size": size}
    print(f"\n== {size:.0e} synthetic triples ({work})", flush=True)
    result["prepare"] = run_step("prepare", size=size, seed=args.seed, work=str(work))
    print(f"   {result['prepare']['quads']} quads with the shipped graph", flush=True)

    # "same N-Quads": the file the raw baseline loads, already in the project's named graphs,
    # which build_store bulk-loads as it is; "N-Triples": the generator's file, which it reads
    # and routes (claim records to the claims graph) in Python.
    loads: dict[str, list[Result]] = {"raw": [], "ours_same_nquads": [], "ours_ntriples": []}
    for run in range(args.runs):  # interleaved, each into a new folder
        raw_store, our_store = str(work / f"raw-{run}"), str(work / f"store-{run}")
        routed_store = str(work / f"routed-{run}")
        loads["raw"].append(run_step("raw_load", nq=nq, store=raw_store))
        loads["ours_same_nquads"].append(
            run_step("our_load", data=[nq], store=our_store, validate=False)
        )
        loads["ours_ntriples"].append(
            run_step("our_load", data=[nt], store=routed_store, validate=False)
        )
        shutil.rmtree(routed_store)
        if run:
            shutil.rmtree(raw_store)
            shutil.rmtree(our_store)
    raw_store, our_store = str(work / "raw-0"), str(work / "store-0")
    if size <= args.validated_load_max:
        validated = str(work / "store-validated")
        loads["ours_validated"] = [
            run_step(
                "our_load", timeout=args.validate_timeout, data=[nq], store=validated, validate=True
            )
        ]
        # The same store rebuilt with one small file more: only that file and its
        # neighbourhood go through SHACL; the stored checks still run on everything.
        loads["ours_revalidated_plus_small_file"] = [
            run_step(
                "our_load",
                timeout=args.validate_timeout,
                data=[nq, str(ADDITIONS)],
                store=validated,
                validate=True,
            )
        ]
        shutil.rmtree(validated, ignore_errors=True)
    result["load"] = {
        name: {
            "seconds": statistics.median([r["seconds"] for r in samples if "seconds" in r])
            if any("seconds" in r for r in samples)
            else None,
            "samples": samples,
            "peak_mib": max((r.get("peak_mib", 0) for r in samples), default=0),
            "bytes": samples[0].get("bytes"),
        }
        for name, samples in loads.items()
    }
    print(f"   load: {_fmt_loads(result['load'])}", flush=True)

    result["queries"] = {
        name: run_step(
            "query",
            timeout=args.query_timeout,
            store=our_store,
            raw=raw_store,
            name=name,
            runs=args.query_runs,
            budget=args.query_budget,
        )
        for name in _names()
    }
    stopped = [name for name, q in result["queries"].items() if "error" in q]
    print(f"   queries: {len(result['queries'])} timed; stopped: {stopped or 'none'}", flush=True)
    if size <= args.rdflib_max:
        result["rdflib"] = run_step("rdflib", nt=nt, cap=args.rdflib_timeout)
        print(f"   rdflib: loaded in {result['rdflib']['load_s']:.1f} s", flush=True)
    if size <= args.validate_max:
        result["validate"] = run_step("validate", timeout=args.validate_timeout, nt=nt)
        print(f"   validate: {result['validate']}", flush=True)
    result["shacl"] = run_step("shacl", timeout=args.validate_timeout, nt=nt)
    print(f"   SHACL alone: {result['shacl']}", flush=True)
    if not args.no_serve:
        result["serve"] = bench_serve(our_store, raw_store, args.requests, args.threads)
        print(f"   serve: {_fmt_serve(result['serve'])}", flush=True)
    if not args.keep:
        shutil.rmtree(work)
    return result


def _fmt_loads(load: Result) -> str:
    return ", ".join(
        f"{name} {value['seconds']:.2f} s" if value["seconds"] is not None else f"{name} -"
        for name, value in load.items()
    )


def _fmt_serve(serve: Result) -> str:
    if "error" in serve:
        return str(serve["error"])
    return ", ".join(
        f"{kind} {serve[kind]['ours']['qps']:.0f} vs {serve[kind]['oxigraph']['qps']:.0f} q/s"
        for kind in ("selective", "aggregate")
    )


def machine() -> Result:
    """The machine and the versions the figures were measured with."""
    from importlib.metadata import version

    memory = Path("/proc/meminfo").read_text().split("\n", 1)[0].split()[1]
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    oxigraph = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
    server = subprocess.run([oxigraph, "--version"], capture_output=True, text=True, check=False)
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "ram_gib": round(int(memory) / 2**20, 1),
        "python": platform.python_version(),
        **{name: version(name) for name in ("pyoxigraph", "rdflib", "pyshacl", "nlmg-graph")},
        "oxigraph_server": server.stdout.strip(),
        "date": time.strftime("%Y-%m-%d"),
    }


def print_table(results: list[Result]) -> None:
    """Print the figures and every ratio, size by size."""
    for r in results:
        quads = r["prepare"]["quads"]
        load = r["load"]
        raw = load["raw"]["seconds"]
        print(f"\n### {r['size']:.0e} synthetic triples ({quads} quads with the shipped graph)")
        print(f"{'load':<34} {'seconds':>9} {'peak MiB':>9} {'raw/ours':>9}  (target >= 0.8)")
        for name, value in load.items():
            seconds = value["seconds"]
            ratio = f"{raw / seconds:9.2f}" if seconds else f"{'-':>9}"
            shown = f"{seconds:9.2f}" if seconds is not None else f"{'-':>9}"
            print(f"  {name:<32} {shown} {value['peak_mib']:9d} {ratio}")
        rdflib = r.get("rdflib", {}).get("queries", {})
        print(
            f"{'query (ms, median)':<34} {'ours':>9} {'raw':>9} {'ours/raw':>9} {'rdflib':>9}"
            f" {'rdflib/ours':>11}  rows  peak MiB  (target ours/raw <= 1.2)"
        )
        for name, q in r["queries"].items():
            if "error" in q:
                print(f"  {name:<32} {q['error']}")
                continue
            lib = rdflib.get(name)
            lib_s = lib["seconds"] if lib else None
            lib_text = (
                f"{lib_s * 1000:9.1f}"
                if lib_s is not None
                else (f"{'>' + str(int(lib['timeout_s'])) + 's':>9}" if lib else f"{'-':>9}")
            )
            lib_ratio = f"{lib_s / q['ours_s']:10.0f}x" if lib_s is not None else f"{'-':>11}"
            print(
                f"  {name:<32} {q['ours_s'] * 1000:9.2f} {q['raw_s'] * 1000:9.2f}"
                f" {q['ours_s'] / q['raw_s']:9.2f} {lib_text} {lib_ratio}  {q['rows']:>5}"
                f" {q['peak_mib']:9d}"
            )
        if "rdflib" in r:
            print(
                f"  rdflib backend: load {r['rdflib']['load_s']:.2f} s, "
                f"peak {r['rdflib']['peak_mib']} MiB"
            )
        for label, key in (("validate (SHACL + checks)", "validate"), ("SHACL alone", "shacl")):
            v = r.get(key)
            if v is None:
                continue
            if "seconds" in v:
                print(
                    f"{label}: {v['seconds']:.2f} s for {v['triples']} triples = "
                    f"{v['seconds'] / v['triples'] * 1e6:.0f} us/triple, peak {v['peak_mib']} MiB,"
                    f" conforms {v['conforms']}"
                )
            else:
                print(f"{label}: {v['error']}")
        if "error" in r.get("serve", {}):
            print(f"serve: {r['serve']['error']}")
        elif "serve" in r:
            s = r["serve"]
            print(
                f"serve ({s['threads']} client threads)       q/s ours  q/s oxigraph  ratio"
                "  p50/p95 ms ours  p50/p95 ms oxigraph  errors  (target >= 0.5)"
            )
            for kind in ("selective", "aggregate"):
                k = s[kind]
                o, x = k["ours"], k["oxigraph"]
                print(
                    f"  {kind:<10} ({k['requests']:>5} requests) {o['qps']:9.0f} {x['qps']:12.0f}"
                    f" {k['ratio']:6.2f}  {o['p50_ms']:6.1f}/{o['p95_ms']:<8.1f}"
                    f" {x['p50_ms']:6.1f}/{x['p95_ms']:<8.1f}     {o['errors'] + x['errors']}"
                )
            print(f"  peak MiB: ours {s['ours_peak_mib']}, oxigraph {s['oxigraph_peak_mib']}")
            for failure in s["start_failures"]:
                print(f"  (a first start failed and was retried: {failure})")


def plot(results: list[Result], path: Path) -> None:
    """Plot time against graph size, log-log: loads, validation, a few queries."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sizes = [r["prepare"]["quads"] for r in results]
    series: dict[str, list[float | None]] = {
        "load, raw pyoxigraph bulk_load": [r["load"]["raw"]["seconds"] for r in results],
        "load, build_store, same N-Quads (no validation)": [
            r["load"]["ours_same_nquads"]["seconds"] for r in results
        ],
        "load, build_store, N-Triples routed (no validation)": [
            r["load"]["ours_ntriples"]["seconds"] for r in results
        ],
        "load, build_store (validated)": [
            r["load"].get("ours_validated", {}).get("seconds") for r in results
        ],
        "rebuild + small file (validates the addition)": [
            r["load"].get("ours_revalidated_plus_small_file", {}).get("seconds") for r in results
        ],
        "validate (SHACL + checks)": [r.get("validate", {}).get("seconds") for r in results],
        "SHACL alone": [r.get("shacl", {}).get("seconds") for r in results],
        "rdflib backend load": [r.get("rdflib", {}).get("load_s") for r in results],
    }
    for name in (
        "claims",
        "sources",
        "search",
        "construct-facts",
        "missing-fact-violation",
        "orphan-value-violation",
    ):
        series[f"query {name} (store)"] = [
            r["queries"].get(name, {}).get("ours_s") for r in results
        ]
    figure, axes = plt.subplots(figsize=(11, 6))
    axes.set_prop_cycle(color=plt.get_cmap("tab20").colors)
    for label, values in series.items():
        points = [(x, y) for x, y in zip(sizes, values, strict=True) if y]
        if points:
            style = "--" if label.startswith("query") else "-"
            axes.plot(*zip(*points, strict=True), style, marker="o", label=label)
    axes.set_xscale("log")
    axes.set_yscale("log")
    axes.set_xlabel("quads in the store (synthetic + shipped graph)")
    axes.set_ylabel("seconds")
    axes.set_title("nlmg-graph: time against graph size")
    axes.grid(True, which="both", alpha=0.3)
    axes.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.02, 1))
    figure.tight_layout()
    figure.savefig(path, dpi=110)


def _size(value: str) -> int:
    return int(float(value))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1e4,1e5,1e6", help="synthetic triples, comma-separated")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=3, help="interleaved load runs per size")
    parser.add_argument("--query-runs", type=int, default=7, help="timed runs per query (max)")
    parser.add_argument("--query-budget", type=float, default=3.0, help="seconds per query")
    parser.add_argument("--query-timeout", type=float, default=240.0, help="stop a query step")
    parser.add_argument("--rdflib-max", type=_size, default=100_000, help="largest size on rdflib")
    parser.add_argument("--rdflib-timeout", type=float, default=10.0, help="cap per rdflib query")
    parser.add_argument(
        "--validated-load-max", type=_size, default=100_000, help="largest validated build_store"
    )
    parser.add_argument("--validate-max", type=_size, default=100_000, help="largest validate")
    parser.add_argument("--validate-timeout", type=float, default=3600.0)
    parser.add_argument("--requests", type=int, default=1000, help="selective-query requests")
    parser.add_argument("--threads", type=int, default=4, help="client threads")
    parser.add_argument("--no-serve", action="store_true", help="skip the server comparison")
    parser.add_argument("--workdir", default=None, help="where stores are built (default /tmp)")
    parser.add_argument("--keep", action="store_true", help="keep the stores and files")
    parser.add_argument("--output", default=str(HERE / "stores-results.json"))
    parser.add_argument("--plot", default=str(HERE / "scaling.png"))
    parser.add_argument("--step", help=argparse.SUPPRESS)
    args, rest = parser.parse_known_args()
    if args.step:  # a child process: run one step, print its result as JSON
        print(json.dumps(STEPS[args.step](**json.loads(rest[0]))))
        return
    sizes = [_size(s) for s in args.sizes.split(",")]
    info = machine()
    print(json.dumps(info))
    results = []
    for size in sizes:
        results.append(bench_size(size, args))
        Path(args.output).write_text(
            json.dumps({"machine": info, "command": sys.argv, "results": results}, indent=1)
        )
    print_table(results)
    plot(results, Path(args.plot))
    print(f"\nwrote {args.output} and {args.plot}")


if __name__ == "__main__":
    main()
