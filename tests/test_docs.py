"""The documentation stays true to the code: the CLI reference is what the commands print, every
command is explained in the guide, and the README's links lead to pages that exist."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

from tweetx.cli import cli

ROOT = Path(__file__).resolve().parent.parent


def _generator():
    spec = importlib.util.spec_from_file_location(
        "gen_cli_reference", ROOT / "docs" / "gen_cli_reference.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _command_paths() -> list[str]:
    return [path for path, _ in _generator().commands(cli, "tweetx")]


def test_cli_reference_is_generated_from_the_commands():
    on_disk = (ROOT / "docs" / "cli-reference.md").read_text(encoding="utf-8")
    assert on_disk == _generator().render(), (
        "docs/cli-reference.md is stale: run python docs/gen_cli_reference.py"
    )


def test_the_reference_lists_every_option_of_annotate():
    reference = (ROOT / "docs" / "cli-reference.md").read_text(encoding="utf-8")
    section = reference.split("## tweetx annotate\n", 1)[1].split("\n## ", 1)[0]
    annotate = cli.commands["annotate"]
    for param in annotate.params:
        for option in getattr(param, "opts", []):
            if option.startswith("--"):
                assert option in section, option


@pytest.mark.parametrize("path", _command_paths())
def test_every_command_is_explained_in_the_guide(path):
    assert path in (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")


def test_the_readme_is_a_short_front_door():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) <= 200
    for command in ("make run", "make test", "tweetx annotate", "tweetx langid"):
        assert command in readme
    links = re.findall(r"\]\(([^)#]+\.md)(?:#[^)]*)?\)", readme)
    assert links, "the README links into the docs"
    for link in links:
        assert (ROOT / link).is_file(), link
