"""The ``nlmg-graph`` command line.

Exit codes, the contract other commands extend: 0 success; 1 the graph has violations (or, for
``export`` and ``load``, the user's data makes it invalid; for ``query``/``sparql
--exit-code``, the ASK answer is false); 2 bad input (a missing or unparseable file, an unknown
option value, query or parameter, a malformed query or one past the input limits, a path that
is not a store or a store another ``load`` is building, a ``--timeout`` run out); 130
interrupted (anything being written is rolled back). Errors
are one line on standard error, never a traceback.

Commands import only what they use: ``query`` and ``sparql`` run on Oxigraph and never import
rdflib or pySHACL for a SELECT or ASK, so a cold query costs tens of milliseconds.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from nlmg_graph.errors import InputFileError, NlmgGraphError, OptionError
from nlmg_graph.formats import Engine, ExportFormat, ResultFormat, ShaclEngine, View

if TYPE_CHECKING:
    from nlmg_graph.graph import GraphQueries, KnowledgeGraph
    from nlmg_graph.markup import MarkupReport
    from nlmg_graph.validation import ValidationReport

__all__ = ["main"]

EXIT_OK, EXIT_VIOLATIONS, EXIT_BAD_INPUT = 0, 1, 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report it


class _VersionAction(argparse.Action):
    """``--version``, looked up only when asked for (package metadata is slow to import)."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: object) -> None:
        super().__init__(option_strings, dest, nargs=0, help="show the version and exit")

    def __call__(self, parser: argparse.ArgumentParser, *_: object) -> None:
        import nlmg_graph

        print(f"{parser.prog} {nlmg_graph.__version__}")
        parser.exit()


def _add_data_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data",
        action="append",
        default=[],
        metavar="FILE",
        help="merge this RDF file (Turtle, N-Triples, TriG, JSON-LD, RDF/XML) into the shipped "
        "graph; repeatable",
    )


def _add_verbose_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--verbose",
        action="store_true",
        help="list every markup warning (by default one summary line; errors are always listed)",
    )


def _add_store_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--store",
        metavar="PATH",
        help="use the persistent store built by 'nlmg-graph load --store PATH' instead of "
        "loading the files (not with --data: the store holds its data)",
    )


def _add_timeout_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--timeout",
        type=float,
        metavar="SECONDS",
        help="stop after this long (exit 2), as serve does: the work runs in a child process "
        "that is killed when time is up (default: no limit; Ctrl-C always stops at once)",
    )


def _add_shacl_engine_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--shacl-engine",
        choices=[e.value for e in ShaclEngine],
        default=ShaclEngine.SHACL.value,
        help="SHACL engine that validates: shacl (compiled, the default) or pyshacl (the "
        "reference implementation); both report the same findings",
    )


