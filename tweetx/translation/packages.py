"""Argos Translate packages: list, validate, install from a file or (on request) from the index.

An Argos package is a zip (``.argosmodel``) holding one directory with ``metadata.json``
(``from_code``, ``to_code``, ``package_version``…), a tokenizer (``sentencepiece.model`` or
``bpe.model``) and a CTranslate2 model in ``model/``. tweetx installs into
``$TWEETX_HOME/packages`` and also reads (never writes) Argos Translate's own package directory.

The format is read here with the standard library rather than through ``argostranslate.package``:
importing that module imports ``argostranslate.settings``, which creates directories under $HOME.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import shutil
import stat
import tempfile
import time
import urllib.error
import urllib.request
import uuid
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Optional

from ..errors import NetworkError, PackageError
from ..home import argos_packages_dir, ensure_dir, packages_dir

logger = logging.getLogger(__name__)

#: The Argos package index (``TWEETX_PACKAGE_INDEX`` overrides it).
DEFAULT_INDEX_URL = "https://raw.githubusercontent.com/argosopentech/argospm-index/main/index.json"
#: Seconds to wait for the index or a download before giving up.
NETWORK_TIMEOUT = 15
#: Refuse archives that would unpack to more than this (a zip bomb, or not a model).
MAX_UNPACKED_BYTES = 4 * 1024**3
#: An Argos metadata.json is about a kilobyte; a larger one is refused unread (it is read again
#: by every ``models list`` and every run).
MAX_METADATA_BYTES = 64 * 1024
#: A language code as Argos writes them (``fa``, ``en``, ``pt-BR``, ``zh_Hant``): nothing that
#: could name another directory.
_LANGUAGE_CODE = re.compile(r"[a-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})?\Z")
#: Installed versions live here; ``packages/fa_en`` is a symbolic link to one of them, replaced
#: in one step, so that a run reading a package never sees it half installed or missing.
_STORE = ".store"
#: A replaced version's files are kept this long for runs that read it before the swap.
REPLACED_KEPT_SECONDS = 600


@dataclass(frozen=True)
class Package:
    """An installed Argos translation package."""

    path: Path
    from_code: str
    to_code: str
    version: str
    name: str
    #: The package says it is a test fixture: its output must never pass for a translation.
    toy: bool = False
    #: "tweetx" (in TWEETX_HOME) or "argos" (Argos Translate's own directory).
    origin: str = "tweetx"
    target_prefix: str = ""
    #: ``path`` with links resolved when the package was read: the files of one installed
    #: version, even when a newer one is installed meanwhile.
    root: Path = field(default=Path(), compare=False)

    @property
    def model_dir(self) -> Path:
        return self.root / "model"

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "from": self.from_code,
            "to": self.to_code,
            "version": self.version,
            "toy": self.toy,
            "origin": self.origin,
            "path": str(self.path),
        }


def load_package(path: Path, origin: str = "tweetx") -> Package:
    """Read an unpacked package directory, checking it has what translation needs."""
    try:
        root = path.resolve(strict=True)
    except (OSError, RuntimeError) as exc:  # gone meanwhile, or a link loop
        raise PackageError(f"cannot read package {path}: {exc}", "reinstall the package") from exc
    metadata = _read_metadata(root / "metadata.json", str(path))
    if not (root / "model" / "model.bin").is_file():
        raise PackageError(f"package {path} has no model/model.bin", "reinstall the package")
    if not ((root / "sentencepiece.model").is_file() or (root / "bpe.model").is_file()):
        raise PackageError(
            f"package {path} has no sentencepiece.model or bpe.model", "reinstall the package"
        )
    return Package(
        path=path,
        from_code=metadata["from_code"],
        to_code=metadata["to_code"],
        version=str(metadata.get("package_version", "")),
        name=path.name,
        toy=bool(metadata.get("tweetx_toy", False)),
        origin=origin,
        target_prefix=metadata.get("target_prefix") or "",
        root=root,
    )


def installed_packages() -> list[Package]:
    """Every usable package: tweetx's own first, then Argos Translate's (read-only).

    Example:
        >>> [p.from_code + ":" + p.to_code for p in installed_packages()]  # doctest: +SKIP
        ['fa:en']
    """
    found = []
    for origin, directory in (("tweetx", packages_dir()), ("argos", argos_packages_dir())):
        if not directory.is_dir():
            continue
        for path in sorted(directory.iterdir()):
            if path.name.startswith(".") or not (path / "metadata.json").is_file():
                continue  # the store, the lock and unfinished installs are dot-names
            try:
                found.append(load_package(path, origin))
            except PackageError as exc:
                logger.warning("skipping broken package: %s", exc)
    return found


def find_package(source: str, target: str) -> Optional[Package]:
    """The installed package for a pair (tweetx's own before Argos's), or None."""
    for package in installed_packages():
        if package.from_code == source and package.to_code == target:
            return package
    return None


def install_file(archive: str | os.PathLike) -> Package:
    """Validate an ``.argosmodel`` zip and install it into ``$TWEETX_HOME/packages``.

    A package for the same pair that tweetx installed before is replaced in one step, under a
    lock: a second install waits, and a run reading the package sees the old or the new one.

    Example:
        >>> install_file("tests/fixtures/toy-fa_en.argosmodel").to_code  # doctest: +SKIP
        'en'
    """
    archive = Path(archive)
    if not archive.is_file():
        raise PackageError(f"{archive}: no such file", "give the path of a .argosmodel file")
    if not zipfile.is_zipfile(archive):
        raise PackageError(
            f"{archive} is not an Argos package (not a zip archive)",
            "download the .argosmodel file again",
        )
    destination = ensure_dir(packages_dir(), "the package directory")
    try:
        with zipfile.ZipFile(archive) as zf, _install_lock(destination):
            top = _check_members(zf, archive)
            _parse_metadata(
                _read_member(zf, f"{top}/metadata.json", archive), f"{archive}:{top}/metadata.json"
            )
            staging = Path(tempfile.mkdtemp(prefix=".installing-", dir=destination))
            try:
                zf.extractall(staging)
                package = load_package(staging / top)
                return _swap_in(staging / top, destination, package)
            finally:
                shutil.rmtree(staging, ignore_errors=True)
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise PackageError(
            f"{archive} is damaged ({exc})", "download the .argosmodel file again"
        ) from exc
    except OSError as exc:
        raise PackageError(
            f"cannot install {archive} into {destination}: {exc.strerror or exc}",
            "free some space, or check that TWEETX_HOME is a writable directory",
        ) from exc


def _swap_in(unpacked: Path, destination: Path, package: Package) -> Package:
    """Move an unpacked, checked package into the store and point ``FROM_TO`` at it."""
    name = f"{package.from_code}_{package.to_code}"
    link = destination / name
    if os.path.basename(name) != name or name.startswith("."):  # codes are checked; kept sure
        raise PackageError(f"package name {name!r} leaves {destination}", "the package is corrupt")
    store = destination / _STORE
    store.mkdir(exist_ok=True)
    version = store / f"{name}-{uuid.uuid4().hex[:12]}"
    os.replace(unpacked, version)
    previous = os.path.realpath(link) if link.is_symlink() else None
    if link.exists() and not link.is_symlink():  # installed by an older tweetx: move it aside
        previous = str(store / f"{name}-{uuid.uuid4().hex[:12]}")
        os.replace(link, previous)
    staged_link = destination / f".{name}.link-{uuid.uuid4().hex[:12]}"
    os.symlink(os.path.join(_STORE, version.name), staged_link)
    os.replace(staged_link, link)  # the swap: atomic
    if previous:
        logger.info("replaced installed package %s", link)
    _prune(destination, previous)
    return load_package(link)


def _prune(destination: Path, previous: Optional[str]) -> None:
    """Remove stored versions no link points to, but those replaced in the last
    ``REPLACED_KEPT_SECONDS``: a run that read one before its swap may still be loading its
    files (with several installs in a row, more than the one just replaced)."""
    if previous and os.path.isdir(previous):
        os.utime(previous)  # its replacement time, read below by later installs
    keep = {os.path.realpath(p) for p in destination.iterdir() if p.is_symlink()}
    now = time.time()
    for version in (destination / _STORE).iterdir():
        try:
            recent = now - version.stat().st_mtime < REPLACED_KEPT_SECONDS
        except OSError:
            continue
        if os.path.realpath(version) not in keep and not recent:
            shutil.rmtree(version, ignore_errors=True)


@contextlib.contextmanager
def _install_lock(destination: Path) -> Iterator[None]:
    """One install at a time per package directory (POSIX ``flock``; waits for the other)."""
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


def _read_member(zf: zipfile.ZipFile, name: str, archive: Path) -> bytes:
    try:
        info = zf.getinfo(name)
    except KeyError:
        raise PackageError(
            f"{archive} has no {name}", "this is not an Argos translation package"
        ) from None
    with zf.open(info) as member:
        data = member.read(MAX_METADATA_BYTES + 1)  # the header's size may lie
    if len(data) > MAX_METADATA_BYTES:
        raise PackageError(
            f"{archive}: {name} is larger than {MAX_METADATA_BYTES // 1024} KB",
            "refusing to install it; this is not a translation package",
        )
    return data


def _check_members(zf: zipfile.ZipFile, archive: Path) -> str:
    """Refuse unsafe members; return the one top-level directory the package lives in."""
    names = zf.infolist()
    if not names:
        raise PackageError(f"{archive} is an empty zip archive", "download it again")
    tops = set()
    total = 0
    seen: set = set()
    for info in names:
        if info.filename.rstrip("/") in seen:
            raise PackageError(
                f"{archive} holds {info.filename!r} twice",
                "refusing to install it: which copy counts is ambiguous",
            )
        seen.add(info.filename.rstrip("/"))
        path = PurePosixPath(info.filename)
        if info.filename.startswith(("/", "\\")) or path.is_absolute() or ":" in path.parts[0]:
            raise PackageError(
                f"{archive} holds an absolute path: {info.filename!r}",
                "refusing to install it; get the package from a trusted source",
            )
        if ".." in path.parts:
            raise PackageError(
                f"{archive} holds a path leaving the package: {info.filename!r}",
                "refusing to install it; get the package from a trusted source",
            )
        if stat.S_ISLNK(info.external_attr >> 16):
            raise PackageError(
                f"{archive} holds a symbolic link: {info.filename!r}",
                "refusing to install it; get the package from a trusted source",
            )
        total += info.file_size
        tops.add(path.parts[0])
    if total > MAX_UNPACKED_BYTES:
        raise PackageError(
            f"{archive} would unpack to {total / 1e9:.1f} GB",
            "refusing to install it; this is not a translation package",
        )
    if len(tops) != 1 or not any(i.filename.startswith(f"{next(iter(tops))}/") for i in names):
        raise PackageError(
            f"{archive} does not hold exactly one package directory",
            "an .argosmodel holds one directory with metadata.json and model/",
        )
    top = tops.pop()
    if f"{top}/model/model.bin" not in seen:
        raise PackageError(
            f"{archive} has no {top}/model/model.bin",
            "this is not a complete Argos translation package",
        )
    return top


def _read_metadata(path: Path, where: str) -> dict:
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_METADATA_BYTES + 1)
    except OSError as exc:
        raise PackageError(f"cannot read {path}: {exc.strerror}", "reinstall the package") from exc
    if len(data) > MAX_METADATA_BYTES:
        raise PackageError(
            f"{where}/metadata.json is larger than {MAX_METADATA_BYTES // 1024} KB",
            "the package is corrupt; remove it",
        )
    return _parse_metadata(data, where)


def _parse_metadata(data: bytes, where: str) -> dict:
    try:
        metadata = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise PackageError(f"{where} is not valid JSON: {exc}", "the package is corrupt") from exc
    if not isinstance(metadata, dict):
        raise PackageError(f"{where} is not a JSON object", "the package is corrupt")
    if metadata.get("type", "translate") != "translate":
        raise PackageError(
            f"{where}: package type {metadata.get('type')!r} is not 'translate'",
            "tweetx installs translation packages only",
        )
    for key in ("from_code", "to_code"):
        code = metadata.get(key)
        if not isinstance(code, str) or not code:
            raise PackageError(f"{where} has no {key}", "the package is corrupt")
        if not _LANGUAGE_CODE.match(code):
            raise PackageError(
                f"{where}: {key} {code[:40]!r} is not a language code",
                "refusing the package; get it from a trusted source",
            )
    if not isinstance(metadata.get("target_prefix") or "", str):
        raise PackageError(f"{where}: target_prefix is not a string", "the package is corrupt")
    return metadata


def index_url() -> str:
    return os.environ.get("TWEETX_PACKAGE_INDEX", DEFAULT_INDEX_URL)


def install_from_index(source: str, target: str, url: Optional[str] = None) -> Package:
    """Download the ``source→target`` package named in the Argos index, then install it.

    Only ever called on the user's request (``tweetx models install fa:en``); fails within
    ``NETWORK_TIMEOUT`` seconds with a clear message when there is no network.
    """
    url = url or index_url()
    index = json.loads(_fetch(url, "the Argos package index").decode("utf-8"))
    for entry in index if isinstance(index, list) else []:
        if entry.get("from_code") == source and entry.get("to_code") == target:
            links = entry.get("links") or []
            break
    else:
        raise PackageError(
            f"the Argos package index has no {source}→{target} package",
            "see `tweetx models list --available` for the pairs it has",
        )
    with tempfile.TemporaryDirectory(prefix="tweetx-download-") as tmp:
        archive = Path(tmp) / f"{source}_{target}.argosmodel"
        last_error: Optional[Exception] = None
        for link in links:
            try:
                archive.write_bytes(_fetch(link, f"the {source}→{target} package"))
                return install_file(archive)
            except NetworkError as exc:
                last_error = exc
        raise last_error or PackageError(f"the index lists no download for {source}→{target}")


def available_packages(url: Optional[str] = None) -> list[dict]:
    """The pairs the Argos index offers (needs a network)."""
    index = json.loads(_fetch(url or index_url(), "the Argos package index").decode("utf-8"))
    return [
        {"from": e.get("from_code"), "to": e.get("to_code"), "version": e.get("package_version")}
        for e in index
        if isinstance(e, dict)
    ]


def _fetch(url: str, what: str) -> bytes:
    try:
        with urllib.request.urlopen(url, timeout=NETWORK_TIMEOUT) as response:
            return response.read()
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        raise NetworkError(
            f"could not download {what} from {url} ({reason})",
            "this needs a network; on an offline machine copy the .argosmodel file over and run "
            "`tweetx models install FILE.argosmodel`",
        ) from exc
