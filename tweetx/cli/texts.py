"""Commands over texts given on the command line or stdin, one per line: ``tweetx langid`` and
``tweetx translate``. Registered on the ``tweetx`` group when :mod:`tweetx.cli` is imported."""

from __future__ import annotations

import itertools
import json
import sys

import click

from .group import ExitCode, cli, handle_errors, uses_home
from .options import translator_options

#: Lines translated together when they come from stdin (one engine call per language).
LINES_PER_CALL = 256


def _lines(texts):
    return texts or (line.rstrip("\n") for line in sys.stdin)


@cli.command()
@click.argument("texts", nargs=-1)
@click.option("--hint", default=None, help="Language the embed claims (evidence, not truth).")
@click.option("--prior", default=None, help="The article's language (a weak prior).")
@click.option(
    "--country",
    default=None,
    help="The article's country (AF, IR): leans a Persian text's variety.",
)
@handle_errors
def langid(texts, hint, prior, country):
    """Identify the language and script of TEXTS (none: one text per stdin line)."""
    from ..langid.identifier import identify

    for text in _lines(texts):
        result = identify(text, hint=hint, prior=prior, country=country).to_dict()
        click.echo(json.dumps({"text": text, **result}, ensure_ascii=False))


@cli.command()
@click.argument("texts", nargs=-1)
@click.option(
    "--from",
    "source",
    required=True,
    help="The texts' language (fa, ps, ar, ur…), or auto to identify each first.",
)
@click.option(
    "--to", "target", default="en", show_default=True, help="The language to translate into."
)
@translator_options
@handle_errors
@uses_home
def translate(texts, source, target, translator_options):
    """Translate TEXTS (none: one text per stdin line) and print one JSON object each: the
    text, its language (with --from auto), and the translation or the error, as in
    annotations."""
    from ..errors import error_dict
    from ..langid.identifier import identify
    from ..translation.translator import Translator

    translator = Translator(target, **translator_options)
    if source != "auto":
        translator.route_for(source)  # a missing package fails here, before any text
    failed = False
    lines = iter(_lines(texts))
    while chunk := list(itertools.islice(lines, LINES_PER_CALL)):
        languages = [identify(text) if source == "auto" else None for text in chunk]
        codes = [lang.code if lang else source for lang in languages]
        results: dict = {}
        for code in dict.fromkeys(codes):
            indices = [i for i, c in enumerate(codes) if c == code]
            if code == target:
                continue  # already in the target language: nothing to translate
            try:
                if code == "und":
                    raise ValueError("the language could not be identified: give --from")
                done = translator.translate([chunk[i] for i in indices], code)
                results.update({i: ("translation", t.to_dict()) for i, t in zip(indices, done)})
            except Exception as exc:  # one language's failure is that group's error, not fatal
                results.update({i: ("error", error_dict(exc)) for i in indices})
        for i, text in enumerate(chunk):
            out = {"text": text}
            if languages[i] is not None:
                out["language"] = languages[i].to_dict()
            kind, value = results.get(i, (None, None))
            out["translation"] = value if kind == "translation" else None
            out["error"] = value if kind == "error" else None
            failed = failed or kind == "error"
            click.echo(json.dumps(out, ensure_ascii=False))
    if failed:
        sys.exit(ExitCode.RECORDS_FAILED)
