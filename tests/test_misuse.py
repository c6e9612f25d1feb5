"""Misuse through the CLI, as a careless or hostile user would: every bad invocation ends with
exit code 1 or 2, a message that names the problem and no traceback, and every file that was
there before is byte for byte the same afterwards (issue 12)."""

from __future__ import annotations

import gzip
import json
import os
import stat
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tweetx.cli import cli

TOY = Path(__file__).resolve().parent / "fixtures" / "toy-fa_en.argosmodel"
TWEET = (
    "نیروهای امنیتی در شهر قلعه نو گشت زنی را آغاز کردند. — Tariq Arian (@TariqArian3) July 7, 2021"
)
PAGE = (
    '<html><body><blockquote class="twitter-tweet"><p lang="fa">شهر آرام است</p>&mdash; '
    'A (@a) <a href="https://twitter.com/a/status/1412743195653169728">July 7, 2021</a>'
    "</blockquote></body></html>"
)


def _sandbox(root: Path) -> None:
    """Inputs, a few outputs of earlier runs and a TWEETX_HOME, all in one tree."""
    (root / "in" / "sub").mkdir(parents=True)
    (root / "in" / "a.jsonl").write_text(
        json.dumps({"url": "u", "text": TWEET}, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    (root / "in" / "a.jsonl.gz").write_bytes(gzip.compress(b'{"text": "x"}\n'))
    (root / "in" / "page.html").write_text(PAGE, encoding="utf-8")
    (root / "in" / "sub" / "page.html").write_text(PAGE, encoding="utf-8")
    (root / "empty").mkdir()
    (root / "file.txt").write_text("a regular file")
    (root / "alias.jsonl").symlink_to(root / "in" / "a.jsonl")
    (root / "home").mkdir()
    (root / "home-file").write_text("not a directory")
    (root / "stale.jsonl.part").write_text('{"url": "stale"}\n')
    _toy_variant(root / "codes.argosmodel", metadata=lambda m: {**m, "from_code": "../../x"})
    _toy_variant(root / "huge.argosmodel", metadata=lambda m: {**m, "pad": "x" * 70_000})
    _toy_variant(root / "nobin.argosmodel", drop="translate-fa_en-toy/model/model.bin")
    _toy_variant(root / "prefix.argosmodel", metadata=lambda m: {**m, "target_prefix": [1]})
    with zipfile.ZipFile(root / "empty.argosmodel", "w"):
        pass
    (root / "notzip.argosmodel").write_bytes(b"not a zip at all")
    data = bytearray(TOY.read_bytes())
    spot = data.index(b"model.bin") + 200
    data[spot : spot + 64] = bytes(64)
    (root / "damaged.argosmodel").write_bytes(bytes(data))


def _toy_variant(path: Path, metadata=None, drop=None) -> None:
    with zipfile.ZipFile(TOY) as src, zipfile.ZipFile(path, "w") as dst:
        for info in src.infolist():
            if info.filename == drop:
                continue
            data = src.read(info)
            if metadata and info.filename.endswith("/metadata.json"):
                data = json.dumps(metadata(json.loads(data))).encode()
            dst.writestr(info, data)


A = ["annotate", "--no-translate"]
CASES = [
    # (id, arguments ({root} is the sandbox), environment, exit code, words of the message)
    ("missing-input", A + ["{root}/nope"], {}, 1, "no such file"),
    ("empty-directory", A + ["{root}/empty"], {}, 1, "no input files"),
    ("glob-matches-nothing", A + ["{root}/in", "--glob", "*.pdf"], {}, 1, "no input files"),
    (
        "output-is-input",
        A + ["{root}/in/a.jsonl", "-o", "{root}/in/a.jsonl"],
        {},
        2,
        "would destroy it",
    ),
    (
        "output-dir-is-input-dir",
        A + ["{root}/in", "-o", "{root}/in/"],
        {},
        2,
        "inside the input directory",
    ),
    (
        "output-dir-inside-inputs",
        A + ["{root}/in", "-o", "{root}/in/sub/out/"],
        {},
        2,
        "inside the input directory",
    ),
    (
        "output-link-to-input",
        A + ["{root}/in/a.jsonl", "-o", "{root}/alias.jsonl"],
        {},
        2,
        "would destroy it",
    ),
    (
        "output-under-a-file",
        A + ["{root}/in/a.jsonl", "-o", "{root}/file.txt/o.jsonl"],
        {},
        1,
        "is a file, not a directory",
    ),
    (
        "html-out-into-inputs",
        A + ["{root}/in", "-o", "{root}/o.jsonl", "--html-out", "{root}/in"],
        {},
        2,
        "--html-out",
    ),
    (
        "html-out-under-a-file",
        A + ["{root}/in/page.html", "-o", "{root}/o.jsonl", "--html-out", "{root}/file.txt/pages"],
        {},
        1,
        "is a file, not a directory",
    ),
    (
        "html-out-same-basename",
        A
        + [
            "{root}/in/page.html",
            "{root}/in/sub/page.html",
            "-o",
            "{root}/o.jsonl",
            "--html-out",
            "{root}/pages",
        ],
        {},
        2,
        "would both be written",
    ),
    (
        "two-inputs-one-output",
        A + ["{root}/in", "-o", "{root}/out/"],
        {},
        2,
        "would both be written",
    ),
    ("stdin-twice", A + ["-", "-"], {}, 2, "only once"),
    ("resume-to-stdout", A + ["{root}/in/a.jsonl", "--resume"], {}, 2, "--resume needs"),
    (
        "resume-unchecked-part",
        A + ["{root}/in/a.jsonl", "-o", "{root}/stale.jsonl", "--resume"],
        {},
        2,
        "cannot be checked",
    ),
    (
        "resume-unchecked-output",
        A + ["{root}/in/a.jsonl", "-o", "{root}/file.txt", "--resume"],
        {},
        2,
        "cannot be checked",
    ),
    ("disk-full", A + ["{root}/in/a.jsonl", "-o", "{root}/full"], {}, 1, "No space left"),
    (
        "resume-to-a-device",
        A + ["{root}/in/a.jsonl", "-o", "{root}/full", "--resume"],
        {},
        2,
        "not a regular file",
    ),
    (
        "bogus-encoding",
        A + ["{root}/in", "--encoding", "bogus"],
        {},
        2,
        "not an encoding files can be read in",
    ),
    (
        "codec-not-encoding",
        A + ["{root}/in", "--encoding", "rot13"],
        {},
        2,
        "not an encoding files can be read in",
    ),
    (
        "bogus-compute-type",
        ["annotate", "{root}/in", "--compute-type", "bogus"],
        {},
        2,
        "compute-type",
    ),
    ("bogus-format", A + ["{root}/in", "--format", "pdf"], {}, 2, "format"),
    ("beam-size-zero", ["annotate", "{root}/in", "--beam-size", "0"], {}, 2, "beam-size"),
    ("window-zero", A + ["{root}/in", "--window", "0"], {}, 2, "window"),
    ("contradictory-flags", A + ["{root}/in", "--require-translation"], {}, 2, "contradict"),
    (
        "no-package-required",
        ["annotate", "{root}/in", "--require-translation"],
        {},
        1,
        "no Argos package translates",
    ),
    ("unknown-option", A + ["{root}/in", "--frobnicate"], {}, 2, "No such option"),
    (
        "install-missing-file",
        ["models", "install", "{root}/nope.argosmodel"],
        {},
        1,
        "no such file",
    ),
    ("install-not-a-zip", ["models", "install", "{root}/notzip.argosmodel"], {}, 1, "not a zip"),
    ("install-empty-zip", ["models", "install", "{root}/empty.argosmodel"], {}, 1, "empty archive"),
    ("install-damaged", ["models", "install", "{root}/damaged.argosmodel"], {}, 1, "damaged"),
    (
        "install-escaping-codes",
        ["models", "install", "{root}/codes.argosmodel"],
        {},
        1,
        "not a language code",
    ),
    (
        "install-huge-metadata",
        ["models", "install", "{root}/huge.argosmodel"],
        {},
        1,
        "larger than",
    ),
    (
        "install-no-model-bin",
        ["models", "install", "{root}/nobin.argosmodel"],
        {},
        1,
        "model/model.bin",
    ),
    (
        "install-bad-prefix",
        ["models", "install", "{root}/prefix.argosmodel"],
        {},
        1,
        "target_prefix",
    ),
    ("install-bogus-spec", ["models", "install", "fa-en"], {}, 2, "neither a .argosmodel"),
    (
        "install-home-is-a-file",
        ["models", "install", str(TOY)],
        {"TWEETX_HOME": "{root}/home-file"},
        2,
        "is not a usable directory: it is a file",
    ),
]


def test_the_table_is_long_enough():
    assert len(CASES) >= 30


@pytest.mark.parametrize(
    "args, env, code, words", [case[1:] for case in CASES], ids=[case[0] for case in CASES]
)
def test_misuse_is_a_message_and_changes_nothing(
    tmp_path, runner, tree_hash, args, env, code, words
):
    root = tmp_path / "sandbox"
    _sandbox(root)
    if any("{root}/full" in arg for arg in args):
        # A device of the test's own with the numbers of /dev/full (every write: disk full), so
        # that code replacing its output with a new file could never replace the system's.
        try:
            os.mknod(root / "full", stat.S_IFCHR | 0o666, os.makedev(1, 7))
        except PermissionError:
            pytest.skip("making a device node needs root")
    before = tree_hash(root)
    env = {"TWEETX_HOME": str(root / "home"), **{k: v.format(root=root) for k, v in env.items()}}
    result = runner.invoke(cli, [arg.format(root=root) for arg in args], env=env)
    assert result.exit_code == code, (result.exit_code, result.stderr)
    assert "Traceback" not in result.stderr and not isinstance(
        result.exception, (AttributeError, TypeError, KeyError, ValueError, OSError)
    )
    assert words in result.stderr, result.stderr
    after = tree_hash(root)
    assert {path: after.get(path) for path in before} == before  # nothing there before changed


# -- no layout of paths ever modifies an input ---------------------------------------------------
_NAMES = st.sampled_from(["a", "b", "page", "x.y"])
_LAYOUT = st.fixed_dictionaries(
    {
        "files": st.lists(
            st.tuples(
                st.sampled_from(["", "d1", "d1/d2", "d3"]),
                _NAMES,
                st.sampled_from([".jsonl", ".html", ".txt", ".jsonl.gz"]),
            ),
            min_size=1,
            max_size=5,
            unique=True,
        ),
        "links": st.lists(st.sampled_from(["", "d1", "d3"]), max_size=2),
        "arguments": st.lists(
            st.sampled_from(["", "d1", "d1/d2", "d3", "link0", "FILE0", "FILE1"]),
            min_size=1,
            max_size=3,
        ),
        "output": st.sampled_from(
            ["", "d1", "d1/d2", "d3", "new", "link0", "FILE0", "FILE1", "FILE0.gz", "link0/new"]
        ),
        "output_is_dir": st.booleans(),
        "html_out": st.sampled_from([None, "", "d1", "pages", "link0"]),
    }
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(layout=_LAYOUT)
def test_no_path_layout_modifies_an_input(tmp_path_factory, layout):
    from click.testing import CliRunner

    root = tmp_path_factory.mktemp("layout")
    files = []
    for directory, name, extension in layout["files"]:
        path = root / directory / (name + extension)
        path.parent.mkdir(parents=True, exist_ok=True)
        if extension.endswith(".gz"):
            path.write_bytes(gzip.compress(b'{"text": "x"}\n'))
        elif extension == ".html":
            path.write_text(PAGE, encoding="utf-8")
        else:
            path.write_text(
                json.dumps({"text": TWEET}, ensure_ascii=False) + "\n"
                if extension == ".jsonl"
                else TWEET,
                encoding="utf-8",
            )
        files.append(path)
    for number, target in enumerate(layout["links"]):
        (root / f"link{number}").symlink_to(root / target, target_is_directory=True)

    def place(name: str) -> str:
        if name.startswith("FILE"):
            index = int(name[4]) % len(files)
            return str(files[index]) + name[5:]
        return str(root / name) if name else str(root)

    arguments = [
        place(a) for a in layout["arguments"] if not a.startswith("link") or (root / a).exists()
    ]
    output = place(layout["output"]) + ("/" if layout["output_is_dir"] else "")
    command = ["annotate", "--no-translate", "-q", *(arguments or [str(root)]), "-o", output]
    if layout["html_out"] is not None and (
        not layout["html_out"].startswith("link") or (root / layout["html_out"]).exists()
    ):
        command += ["--html-out", place(layout["html_out"])]
    named = [os.path.realpath(argument) for argument in command[3 : command.index("-o")]]
    inputs = [
        path
        for path in files
        if any(
            os.path.realpath(path) == name or os.path.realpath(path).startswith(name + os.sep)
            for name in named
        )
    ]  # what the run reads: other files may be its output, as asked
    before = {str(path): path.read_bytes() for path in inputs}
    result = CliRunner().invoke(cli, command, env={"TWEETX_HOME": str(root / ".home")})
    assert result.exit_code in (0, 1, 2, 3), result.output
    assert "Traceback" not in result.stderr
    for path, data in before.items():
        assert Path(path).read_bytes() == data, (command, result.stderr)


@pytest.mark.parametrize(
    "command",
    [
        ["models", "list"],
        ["models", "install", "x.argosmodel"],
        ["cache", "stats"],
        ["cache", "clear"],
        ["annotate", "-", "--no-translate"],
        ["translate", "--from", "fa", "سلام"],
    ],
)
@pytest.mark.parametrize("home", ["a-file", "a-file/below"])
def test_an_unusable_home_is_said_in_one_line_with_exit_2(
    tmp_path, monkeypatch, runner, command, home
):
    (tmp_path / "a-file").write_text("not a directory")
    monkeypatch.setenv("TWEETX_HOME", str(tmp_path / home))
    result = runner.invoke(cli, command, input='{"text": "x"}\n')
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "is not a usable directory" in lines[0], result.stderr
    assert "TWEETX_HOME" in lines[0]
