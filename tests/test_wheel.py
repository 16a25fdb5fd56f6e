"""The wheel ships the ontology, shapes, data and queries inside the package."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).parent.parent


@pytest.mark.slow
def test_wheel_holds_every_rdf_query_and_template_file(tmp_path: Path) -> None:
    if not (REPO / "pyproject.toml").is_file():
        if os.environ.get("CI"):
            pytest.fail(
                f"CI must run the tests from a source checkout; {REPO} has no pyproject.toml"
            )
        pytest.skip("not running from a source checkout")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--wheel",
            "--no-isolation",
            "-o",
            str(tmp_path),
            str(REPO),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("nlmg_graph-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {
        f"nlmg_graph/resources/{path.relative_to(REPO).as_posix()}"
        for folder in ("ontology", "data", "queries")
        for path in (REPO / folder).rglob("*")
        if path.suffix in {".ttl", ".rq", ".jsonld"}
    }
    expected |= {
        f"nlmg_graph/{path.relative_to(REPO / 'src' / 'nlmg_graph').as_posix()}"
        for path in (REPO / "src" / "nlmg_graph" / "templates").glob("*.html")
    }
    expected |= {
        f"nlmg_graph/{path.relative_to(REPO / 'src' / 'nlmg_graph').as_posix()}"
        for path in (REPO / "src" / "nlmg_graph" / "server" / "static").rglob("*")
        if path.is_file()
    }
    assert "nlmg_graph/server/static/yasgui/LICENSE" in expected
    assert expected, "no RDF or query files found in the checkout"
    missing = sorted(expected - names)
    assert not missing, f"the wheel lacks: {missing}"
    assert "nlmg_graph/py.typed" in names