def _add_query_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format",
        choices=[f.value for f in ResultFormat],
        default=ResultFormat.TABLE.value,
        help="table (aligned, IRIs shortened), or the W3C SPARQL 1.1 results formats json, "
        "csv, tsv (default table); CONSTRUCT prints Turtle, or JSON-LD with json",
    )
    _add_data_option(parser)
    _add_store_option(parser)
    parser.add_argument(
        "--endpoint",
        metavar="URL",
        help="ask a remote SPARQL 1.1 store instead, at its query URL (Oxigraph server: "
        "http://HOST:7878/query, Virtuoso: http://HOST:8890/sparql), after 'nlmg-graph push'; "
        "not with --data, --store or --engine; credentials from the environment as for push",
    )
    parser.add_argument(
        "--engine",
        choices=[e.value for e in Engine],
        default=Engine.OXIGRAPH.value,
        help="SPARQL engine (default oxigraph)",
    )
    parser.add_argument(
        "--exit-code",
        action="store_true",
        help="for an ASK query, exit 0 when the answer is true and 1 when it is false",
    )
    _add_timeout_option(parser)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="nlmg-graph",
        description="A sourced, SHACL-validated knowledge graph of Never Let Me Go "
        "(2010 film, 2005 novel).",
    )
    parser.add_argument("--version", action=_VersionAction)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    validate = commands.add_parser(
        "validate",
        help="validate the shipped graph plus your files",
        description="Validate the shipped graph plus your files against the SHACL shapes and "
        "the stored claim checks. Exit 0 when it conforms, 1 with violations "
        "(one per line: shape focus path: message), 2 on bad input.",
    )
    _add_data_option(validate)
    _add_store_option(validate)
    _add_shacl_engine_option(validate)
    validate.add_argument(
        "--format", choices=["text", "json"], default="text", help="report format (default text)"
    )
    validate.add_argument(
        "--markup",
        metavar="FILE",
        help="instead, validate the schema.org JSON-LD of FILE (a JSON-LD file, or an HTML page "
        "with application/ld+json scripts) offline: one issue per line "
        "(severity node property: message); exit 0 with warnings only, 1 with errors, 2 when "
        "FILE cannot be read",
    )
    _add_timeout_option(validate)

    export = commands.add_parser(
        "export",
        help="serialise the graph, or its schema.org markup",
        description="Serialise the shipped graph plus your files. 'full' is everything; "
        "'facts' is only the best-ranked direct statements (no claim records); 'verified' only "
        "those whose claim is corroborated or about its source's own content. With --data, "
        "the merged graph is validated first and nothing is written if it does not conform. "
        "'--format schemaorg' writes schema.org JSON-LD for search engines, built from the "
        "verified view (or --view facts): every film and book that has facts there, the "
        "people, the article and the FAQ page (--entity IRI: one entity's markup only); it is "
        "validated offline first and nothing is written if it has errors (the report goes to "
        "standard error).",
    )
    export.add_argument(
        "--format",
        choices=[*(f.value for f in ExportFormat), _SCHEMAORG],
        default=ExportFormat.TURTLE.value,
        help="RDF format, or schemaorg (JSON-LD markup) (default turtle)",
    )
    export.add_argument(
        "--view",
        choices=[v.value for v in View],
        help="default full; with schemaorg, facts or verified (default verified)",
    )
    _add_data_option(export)
    _add_store_option(export)
    _add_shacl_engine_option(export)
    export.add_argument(
        "--output",
        metavar="FILE|DIR",
        help="write here atomically instead of standard output; with schemaorg, an existing "
        "directory gets one file per entity plus index.jsonld (index.html with --html), all "
        "or nothing",
    )
    export.add_argument(
        "--entity",
        metavar="IRI",
        help="with schemaorg: only the markup of this entity (a full IRI or a prefixed name "
        "such as work:gattaca), as one file of --output DIR; exit 2 if it has none",
    )
    export.add_argument(
        "--html",
        action="store_true",
        help="with schemaorg: write HTML pages with the markup in a "
        '<script type="application/ld+json"> element',
    )
    export.add_argument(
        "--force",
        action="store_true",
        help="write even when the merged graph or the markup has errors (still reported)",
    )
    _add_verbose_option(export)

    site = commands.add_parser(
        "site",
        help="write static HTML pages, one per entity",
        description="Write a static website into DIR: one HTML page per entity (film, novel, "
        "people, characters, places, awards, themes…) with its facts, its claims with sources "
        "and ranks (disputed ones marked) and its own schema.org markup, plus index.html. DIR is "
        "replaced only by a complete build, and only if it is empty or a site nlmg-graph wrote. "
        "The merged graph (with --data) and its markup are validated first: exit 1 and nothing "
        "written if they have errors, unless --force.",
    )
    site.add_argument("--output", required=True, metavar="DIR", help="the site's folder")
    _add_data_option(site)
    _add_shacl_engine_option(site)
    site.add_argument(
        "--force", action="store_true", help="write even when the graph or the markup has errors"
    )
    _add_verbose_option(site)

    load = commands.add_parser(
        "load",
        help="build a persistent Oxigraph store",
        description="Build a persistent Oxigraph store in PATH from the shipped graph plus your "
        "files, for query, sparql, export, validate and serve --store PATH. The merged graph "
        "is validated first; it is built in a new folder inside PATH and swapped in only when "
        "complete, so a bad file, an invalid graph or an interrupt leaves the previous store "
        "as it was. Exit 0 when stored, 1 when the graph does not conform (nothing stored; "
        "the findings go to standard error), 2 on bad input, a PATH that is not a store, or a "
        "store another load is building.",
    )
    load.add_argument("--store", required=True, metavar="PATH", help="the store's folder")
    _add_data_option(load)
    _add_shacl_engine_option(load)
    load.add_argument(
        "--force", action="store_true", help="store the graph even when it does not conform"
    )

    push = commands.add_parser(
        "push",
        help="replace the graph in a remote SPARQL store",
        description="Replace the graph's named graphs (ontology, data, claims) in a remote "
        "SPARQL 1.1 store: one Graph Store Protocol request per graph, 'PUT URL?graph=IRI' "
        "with the whole graph as N-Triples, so a failed push leaves each graph whole, old or "
        "new. URL is the store's Graph Store Protocol URL: Oxigraph server "
        "http://HOST:7878/store, Virtuoso http://HOST:8890/sparql-graph-crud-auth, Fuseki "
        "http://HOST:3030/DATASET/data. (query and sparql --endpoint take its query URL "
        "instead: Oxigraph /query, Virtuoso /sparql, Fuseki /DATASET/sparql.) What is pushed: "
        "the shipped graph plus --data files, validated first (exit 1 and nothing sent if it "
        "does not conform, unless --force), or a --store. Credentials come from the "
        "environment only and are never printed: NLMG_GRAPH_USER and NLMG_GRAPH_PASSWORD "
        "(HTTP Basic, or Digest with NLMG_GRAPH_AUTH=digest) or NLMG_GRAPH_TOKEN (Bearer); "
        "a URL with user:password@ is refused. Progress and a summary go to standard error. "
        "Exit 2 when the store cannot be reached or refuses a request.",
    )
    push.add_argument(
        "--endpoint", required=True, metavar="URL", help="the store's Graph Store Protocol URL"
    )
    push.add_argument(
        "--graph",
        metavar="IRI",
        help="push only this named graph: graph:ontology, graph:data or graph:claims, or its "
        "full IRI (https://w3id.org/nlmg/graph/data…)",
    )
    _add_data_option(push)
    _add_store_option(push)
    _add_shacl_engine_option(push)
    push.add_argument(
        "--timeout",
        type=float,
        default=60.0,
        metavar="SECONDS",
        help="wait this long for the store to answer each request (default 60)",
    )
    push.add_argument(
        "--force", action="store_true", help="push even when the merged graph does not conform"
    )

    queries = commands.add_parser(
        "queries",
        help="list the stored queries",
        description="List the stored queries with their parameters (type, required, optional "
        "or default) and what they answer.",
    )
    queries.add_argument(
        "--format", choices=["table", "json"], default="table", help="default table"
    )

    query = commands.add_parser(
        "query",
        help="run a stored query",
        description="Run a stored query (see 'nlmg-graph queries') with its parameters bound "
        "safely. Exit 2 on an unknown query or parameter or a value of the wrong type.",
    )
    query.add_argument("name", metavar="NAME", help="the stored query, e.g. cast")
    query.add_argument(
        "--param",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a parameter value; IRIs may use the project's prefixes (person:carey-mulligan); "
        "repeatable",
    )
    _add_query_options(query)

    sparql = commands.add_parser(
        "sparql",
        help="run your own SPARQL query",
        description="Run a SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE) read from FILE or, "
        "with '-', standard input. Syntax errors name the line and column; exit 2.",
    )
    sparql.add_argument("file", metavar="FILE", help="the query file, or - for standard input")
    _add_query_options(sparql)
    sparql.add_argument(
        "--allow-service",
        action="store_true",
        help="run SERVICE clauses, which send part of the query to other hosts (refused by "
        "default: the project works offline)",
    )

    serve = commands.add_parser(
        "serve",
        help="serve the graph over HTTP (read-only SPARQL endpoint)",
        description="Serve the graph on a read-only SPARQL 1.1 Protocol endpoint (/sparql), "
        "the stored queries as URLs (/queries/NAME?PARAM=VALUE) and the entity IRIs "
        "(/KIND/SLUG: Turtle, JSON-LD or HTML by Accept). Prints the URL on standard error "
        "once listening; Ctrl-C stops it.",
    )
    serve.add_argument("--host", default="127.0.0.1", help="address (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port (default 8000; 0: any free)")
    serve.add_argument(
        "--store", metavar="PATH", help="serve a store built by 'nlmg-graph load --store'"
    )
    _add_data_option(serve)
    serve.add_argument(
        "--timeout",
        type=float,
        default=10.0,
        metavar="SECONDS",
        help="stop a query after this long (503; default 10)",
    )
    serve.add_argument(
        "--max-result-bytes",
        type=int,
        default=16 * 2**20,
        metavar="BYTES",
        help="refuse a larger result (422) rather than cut it (default 16 MiB)",
    )
    serve.add_argument(
        "--max-body",
        type=int,
        default=2**20,
        metavar="BYTES",
        help="refuse a larger request body (413; default 1 MiB)",
    )
    serve.add_argument(
        "--workers", type=int, metavar="N", help="query worker processes (default: one per CPU)"
    )
    serve.add_argument(
        "--cors",
        nargs="?",
        const="*",
        action="append",
        default=[],
        metavar="ORIGIN",
        help="let pages on other origins call the server (CORS): alone, any origin; else "
        "the origin given (https://HOST[:PORT]); repeatable or comma-separated (default: off)",
    )
    return parser


