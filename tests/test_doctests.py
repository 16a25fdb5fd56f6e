"""The examples in the installed package's docstrings run and hold."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

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
