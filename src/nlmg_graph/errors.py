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
    "one_line",
]


def one_line(text: str) -> str:
    r"""Return ``text`` on one printable line: line breaks and control characters escaped.

    An error message quotes the user's input, which may hold anything.

    >>> one_line("not valid: '\x00\n'")
    "not valid: '\\x00\\n'"
    """
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


class NlmgGraphError(Exception):
    """Base class of every error raised by nlmg-graph; its message is always one line."""

    def __str__(self) -> str:
        return one_line(super().__str__())


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
