"""Translation packages on a Dask cluster's workers: every worker must have the Argos packages
and multilingual models the run translates with (``key``), and ``--ship-packages`` installs the
client's on each of them (:class:`PackagesPlugin`, with the checks of ``tweetx models
install``)."""

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
from ..translation.multilingual import MultilingualModel, install_model, installed_models
from ..translation.packages import Package, install_file, installed_packages

if TYPE_CHECKING:
    from distributed import Worker


class PackagesPlugin(WorkerPlugin):
    """Installs the client's packages (``--ship-packages``) on each worker, with the checks of
    ``tweetx models install``; workers that join later get them too."""

    def __init__(self, archives: dict[str, bytes], models: dict[str, bytes] | None = None) -> None:
        self.archives = archives
        self.models = models or {}

    def setup(self, worker: Worker) -> None:
        have = set(installed_keys(None))
        for key, data in [*self.archives.items(), *self.models.items()]:
            if key in have:
                continue
            with tempfile.TemporaryDirectory(prefix="tweetx-ship-") as tmp:
                archive = Path(tmp) / f"{key.replace(' ', '_').replace('→', '_')}.zip"
                archive.write_bytes(data)
                if key in self.models:
                    install_model(archive)
                else:
                    install_file(archive)


def package_key(package: Package) -> str:
    return f"{package.from_code}→{package.to_code} {package.version}".strip()


def model_key(model: MultilingualModel) -> str:
    return f"{model.family} {model.name} {model.version}"


def installed_keys(target: str | None) -> dict[str, Package | MultilingualModel]:
    """This machine's packages into ``target`` (all for None) and multilingual models serving
    it, by key."""
    found: dict[str, Package | MultilingualModel] = {
        package_key(p): p for p in installed_packages() if target in (None, p.to_code)
    }
    found.update(
        (model_key(m), m) for m in installed_models() if target is None or target in m.targets()
    )
    return found


def _worker_packages(target: str) -> list[str]:
    return sorted(installed_keys(target))


def check_packages(client: Client, target: str, ship: bool) -> list[str]:
    """The packages and models every worker must have (the client's and any worker's, into
    ``target``), after shipping the client's when asked; a worker without one stops the run
    now."""
    mine = installed_keys(target)
    if ship and mine:
        archives = {key: _archive(item) for key, item in mine.items() if isinstance(item, Package)}
        models = {
            key: _archive(item) for key, item in mine.items() if isinstance(item, MultilingualModel)
        }
        client.register_plugin(
            PackagesPlugin(archives, models),
            name="tweetx-packages-" + digest(sorted([*archives, *models])),
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
            "install them on those workers (tweetx models install FILE.argosmodel or DIR) "
            "or pass --ship-packages to send this machine's packages",
        )
    return sorted(required)


def _archive(package: Package | MultilingualModel) -> bytes:
    """An installed package (an ``.argosmodel`` zip) or model (a zip of its directory), to
    install elsewhere."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as zf:
        for path in sorted(package.root.rglob("*")):
            if path.is_file():
                zf.write(path, f"{package.path.name}/{path.relative_to(package.root)}")
    return buffer.getvalue()


def digest(value: object) -> str:
    """A short, stable name for a JSON value (plugins are named by what they hold)."""
    return hashlib.sha256(dumps(value).encode("utf-8")).hexdigest()[:12]
