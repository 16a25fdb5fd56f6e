"""The stored-query catalogue, typed parameters, injection safety and the result formats.

The answers themselves are checked by ``test_golden.py``; this module checks the machinery:
headers parse into metadata, parameters are typed and bound as data (never as SPARQL), and
results come back as plain Python values and as the W3C result formats, which rdflib's own
parsers read back to the same terms.
"""

from __future__ import annotations

import datetime
import io
import re
import tomllib
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from rdflib import BNode, Literal, URIRef, Variable
from rdflib.query import Result

import nlmg_graph
from nlmg_graph.catalogue import StoredQuery, stored_queries, stored_query
from nlmg_graph.loading import TermConverter
from nlmg_graph.results import Solutions

QUERIES = stored_queries()
GOLDEN = Path(__file__).parent / "golden"
FILM = "https://w3id.org/nlmg/work/never-let-me-go-2010"

HOSTILE = [
    '"} ; DROP ALL #',
    "'} ; DROP ALL #",
    '" . } INSERT DATA { <urn:x> <urn:y> <urn:z> } #',
    '\\" } #',
    '"""',
    "\n}\nDELETE WHERE { ?s ?p ?o }\n",
    "} UNION { ?s ?p ?o }",
    "\\u0022 } #",
    "\\\\u0022 } #",
    "\\U00000022 } #",
    "C:\\users\\",
    "tab\there\u2028line\u2029para",
    "<http://example.org/>",
]
"""Strings that would change a query if they were formatted into its text."""

ALL_TYPES = """\
# Title: Echo
# Description: Returns its parameters, bound.
# Parameters:
#   i (iri, optional): an IRI
#   s (string, optional): a string
#   n (integer, default 7): an integer
#   d (decimal, optional): a decimal
#   day (date, optional): a date
#   e (enum won=nlmg:Won|plain, optional): an enum
# Example: none
PREFIX nlmg: <https://w3id.org/nlmg/ontology/>
SELECT ?i ?s ?n ?d ?day ?e WHERE {
  VALUES ?i { UNDEF }
  VALUES ?s { UNDEF }
  VALUES ?n { UNDEF }
  VALUES ?d { UNDEF }
  VALUES ?day { UNDEF }
  VALUES ?e { UNDEF }
}
"""


def first_case_parameters(name: str) -> dict[str, Any]:
    """The parameters of the first case of a query's golden file that expects no error."""
    document = tomllib.loads((GOLDEN / f"{name}.toml").read_text(encoding="utf-8"))
    return next(case.get("params", {}) for case in document["case"] if "error" not in case)


@pytest.fixture(scope="module", params=["oxigraph", "rdflib"])
def engine_kg(request: pytest.FixtureRequest) -> nlmg_graph.KnowledgeGraph:
    """The shipped graph on each engine."""
    return nlmg_graph.load(engine=request.param)


# -- the catalogue ---------------------------------------------------------------------------


@pytest.mark.parametrize("query", QUERIES, ids=[q.name for q in QUERIES])
def test_header_documents_the_query(query: StoredQuery) -> None:
    assert re.fullmatch(r"[a-z]+(-[a-z]+)*", query.name)
    assert query.title != query.name and query.description, "Title and Description are set"
    assert "parameters" in query.header, "Parameters: is declared, 'none' when there are none"
    assert query.example.startswith(f"nlmg-graph query {query.name}") or (
        query.name.startswith("construct-") and query.example.startswith("nlmg-graph export")
    )
    assert query.form in {"SELECT", "ASK", "CONSTRUCT"}, "DESCRIBE differs between engines"
    for parameter in query.parameters:
        assert parameter.description
        assert parameter.type in {"iri", "string", "integer", "decimal", "date", "enum"}
        assert not parameter.classes or parameter.type == "iri"


# -- questions about a film or a work ----------------------------------------------------------

PER_WORK = [q for q in QUERIES if any(p.classes for p in q.parameters)]
SHIPPED_FILM = "https://w3id.org/nlmg/work/never-let-me-go-2010"


def test_every_film_question_takes_a_film() -> None:
    names = {q.name for q in PER_WORK}
    film_questions = {"film-at-a-glance", "cast", "crew", "releases", "adaptation", "differences"}
    film_questions |= {"filming-locations", "budget-and-box-office", "where-to-watch"}
    assert film_questions | {"awards", "review-scores", "themes", "related-works"} <= names