def _print_report(report: ValidationReport, kg: KnowledgeGraph | None, output_format: str) -> None:
    if output_format == "json":
        document = {
            "conforms": report.conforms,
            "violations": [violation._asdict() for violation in report.violations],
        }
        print(json.dumps(document, indent=2))
        return
    from nlmg_graph.iris import shorten

    def short(value: str | None) -> str:
        return "-" if value is None else shorten(value)

    for v in report.violations:
        print(f"{short(v.shape)} {short(v.focus)} {short(v.path)}: {v.message}")
    if report.conforms and kg is not None:
        print(f"conforms: {len(kg)} triples checked", file=sys.stderr)
    else:
        print(f"does not conform: {len(report.violations)} finding(s)", file=sys.stderr)


def _validate(args: argparse.Namespace) -> int:
    if args.markup:
        return _validate_markup(args)
    kg = _graph(args)
    report = kg.validate(shacl_engine=args.shacl_engine)
    _print_report(report, kg, args.format)
    return EXIT_OK if report.conforms else EXIT_VIOLATIONS


def _validate_markup(args: argparse.Namespace) -> int:
    from pathlib import Path

    from nlmg_graph.markup import MarkupReport, validate_markup

    if args.data or args.store:
        raise OptionError("--markup checks a file on its own: it takes no --data or --store")
    report = validate_markup(Path(args.markup))
    if args.format == "json":
        issues = [issue._asdict() for issue in report.issues]
        print(json.dumps({"conforms": report.conforms, "issues": issues}, indent=2))
    elif report.issues:  # errors last, where the eye lands
        print(MarkupReport(report.warnings + report.errors).format())
    _print_markup_summary(report, args.markup)
    return EXIT_OK if report.conforms else EXIT_VIOLATIONS


