"""The translation options ``tweetx annotate`` and ``tweetx translate`` share: declared once,
handed to the command as one ``translator_options`` dict (the keyword arguments of
:class:`tweetx.translation.translator.Translator`)."""

from __future__ import annotations

import functools

import click

from ..translation.decoding import COMPUTE_TYPES, DEVICES
from ..translation.routes import PREFERENCES

_OPTIONS = [
    click.option("--beam-size", type=click.IntRange(1, 16), default=2, show_default=True),
    click.option(
        "--compute-type",
        type=click.Choice(COMPUTE_TYPES),
        default="int8",
        show_default=True,
        help="CTranslate2 compute type (which ones a machine runs "
        "is checked when the model loads).",
    ),
    click.option(
        "--inter-threads",
        type=click.IntRange(1),
        default=None,
        help="Translations CTranslate2 runs in parallel (default: 2; with --engine "
        "dask, each worker's threads).",
    ),
    click.option(
        "--intra-threads",
        type=click.IntRange(0),
        default=1,
        show_default=True,
        help="Threads per translation (0: all cores).",
    ),
    click.option(
        "--device",
        type=click.Choice(DEVICES),
        default="auto",
        show_default=True,
        help="Where models run: auto is the GPU when CTranslate2 sees one, else the CPU.",
    ),
    click.option(
        "--device-index",
        type=click.IntRange(0),
        default=0,
        show_default=True,
        help="Which GPU, with several.",
    ),
    click.option(
        "--pivot/--no-pivot",
        default=True,
        show_default=True,
        help="With no package for a pair, translate through English (or another "
        "language both packages share); translation.pivot says which.",
    ),
    click.option(
        "--min-score",
        type=float,
        default=None,
        help="Mark translations whose score (mean log-probability per token, ≤ 0) is "
        "below this as translation.low_confidence; none is dropped.",
    ),
    click.option(
        "--alternatives",
        type=click.IntRange(0, 15),
        default=0,
        show_default=True,
        help="Also give up to N other translations of each text "
        "(translation.alternatives); widens the beam to N+1.",
    ),
    click.option(
        "--translate-hashtags",
        is_flag=True,
        help="Also translate each hashtag's words, into translation.hashtags (the tags "
        "stay as they are in the text).",
    ),
    click.option(
        "--reproducible",
        is_flag=True,
        help="Translate in batches of one sentence length: each translation is the same as "
        "alone, whatever the batch size, engine or partitioning (slower on small jobs).",
    ),
    click.option(
        "--prefer",
        type=click.Choice(PREFERENCES),
        default="argos",
        show_default=True,
        help="Which route translates a pair both serve: an Argos package or a multilingual "
        "model (NLLB-200, M2M-100, Marian; `tweetx models list` shows each pair's route).",
    ),
    click.option(
        "--cache/--no-cache",
        default=True,
        show_default=True,
        help="Reuse translations from the cache in TWEETX_HOME, and add new ones.",
    ),
]
_NAMES = (
    "beam_size",
    "compute_type",
    "inter_threads",
    "intra_threads",
    "device",
    "device_index",
    "pivot",
    "min_score",
    "alternatives",
    "translate_hashtags",
    "reproducible",
    "prefer",
    "cache",
)


def translator_options(command):
    """Add the options to a click command, which receives them as ``translator_options``."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        options = {name: kwargs.pop(name) for name in _NAMES}
        return command(*args, translator_options=options, **kwargs)

    for option in reversed(_OPTIONS):
        wrapper = option(wrapper)
    return wrapper
