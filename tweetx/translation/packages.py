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
import re
import stat
import tempfile
import urllib.error
import urllib.request
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from ..errors import NetworkError, PackageError
from ..home import argos_packages_dir, packages_dir
from .store import check_members, install_tree

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
    #: ``argos``, or the multilingual model's family (``nllb``, ``m2m100``, ``marian``): one
    #: pair of such a model (:meth:`tweetx.translation.multilingual.MultilingualModel.leg`).
    family: str = "argos"
    #: The source language's token (``pbt_Arab``, ``__ps__``) before each sentence's pieces.
    source_prefix: str = ""
    #: What ends a sentence's source tokens (``</s>`` for Transformers conversions).
    source_suffix: str = ""
    #: The Persian variety the source token names (``prs`` for ``prs_Arab``), if any.
    source_variety: Optional[str] = None

    @property
    def model_dir(self) -> Path:
        return self.root / "model" if self.family == "argos" else self.root

    @property
    def multilingual(self) -> bool:
        return self.family != "argos"

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
    lock: a second install waits, and a run reading the package sees the old or the new one
    (:mod:`.store`).

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
    try:  # what can be checked before unpacking: the members and the metadata
        with zipfile.ZipFile(archive) as zf:
            top = _check_members(zf, archive)
            _parse_metadata(
                _read_member(zf, f"{top}/metadata.json", archive), f"{archive}:{top}/metadata.json"
            )
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise PackageError(
            f"{archive} is damaged ({exc})", "download the .argosmodel file again"
        ) from exc
    package, link = install_tree(
        archive,
        packages_dir(),
        load_package,
        lambda package: f"{package.from_code}_{package.to_code}",
        MAX_UNPACKED_BYTES,
        "an Argos translation package",
    )
    return load_package(link)


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
    """Refuse unsafe members (:func:`.store.check_members`) and archives without a model;
    return the one top-level directory the package lives in."""
    members = [
        (i.filename, stat.S_ISLNK(i.external_attr >> 16), i.file_size) for i in zf.infolist()
    ]
    top = check_members(members, archive, MAX_UNPACKED_BYTES, "an Argos translation package")
    if f"{top}/model/model.bin" not in {name.rstrip("/") for name, _, _ in members}:
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
