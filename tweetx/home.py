"""Where tweetx keeps its files: ``TWEETX_HOME``, else a per-user data directory.

Resolved on each call, never at import, so that ``import tweetx`` does not touch $HOME.
"""

from __future__ import annotations

import os
from pathlib import Path

from .errors import StorageError, UsageError


def home_dir() -> Path:
    """The tweetx data directory (not created here).

    Example:
        >>> isinstance(home_dir(), Path)  # TWEETX_HOME, else ~/.local/share/tweetx
        True
    """
    if os.environ.get("TWEETX_HOME"):
        return Path(os.environ["TWEETX_HOME"]).expanduser()
    data_home = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(data_home) / "tweetx"


def check_home() -> Path:
    """The data directory, or a :class:`UsageError` in one line when it cannot be one: a file,
    or a directory this user cannot read. Missing is fine (it is made when first written).

    Example:
        >>> isinstance(check_home(), Path)
        True
    """
    home = home_dir()
    named = "TWEETX_HOME" if os.environ.get("TWEETX_HOME") else "the tweetx data directory"
    hint = "point TWEETX_HOME at a directory you can write, or unset it"
    if home.exists() and not home.is_dir():
        raise UsageError(f"{named} {home} is not a usable directory: it is a file", hint)
    if home.is_dir() and not os.access(home, os.R_OK | os.X_OK):
        raise UsageError(f"{named} {home} is not a usable directory: it cannot be read", hint)
    blocking = next((p for p in home.parents if p.exists() and not p.is_dir()), None)
    if blocking is not None:
        raise UsageError(f"{named} {home} is not a usable directory: {blocking} is a file", hint)
    return home


def packages_dir() -> Path:
    """Where ``tweetx models install`` puts Argos packages."""
    return home_dir() / "packages"


def argos_packages_dir() -> Path:
    """Argos Translate's own package directory, which tweetx reads but never writes.

    Computed the way argostranslate.settings does, without importing it: importing it creates
    directories under $HOME as a side effect.
    """
    if os.environ.get("ARGOS_PACKAGES_DIR"):
        return Path(os.environ["ARGOS_PACKAGES_DIR"]).expanduser()
    data_home = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(data_home) / "argos-translate" / "packages"


def ensure_dir(
    path: Path, what: str, hint: str = "point TWEETX_HOME at a writable directory"
) -> Path:
    """``path``, created if missing, or a :class:`StorageError` that says why it cannot be."""
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        blocking = next((p for p in (path, *path.parents) if p.exists() and not p.is_dir()), None)
        if blocking is not None:
            raise StorageError(
                f"cannot create {what} {path}: {blocking} is a file, not a directory", hint
            ) from None
        raise StorageError(f"cannot create {what} {path}: {exc.strerror or exc}", hint) from exc
    if not path.is_dir():
        raise StorageError(f"{what} {path} is a file, not a directory", hint)
    return path
