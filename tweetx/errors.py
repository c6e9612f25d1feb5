"""Every exception tweetx raises. No other module defines exceptions."""

from __future__ import annotations


class TweetxError(Exception):
    """Base class. ``hint`` says how to fix the problem, when there is a fix."""

    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message}; {self.hint}" if self.hint else self.message

    def to_dict(self) -> dict:
        return {"type": type(self).__name__, "message": str(self)}


def error_dict(exc: BaseException) -> dict:
    """The ``{type, message}`` a record or tweet carries for any exception.

    Example:
        >>> error_dict(ValueError("bad"))
        {'type': 'ValueError', 'message': 'bad'}
    """
    if isinstance(exc, TweetxError):
        return exc.to_dict()
    return {"type": type(exc).__name__, "message": str(exc)[:500]}


class InputError(TweetxError):
    """An input file or record cannot be read (bad path, bad JSON, wrong field types)."""


class PackageError(TweetxError):
    """An Argos package file is invalid, or a package cannot be installed or loaded."""


class PackageNotInstalledError(PackageError):
    """No installed Argos package translates this language pair."""

    def __init__(self, source: str, target: str):
        super().__init__(
            f"no Argos package for {source}→{target} is installed",
            f"install one with: tweetx models install FILE.argosmodel "
            f"(or, with a network: tweetx models install {source}:{target})",
        )
        self.source = source
        self.target = target


class StorageError(TweetxError):
    """A file or directory tweetx must write cannot be: not a directory, read-only, disk full."""


class NetworkError(TweetxError):
    """A download that the user asked for could not be made."""


class TranslationError(TweetxError):
    """A tweet could not be translated (no text, language unknown, model failure)."""


class ClusterError(TweetxError):
    """The Dask cluster a run depends on went away: its scheduler stopped answering."""


class UsageError(TweetxError):
    """The command line asks for something impossible (exit code 2)."""


class RunStopped(TweetxError):
    """A batch run stopped early on purpose: ``--fail-fast`` or ``--require-translation``."""

    def __init__(
        self, message: str, hint: str | None = None, *, fatal: bool = False, at_record: bool = False
    ):
        super().__init__(message, hint)
        self.fatal = fatal
        #: Stopped by a record that failed: resuming would stop at it again.
        self.at_record = at_record
