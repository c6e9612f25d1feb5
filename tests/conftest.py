"""Shared fixtures: an isolated TWEETX_HOME for every test, the toy package, samples, a CliRunner."""

from __future__ import annotations

import hashlib
import json
import os
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
TOY_PACKAGE = FIXTURES / "toy-fa_en.argosmodel"
TOY_EN_DE = FIXTURES / "toy-en_de.argosmodel"  # the second toy: fa→en→de pivots
SEED = SAMPLES / "qala-e-naw.txt"

collect_ignore = [
    "fixtures/toy_model/build.py",
    "fixtures/toy_model/build_multilingual.py",
    "fixtures/extracted/build.py",  # build scripts
    "fixtures/extracted/extract.py",
    "fixtures/extracted/make_pages.py",
]


@pytest.fixture(autouse=True)
def tweetx_home(tmp_path, monkeypatch):
    """Every test gets an empty TWEETX_HOME and an empty Argos package dir: no test can see (or
    write to) the user's real packages."""
    home = tmp_path / "tweetx-home"
    monkeypatch.setenv("TWEETX_HOME", str(home))
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path / "argos-packages"))
    return home


@pytest.fixture
def toy_installed(tweetx_home):
    """The toy fa→en package installed from its file, as a user would."""
    from tweetx.translation.packages import install_file

    return install_file(TOY_PACKAGE)


@pytest.fixture
def toy_pivot(toy_installed):
    """Both toys installed: fa→en and en→de, and no fa→de."""
    from tweetx.translation.packages import install_file

    return toy_installed, install_file(TOY_EN_DE)


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def seed_text():
    return SEED.read_text(encoding="utf-8")


@pytest.fixture
def toy_package():
    """Path of the toy .argosmodel file."""
    return TOY_PACKAGE


def _tree_hash(root: Path) -> dict:
    """Every file under ``root`` (links as links, devices and FIFOs by kind) with its bytes'
    hash and its mode."""
    found = {}
    for path in sorted(root.rglob("*")):
        key = str(path.relative_to(root))
        if path.is_symlink():
            found[key] = "link:" + os.readlink(path)
        elif path.is_file():
            found[key] = (
                hashlib.sha256(path.read_bytes()).hexdigest(),
                stat.S_IMODE(path.stat().st_mode),
            )
        elif not path.is_dir():  # a device, a FIFO: its kind must stay what it was
            found[key] = f"special:{stat.S_IFMT(path.stat().st_mode):o}"
    return found


@pytest.fixture
def tree_hash():
    """A snapshot of a directory tree, to show that a command left its files as they were."""
    return _tree_hash


@pytest.fixture
def jsonl_file(tmp_path):
    """A function that writes records as a JSONL file in the test's directory."""

    def write(records, name: str = "crawl.jsonl"):
        path = tmp_path / name
        path.write_text(
            "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8"
        )
        return path

    return write


@pytest.fixture
def write_lines():
    """Write a text file of lines (a file of posts or sentences, one per line)."""

    def write(directory, name, lines):
        (directory / name).write_text("\n".join(lines) + "\n", encoding="utf-8")

    return write
