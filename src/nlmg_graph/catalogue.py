"""The stored SPARQL queries of ``queries/``: their headers, parameters and binding.

Each query file starts with a block of ``# Key: value`` comment lines (``Title``,
``Description``, ``Message`` for checks, ``Parameters``, ``Example``; a value may continue on
following ``#   `` lines). Each parameter is declared on its own line of ``Parameters`` and
bound in the body by one ``VALUES ?name { UNDEF }`` line, which :meth:`StoredQuery.bind`
fills with the value written as an RDF term by pyoxigraph, so a value is never SPARQL. The
convention is written down in ``queries/README.md``. Files named ``*-violation.rq`` are checks
that must return no rows; ``construct-*.rq`` build triples.
"""

from __future__ import annotations

import datetime
import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cache, cached_property

import pyoxigraph as ox

from nlmg_graph import _resources, iris
from nlmg_graph.errors import QueryError

__all__ = [
    "Parameter",
    "StoredQuery",
    "declared_prefixes",
    "sparql_term",
    "stored_queries",
    "stored_query",
    "violation_queries",
]

_HEADER_LINE = re.compile(r"^#\s*(?P<key>[A-Z][A-Za-z ]*):\s*(?P<value>.*)$")
_CONTINUATION = re.compile(r"^#\s{2,}(?P<value>\S.*)$")
_PARAMETER = re.compile(
    r"^(?P<name>[a-z][a-z0-9_]*) \((?P<type>iri(?: of (?P<classes>\S+))?|string|integer|decimal"
    r"|date|enum (?P<choices>\S+)),"
    r" (?P<mode>required|optional|default (?P<default>[^)]+))\): (?P<doc>.+)$"
)
_PREFIX = re.compile(r"^\s*PREFIX\s+([A-Za-z][\w.-]*)?:\s*<([^>]*)>", re.IGNORECASE | re.MULTILINE)
_COMMENT = re.compile(r"(<[^>\s]*>|\"(?:[^\"\\\n]|\\.)*\")|#[^\n]*")
_FORM = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)
_ORDER_BY = re.compile(r"\bORDER\s+BY\b", re.IGNORECASE)

_XSD = "http://www.w3.org/2001/XMLSchema#"
_ESCAPED_BACKSLASH_U = re.compile(r"\\\\([uU])")
_TYPES = ("iri", "string", "integer", "decimal", "date", "enum")
_INTEGER = re.compile(r"[+-]?[0-9]{1,19}")
_DECIMAL = re.compile(r"[+-]?(?:[0-9]{1,21}(?:\.[0-9]{0,18})?|\.[0-9]{1,18})")
_MIN_INTEGER, _MAX_INTEGER = -(2**63), 2**63 - 1  # Oxigraph's xsd:integer is 64 bits
_MAX_DECIMAL = Decimal(2**127) / 10**18  # Oxigraph's xsd:decimal: 128 bits, 18 places
_DECIMAL_PLACES = 18
_SHOWN_LENGTH = 80


def _values_line(name: str) -> re.Pattern[str]:
    return re.compile(rf"VALUES\s+\?{name}\s*\{{\s*UNDEF\s*\}}")


def declared_prefixes(sparql: str) -> dict[str, str]:
    r"""Return the ``PREFIX`` declarations of a query as ``{prefix: namespace}``.

    >>> declared_prefixes("PREFIX schema: <https://schema.org/>\\nSELECT * {}")
    {'schema': 'https://schema.org/'}
    """
    return {prefix or "": namespace for prefix, namespace in _PREFIX.findall(sparql)}


def sparql_term(term: ox.NamedNode | ox.Literal) -> str:
    r"""Return ``term`` written for a SPARQL query, safe on every engine.

    pyoxigraph writes the term in N-Triples syntax (quotes, backslashes and line breaks
    escaped; IRIs were validated when the term was built). One more step: SPARQL expands
    ``\uXXXX`` escapes before parsing, and rdflib does so even after an escaped backslash, so a
    value containing a backslash followed by ``u`` would change meaning there. That ``u`` is
    written as the code point escape ``\U00000075``, which every engine reads back as ``u``.

    >>> print(sparql_term(ox.Literal("C:\\users")))
    "C:\\\U00000075sers"
    """
    return _ESCAPED_BACKSLASH_U.sub(lambda m: f"\\\\\\U{ord(m[1]):08X}", str(term))


