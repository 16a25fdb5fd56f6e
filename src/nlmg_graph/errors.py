"""The exception family of nlmg-graph.

Every error the library raises on purpose is an :class:`NlmgGraphError`, so callers can catch
one class; the subclasses say what went wrong, and their messages name the file, line, term,
shape or query at fault.
"""

from __future__ import annotations

__all__ = [
    "EndpointError",
    "InputFileError",
    "NlmgGraphError",
    "OptionError",
    "QueryError",
    "QueryTimeoutError",
    "StoreError",
]


class NlmgGraphError(Exception):
    """Base class of every error raised by nlmg-graph."""


class InputFileError(NlmgGraphError):
    """An input file is missing, unreadable or not valid RDF (names the file and line)."""

    def __init__(self, path: str, message: str, line: int | None = None) -> None:
        self.path = path
        self.line = line
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {message}")


class EndpointError(NlmgGraphError):
    """A remote store cannot be reached, refuses a request, or sends an answer that cannot be read.

    ``status`` is the HTTP status of the refusal, ``None`` when there was no HTTP answer.
    """

    def __init__(self, message: str, status: int | None = None) -> None:
        self.status = status
        super().__init__(message)


class OptionError(NlmgGraphError):
    """An option has a value the library does not know (e.g. an unknown export format)."""


class QueryError(NlmgGraphError):
    """A stored query is missing or a SPARQL query cannot be parsed or run."""


class QueryTimeoutError(QueryError):
    """A query or validation ran past its timeout and was stopped."""


class StoreError(NlmgGraphError):
    """A store path is not a store, is locked by another writer, or cannot be read or written."""