def _print_markup_summary(report: MarkupReport, what: str, *, listed: bool = True) -> None:
    errors, warnings = len(report.errors), len(report.warnings)
    verdict = "valid" if report.conforms else "invalid"
    hint = "" if listed or not warnings else " (--verbose lists the warnings)"
    print(
        f"{what}: markup {verdict}: {errors} error(s), {warnings} warning(s){hint}",
        file=sys.stderr,
    )


_SCHEMAORG = "schemaorg"
"""The export format that writes schema.org markup rather than RDF."""


def _refusal(
    kg: KnowledgeGraph, args: argparse.Namespace, markup: dict[str, Any] | None = None
) -> int | None:
    """Validate what a writing command is about to publish; return the exit code to stop with.

    With ``--data`` the merged graph is validated; given its schema.org ``markup``, that too.
    Findings go to standard error; ``--force`` writes anyway.
    """
    if args.data:
        report = kg.validate(shacl_engine=args.shacl_engine)
        if not report.conforms:
            with contextlib.redirect_stdout(sys.stderr):
                _print_report(report, kg, "text")
            if not args.force:
                print(f"{args.command} refused: the merged graph does not conform", file=sys.stderr)
                return EXIT_VIOLATIONS
    if markup is not None:
        from nlmg_graph.markup import MarkupReport, validate_markup

        markup_report = validate_markup(markup)
        shown = (markup_report.warnings if args.verbose else ()) + markup_report.errors
        if shown:
            print(MarkupReport(shown).format(), file=sys.stderr)
        _print_markup_summary(markup_report, args.command, listed=args.verbose)
        if not markup_report.conforms and not args.force:
            print(
                f"{args.command} refused: the markup has errors (--force writes it anyway)",
                file=sys.stderr,
            )
            return EXIT_VIOLATIONS
    return None