def _typed(value: object, datatype: str) -> ox.Literal:
    return ox.Literal(str(value), datatype=ox.NamedNode(_XSD + datatype))


def _canonical_decimal(number: Decimal) -> str:
    """Return ``number`` in xsd:decimal's canonical form (``10``, ``3.99``) if Oxigraph holds it.

    Oxigraph reads ``xsd:decimal`` as 18 digits after the point and at most about 1.7e20, and
    treats any other lexical form (``1E+1``) or magnitude as an ill-typed literal that compares
    equal to nothing; so the value is written plainly, or refused.

    Raises:
        ValueError: not finite, too large, or with more than 18 digits after the point.
    """
    if not number.is_finite():
        raise ValueError("not a finite number")
    if abs(number) >= _MAX_DECIMAL:
        raise ValueError(f"too large (the limit is below {_MAX_DECIMAL:.0e})")
    exponent = number.as_tuple().exponent
    assert isinstance(exponent, int)  # finite
    if exponent < -_DECIMAL_PLACES:
        raise ValueError(f"more than {_DECIMAL_PLACES} digits after the point")
    text = format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _shown(value: object) -> str:
    """Return ``value`` for an error message: its ``repr``, cut short (even for a huge int)."""
    if isinstance(value, int) and value.bit_length() > _SHOWN_LENGTH * 4:
        return f"an integer of about {int(value.bit_length() * 0.30103):,} digits"
    shown = repr(value)
    return shown if len(shown) <= _SHOWN_LENGTH else shown[: _SHOWN_LENGTH - 1] + "…"


@dataclass(frozen=True)
class Parameter:
    """A declared parameter of a stored query.

    Attributes:
        name: the parameter's name, also the name of the query variable it binds.
        type: ``iri``, ``string``, ``integer``, ``decimal``, ``date`` or ``enum``.
        required: whether the query refuses to run without it.
        default: the value used when none is given (as written in the header), if any.
        choices: for an enum, each choice and the IRI it stands for (``None``: the choice is
            bound as a string).
        description: what the parameter does.
        classes: for an IRI declared ``iri of schema:Movie|schema:Book``, the classes its value
            must be an instance of (the query restricts the variable to them, so another
            entity gives no rows; :meth:`GraphQueries.run` then says what the entity is).
    """

    name: str
    type: str
    required: bool
    default: str | None
    choices: dict[str, str | None]
    description: str
    classes: tuple[str, ...] = ()

    def term(self, value: object, query: str) -> ox.NamedNode | ox.Literal:
        """Return ``value`` as the RDF term this parameter binds.

        Strings are accepted for every type (as given on a command line); otherwise the Python
        type must fit: ``int`` for integers, ``int``/``Decimal`` for decimals, ``date`` for
        dates. IRIs may be prefixed names of the project's prefixes (``person:carey-mulligan``).

        Raises:
            QueryError: the value does not fit the type; the message names query and parameter.
        """
        try:
            return self._term(value)
        except (ValueError, TypeError, InvalidOperation) as error:
            reason = str(error) or type(error).__name__
            raise QueryError(
                f"query {query!r}, parameter {self.name!r}: {_shown(value)} is not a valid "
                f"{self.type} ({reason})"
            ) from None

    def _term(self, value: object) -> ox.NamedNode | ox.Literal:
        text = value if isinstance(value, str) else None
        if self.type == "iri":
            if text is None:
                raise TypeError("expected an IRI as a string")
            return ox.NamedNode(iris.expand(text))
        if self.type == "enum":
            if text not in self.choices:
                raise ValueError(f"choose from {', '.join(self.choices)}")
            iri = self.choices[text]
            return ox.Literal(text) if iri is None else ox.NamedNode(iri)
        if self.type == "string":
            if text is None:
                raise TypeError("expected a string")
            return ox.Literal(text)
        if self.type == "integer":
            if isinstance(value, bool) or not isinstance(value, int | str):
                raise TypeError("expected an integer")
            if isinstance(value, str) and not _INTEGER.fullmatch(value):
                raise ValueError("expected digits, optionally signed, e.g. 2010")
            number = int(value)
            if not _MIN_INTEGER <= number <= _MAX_INTEGER:
                raise ValueError("out of the range of a 64-bit integer")
            return _typed(number, "integer")
        if self.type == "decimal":
            if isinstance(value, bool) or not isinstance(value, int | str | Decimal):
                raise TypeError("expected a decimal number")
            if isinstance(value, str) and not _DECIMAL.fullmatch(value):
                raise ValueError("expected a number such as 3.99, without exponent or separators")
            return _typed(_canonical_decimal(Decimal(value)), "decimal")
        if isinstance(value, datetime.datetime) or not isinstance(value, str | datetime.date):
            raise TypeError("expected a date, YYYY-MM-DD")
        day = datetime.date.fromisoformat(value) if isinstance(value, str) else value
        return _typed(day.isoformat(), "date")


