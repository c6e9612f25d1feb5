"""Translation packages on a Dask cluster's workers: every worker must have the packages the
run translates with (``key``), and ``--ship-packages`` installs the client's on each of them
(:class:`PackagesPlugin`, with the checks of ``tweetx models install``)."""

from __future__ import annotations

import hashlib
import io
import tempfile
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

from distributed import Client, WorkerPlugin

from ..errors import PackageError
from ..readers.jsonvalues import dumps
from ..translation.packages import Package, install_file, installed_packages

if TYPE_CHECKING:
    from distributed import Worker


class PackagesPlugin(WorkerPlugin):
    """Installs the client's packages (``--ship-packages``) on each worker, with the checks of
    ``tweetx models install``; workers that join later get them too."""

    def __init__(self, archives: dict[str, bytes]) -> None:
        self.archives = archives

    def setup(self, worker: Worker) -> None:
        have = {package_key(p) for p in installed_packages()}
        for key, data in self.archives.items():
            if key in have:
                continue
            with tempfile.TemporaryDirectory(prefix="tweetx-ship-") as tmp:
                archive = Path(tmp) / f"{key.replace(' ', '_')}.argosmodel"
                archive.write_bytes(data)
                install_file(archive)


def package_key(package: Package) -> str:
    return f"{package.from_code}→{package.to_code} {package.version}".strip()


def _worker_packages(target: str) -> list[str]:
    return sorted(package_key(p) for p in installed_packages() if p.to_code == target)


def check_packages(client: Client, target: str, ship: bool) -> list[str]:
    """The packages every worker must have (the client's and any worker's, into ``target``),
    after shipping the client's when asked; a worker without one stops the run now."""
    mine = {package_key(p): p for p in installed_packages() if p.to_code == target}
    if ship and mine:
        archives = {key: _archive(package) for key, package in mine.items()}
        client.register_plugin(
            PackagesPlugin(archives), name="tweetx-packages-" + digest(sorted(archives))
        )
    found = client.run(_worker_packages, target)
    required = set(mine).union(*map(set, found.values())) if found else set(mine)
    lacking = {
        worker: sorted(required - set(have))
        for worker, have in found.items()
        if required - set(have)
    }
    if lacking:
        named = "; ".join(f"{worker} lacks {', '.join(keys)}" for worker, keys in lacking.items())
        raise PackageError(
            f"the workers do not all have the same packages: {named}",
            "install them on those workers (tweetx models install FILE.argosmodel) "
            "or pass --ship-packages to send this machine's packages",
        )
    return sorted(required)


def _archive(package: Package) -> bytes:
    """An installed package as an ``.argosmodel`` zip, to install elsewhere."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as zf:
        for path in sorted(package.root.rglob("*")):
            if path.is_file():
                zf.write(path, f"{package.path.name}/{path.relative_to(package.root)}")
    return buffer.getvalue()


def digest(value: object) -> str:
    """A short, stable name for a JSON value (plugins are named by what they hold)."""
    return hashlib.sha256(dumps(value).encode("utf-8")).hexdigest()[:12]