def _export(args: argparse.Namespace) -> int:
    from nlmg_graph.export import write_atomically, write_files_atomically

    wants_markup = args.format == _SCHEMAORG
    if args.html and not wants_markup:
        raise OptionError("--html needs --format schemaorg")
    folder = bool(args.output) and (os.path.isdir(args.output) or _names_folder(args.output))
    if folder and not wants_markup:
        raise OptionError(f"{args.output}: a directory is an --output only for --format schemaorg")
    if folder and not os.path.isdir(args.output):
        raise OptionError(f"{args.output}: no such directory (a trailing slash names a folder)")
    if args.entity is not None and not wants_markup:
        raise OptionError("--entity needs --format schemaorg")
    if args.entity is not None and folder:
        raise OptionError(
            f"{args.output}: --entity writes one document, to a file or standard output, "
            "not a directory"
        )
    if wants_markup and args.view == View.FULL:
        raise OptionError("--format schemaorg is built from --view facts or verified, not full")
    kg = _graph(args)
    if not wants_markup:
        if (code := _refusal(kg, args)) is not None:
            return code
        text = kg.serialize(args.format, view=args.view or View.FULL)
    else:
        from nlmg_graph import schemaorg

        view = args.view or View.VERIFIED
        document = (
            schemaorg.markup(kg, view=view)
            if args.entity is None
            else schemaorg.entity_document(kg, args.entity, view=view)
        )
        if (code := _refusal(kg, args, document)) is not None:
            return code
        if folder:
            files = schemaorg.markup_files(kg, html=args.html, view=view)
            write_files_atomically(args.output, files)
            return EXIT_OK
        text = schemaorg.render(document, html=args.html)
    if args.output:
        write_atomically(args.output, text)
    else:
        sys.stdout.write(text)
    return EXIT_OK


def _names_folder(path: str) -> bool:
    """Whether ``path`` ends with a path separator, which names a folder, never a file."""
    return path.endswith(("/", os.sep)) or bool(os.altsep and path.endswith(os.altsep))


def _site(args: argparse.Namespace) -> int:
    from nlmg_graph import schemaorg
    from nlmg_graph.graph import load
    from nlmg_graph.site import build_site

    kg = load(data=args.data)
    if (code := _refusal(kg, args, schemaorg.markup(kg))) is not None:
        return code
    pages = build_site(kg, args.output)
    print(f"site: {len(pages)} pages written to {args.output}", file=sys.stderr)
    return EXIT_OK


def _queries(args: argparse.Namespace) -> int:
    from nlmg_graph.catalogue import stored_queries
    from nlmg_graph.iris import shorten

    catalogue = stored_queries()
    if args.format == "json":
        document = [q.describe() for q in catalogue]
        print(json.dumps(document, indent=2))
        return EXIT_OK
    width = max(len(q.name) for q in catalogue)
    for q in catalogue:
        print(f"{q.name.ljust(width)}  {q.form.ljust(9)}  {q.title}")
        for p in q.parameters:
            mode = "required" if p.required else f"default {p.default}" if p.default else "optional"
            kind = f"enum {'|'.join(p.choices)}" if p.choices else p.type
            if p.classes:
                kind += f" of {'|'.join(shorten(c) for c in p.classes)}"
            print(f"{'':{width}}  {'':9}    --param {p.name}=…  ({kind}, {mode}) {p.description}")
    return EXIT_OK


def _parameters(pairs: Sequence[str]) -> dict[str, str]:
    values: dict[str, str] = {}
    for pair in pairs:
        key, equals, value = pair.partition("=")
        if not equals or not key:
            raise OptionError(f"--param expects KEY=VALUE, got {pair!r}")
        if key in values:
            raise OptionError(f"parameter {key!r} is given twice")
        values[key] = value
    return values


