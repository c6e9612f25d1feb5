"""Where a run writes, checked against what it reads, before anything is written.

Paths are compared by their real paths (symbolic links and ``..`` resolved), so that an output
reached through another name is still seen to be an input. An output is refused when it, or a
file written beside it while it is unfinished, is an input; when an output directory is, or is
inside, an input directory (its files would be read as inputs by the next run); and when two
inputs would be written to one output.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterable
from pathlib import Path
from typing import Optional

from ..errors import UsageError
from ..home import home_dir


def real(path: str | os.PathLike) -> str:
    """The path with every symbolic link and ``..`` resolved (it need not exist)."""
    return os.path.realpath(path)


def is_special(path: Path) -> bool:
    """Whether ``path`` exists and is not a regular file or directory: ``/dev/null``, a FIFO, a
    terminal. Such an output is written to directly, never replaced by a new file.

    Example:
        >>> is_special(Path("/dev/null")), is_special(Path("README.md"))
        (True, False)
    """
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def written_beside(output: Path) -> list[Path]:
    """The files a run writes for ``output``: it, and while unfinished ``.part`` and its record."""
    part = output.with_name(output.name + ".part")
    return [output, part, part.with_name(part.name + ".json")]


def record_of(output: Path) -> Path:
    """Where a finished output's fingerprint is kept, for ``--resume`` to check it: under
    ``TWEETX_HOME/runs``, named by the output's real path, so that output trees stay clean."""
    digest = hashlib.sha256(real(output).encode("utf-8", "surrogatepass")).hexdigest()[:32]
    return home_dir() / "runs" / f"{digest}.json"


def check_outputs(
    inputs: Iterable[str],
    input_dirs: Iterable[str],
    outputs: Iterable[Path],
    output_dirs: Iterable[Path] = (),
    what: str = "output",
) -> None:
    """Refuse outputs that would overwrite an input or land among the inputs.

    Raises:
        UsageError: naming the output and the input it would destroy, and what to do instead.
    """
    inputs_real = {real(path): path for path in inputs if path != "-"}
    dirs_real = [(real(path), path) for path in input_dirs]
    for directory in output_dirs:
        directory_real = real(directory)
        for input_real, input_dir in dirs_real:
            if directory_real == input_real or directory_real.startswith(input_real + os.sep):
                raise UsageError(
                    f"the {what} directory {directory} is inside the input "
                    f"directory {input_dir}: its files would be read as inputs",
                    f"write the {what} outside {input_dir}",
                )
    seen: dict[str, Path] = {}
    for output in outputs:
        for path in written_beside(output):
            path_real = real(path)
            if path_real in inputs_real:
                raise UsageError(
                    f"{path} is the input {inputs_real[path_real]}: writing the "
                    f"{what} would destroy it",
                    f"choose another {what} path",
                )
        output_real = real(output)
        if output_real in seen and not is_special(output):
            raise UsageError(
                f"two inputs would both be written to {output} (the other is {seen[output_real]})",
                "rename one of them, or give them in separate runs",
            )
        seen[output_real] = output


def page_name(name: str, line: Optional[int]) -> str:
    """The file an annotated page is written to, relative to ``--html-out``: the input's own
    path (``.gz`` dropped), ``-LINE.html`` added for a JSONL record, ``.html`` for stdin."""
    base = name[:-3] if name.endswith(".gz") else name
    if line is not None:
        return f"{base}-{line}.html"
    return base if base.lower().endswith((".html", ".htm", ".xhtml")) else base + ".html"