@pytest.mark.parametrize("query", PER_WORK, ids=[q.name for q in PER_WORK])
def test_the_work_is_the_first_column_and_sort_key(query: StoredQuery) -> None:
    (parameter,) = (p for p in query.parameters if p.classes)
    assert parameter.name in {"film", "work"} and parameter.required is False
    assert re.search(rf"SELECT\s+\?{parameter.name}\s", query.text), "first column"
    assert re.search(rf"ORDER BY\s+\?{parameter.name}\s", query.text), "first sort key"


@pytest.mark.parametrize("query", PER_WORK, ids=[q.name for q in PER_WORK])
@pytest.mark.parametrize(
    ("value", "what"),
    [
        ("person:carey-mulligan", 'it is a schema:Person ("Carey Mulligan")'),
        ("theme:love-and-loss", "it is a skos:Concept"),
        ("work:no-such-work", "it is not in the graph"),
    ],
)
def test_a_work_parameter_that_names_something_else_is_refused(
    kg: nlmg_graph.KnowledgeGraph, query: StoredQuery, value: str, what: str
) -> None:
    (parameter,) = (p for p in query.parameters if p.classes)
    with pytest.raises(nlmg_graph.QueryError) as raised:
        kg.run(query.name, **{parameter.name: value})
    message = str(raised.value)
    assert f"query {query.name!r}, parameter {parameter.name!r}: {value} is not a " in message
    assert what in message


@pytest.mark.parametrize("query", PER_WORK, ids=[q.name for q in PER_WORK])
def test_the_unparameterised_answer_is_the_union_of_each_works(
    kg: nlmg_graph.KnowledgeGraph, query: StoredQuery
) -> None:
    (parameter,) = (p for p in query.parameters if p.classes)
    works = [str(row.film) for row in kg.films()]
    if parameter.name == "work":
        works += [str(row.book) for row in kg.books()]
    every = kg.select(query.name)
    one_by_one = [
        row for work in sorted(works) for row in kg.select(query.name, **{parameter.name: work})
    ]
    assert sorted(map(str, every)) == sorted(map(str, one_by_one))
    assert [row[0] for row in every] == sorted(row[0] for row in every), "grouped by work"


@pytest.mark.parametrize("query", QUERIES, ids=[q.name for q in QUERIES])
def test_query_declares_only_the_prefixes_it_uses(query: StoredQuery) -> None:
    body = re.sub(r"(?m)^\s*(#|PREFIX).*$", "", query.text)
    for prefix in query.prefixes:
        assert re.search(rf"(?<![\w<]){re.escape(prefix)}:", body), f"unused prefix {prefix}"


def test_checks_select_focus_path_value() -> None:
    for check in (q for q in QUERIES if q.is_check):
        assert re.search(r"SELECT (DISTINCT )?\?focus \?path \?value", check.text), check.name


def test_unknown_query_suggests_close_names() -> None:
    with pytest.raises(
        nlmg_graph.QueryError, match=r"no stored query named 'cats' \(did you mean: cast"
    ):
        stored_query("cats")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (ALL_TYPES.replace("(iri, optional)", "(uri, optional)"), "cannot read the parameter line"),
        (ALL_TYPES.replace("  VALUES ?s { UNDEF }\n", ""), "'s' needs exactly one"),
        (
            ALL_TYPES.replace("VALUES ?n { UNDEF }", "VALUES ?n { UNDEF } VALUES ?n { UNDEF }"),
            "found 2",
        ),
        (ALL_TYPES.replace("won=nlmg:Won", "won=xx:Won"), "undeclared prefix"),
        (ALL_TYPES.replace("(iri, optional)", "(iri of xx:Movie, optional)"), "undeclared prefix"),
    ],
)
def test_broken_headers_are_refused(text: str, message: str) -> None:
    with pytest.raises(nlmg_graph.QueryError, match=re.escape(message)):
        StoredQuery.from_text("echo", text)


# -- typed parameters -------------------------------------------------------------------------