def _print_answer(
    answer: object, args: argparse.Namespace, prefixes: dict[str, str] | None = None
) -> int:
    from nlmg_graph.iris import PREFIXES, WELL_KNOWN
    from nlmg_graph.results import Solutions, boolean_json

    output_format = ResultFormat(args.format)
    if isinstance(answer, bool):
        sys.stdout.write(
            boolean_json(answer)
            if output_format is ResultFormat.JSON
            else f"{str(answer).lower()}\n"
        )
        return EXIT_VIOLATIONS if args.exit_code and not answer else EXIT_OK
    if isinstance(answer, Solutions):
        if output_format is ResultFormat.TABLE:
            sys.stdout.write(answer.to_table({**WELL_KNOWN, **PREFIXES, **(prefixes or {})}))
        else:
            sys.stdout.write(getattr(answer, f"to_{output_format.value}")())
        return EXIT_OK
    from rdflib import Graph

    from nlmg_graph.export import jsonld_context

    assert isinstance(answer, Graph)
    if output_format is ResultFormat.JSON:
        sys.stdout.write(answer.serialize(format="json-ld", context=jsonld_context()))
    elif output_format is ResultFormat.TABLE:
        sys.stdout.write(answer.serialize(format="turtle"))
    else:
        raise OptionError(
            f"CONSTRUCT and DESCRIBE results have no {output_format} form "
            "(use table for Turtle or json for JSON-LD)"
        )
    return EXIT_OK


def _query(args: argparse.Namespace) -> int:
    from nlmg_graph.catalogue import stored_query

    stored = stored_query(args.name)  # an unknown name fails before any file is read
    parameters: dict[str, Any] = dict(_parameters(args.param))
    stored.bind(parameters)  # and so does a bad parameter
    kg = _queried_graph(args)
    return _print_answer(kg.run(args.name, **parameters), args, stored.prefixes)


def _sparql(args: argparse.Namespace) -> int:
    from nlmg_graph.catalogue import declared_prefixes
    from nlmg_graph.errors import QueryError

    source = "<stdin>" if args.file == "-" else args.file
    try:
        if args.file == "-":
            text = sys.stdin.read()
        else:
            with open(args.file, encoding="utf-8") as handle:
                text = handle.read()
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) else str(error)
        raise InputFileError(source, f"cannot read the query: {reason}") from None
    kg = _queried_graph(args)
    try:
        answer = kg.query(text, allow_service=args.allow_service)
    except QueryError as error:
        raise QueryError(f"{source}: {error}") from None
    return _print_answer(answer, args, declared_prefixes(text))


def _serve(args: argparse.Namespace) -> int:
    from nlmg_graph.server import serve

    _refuse_data_beside_store(args)
    serve(
        host=args.host,
        port=args.port,
        store=args.store,
        data=args.data,
        timeout=args.timeout,
        max_result_bytes=args.max_result_bytes,
        max_body=args.max_body,
        workers=args.workers,
        cors=args.cors,
    )
    return EXIT_OK


def _refuse_data_beside_store(args: argparse.Namespace) -> None:
    """A store holds its data: ``--data`` goes into it with ``load``, not beside it."""
    if args.store and args.data:
        raise OptionError(
            "--store and --data cannot be combined: the store holds its data "
            "(rebuild it with nlmg-graph load --store PATH --data FILE)"
        )


def _graph(args: argparse.Namespace) -> KnowledgeGraph:
    """Open the graph a command works on: the ``--store``, or the shipped graph + ``--data``."""
    engine = getattr(args, "engine", Engine.OXIGRAPH.value)
    _refuse_data_beside_store(args)
    if args.store:
        from nlmg_graph.store import open_store

        return open_store(args.store, engine=engine)
    from nlmg_graph.graph import load

    return load(data=args.data, engine=engine)


def _load(args: argparse.Namespace) -> int:
    import time

    from nlmg_graph.store import GraphNotValidError, build_store

    started = time.perf_counter()
    try:
        info = build_store(
            args.store, data=args.data, force=args.force, shacl_engine=args.shacl_engine
        )
    except GraphNotValidError as error:
        with contextlib.redirect_stdout(sys.stderr):
            _print_report(error.report, None, "text")
        print(f"load refused: {error}", file=sys.stderr)
        return EXIT_VIOLATIONS
    counts = ", ".join(
        f"{name.rsplit('/', 1)[-1]} {count:,}" for name, count in info.triples.items()
    )
    verdict = {True: "valid", False: "NOT valid (--force)", None: "not validated"}[info.conforms]
    print(
        f"load: {info.total:,} triples ({counts}), {verdict}, in {args.store} "
        f"({time.perf_counter() - started:.1f} s)",
        file=sys.stderr,
    )
    return EXIT_OK


