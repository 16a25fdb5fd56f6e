"""Benchmark: `nlmg-graph site` on a graph file, in pages per second, beside `validate`.

Both commands read the same file with `--data` (on top of the shipped graph), each in a fresh
process, as a user would run them: `validate --data FILE` once, then `site --data FILE
--output DIR`. The script prints the pages written, each command's wall time, the pages per
second and the ratio of the site's time to validate's, so runs on different machines compare.
`--src` runs another checkout's `src/` (the version before a change) with the same Python.

    python benchmarks/synthetic.py --triples 100000 --seed 1 --output /tmp/g.nt
    python benchmarks/bench_site.py /tmp/g.nt [--src OTHER_CHECKOUT/src]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def timed(command: list[str], env: dict[str, str]) -> float:
    """Run ``command`` and return its wall time in seconds; fail loudly if it fails."""
    start = time.perf_counter()
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path, help="the graph file passed with --data")
    parser.add_argument(
        "--src", type=Path, help="run this src/ folder instead of the installed one"
    )
    args = parser.parse_args()

    env = dict(os.environ)
    if args.src is not None:
        env["PYTHONPATH"] = str(args.src.resolve())
    cli = [sys.executable, "-m", "nlmg_graph"]
    validate = timed([*cli, "validate", "--data", str(args.data)], env)
    with tempfile.TemporaryDirectory() as scratch:
        output = Path(scratch) / "site"
        site = timed([*cli, "site", "--data", str(args.data), "--output", str(output)], env)
        pages = sum(1 for _ in output.rglob("*.html")) - 1  # the index is no entity page
    print(f"graph: {args.data} ({args.src or 'installed'} nlmg_graph)")
    print(f"validate: {validate:.1f} s")
    print(f"site: {pages} pages in {site:.1f} s = {pages / site:.1f} pages/s")
    print(f"site / validate: {site / validate:.2f}")


if __name__ == "__main__":
    main()
