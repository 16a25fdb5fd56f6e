"""Limits on hostile input, checked before an engine or parser sees it.

Oxigraph's SPARQL and JSON-LD parsers recurse once per level of nesting and crash the whole
process (a stack overflow: no exception, no message) on input nested a few thousand deep; its
query optimiser also recurses over long pattern lists and property paths. Python's own
``json`` module and rdflib give up with a ``RecursionError`` from about a thousand levels. So
the shape of a query or a JSON document is measured first, with a scanner that reads strings,
IRIs and comments as opaque, and input past a limit is refused with one line that says which
limit and by how much. The limits sit an order of magnitude below where the engines fail and an
order of magnitude above the project's own queries and data:

- :data:`MAX_QUERY_DEPTH`: brackets (``{``, ``(``, ``[``) nested in a SPARQL query;
- :data:`MAX_TRIPLE_PATTERNS`: triple patterns in a query (counted by their ``.``, ``;`` and
  ``,`` separators);
- :data:`MAX_PATH_STEPS`: steps in one property path (or one chain of ``/`` and ``|``);
- :data:`MAX_JSON_DEPTH`: arrays and objects nested in a JSON or JSON-LD document;
- :data:`MAX_TOKEN_BYTES`: one literal or IRI in a data file (Oxigraph's parser buffer).

``SERVICE`` is refused too unless asked for (:func:`uses_service`): a federated query reaches
other hosts, and the project works offline.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from nlmg_graph.errors import InputFileError, OptionError, QueryError
from nlmg_graph.query_dataset import find_word, unescape

__all__ = [
    "MAX_JSON_DEPTH",
    "MAX_PATH_STEPS",
    "MAX_QUERY_DEPTH",
    "MAX_TOKEN_BYTES",
    "MAX_TRIPLE_PATTERNS",
    "QueryShape",
    "check_json",
    "check_json_value",
    "check_query",
    "json_depth",
    "query_shape",
    "uses_service",
]

MAX_QUERY_DEPTH = 128
"""Brackets nested in a query; Oxigraph crashes from about 2,000 nested groups."""
MAX_TRIPLE_PATTERNS = 1000
"""Triple patterns in a query; Oxigraph crashes from about 6,000 (stored queries: 52 at most)."""
MAX_PATH_STEPS = 256
"""Steps in one property path; Oxigraph crashes from about 6,000."""
MAX_JSON_DEPTH = 128
"""Arrays and objects nested in JSON; Oxigraph's JSON-LD parser crashes from about 5,000."""
MAX_TOKEN_BYTES = 16 * 2**20
"""One literal or IRI in a data file: the size of Oxigraph's parser buffer (16 MiB)."""

_SPARQL_TOKEN = re.compile(
    r"""
    (?P<skip>
        \#[^\n]*                                  # a comment
      | "{3}(?:[^"\\]|\\.|"(?!""))*"{3}           # long strings
      | '{3}(?:[^'\\]|\\.|'(?!''))*'{3}
      | "(?:[^"\\\n]|\\.)*"                       # short strings
      | '(?:[^'\\\n]|\\.)*'
      | <[^<>"{}|^`\\\s]*>                        # an IRI
      | \^\^ | \|\| | &&                          # datatype marker, logical operators
      | [0-9]*\.[0-9]+(?:[eE][+-]?[0-9]+)?        # a decimal or double
    )
    | (?P<open>[{(\[])
    | (?P<close>[})\]])
    | (?P<separator>[.;,])
    | (?P<step>[/|])
    """,
    re.VERBOSE | re.DOTALL,
)
_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.DOTALL)


class QueryShape(NamedTuple):
    """What :func:`query_shape` measures in a query."""

    depth: int
    """The deepest nesting of brackets."""
    patterns: int
    """Triple patterns: separators between them, plus one per group."""
    path_steps: int
    """The longest chain of ``/`` and ``|`` steps."""


def query_shape(sparql: str) -> QueryShape:
    """Measure ``sparql`` without parsing it: nesting depth, triple patterns, longest path.

    >>> query_shape("SELECT * { ?s <p>/<q>/<r> ?o . ?s ?p 1.5 }")
    QueryShape(depth=1, patterns=2, path_steps=3)
    """
    depth = deepest = separators = groups = chain = longest = 0
    after_separator: int | None = None  # where the text after the last separator starts
    for match in _SPARQL_TOKEN.finditer(sparql):
        kind = match.lastgroup
        if kind == "open":
            depth += 1
            deepest = max(deepest, depth)
            groups += match[0] == "{"
        elif kind == "close":
            depth = max(depth - 1, 0)
            ends = after_separator is not None and match[0] == "}"
            if ends and not sparql[after_separator : match.start()].strip():
                separators -= 1  # a final "." ends the last pattern, it does not add one
            after_separator = None
        elif kind == "separator":
            separators += 1
            after_separator = match.end()
            chain = 0
        elif kind == "step":
            chain += 1
            longest = max(longest, chain)
        if kind in ("open", "close"):
            chain = 0 if match[0] in "{}" else chain
    return QueryShape(deepest, separators + groups, longest + 1 if longest else 0)


