"""Installing and listing Argos packages: validation, clear errors, the index (offline)."""

from __future__ import annotations

import json
import socket
import stat
import zipfile

import pytest

from tweetx import packages
from tweetx.errors import NetworkError, PackageError


def _zip(path, members):
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def test_install_and_list(tweetx_home, toy_package):
    package = packages.install_file(toy_package)
    assert (package.from_code, package.to_code, package.toy) == ("fa", "en", True)
    assert package.path.parent == tweetx_home / "packages"
    assert [(p.from_code, p.to_code) for p in packages.installed_packages()] == [("fa", "en")]


def test_reinstall_replaces(toy_installed, toy_package):
    again = packages.install_file(toy_package)
    assert again.path == toy_installed.path
    assert len(packages.installed_packages()) == 1
    assert not [p for p in again.path.parent.iterdir() if p.name.startswith(".installing")]


def test_reads_argos_dir_without_writing(tmp_path, toy_package):
    argos = tmp_path / "argos-packages"
    with zipfile.ZipFile(toy_package) as zf:
        zf.extractall(argos)
    before = sorted(p.as_posix() for p in argos.rglob("*"))
    [package] = packages.installed_packages()
    assert package.origin == "argos"
    assert sorted(p.as_posix() for p in argos.rglob("*")) == before


@pytest.mark.parametrize(
    "members, message",
    [
        pytest.param({"pkg/model/model.bin": b"x"}, "no pkg/metadata.json", id="no-metadata"),
        pytest.param({"pkg/metadata.json": b"{not json"}, "not valid JSON", id="bad-json"),
        pytest.param({"pkg/metadata.json": b'{"from_code": "fa"}'}, "has no to_code", id="no-pair"),
        pytest.param({"/etc/evil": b"x", "pkg/metadata.json": b"{}"}, "absolute path", id="absolute"),
        pytest.param({"pkg/../../evil": b"x"}, "leaving the package", id="dotdot"),
        pytest.param({"a/metadata.json": b"{}", "b/metadata.json": b"{}"}, "exactly one", id="two-dirs"),
        pytest.param(
            {"pkg/metadata.json": json.dumps({"from_code": "fa", "to_code": "en"}).encode()},
            "no model/ directory", id="no-model"),
    ],
)
def test_corrupt_packages_have_clear_errors(tmp_path, members, message):
    archive = _zip(tmp_path / "bad.argosmodel", members)
    with pytest.raises(PackageError, match=message):
        packages.install_file(archive)
    assert packages.installed_packages() == []


def test_not_a_zip(tmp_path):
    archive = tmp_path / "x.argosmodel"
    archive.write_bytes(b"this is not a zip")
    with pytest.raises(PackageError, match="not a zip archive"):
        packages.install_file(archive)


def test_symlink_member_refused(tmp_path):
    archive = tmp_path / "link.argosmodel"
    with zipfile.ZipFile(archive, "w") as zf:
        info = zipfile.ZipInfo("pkg/model")
        info.external_attr = (stat.S_IFLNK | 0o777) << 16
        zf.writestr(info, "/etc")
        zf.writestr("pkg/metadata.json", "{}")
    with pytest.raises(PackageError, match="symbolic link"):
        packages.install_file(archive)


def test_install_from_index_with_a_local_index(tmp_path, toy_package):
    # The index and the package are file:// URLs: the whole download path runs, offline.
    index = tmp_path / "index.json"
    index.write_text(json.dumps([
        {"from_code": "fa", "to_code": "en", "package_version": "0.1",
         "links": [toy_package.as_uri()]},
    ]))
    package = packages.install_from_index("fa", "en", url=index.as_uri())
    assert (package.from_code, package.to_code) == ("fa", "en")
    with pytest.raises(PackageError, match="no ps→en package"):
        packages.install_from_index("ps", "en", url=index.as_uri())


def test_index_unreachable_fails_fast_with_a_clear_message(monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError("network is unreachable (blocked by the test)")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    with pytest.raises(NetworkError) as caught:
        packages.install_from_index("fa", "en")
    assert "could not download the Argos package index" in str(caught.value)
    assert "tweetx models install FILE.argosmodel" in str(caught.value)
