"""Installing a model's files under ``TWEETX_HOME`` safely, for Argos packages
(:mod:`.packages`) and multilingual models (:mod:`.multilingual`) alike.

An install reads a zip, a tar archive or a directory; refuses absolute paths, ``..``, links,
duplicate names and archives that would unpack past a size cap; unpacks into a staging
directory beside the destination; and swaps a symbolic link to the new version in one step,
under a lock, so that a run reading a model sees the old version or the new one, never half of
one, and a second install waits for the first.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import tarfile
import tempfile
import time
import uuid
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path, PurePosixPath
from typing import Optional, TypeVar

from ..errors import PackageError
from ..home import ensure_dir

#: Installed versions live here; ``packages/fa_en`` is a symbolic link to one of them.
STORE = ".store"
#: A replaced version's files are kept this long for runs that read it before the swap.
REPLACED_KEPT_SECONDS = 600

T = TypeVar("T")


def install_tree(
    source: Path,
    destination: Path,
    check: Callable[[Path], T],
    name_of: Callable[[T], str],
    max_bytes: int,
    kind: str,
) -> tuple[T, Path]:
    """Unpack ``source`` (a zip, a tar archive, optionally compressed, or a directory) into
    ``destination``, holding one top-level directory; ``check`` reads the unpacked directory
    (raising :class:`PackageError` when it is not usable) and ``name_of`` names the link.
    Returns what ``check`` read of the installed version, and its link."""
    if not source.exists():
        raise PackageError(f"{source}: no such file or directory", f"give the path of {kind}")
    ensure_dir(destination, "the model directory")
    try:
        with _install_lock(destination):
            staging = Path(tempfile.mkdtemp(prefix=".installing-", dir=destination))
            try:
                top = _unpack(source, staging, max_bytes, kind)
                checked = check(staging / top)
                link = _swap_in(staging / top, destination, name_of(checked))
                return check(link), link
            finally:
                shutil.rmtree(staging, ignore_errors=True)
    except (zipfile.BadZipFile, tarfile.TarError, zlib.error, EOFError) as exc:
        raise PackageError(f"{source} is damaged ({exc})", "download it again") from exc
    except OSError as exc:
        raise PackageError(
            f"cannot install {source} into {destination}: {exc.strerror or exc}",
            "free some space, or check that TWEETX_HOME is a writable directory",
        ) from exc


def _unpack(source: Path, staging: Path, max_bytes: int, kind: str) -> str:
    """Copy or extract ``source`` into ``staging``; the name of the one directory it holds."""
    if source.is_dir():
        members = [
            (str(PurePosixPath(source.name, *p.relative_to(source).parts)), p)
            for p in sorted(source.rglob("*"))
        ]
        check_members(
            [(name, path.is_symlink(), _size(path)) for name, path in members],
            source,
            max_bytes,
            kind,
        )
        shutil.copytree(source, staging / source.name, symlinks=True)
        return source.name
    if zipfile.is_zipfile(source):
        with zipfile.ZipFile(source) as zf:
            top = check_members(
                [
                    (i.filename, stat.S_ISLNK(i.external_attr >> 16), i.file_size)
                    for i in zf.infolist()
                ],
                source,
                max_bytes,
                kind,
            )
            zf.extractall(staging)
        return top
    if tarfile.is_tarfile(source):
        with tarfile.open(source) as tf:
            infos = tf.getmembers()
            for info in infos:
                if not (info.isfile() or info.isdir()):
                    raise PackageError(
                        f"{source} holds a link or a device: {info.name!r}",
                        "refusing to install it; get the model from a trusted source",
                    )
            top = check_members([(i.name, False, i.size) for i in infos], source, max_bytes, kind)
            tf.extractall(staging, filter="data")
        return top
    raise PackageError(
        f"{source} is not {kind} (neither a directory, a zip nor a tar archive)",
        "give the model's directory or an archive of it",
    )


def _size(path: Path) -> int:
    return path.lstat().st_size if path.is_file() and not path.is_symlink() else 0


def check_members(
    members: list[tuple[str, bool, int]], archive: Path, max_bytes: int, kind: str
) -> str:
    """Refuse unsafe members (name, is a link, size); return the one top-level directory."""
    if not members:
        raise PackageError(f"{archive} is an empty archive", "download it again")
    tops = set()
    total = 0
    seen: set = set()
    for name, is_link, size in members:
        key = name.rstrip("/")
        if key in seen:
            raise PackageError(
                f"{archive} holds {name!r} twice",
                "refusing to install it: which copy counts is ambiguous",
            )
        seen.add(key)
        path = PurePosixPath(name)
        if name.startswith(("/", "\\")) or path.is_absolute() or ":" in path.parts[0]:
            raise PackageError(
                f"{archive} holds an absolute path: {name!r}",
                "refusing to install it; get the model from a trusted source",
            )
        if ".." in path.parts:
            raise PackageError(
                f"{archive} holds a path leaving the model: {name!r}",
                "refusing to install it; get the model from a trusted source",
            )
        if is_link:
            raise PackageError(
                f"{archive} holds a symbolic link: {name!r}",
                "refusing to install it; get the model from a trusted source",
            )
        total += size
        tops.add(path.parts[0])
    if total > max_bytes:
        raise PackageError(
            f"{archive} would unpack to {total / 1e9:.1f} GB",
            f"refusing to install it; this is not {kind}",
        )
    top = next(iter(tops))
    if len(tops) != 1 or not any(name.startswith(f"{top}/") for name, _, _ in members):
        raise PackageError(
            f"{archive} does not hold exactly one directory",
            f"{kind} is one directory (or an archive holding one)",
        )
    return top


def _swap_in(unpacked: Path, destination: Path, name: str) -> Path:
    """Move an unpacked, checked version into the store and point ``name`` at it."""
    link = destination / name
    if os.path.basename(name) != name or name.startswith(".") or not name:
        raise PackageError(f"model name {name!r} leaves {destination}", "the model is corrupt")
    store = destination / STORE
    store.mkdir(exist_ok=True)
    version = store / f"{name}-{uuid.uuid4().hex[:12]}"
    os.replace(unpacked, version)
    previous = os.path.realpath(link) if link.is_symlink() else None
    if link.exists() and not link.is_symlink():  # installed by an older tweetx: move it aside
        previous = str(store / f"{name}-{uuid.uuid4().hex[:12]}")
        os.replace(link, previous)
    staged_link = destination / f".{name}.link-{uuid.uuid4().hex[:12]}"
    os.symlink(os.path.join(STORE, version.name), staged_link)
    os.replace(staged_link, link)  # the swap: atomic
    _prune(destination, previous)
    return link


def _prune(destination: Path, previous: Optional[str]) -> None:
    """Remove stored versions no link points to, but those replaced in the last
    ``REPLACED_KEPT_SECONDS``: a run that read one before its swap may still be loading its
    files (with several installs in a row, more than the one just replaced)."""
    if previous and os.path.isdir(previous):
        os.utime(previous)  # its replacement time, read below by later installs
    keep = {os.path.realpath(p) for p in destination.iterdir() if p.is_symlink()}
    now = time.time()
    for version in (destination / STORE).iterdir():
        try:
            recent = now - version.stat().st_mtime < REPLACED_KEPT_SECONDS
        except OSError:
            continue
        if os.path.realpath(version) not in keep and not recent:
            shutil.rmtree(version, ignore_errors=True)


@contextlib.contextmanager
def _install_lock(destination: Path) -> Iterator[None]:
    """One install at a time per model directory (POSIX ``flock``; waits for the other)."""
    with open(destination / ".lock", "a") as handle:
        try:
            import fcntl
        except ImportError:  # not POSIX: no lock
            yield
            return
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
