"""SHACL engines behind one interface, and the scope of an incremental validation.

:func:`shacl_violations` checks quads against ``ontology/shapes.ttl`` with the engine asked
for (:class:`~nlmg_graph.formats.ShaclEngine`): the compiled ``shacl`` engine
(:mod:`.compiled`, the default) or pySHACL, the reference (:mod:`.reference`). Both report the
same findings; ``tests/test_shacl_engines.py`` holds them to it. :mod:`.scope` finds what a
change to a valid store can break, so a rebuild judges only that.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from nlmg_graph.formats import ShaclEngine, parse_option

if TYPE_CHECKING:
    from collections.abc import Sequence

    import pyoxigraph as ox

    from nlmg_graph.validation import Violation

__all__ = ["shacl_violations"]


def shacl_violations(
    quads: Sequence[ox.Quad] | ox.Store, *, engine: ShaclEngine | str = ShaclEngine.SHACL
) -> list[Violation]:
    """Validate the union of ``quads`` against the shapes and return every finding.

    Args:
        quads: the graph's quads, literals as written, or a store (which the compiled engine
            reads as one N-Quads dump, with no Python object per quad).
        engine: ``"shacl"`` (compiled, the default) or ``"pyshacl"`` (the reference).

    Raises:
        OptionError: an unknown engine.
    """
    if parse_option(ShaclEngine, engine, "SHACL engine") is ShaclEngine.PYSHACL:
        from nlmg_graph.shacl.reference import violations
    else:
        from nlmg_graph.shacl.compiled import violations
    return violations(quads)
