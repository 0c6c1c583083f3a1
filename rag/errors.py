"""Errors users see as one line (`error: ...`); everything else is a bug."""


class RagError(Exception):
    """Base class: the message is shown to the user as one line."""


class IndexMissingError(RagError):
    pass


class StaleIndexError(RagError):
    pass


class DocumentError(RagError):
    """A file that cannot be read; reported by name and skipped."""


class BadQuestionError(RagError):
    pass


class GeneratorUnavailableError(RagError):
    pass


class IndexBuildingError(IndexMissingError):
    """No committed index yet, but a writer is building one right now."""


class IndexBusyError(RagError):
    """Another process holds the index's writer lock (and we were not to wait)."""


class FormatVersionError(RagError):
    """An index written in a format this version cannot read."""
