"""Whole-process checks in a subprocess: no network, light imports, nothing written to $HOME."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Loaded by every Python process started with this directory on PYTHONPATH: any attempt to
# resolve a name or open a connection is logged and refused, for the whole process.
BLOCK_SOCKETS = textwrap.dedent(
    """
    import os, socket
    _log = os.environ["SOCKET_LOG"]
    def _refuse(name):
        def refuse(*args, **kwargs):
            with open(_log, "a") as handle:
                handle.write(f"{name} {args[1:] if name.startswith('socket.') else args}\\n")
            raise OSError(f"network blocked by the test: {name}")
        return refuse
    socket.socket.connect = _refuse("socket.connect")
    socket.socket.connect_ex = _refuse("socket.connect_ex")
    socket.create_connection = _refuse("create_connection")
    socket.getaddrinfo = _refuse("getaddrinfo")
    """
)


def _run(args, tmp_path, env_extra=None, stdin=None):
    site = tmp_path / "site"
    site.mkdir(exist_ok=True)
    (site / "sitecustomize.py").write_text(BLOCK_SOCKETS)
    log = tmp_path / "socket.log"
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(site), str(ROOT)]),
        "SOCKET_LOG": str(log),
        "HOME": str(tmp_path / "home"),  # must not be created
        **(env_extra or {}),
    }
    env.pop("XDG_DATA_HOME", None)
    result = subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
    )
    attempts = log.read_text() if log.exists() else ""
    return result, attempts


def test_blocker_works(tmp_path):
    result, attempts = _run(
        ["-c", "import urllib.request as u; u.urlopen('http://example.org')"], tmp_path
    )
    assert result.returncode != 0 and "create_connection" in attempts


def test_seed_translated_with_no_network(tmp_path, toy_package):
    home = tmp_path / "tweetx-home"
    env = {"TWEETX_HOME": str(home), "ARGOS_PACKAGES_DIR": str(tmp_path / "argos")}
    install, attempts = _run(["-m", "tweetx", "models", "install", str(toy_package)], tmp_path, env)
    assert install.returncode == 0, install.stderr
    result, attempts = _run(["-m", "tweetx", "annotate", "samples/qala-e-naw.txt"], tmp_path, env)
    assert result.returncode == 0, result.stderr
    assert attempts == ""  # no connection was even attempted
    [tweet] = json.loads(result.stdout)["tweetx"]["tweets"]
    assert tweet["translation"]["target"] == "en"
    assert "Taliban" in tweet["translation"]["text"]
    assert not (tmp_path / "home").exists()


def test_pashto_translated_by_a_multilingual_model_with_no_network(tmp_path):
    home = tmp_path / "tweetx-home"
    env = {"TWEETX_HOME": str(home), "ARGOS_PACKAGES_DIR": str(tmp_path / "argos")}
    model = ROOT / "tests" / "fixtures" / "toy-nllb"
    install, attempts = _run(["-m", "tweetx", "models", "install", str(model)], tmp_path, env)
    assert install.returncode == 0, install.stderr
    result, attempts = _run(
        ["-m", "tweetx", "translate", "--from", "ps", "--no-cache", "د تېلو بیه راټیټه شوه."],
        tmp_path,
        env,
    )
    assert result.returncode == 0, result.stderr
    assert attempts == ""  # no connection was even attempted
    translation = json.loads(result.stdout)["translation"]
    assert translation["package"]["source_tag"] == "pbt_Arab" and translation["text"]
    assert not (tmp_path / "home").exists()


HEAVY = [
    "argostranslate.translate",
    "argostranslate.settings",
    "stanza",
    "torch",
    "ctranslate2",
    "langdetect",
    "scrapy",
    "dask",
    "distributed",
    "fsspec",
    "pyarrow",
]


def test_import_is_light_and_touches_no_home(tmp_path):
    code = f"import sys, tweetx; print([m for m in {HEAVY!r} if m in sys.modules])"
    result, attempts = _run(["-c", code], tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
    assert not (tmp_path / "home").exists()


def test_help_is_light(tmp_path):
    code = (
        "import sys\nfrom tweetx.cli import cli\ntry:\n    cli(['--help'])\n"
        f"except SystemExit:\n    pass\nprint([m for m in {HEAVY!r} if m in sys.modules])"
    )
    result, _ = _run(["-c", code], tmp_path)
    assert result.stdout.strip().endswith("[]"), result.stdout + result.stderr


def test_closed_pipe_ends_quietly(tmp_path):
    many = tmp_path / "many.jsonl"
    many.write_text("".join(json.dumps({"text": f"article {i}"}) + "\n" for i in range(20000)))
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    pipeline = subprocess.run(
        f"{sys.executable} -m tweetx annotate --no-translate {many} | head -n 1",
        shell=True,
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert json.loads(pipeline.stdout)["text"] == "article 0"
    assert "Traceback" not in pipeline.stderr
