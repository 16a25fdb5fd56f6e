"""The examples in the installed package's docstrings run and hold."""

from __future__ import annotations

import doctest
import importlib
import pkgutil
import re
from pathlib import Path

import pytest

import nlmg_graph

# __main__ is left out: importing it runs the command line.
MODULES = sorted(
    info.name
    for info in pkgutil.walk_packages(nlmg_graph.__path__, "nlmg_graph.")
    if info.name != "nlmg_graph.__main__"
)


@pytest.mark.parametrize("name", ["nlmg_graph", *MODULES])
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    failed, _ = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert failed == 0, f"{failed} doctest example(s) failed in {name}"


def test_the_readme_python_examples_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The README's ``python`` blocks run as written, in order (``mine.ttl`` and
    ``catalogue.nq`` are empty files of the user's; ``py`` blocks need a server and are shown
    only)."""
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", readme, re.DOTALL)
    assert len(blocks) >= 2
    (tmp_path / "mine.ttl").write_text("")
    (tmp_path / "catalogue.nq").write_text("")
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {}
    for block in blocks:
        exec(compile(block, "README.md", "exec"), namespace)
