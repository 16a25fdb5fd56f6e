"""The ``nlmg-graph`` command line.

Exit codes, the contract other commands extend: 0 success; 1 the graph has violations (or, for
``export``, the user's data makes it invalid); 2 bad input (a missing or unparseable file, an
unknown option value). Errors are one paragraph on standard error, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from nlmg_graph import __version__
from nlmg_graph.errors import NlmgGraphError
from nlmg_graph.export import ExportFormat, View, write_atomically
from nlmg_graph.graph import KnowledgeGraph, load
from nlmg_graph.validation import ValidationReport

__all__ = ["main"]

EXIT_OK, EXIT_VIOLATIONS, EXIT_BAD_INPUT = 0, 1, 2


def _add_data_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data",
        action="append",
        default=[],
        metavar="FILE",
        help="merge this RDF file (Turtle, N-Triples, TriG, JSON-LD, RDF/XML) into the shipped "
        "graph; repeatable",
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="nlmg-graph",
        description="A sourced, SHACL-validated knowledge graph of Never Let Me Go "
        "(2010 film, 2005 novel).",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    validate = commands.add_parser(
        "validate",
        help="validate the shipped graph plus your files",
        description="Validate the shipped graph plus your files against the SHACL shapes and "
        "the stored claim checks. Exit 0 when it conforms, 1 with violations "
        "(one per line: shape focus path: message), 2 on bad input.",
    )
    _add_data_option(validate)
    validate.add_argument(
        "--format", choices=["text", "json"], default="text", help="report format (default text)"
    )

    export = commands.add_parser(
        "export",
        help="serialise the graph",
        description="Serialise the shipped graph plus your files. 'facts' is only the "
        "best-ranked direct statements (no claim records); 'full' is everything. With --data, "
        "the merged graph is validated first and nothing is written if it does not conform.",
    )
    export.add_argument(
        "--format",
        choices=[f.value for f in ExportFormat],
        default=ExportFormat.TURTLE.value,
        help="RDF format (default turtle)",
    )
    export.add_argument(
        "--view", choices=[v.value for v in View], default=View.FULL.value, help="default full"
    )
    _add_data_option(export)
    export.add_argument(
        "--output", metavar="FILE", help="write here atomically instead of standard output"
    )
    return parser


def _print_report(report: ValidationReport, kg: KnowledgeGraph, output_format: str) -> None:
    if output_format == "json":
        document = {
            "conforms": report.conforms,
            "violations": [violation._asdict() for violation in report.violations],
        }
        print(json.dumps(document, indent=2))
        return
    manager = kg.dataset.namespace_manager

    def short(value: str | None) -> str:
        if value is None:
            return "-"
        try:
            return manager.normalizeUri(value) if "://" in value else value
        except Exception:  # not an IRI rdflib can shorten
            return value

    for v in report.violations:
        print(f"{short(v.shape)} {short(v.focus)} {short(v.path)}: {v.message}")
    if report.conforms:
        print(f"conforms: {len(kg)} triples checked", file=sys.stderr)
    else:
        print(f"does not conform: {len(report.violations)} finding(s)", file=sys.stderr)


def _validate(args: argparse.Namespace) -> int:
    kg = load(data=args.data)
    report = kg.validate()
    _print_report(report, kg, args.format)
    return EXIT_OK if report.conforms else EXIT_VIOLATIONS


def _export(args: argparse.Namespace) -> int:
    kg = load(data=args.data)
    if args.data:
        report = kg.validate()
        if not report.conforms:
            _print_report(report, kg, "text")
            print("export refused: the merged graph does not conform", file=sys.stderr)
            return EXIT_VIOLATIONS
    text = kg.serialize(args.format, view=args.view)
    if args.output:
        write_atomically(args.output, text)
    else:
        sys.stdout.write(text)
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``) and return its exit code."""
    args = _parser().parse_args(argv)
    handler = {"validate": _validate, "export": _export}[args.command]
    try:
        return handler(args)
    except NlmgGraphError as error:
        print(f"nlmg-graph {args.command}: error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:  # e.g. piped into `head`
        return EXIT_OK
