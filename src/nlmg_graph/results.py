"""Query results as plain Python values, and their standard serialisations.

A SELECT query gives :class:`Solutions`: its variables and rows, where each row is a
:class:`Row` (a named tuple, one field per variable) of plain Python values. The RDF terms stay
inside, so the results can also be written in the W3C formats — SPARQL 1.1 Query Results JSON,
CSV and TSV — or as an aligned text table. Literals become Python values by datatype
(:func:`to_python`), the same on every query engine, so ``"0.0"^^xsd:decimal`` from rdflib and
``"0"^^xsd:decimal`` from Oxigraph are both ``Decimal("0")``.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any, Self, overload

import pyoxigraph as ox

from nlmg_graph.iris import shorten

__all__ = ["Row", "Solutions", "Term", "Value", "boolean_json", "to_python"]

Term = ox.NamedNode | ox.BlankNode | ox.Literal
"""An RDF term of a result row."""
Value = str | int | Decimal | float | bool | datetime.date | None
"""A plain Python value of a result row (``None``: the variable is unbound)."""

_XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGERS = {
    f"{_XSD}{name}"
    for name in (
        "integer",
        "nonNegativeInteger",
        "positiveInteger",
        "nonPositiveInteger",
        "negativeInteger",
        "long",
        "int",
        "short",
        "byte",
        "unsignedLong",
        "unsignedInt",
        "unsignedShort",
        "unsignedByte",
        "gYear",
    )
}
_CONVERTERS: dict[str, Any] = {
    **dict.fromkeys(_INTEGERS, int),
    f"{_XSD}decimal": Decimal,
    f"{_XSD}double": float,
    f"{_XSD}float": float,
    f"{_XSD}boolean": lambda text: text.strip() in ("true", "1"),
    f"{_XSD}date": datetime.date.fromisoformat,
    f"{_XSD}dateTime": datetime.datetime.fromisoformat,
}
_XSD_STRING = f"{_XSD}string"
_UNBOUND = ""


class Row(tuple[Value, ...]):
    """A result row: a tuple of values with one named field per variable.

    >>> row = Row(("name", "year"), ("Never Let Me Go", 2010))
    >>> row.name, row.year, row.asdict()
    ('Never Let Me Go', 2010, {'name': 'Never Let Me Go', 'year': 2010})
    """

    _fields: tuple[str, ...]

    def __new__(cls, fields: tuple[str, ...], values: Sequence[Value]) -> Self:
        """Return a row with the variable names ``fields`` and the values ``values``."""
        row = super().__new__(cls, values)
        row._fields = fields
        return row

    def __getattr__(self, name: str) -> Value:
        try:
            return self[self._fields.index(name)]
        except ValueError:
            raise AttributeError(f"no variable {name!r} in this row") from None

    def asdict(self) -> dict[str, Value]:
        """Return the row as ``{variable: value}``."""
        return dict(zip(self._fields, self, strict=True))

    def __repr__(self) -> str:
        return (
            "Row(" + ", ".join(f"{name}={value!r}" for name, value in self.asdict().items()) + ")"
        )


def to_python(term: Term | None) -> Value:
    """Return the plain Python value of an RDF term.

    IRIs and blank nodes become ``str`` (``_:`` before a blank node's id); literals become
    ``int`` (``xsd:integer``, its subtypes and ``xsd:gYear``), ``Decimal``, ``float``, ``bool``,
    ``datetime.date`` or ``datetime.datetime`` by datatype, and ``str`` otherwise (also when the
    lexical form is not valid for its datatype).

    >>> to_python(ox.Literal("2010", datatype=ox.NamedNode(_XSD + "gYear")))
    2010
    """
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    convert = _CONVERTERS.get(term.datatype.value)
    if convert is None:
        return term.value
    try:
        value: Value = convert(term.value)
    except (ValueError, InvalidOperation):
        return term.value
    return value


def _json_term(term: Term) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    binding = {"type": "literal", "value": term.value}
    if term.language:
        binding["xml:lang"] = term.language
    elif term.datatype.value != _XSD_STRING:
        binding["datatype"] = term.datatype.value
    return binding


def _csv_term(term: Term | None) -> str:
    if term is None:
        return _UNBOUND
    return f"_:{term.value}" if isinstance(term, ox.BlankNode) else term.value


def _tsv_term(term: Term | None) -> str:
    # N-Triples syntax is SPARQL syntax; TSV also needs tabs escaped inside literals.
    return _UNBOUND if term is None else str(term).replace("\t", "\\t")


class Solutions(Sequence[Row]):
    """The rows of a SELECT query: iterable, indexable, ``len()``-able.

    Attributes:
        variables: the projected variables, in order.
        terms: the rows as RDF terms (``None`` where a variable is unbound).
    """

    def __init__(self, variables: Sequence[str], terms: Sequence[Sequence[Term | None]]) -> None:
        self.variables = tuple(variables)
        self.terms = [tuple(row) for row in terms]
        self._rows = [Row(self.variables, [to_python(t) for t in row]) for row in self.terms]

    @classmethod
    def from_oxigraph(cls, solutions: ox.QuerySolutions) -> Solutions:
        """Read Oxigraph's solutions (of a store's query or a parsed results document)."""
        names = [variable.value for variable in solutions.variables]
        return cls(names, [[row[name] for name in names] for row in solutions])

    def __reduce__(self) -> tuple[type[Solutions], tuple[object, ...]]:
        return (Solutions, (self.variables, self.terms))  # rows are rebuilt from the terms

    def __len__(self) -> int:
        return len(self._rows)

    @overload
    def __getitem__(self, index: int) -> Row: ...
    @overload
    def __getitem__(self, index: slice) -> list[Row]: ...

    def __getitem__(self, index: int | slice) -> Row | list[Row]:
        return self._rows[index]

    def __iter__(self) -> Iterator[Row]:
        return iter(self._rows)

    def __repr__(self) -> str:
        return f"<Solutions {len(self)} rows: {', '.join(self.variables)}>"

    def to_dicts(self) -> list[dict[str, Value]]:
        """Return the rows as dicts ``{variable: value}`` (unbound variables as ``None``)."""
        return [row.asdict() for row in self._rows]

    def to_json(self) -> str:
        """Return the results in the SPARQL 1.1 Query Results JSON format."""
        bindings = [
            {name: _json_term(term) for name, term in zip(self.variables, row, strict=True) if term}
            for row in self.terms
        ]
        document = {"head": {"vars": list(self.variables)}, "results": {"bindings": bindings}}
        return json.dumps(document, ensure_ascii=False, indent=1) + "\n"

    def to_csv(self) -> str:
        """Return the results in the SPARQL 1.1 Query Results CSV format (lexical values)."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(self.variables)
        writer.writerows([_csv_term(term) for term in row] for row in self.terms)
        return out.getvalue()

    def to_tsv(self) -> str:
        """Return the results in the SPARQL 1.1 Query Results TSV format (terms as in SPARQL)."""
        lines = ["\t".join(f"?{name}" for name in self.variables)]
        lines.extend("\t".join(_tsv_term(term) for term in row) for row in self.terms)
        return "\n".join(lines) + "\n"

    def to_table(self, prefixes: Mapping[str, str] | None = None) -> str:
        """Return the results as an aligned text table, IRIs shortened by ``prefixes``.

        ``prefixes`` defaults to the project's and the W3C ones (see :func:`.iris.shorten`).
        """
        namespaces = dict(prefixes) if prefixes is not None else None

        def cell(term: Term | None) -> str:
            if term is None:
                return _UNBOUND
            if isinstance(term, ox.NamedNode):
                short = shorten(term.value, namespaces)
                return f"<{term.value}>" if short == term.value else short
            text = _csv_term(term)
            return text.replace("\n", " ").replace("\t", " ")

        grid = [list(self.variables)] + [[cell(term) for term in row] for row in self.terms]
        widths = [max(len(line[i]) for line in grid) for i in range(len(self.variables))]
        lines = [
            "  ".join(text.ljust(width) for text, width in zip(line, widths, strict=True))
            for line in grid
        ]
        lines.insert(1, "  ".join("-" * width for width in widths))
        lines.append(f"({len(self)} row{'s' if len(self) != 1 else ''})")
        return "\n".join(line.rstrip() for line in lines) + "\n"


def boolean_json(answer: bool) -> str:
    """Return an ASK answer in the SPARQL 1.1 Query Results JSON format."""
    return json.dumps({"head": {}, "boolean": answer}) + "\n"
