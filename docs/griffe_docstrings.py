"""A Griffe extension for the API pages: reads tweetx's docstrings as Griffe's Google parser
expects them, without changing the source. Loaded by mkdocstrings (``mkdocs.yml``); excluded
from the site itself.

Some things in the docstrings differ from what the parser reads:

- ``Example:`` (singular) heads each runnable example; Griffe knows only ``Examples:`` and would
  show the doctest as Markdown (``>>>`` as quotes, ``x["a"][0]`` as a link).
- One ``Args:`` entry may name two parameters (``html_key / text_key: ...``): the first gets the
  entry and the others point to it, so that each is a parameter of the signature.
- Sphinx roles (``:class:`~tweetx.model.Tweet```) become code (``Tweet``): Markdown has no roles;
  and a reST literal block's ``::`` becomes ``:`` (the indented block is code in Markdown too).
"""

from __future__ import annotations

import re
from typing import Any

import griffe

_EXAMPLE = re.compile(r"^(\s*)Example:\s*$")
_SHARED_ENTRY = re.compile(r"^(\s+)(\w+(?:\s*/\s*\w+)+):(.*)$")
_ROLE = re.compile(r":(?:class|func|meth|mod|attr|data|exc|obj):`(~?)\.?([^`]+)`")
_SECTION = re.compile(r"^\s*[A-Z][\w ]*:\s*$")


def _indent(line: str) -> int:
    """How far a line is indented (a blank line: not at all, so it ends an entry)."""
    return len(line) - len(line.lstrip()) if line.strip() else 0


def _role(match: re.Match) -> str:
    short, target = match.groups()
    return f"`{target.rsplit('.', 1)[-1] if short else target}`"


def rewrite(text: str) -> str:
    """The docstring ``text`` in the form the Google parser reads."""
    lines = text.splitlines()
    out: list[str] = []
    in_args = False
    index = 0
    while index < len(lines):
        line = lines[index]
        if _SECTION.match(line):
            in_args = line.strip() in ("Args:", "Arguments:", "Parameters:")
        shared = _SHARED_ENTRY.match(line) if in_args else None
        if shared:
            indent, names, first = shared.groups()
            body = [first]
            while index + 1 < len(lines) and _indent(lines[index + 1]) > len(indent):
                index += 1
                body.append("\n" + lines[index])
            first_name, *others = (part.strip() for part in names.split("/"))
            out.append(f"{indent}{first_name}:{''.join(body)}")
            out.extend(f"{indent}{name}: see ``{first_name}``." for name in others)
        elif line.endswith("::") and not line.endswith(":::"):
            out.append(line[:-1])  # reST's literal-block marker: the indented block is code anyway
        else:
            out.append(_EXAMPLE.sub(r"\1Examples:", line))
        index += 1
    return _ROLE.sub(_role, "\n".join(out))


class TweetxDocstrings(griffe.Extension):
    """Rewrite each object's docstring as it is loaded (before it is parsed)."""

    def on_instance(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        if obj.docstring is not None:
            obj.docstring.value = rewrite(obj.docstring.value)
