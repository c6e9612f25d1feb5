"""Argos Translate packages: list, validate, install from a file or (on request) from the index.

An Argos package is a zip (``.argosmodel``) holding one directory with ``metadata.json``
(``from_code``, ``to_code``, ``package_version``…), a tokenizer (``sentencepiece.model`` or
``bpe.model``) and a CTranslate2 model in ``model/``. tweetx installs into
``$TWEETX_HOME/packages`` and also reads (never writes) Argos Translate's own package directory.

The format is read here with the standard library rather than through ``argostranslate.package``:
importing that module imports ``argostranslate.settings``, which creates directories under $HOME.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import stat
import tempfile
import urllib.error
import urllib.request
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Optional

from .errors import NetworkError, PackageError
from .home import argos_packages_dir, packages_dir

logger = logging.getLogger(__name__)

#: The Argos package index (``TWEETX_PACKAGE_INDEX`` overrides it).
DEFAULT_INDEX_URL = "https://raw.githubusercontent.com/argosopentech/argospm-index/main/index.json"
#: Seconds to wait for the index or a download before giving up.
NETWORK_TIMEOUT = 15
#: Refuse archives that would unpack to more than this (a zip bomb, or not a model).
MAX_UNPACKED_BYTES = 4 * 1024**3


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

    @property
    def model_dir(self) -> Path:
        return self.path / "model"

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
    metadata = _read_metadata(path / "metadata.json", str(path))
    if not (path / "model").is_dir():
        raise PackageError(f"package {path} has no model/ directory", "reinstall the package")
    if not ((path / "sentencepiece.model").is_file() or (path / "bpe.model").is_file()):
        raise PackageError(f"package {path} has no sentencepiece.model or bpe.model",
                           "reinstall the package")
    return Package(
        path=path,
        from_code=metadata["from_code"],
        to_code=metadata["to_code"],
        version=str(metadata.get("package_version", "")),
        name=path.name,
        toy=bool(metadata.get("tweetx_toy", False)),
        origin=origin,
        target_prefix=metadata.get("target_prefix", "") or "",
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
            if not (path / "metadata.json").is_file():
                continue
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

    A package for the same pair that tweetx installed before is replaced.

    Example:
        >>> install_file("tests/fixtures/toy-fa_en.argosmodel").to_code  # doctest: +SKIP
        'en'
    """
    archive = Path(archive)
    if not archive.is_file():
        raise PackageError(f"{archive}: no such file", "give the path of a .argosmodel file")
    if not zipfile.is_zipfile(archive):
        raise PackageError(f"{archive} is not an Argos package (not a zip archive)",
                           "download the .argosmodel file again")
    with zipfile.ZipFile(archive) as zf:
        top = _check_members(zf, archive)
        try:
            metadata_bytes = zf.read(f"{top}/metadata.json")
        except KeyError:
            raise PackageError(f"{archive} has no {top}/metadata.json",
                               "this is not an Argos translation package") from None
        _parse_metadata(metadata_bytes, f"{archive}:{top}/metadata.json")
        destination = packages_dir()
        destination.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".installing-", dir=destination))
        try:
            zf.extractall(staging)
            package = load_package(staging / top)
            final = destination / f"{package.from_code}_{package.to_code}"
            if final.exists():
                logger.info("replacing installed package %s", final)
                shutil.rmtree(final)
            os.replace(staging / top, final)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return load_package(final)


def _check_members(zf: zipfile.ZipFile, archive: Path) -> str:
    """Refuse unsafe members; return the one top-level directory the package lives in."""
    names = zf.infolist()
    if not names:
        raise PackageError(f"{archive} is an empty zip archive", "download it again")
    tops = set()
    total = 0
    for info in names:
        path = PurePosixPath(info.filename)
        if info.filename.startswith(("/", "\\")) or path.is_absolute() or ":" in path.parts[0]:
            raise PackageError(f"{archive} holds an absolute path: {info.filename!r}",
                               "refusing to install it; get the package from a trusted source")
        if ".." in path.parts:
            raise PackageError(f"{archive} holds a path leaving the package: {info.filename!r}",
                               "refusing to install it; get the package from a trusted source")
        if stat.S_ISLNK(info.external_attr >> 16):
            raise PackageError(f"{archive} holds a symbolic link: {info.filename!r}",
                               "refusing to install it; get the package from a trusted source")
        total += info.file_size
        tops.add(path.parts[0])
    if total > MAX_UNPACKED_BYTES:
        raise PackageError(f"{archive} would unpack to {total / 1e9:.1f} GB",
                           "refusing to install it; this is not a translation package")
    if len(tops) != 1 or not any(i.filename.startswith(f"{next(iter(tops))}/") for i in names):
        raise PackageError(f"{archive} does not hold exactly one package directory",
                           "an .argosmodel holds one directory with metadata.json and model/")
    return tops.pop()


def _read_metadata(path: Path, where: str) -> dict:
    try:
        return _parse_metadata(path.read_bytes(), where)
    except OSError as exc:
        raise PackageError(f"cannot read {path}: {exc.strerror}", "reinstall the package") from exc


def _parse_metadata(data: bytes, where: str) -> dict:
    try:
        metadata = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise PackageError(f"{where} is not valid JSON: {exc}", "the package is corrupt") from exc
    if not isinstance(metadata, dict):
        raise PackageError(f"{where} is not a JSON object", "the package is corrupt")
    if metadata.get("type", "translate") != "translate":
        raise PackageError(f"{where}: package type {metadata.get('type')!r} is not 'translate'",
                           "tweetx installs translation packages only")
    for key in ("from_code", "to_code"):
        if not isinstance(metadata.get(key), str) or not metadata[key]:
            raise PackageError(f"{where} has no {key}", "the package is corrupt")
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
        raise PackageError(f"the Argos package index has no {source}→{target} package",
                           "see `tweetx models list --available` for the pairs it has")
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
        for e in index if isinstance(e, dict)
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