def check_query(sparql: str, *, allow_service: bool = False) -> None:
    """Refuse a query past the limits, or one with ``SERVICE`` unless ``allow_service``.

    Raises:
        QueryError: one line naming the limit and the query's measure.

    >>> check_query("SELECT * {" * 200 + "}" * 200)
    Traceback (most recent call last):
    ...
    nlmg_graph.errors.QueryError: query refused: brackets nested 200 deep, past the limit of 128
    """
    shape = query_shape(sparql)
    for measure, limit, what in (
        (shape.depth, MAX_QUERY_DEPTH, "brackets nested {:,} deep"),
        (shape.patterns, MAX_TRIPLE_PATTERNS, "{:,} triple patterns"),
        (shape.path_steps, MAX_PATH_STEPS, "a property path of {:,} steps"),
    ):
        if measure > limit:
            raise QueryError(f"query refused: {what.format(measure)}, past the limit of {limit:,}")
    if not allow_service and uses_service(sparql):
        raise QueryError(
            "query refused: SERVICE would send part of the query to another host; "
            "allow it with --allow-service (allow_service=True in Python)"
        )


def uses_service(sparql: str) -> bool:
    """Whether ``sparql`` has a ``SERVICE`` clause, which an engine would really send elsewhere.

    A look for the word first (escapes read); only then rdflib's parser decides, so a literal
    or an IRI that merely contains the word is not refused. A query rdflib cannot parse is
    treated as federated: refusing it is the safe side.

    >>> uses_service('SELECT * { ?s ?p "service" }'), uses_service("ASK { SERVICE <x:y> {} }")
    (False, True)
    """
    if not any(find_word(unescape(sparql), "service")):
        return False
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parser import parseQuery
    from rdflib.plugins.sparql.parserutils import CompValue

    def found(node: object) -> bool:
        if isinstance(node, CompValue):
            return node.name == "ServiceGraphPattern" or any(map(found, node.values()))
        if isinstance(node, list | tuple | ParseResults):
            return any(map(found, node))
        return False

    try:
        return found(parseQuery(sparql))
    except Exception:  # pyparsing's ParseException, rdflib's own errors, RecursionError
        return True


def json_depth(text: str | bytes) -> int:
    """Return how deep arrays and objects nest in a JSON text (strings read as opaque).

    >>> json_depth('{"a": [1, {"b": "]]]"}]}')
    3
    """
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
    depth = deepest = 0
    for match in _JSON_TOKEN.finditer(text):
        token = match[0]
        if token in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif token in "]}":
            depth = max(depth - 1, 0)
    return deepest


def check_json(text: str | bytes, where: str) -> None:
    """Refuse a JSON text nested deeper than :data:`MAX_JSON_DEPTH`.

    Raises:
        InputFileError: one line naming ``where`` and the depth.
    """
    depth = json_depth(text)
    if depth > MAX_JSON_DEPTH:
        raise InputFileError(
            where,
            f"JSON nested {depth:,} deep, past the limit of {MAX_JSON_DEPTH:,}",
        )


def check_json_value(value: object) -> None:
    """Refuse JSON given as Python values that holds a cycle or nests past :data:`MAX_JSON_DEPTH`.

    Raises:
        OptionError: one line saying which.

    >>> cyclic: dict[str, object] = {}
    >>> cyclic["self"] = cyclic
    >>> check_json_value(cyclic)
    Traceback (most recent call last):
    ...
    nlmg_graph.errors.OptionError: the JSON document contains itself (a cycle); it cannot be JSON
    """
    pending: list[tuple[object, int, frozenset[int]]] = [(value, 1, frozenset())]
    while pending:
        current, depth, ancestors = pending.pop()
        if not isinstance(current, dict | list):
            continue
        if id(current) in ancestors:
            raise OptionError("the JSON document contains itself (a cycle); it cannot be JSON")
        if depth > MAX_JSON_DEPTH:
            raise OptionError(
                f"the JSON document nests deeper than the limit of {MAX_JSON_DEPTH:,}"
            )
        inner = ancestors | {id(current)}
        children = current.values() if isinstance(current, dict) else current
        pending.extend((child, depth + 1, inner) for child in children)