def _parameter(line: str, query: str, prefixes: dict[str, str]) -> Parameter:
    match = _PARAMETER.match(line)
    if match is None:
        raise QueryError(f"query {query!r}: cannot read the parameter line {line!r}")

    def declared(name: str, what: str) -> str:
        full = iris.expand(name, prefixes)
        if full == name:
            raise QueryError(f"query {query!r}: {what} {name!r} uses an undeclared prefix")
        return full

    choices: dict[str, str | None] = {}
    for choice in (match["choices"] or "").split("|") if match["choices"] else ():
        word, equals, iri = choice.partition("=")
        choices[word] = declared(iri, "enum choice") if equals else None
    classes = tuple(declared(name, "class") for name in (match["classes"] or "").split("|") if name)
    return Parameter(
        name=match["name"],
        type=match["type"].split(" ")[0],
        required=match["mode"] == "required",
        default=match["default"],
        choices=choices,
        description=match["doc"].strip(),
        classes=classes,
    )


def _header(text: str) -> dict[str, list[str]]:
    """Return the ``# Key: value`` header as lines per lower-case key."""
    header: dict[str, list[str]] = {}
    key: str | None = None
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        if match := _HEADER_LINE.match(line):
            key = match["key"].strip().lower()
            header[key] = [match["value"].strip()] if match["value"].strip() else []
        elif key is not None and (match := _CONTINUATION.match(line)):
            header[key].append(match["value"].strip())
    return header


