"""Every error rasid raises, under one base class.

::

    PipelineError(stage, source_id, reason)
    ├── InputError                 the input cannot be read as what it claims to be
    │   ├── EmptyInputError        nothing to process
    │   ├── BinaryInputError       bytes that are not text
    │   ├── DecodingError          text in an encoding we were not told about
    │   ├── InputTooLargeError     over the configured size, page or time limit
    │   ├── UnreadableSourceError  a PDF or page that is corrupt, truncated or encrypted
    │   ├── UnsupportedSourceError a file type rasid does not read, or a page with no article
    │   └── GazetteerSourceError   a gazetteer source row that is malformed, duplicated or out of range
    ├── ModelError                 a language model or data table is missing or broken
    ├── StoreError                 the database cannot be opened, migrated or written
    └── ConfigurationError         a setting or option has an invalid value

Shells (CLI, web, batch) catch :class:`PipelineError` and turn it into an exit
code or an HTTP status; library code never prints.
"""

from __future__ import annotations


class PipelineError(Exception):
    """Base class: something went wrong in a named stage, for a named source."""

    def __init__(self, reason: str, *, stage: str = "", source_id: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.stage = stage
        self.source_id = source_id

    def __str__(self) -> str:
        where = f"{self.source_id}: " if self.source_id else ""
        return f"{where}{self.reason}"


class InputError(PipelineError):
    """The input cannot be read as the text or document it claims to be."""


class EmptyInputError(InputError):
    """The input holds no text at all."""


class BinaryInputError(InputError):
    """The input is binary data, not text."""


class DecodingError(InputError):
    """The input is not valid in the expected text encoding."""


class InputTooLargeError(InputError):
    """The input exceeds a configured size limit."""


class UnreadableSourceError(InputError):
    """A document is corrupt, truncated, encrypted or otherwise cannot be parsed."""


class UnsupportedSourceError(InputError):
    """A file type rasid does not read, or a web page with no article text."""


class GazetteerSourceError(InputError):
    """A row of a gazetteer source is malformed, duplicated or out of range (the message names it)."""


class ModelError(PipelineError):
    """A language model or data table is missing, stale or corrupt."""


class StoreError(PipelineError):
    """The database cannot be opened, migrated or written."""


class ConfigurationError(PipelineError):
    """A configuration value or command-line option is invalid."""