def _queried_graph(args: argparse.Namespace) -> GraphQueries:
    """The graph ``query`` and ``sparql`` ask: the remote ``--endpoint``, or :func:`_graph`'s."""
    if not args.endpoint:
        return _graph(args)
    from nlmg_graph.remote import connect

    if args.data or args.store or args.engine != Engine.OXIGRAPH.value:
        raise OptionError(
            "--endpoint asks a remote store: it cannot be combined with --data, --store or "
            "--engine (push your files to the store with nlmg-graph push)"
        )
    return connect(args.endpoint)


def _push(args: argparse.Namespace) -> int:
    import time

    from nlmg_graph.iris import NAMED_GRAPHS
    from nlmg_graph.remote import PushProgress, graph_iri, push

    graphs = [graph_iri(args.graph)] if args.graph else list(NAMED_GRAPHS)
    kg = _graph(args)
    if (code := _refusal(kg, args)) is not None:
        return code

    def report(step: PushProgress) -> None:
        name = f"graph:{step.graph.rpartition('/')[2]}"
        sent, total = step.sent / 1e6, step.total / 1e6
        print(f"push: {name}: {sent:.1f} of {total:.1f} MB sent", file=sys.stderr)

    started = time.perf_counter()
    pushed = push(kg, args.endpoint, graphs=graphs, timeout=args.timeout, progress=report)
    triples, size = sum(p.triples for p in pushed), sum(p.bytes for p in pushed)
    print(
        f"push: {len(pushed)} graph(s), {triples} triples, {size / 1e6:.1f} MB in "
        f"{time.perf_counter() - started:.2f} s to {args.endpoint}",
        file=sys.stderr,
    )
    return EXIT_OK


_HANDLERS = {
    "push": _push,
    "load": _load,
    "validate": _validate,
    "export": _export,
    "site": _site,
    "queries": _queries,
    "query": _query,
    "sparql": _sparql,
    "serve": _serve,
}


_SUPERVISED = frozenset({"query", "sparql", "validate"})
"""The commands whose work runs in a child process, stopped by ``--timeout`` or Ctrl-C."""


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``) and return its exit code."""
    import logging

    args = _parser().parse_args(argv)
    # rdflib logs what it tolerates (an odd IRI, a literal that is not of its datatype) with
    # tracebacks; the command line reports what it refuses, one line each, and nothing else.
    logging.getLogger("rdflib").setLevel(logging.CRITICAL)
    if args.command in _SUPERVISED:
        return _supervised(args)
    return _run(args)


def _supervised(args: argparse.Namespace) -> int:
    """Run the command in a child process: stopped after ``--timeout``, or at once on Ctrl-C.

    The child's output is held and written here once it is done, so a command stopped half-way
    writes nothing.
    """
    import io

    from nlmg_graph.timeouts import check_timeout, run_in_child

    def work() -> tuple[int, str, str]:
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = _run(args)
        return code, out.getvalue(), err.getvalue()

    what = "the validation" if args.command == "validate" else "the query"
    try:
        check_timeout(args.timeout, "--timeout")
        code, out, err = run_in_child(work, timeout=args.timeout, what=what)
    except NlmgGraphError as error:
        print(f"nlmg-graph {args.command}: error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print(f"nlmg-graph {args.command}: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    try:
        sys.stdout.write(out)
        sys.stdout.flush()
    except BrokenPipeError:  # e.g. piped into `head`
        pass
    sys.stderr.write(err)
    return code


def _run(args: argparse.Namespace) -> int:
    """Run the command's handler, turning errors into one line and an exit code."""
    try:
        return _HANDLERS[args.command](args)
    except NlmgGraphError as error:
        print(f"nlmg-graph {args.command}: error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:  # e.g. piped into `head`
        return EXIT_OK
    except KeyboardInterrupt:  # whatever was being written has been rolled back
        print(f"nlmg-graph {args.command}: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