@dataclass(frozen=True)
class StoredQuery:
    """One stored query: its name (the file name without ``.rq``), SPARQL text and header."""

    name: str
    text: str
    header: dict[str, list[str]] = field(default_factory=dict, repr=False)

    @classmethod
    def from_text(cls, name: str, text: str) -> StoredQuery:
        """Build a stored query from its text, checking its parameter declarations.

        Raises:
            QueryError: a parameter line cannot be read, or a parameter has no (or more than
                one) ``VALUES ?name { UNDEF }`` line in the body.
        """
        query = cls(name, text, _header(text))
        for parameter in query.parameters:
            found = len(_values_line(parameter.name).findall(text))
            if found != 1:
                raise QueryError(
                    f"query {name!r}: parameter {parameter.name!r} needs exactly one "
                    f"'VALUES ?{parameter.name} {{ UNDEF }}' line, found {found}"
                )
        return query

    def _field(self, key: str) -> str:
        return " ".join(self.header.get(key, []))

    @property
    def title(self) -> str:
        """The one-line title of the header (falls back to the name)."""
        return self._field("title") or self.name

    @property
    def description(self) -> str:
        """What the query answers or checks."""
        return self._field("description")

    @property
    def example(self) -> str:
        """A command line that runs the query."""
        return self._field("example")

    @property
    def message(self) -> str:
        """For a check: the plain-words message of each row it returns."""
        return self._field("message") or self.description or self.title

    @property
    def is_check(self) -> bool:
        """Whether this is a ``*-violation`` check that must return no rows."""
        return self.name.endswith("-violation")

    @cached_property
    def _code(self) -> str:
        """The query text without its comments (IRIs and strings kept whole)."""
        return _COMMENT.sub(lambda m: m.group(1) or "", self.text)

    @cached_property
    def form(self) -> str:
        """The query form: ``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE``."""
        match = _FORM.search(self._code)
        return match.group(1).upper() if match else "SELECT"

    @cached_property
    def is_ordered(self) -> bool:
        """Whether the query fixes the order of its results (``ORDER BY``)."""
        return bool(_ORDER_BY.search(self._code))

    @cached_property
    def prefixes(self) -> dict[str, str]:
        """The prefixes the query declares."""
        return declared_prefixes(self.text)

    @cached_property
    def parameters(self) -> tuple[Parameter, ...]:
        """The declared parameters, in header order."""
        lines = [line for line in self.header.get("parameters", []) if line.lower() != "none"]
        return tuple(_parameter(line, self.name, self.prefixes) for line in lines)

    def describe(self) -> dict[str, object]:
        """The query's catalogue entry as plain JSON-ready values (for tools and the server)."""
        return {
            "name": self.name,
            "form": self.form,
            "title": self.title,
            "description": self.description,
            "check": self.is_check,
            "parameters": [
                {
                    "name": p.name,
                    "type": p.type,
                    "required": p.required,
                    "default": p.default,
                    "choices": list(p.choices) or None,
                    "classes": list(p.classes) or None,
                    "description": p.description,
                }
                for p in self.parameters
            ],
            "example": self.example,
        }

    def bind(self, values: Mapping[str, object] | None = None) -> str:
        """Return the query text with ``values`` (and defaults) bound in its ``VALUES`` lines.

        A value of ``None`` counts as not given; an optional parameter not given stays
        ``UNDEF``, so the query does not restrict on it.

        Raises:
            QueryError: an unknown parameter, a missing required one, or a value that does not
                fit its type; the message names the query and the parameter.
        """
        given = {name: value for name, value in (values or {}).items() if value is not None}
        known = {parameter.name for parameter in self.parameters}
        for name in given:
            if name not in known:
                takes = ", ".join(sorted(known)) or "no parameters"
                raise QueryError(
                    f"query {self.name!r} has no parameter {name!r} (it takes: {takes})"
                )
        text = self.text
        for parameter in self.parameters:
            value = given.get(parameter.name, parameter.default)
            if value is None:
                if parameter.required:
                    raise QueryError(
                        f"query {self.name!r}: parameter {parameter.name!r} is required "
                        f"({parameter.type}: {parameter.description})"
                    )
                continue
            term = sparql_term(parameter.term(value, self.name))
            bound = f"VALUES ?{parameter.name} {{ {term} }}"
            found = _values_line(parameter.name).search(text)
            assert found is not None  # from_text checked there is exactly one
            text = text[: found.start()] + bound + text[found.end() :]
        return text


@cache
def stored_queries() -> tuple[StoredQuery, ...]:
    """Return every stored query, sorted by name."""
    return tuple(
        StoredQuery.from_text(source.name.removesuffix(".rq"), source.read_text(encoding="utf-8"))
        for source in _resources.query_files()
    )


def stored_query(name: str) -> StoredQuery:
    """Return the stored query called ``name``.

    Raises:
        QueryError: no stored query has that name; the message suggests the closest names.
    """
    queries = {query.name: query for query in stored_queries()}
    if name in queries:
        return queries[name]
    close = difflib.get_close_matches(name, queries, n=3, cutoff=0.5)
    hint = f" (did you mean: {', '.join(close)}?)" if close else " (see 'nlmg-graph queries')"
    raise QueryError(f"no stored query named {name!r}{hint}")


def violation_queries() -> tuple[StoredQuery, ...]:
    """Return the ``*-violation`` checks."""
    return tuple(query for query in stored_queries() if query.is_check)