def test_every_parameter_type_is_bound_as_its_rdf_term(
    engine_kg: nlmg_graph.KnowledgeGraph,
) -> None:
    echo = StoredQuery.from_text("echo", ALL_TYPES)
    values = {
        "i": "person:carey-mulligan",
        "s": "Kathy H.",
        "d": "9.46",
        "day": "2010-09-15",
        "e": "won",
    }
    (row,) = engine_kg.query(echo.bind(values))  # type: ignore[misc]
    assert row.asdict() == {
        "i": "https://w3id.org/nlmg/person/carey-mulligan",
        "s": "Kathy H.",
        "n": 7,
        "d": Decimal("9.46"),
        "day": datetime.date(2010, 9, 15),
        "e": "https://w3id.org/nlmg/ontology/Won",
    }
    (row,) = engine_kg.query(echo.bind({"n": 3, "d": Decimal("1.5"), "e": "plain"}))  # type: ignore[misc]
    assert (row.n, row.d, row.e, row.i) == (3, Decimal("1.5"), "plain", None)


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"nope": "x"}, "query 'echo' has no parameter 'nope' (it takes: d, day, e, i, n, s)"),
        ({"i": "not an iri"}, "parameter 'i': 'not an iri' is not a valid iri"),
        ({"i": "http://example.org/a>b"}, "parameter 'i'"),
        ({"i": 42}, "parameter 'i': 42 is not a valid iri"),
        ({"s": 42}, "parameter 's': 42 is not a valid string"),
        ({"n": "seven"}, "parameter 'n': 'seven' is not a valid integer"),
        ({"n": True}, "parameter 'n': True is not a valid integer"),
        ({"n": 1.5}, "parameter 'n': 1.5 is not a valid integer"),
        ({"d": "cheap"}, "parameter 'd': 'cheap' is not a valid decimal"),
        ({"d": "NaN"}, "parameter 'd': 'NaN' is not a valid decimal (expected a number such as"),
        ({"day": "15/09/2010"}, "parameter 'day': '15/09/2010' is not a valid date"),
        ({"day": datetime.datetime(2010, 9, 15)}, "is not a valid date"),
        ({"e": "lost"}, "parameter 'e': 'lost' is not a valid enum (choose from won, plain)"),
    ],
)
def test_bad_parameters_name_the_query_and_parameter(values: dict[str, Any], message: str) -> None:
    echo = StoredQuery.from_text("echo", ALL_TYPES)
    with pytest.raises(nlmg_graph.QueryError, match=re.escape(message)):
        echo.bind(values)


def test_missing_required_parameter(kg: nlmg_graph.KnowledgeGraph) -> None:
    with pytest.raises(
        nlmg_graph.QueryError, match="query 'claims': parameter 'entity' is required"
    ):
        kg.run("claims")


def test_none_means_not_given(kg: nlmg_graph.KnowledgeGraph) -> None:
    assert len(kg.awards(outcome=None)) == len(kg.awards())
    assert len(kg.awards(outcome="won")) < len(kg.awards())


# -- injection ----------------------------------------------------------------------------------

STRING_PARAMETERS = [
    pytest.param(query.name, parameter.name, id=f"{query.name}-{parameter.name}")
    for query in QUERIES
    for parameter in query.parameters
    if parameter.type == "string"
]


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_strings_come_back_as_data(
    engine_kg: nlmg_graph.KnowledgeGraph, hostile: str
) -> None:
    echo = StoredQuery.from_text("echo", ALL_TYPES)
    (row,) = engine_kg.query(echo.bind({"s": hostile}))  # type: ignore[misc]
    assert row.s == hostile


@pytest.mark.parametrize(("name", "parameter"), STRING_PARAMETERS)
def test_injection_through_every_string_parameter_is_inert(
    engine_kg: nlmg_graph.KnowledgeGraph, name: str, parameter: str
) -> None:
    assert STRING_PARAMETERS, "no stored query takes a string"
    before = len(engine_kg)
    for hostile in HOSTILE:
        answer = engine_kg.run(name, **{**first_case_parameters(name), parameter: hostile})
        assert isinstance(answer, Solutions)
        assert len(answer) == 0, f"{hostile!r} matched something"
    assert len(engine_kg) == before


@pytest.mark.parametrize("hostile", ["http://example.org/> } ; DROP ALL #", 'http://x/"} #', "<x>"])
def test_hostile_iris_are_refused(kg: nlmg_graph.KnowledgeGraph, hostile: str) -> None:
    with pytest.raises(nlmg_graph.QueryError, match=r"parameter 'entity'.*not a valid iri"):
        kg.run("claims", entity=hostile)


# -- results ------------------------------------------------------------------------------------

SELECTS = [q for q in QUERIES if q.form == "SELECT"]


