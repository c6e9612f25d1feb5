"""Installing and listing Argos packages: validation, clear errors, the index (offline)."""

from __future__ import annotations

import json
import socket
import stat
import zipfile

import pytest

from tweetx.errors import NetworkError, PackageError
from tweetx.translation import packages
from tweetx.translation import store as model_store


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
        pytest.param(
            {"pkg/metadata.json": b"{not json", "pkg/model/model.bin": b"x"},
            "not valid JSON",
            id="bad-json",
        ),
        pytest.param(
            {"pkg/metadata.json": b'{"from_code": "fa"}', "pkg/model/model.bin": b"x"},
            "has no to_code",
            id="no-pair",
        ),
        pytest.param(
            {"/etc/evil": b"x", "pkg/metadata.json": b"{}"}, "absolute path", id="absolute"
        ),
        pytest.param({"pkg/../../evil": b"x"}, "path leaving the", id="dotdot"),
        pytest.param(
            {"a/metadata.json": b"{}", "b/metadata.json": b"{}"}, "exactly one", id="two-dirs"
        ),
        pytest.param(
            {"pkg/metadata.json": json.dumps({"from_code": "fa", "to_code": "en"}).encode()},
            "no pkg/model/model.bin",
            id="no-model",
        ),
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
    index.write_text(
        json.dumps(
            [
                {
                    "from_code": "fa",
                    "to_code": "en",
                    "package_version": "0.1",
                    "links": [toy_package.as_uri()],
                },
            ]
        )
    )
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


def _toy_with(tmp_path, toy_package, name="bad.argosmodel", metadata=None, extra=(), drop=()):
    """The toy package rewritten: its metadata changed, members added or left out."""
    out = tmp_path / name
    with zipfile.ZipFile(toy_package) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            if info.filename in drop:
                continue
            data = src.read(info)
            if info.filename.endswith("/metadata.json") and metadata is not None:
                data = metadata(json.loads(data)) if callable(metadata) else metadata
                data = data if isinstance(data, bytes) else json.dumps(data).encode()
            dst.writestr(info, data)
        for member, data in extra:
            dst.writestr(member, data)
    return out


@pytest.mark.parametrize(
    "change, message",
    [
        pytest.param(
            lambda m: {**m, "from_code": "../../outside"}, "not a language code", id="dotdot-code"
        ),
        pytest.param(lambda m: {**m, "to_code": "/tmp/abs"}, "not a language code", id="abs-code"),
        pytest.param(
            lambda m: {**m, "from_code": "fa\u0000"}, "not a language code", id="nul-code"
        ),
        pytest.param(
            b'{"from_code": "fa", "to_code": "en", "x": "a\x00b"}', "not valid JSON", id="nul-byte"
        ),
        pytest.param(
            lambda m: {**m, "target_prefix": 7}, "target_prefix is not a string", id="prefix-int"
        ),
        pytest.param(lambda m: {**m, "pad": "x" * 70_000}, "larger than 64 KB", id="huge-metadata"),
    ],
)
def test_hostile_metadata_is_refused_and_nothing_escapes(
    tmp_path, toy_package, tweetx_home, change, message
):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "keep.txt").write_text("precious")
    archive = _toy_with(tmp_path, toy_package, metadata=change)
    with pytest.raises(PackageError, match=message):
        packages.install_file(archive)
    assert (outside / "keep.txt").read_text() == "precious"
    assert packages.installed_packages() == []
    assert not [p for p in (tweetx_home / "packages").rglob("*") if "installing" in p.name]


def test_duplicate_member_is_refused(tmp_path, toy_package):
    with pytest.warns(UserWarning, match="Duplicate name"):  # zipfile writes it, warning
        archive = _toy_with(
            tmp_path,
            toy_package,
            extra=[("translate-fa_en-toy/metadata.json", b'{"from_code": "x"}')],
        )
    with pytest.raises(PackageError, match="twice"):
        packages.install_file(archive)


def test_package_without_model_bin_is_refused(tmp_path, toy_package):
    archive = _toy_with(tmp_path, toy_package, drop={"translate-fa_en-toy/model/model.bin"})
    with pytest.raises(PackageError, match="model/model.bin"):
        packages.install_file(archive)


def test_damaged_archive_is_a_clear_error(tmp_path, toy_package):
    data = bytearray(toy_package.read_bytes())
    spot = data.index(b"model.bin") + 200  # inside the stored model's bytes
    data[spot : spot + 64] = bytes(64)
    archive = tmp_path / "damaged.argosmodel"
    archive.write_bytes(bytes(data))
    with pytest.raises(PackageError, match="damaged"):
        packages.install_file(archive)


def test_installed_metadata_too_large_is_skipped_by_list(toy_installed):
    (toy_installed.root / "metadata.json").write_bytes(b" " * 100_000 + b"{}")
    assert packages.installed_packages() == []  # skipped with a warning, never read whole


def test_home_that_is_a_file_is_a_clear_error(tmp_path, monkeypatch, toy_package):
    home = tmp_path / "home-file"
    home.write_text("not a directory")
    monkeypatch.setenv("TWEETX_HOME", str(home))
    with pytest.raises(Exception) as caught:
        packages.install_file(toy_package)
    assert "not a directory" in str(caught.value)
    assert home.read_text() == "not a directory"


def test_an_older_layout_directory_is_replaced(tweetx_home, toy_package):
    old = tweetx_home / "packages" / "fa_en"
    with zipfile.ZipFile(toy_package) as zf:
        zf.extractall(tweetx_home / "packages" / "unpacked")
    (tweetx_home / "packages" / "unpacked" / "translate-fa_en-toy").rename(old)
    package = packages.install_file(toy_package)
    assert package.path == old and old.is_symlink()
    assert [(p.from_code, p.to_code) for p in packages.installed_packages()] == [("fa", "en")]


def test_concurrent_installs_and_reads_never_fail(toy_package, tweetx_home, monkeypatch):
    import threading

    packages.install_file(toy_package)
    errors = []
    stop = threading.Event()

    def install():
        try:
            for _ in range(4):
                packages.install_file(toy_package)
        except Exception as exc:  # any failure is the test's finding
            errors.append(exc)

    def read():
        while not stop.is_set():
            try:
                for package in packages.installed_packages():
                    assert (package.model_dir / "model.bin").stat().st_size > 0
            except Exception as exc:
                errors.append(exc)

    readers = [threading.Thread(target=read) for _ in range(2)]
    installers = [threading.Thread(target=install) for _ in range(3)]
    for thread in readers + installers:
        thread.start()
    for thread in installers:
        thread.join()
    stop.set()
    for thread in readers:
        thread.join()
    assert errors == []
    assert len(packages.installed_packages()) == 1
    store = tweetx_home / "packages" / ".store"
    assert len(list(store.iterdir())) == 1 + 3 * 4  # the replaced ones are kept for a while
    monkeypatch.setattr(model_store, "REPLACED_KEPT_SECONDS", 0)
    packages.install_file(toy_package)  # … and pruned by an install after that while
    assert len(list(store.iterdir())) == 1