@pytest.mark.parametrize("query", SELECTS, ids=[q.name for q in SELECTS])
def test_w3c_formats_read_back_with_rdflib(
    kg: nlmg_graph.KnowledgeGraph, query: StoredQuery
) -> None:
    solutions = kg.run(query.name, **first_case_parameters(query.name))
    assert isinstance(solutions, Solutions)
    convert = TermConverter()  # the stored queries return no blank nodes, so ids need not match
    terms = [tuple(None if t is None else convert(t) for t in row) for row in solutions.terms]
    json_back = Result.parse(io.StringIO(solutions.to_json()), format="json")
    assert [str(v) for v in json_back.vars or []] == list(solutions.variables)
    assert [tuple(row) for row in json_back] == terms
    tsv_back = Result.parse(io.StringIO(solutions.to_tsv()), format="tsv")
    assert [tuple(row) for row in tsv_back] == terms
    csv_back = Result.parse(io.StringIO(solutions.to_csv()), format="csv")
    assert [tuple(None if v is None else str(v) for v in row) for row in csv_back] == [
        tuple(None if t is None else str(t) for t in row) for row in terms
    ]


def test_solutions_are_sequences_of_named_rows(kg: nlmg_graph.KnowledgeGraph) -> None:
    cast = kg.cast(life_stage="child")
    assert len(cast) == 3 and len(list(cast)) == 3
    first = cast[0]
    assert first.actor_name == first[2] == first.asdict()["actor_name"] == "Charlie Rowe"
    assert cast.to_dicts()[0] == first.asdict()
    assert first.billing_order is None, "unbound is None"
    with pytest.raises(AttributeError, match="no variable 'nope'"):
        _ = first.nope


def test_plain_python_values(kg: nlmg_graph.KnowledgeGraph) -> None:
    (release, *_) = kg.run("releases")  # type: ignore[misc]
    assert release.date == datetime.date(2010, 9, 3)
    scores = {row.method: row.value for row in kg.run("review-scores")}  # type: ignore[union-attr]
    assert all(isinstance(value, Decimal) for value in scores.values())
    assert isinstance(kg.film()[0].release_year, int)


def test_tsv_escapes_tabs_and_newlines() -> None:
    import pyoxigraph as ox

    solutions = Solutions(["x"], [[ox.Literal("a\tb\nc")]])
    assert solutions.to_tsv() == '?x\n"a\\tb\\nc"\n'
    assert Result.parse(io.StringIO(solutions.to_tsv()), format="tsv").bindings[0][
        Variable("x")
    ] == (Literal("a\tb\nc"))


def test_syntax_errors_give_line_and_column(engine_kg: nlmg_graph.KnowledgeGraph) -> None:
    with pytest.raises(
        nlmg_graph.QueryError, match=r"syntax error at line 4, column 3, near 'BADWORD'"
    ):
        engine_kg.query("SELECT ?s\nWHERE {\n  ?s ?p ?o\n  BADWORD\n}")


def test_raw_queries_of_every_form(engine_kg: nlmg_graph.KnowledgeGraph) -> None:
    assert engine_kg.query(f"ASK {{ <{FILM}> a <https://schema.org/Movie> }}") is True
    graph = engine_kg.query(f"DESCRIBE <{FILM}>")
    assert (URIRef(FILM), URIRef("https://schema.org/name"), Literal("Never Let Me Go")) in graph  # type: ignore[operator]
    built = engine_kg.query(f"CONSTRUCT {{ <{FILM}> ?p ?o }} WHERE {{ <{FILM}> ?p ?o }}")
    assert len(built) > 20  # type: ignore[arg-type]


def test_unknown_engine(tmp_path: Path) -> None:
    with pytest.raises(nlmg_graph.OptionError, match="unknown query engine 'jena'"):
        nlmg_graph.load(engine="jena")


def test_readme_lists_every_stored_question() -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    missing = [q.name for q in QUERIES if not q.is_check and f"`{q.name}`" not in readme]
    assert not missing, f"README's stored-query table lacks {missing}"


def test_evaluation_errors_are_query_errors(engine_kg: nlmg_graph.KnowledgeGraph) -> None:
    with pytest.raises(nlmg_graph.QueryError, match="foo"):
        engine_kg.query("SELECT * WHERE { ?s foo:bar ?o }")


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_blank_nodes_in_results(tmp_path: Path, engine: str) -> None:
    mine = tmp_path / "mine.ttl"
    mine.write_text('<urn:x:a> <https://schema.org/about> [ <https://schema.org/name> "B" ] .\n')
    kg = nlmg_graph.load(data=[mine], shipped=False, engine=engine)
    solutions = kg.query("SELECT ?b WHERE { ?b <https://schema.org/name> 'B' }")
    assert isinstance(solutions, Solutions)
    (row,) = solutions
    assert isinstance(row.b, str) and row.b.startswith("_:")
    assert Result.parse(io.StringIO(solutions.to_json()), format="json").bindings[0][
        Variable("b")
    ] == BNode(row.b[2:])
    assert solutions.to_csv() == f"b\r\n{row.b}\r\n"
