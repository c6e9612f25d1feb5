"""The Scrapy pipeline's settings (``TWEETX_*``): what each one sets, and their checks."""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.exceptions import NotConfigured

from ..embeds.posts import PLATFORMS
from ..translation.translator import BATCH_TWEETS, COMPUTE_TYPES
from .finder import DEFAULT_TIMEOUT

if TYPE_CHECKING:
    from scrapy.settings import BaseSettings

# setting → (option, how to read it, default, smallest allowed); then the translator's options,
# passed on only when set (else the Translator's defaults, as in ``tweetx annotate``).
_SETTINGS = {
    "TWEETX_TARGET": ("target", "get", "en", None),
    "TWEETX_TRANSLATE": ("translate", "getbool", True, None),
    "TWEETX_HTML_FIELD": ("html_field", "get", None, None),
    "TWEETX_TEXT_FIELD": ("text_field", "get", None, None),
    "TWEETX_FIELD": ("field", "get", "tweetx", None),
    "TWEETX_BATCH_TWEETS": ("batch_tweets", "getint", BATCH_TWEETS, 1),
    "TWEETX_BATCH_DELAY": ("batch_delay", "getfloat", 0.05, 0),
    "TWEETX_BATCH_ITEMS": ("max_items", "getint", 1024, 1),
    "TWEETX_CONCURRENT_BATCHES": ("concurrent_batches", "getint", 0, 0),  # 0: inter_threads
    "TWEETX_DROP_EMPTY": ("drop_empty", "getbool", False, None),
    "TWEETX_HOME": ("home", "get", None, None),
    "TWEETX_PLATFORMS": ("platforms", "getlist", None, None),  # None: every platform
    "TWEETX_FIND_PROCESS": ("find_process", "getbool", True, None),
    "TWEETX_FIND_TIMEOUT": ("find_timeout", "getfloat", DEFAULT_TIMEOUT, 0.001),
}
_TRANSLATOR_SETTINGS = {
    "TWEETX_BEAM_SIZE": ("beam_size", "getint", None, 1),
    "TWEETX_COMPUTE_TYPE": ("compute_type", "get", None, None),
    "TWEETX_INTER_THREADS": ("inter_threads", "getint", None, 1),
    "TWEETX_INTRA_THREADS": ("intra_threads", "getint", None, 0),
    "TWEETX_CACHE": ("cache", "getbool", None, None),
    "TWEETX_DEVICE": ("device", "get", None, None),
    "TWEETX_DEVICE_INDEX": ("device_index", "getint", None, 0),
    "TWEETX_TRANSLATE_HASHTAGS": ("translate_hashtags", "getbool", None, None),
    "TWEETX_PIVOT": ("pivot", "getbool", None, None),
    "TWEETX_MIN_SCORE": ("min_score", "getfloat", None, None),
    "TWEETX_ALTERNATIVES": ("alternatives", "getint", None, 0),
    "TWEETX_REPRODUCIBLE": ("reproducible", "getbool", None, None),
}


def options_from(settings: BaseSettings) -> dict:
    """The pipeline's options from Scrapy settings; :class:`NotConfigured` names a wrong one."""
    options: dict = {"translator_options": {}}
    wanted = [(name, spec, options) for name, spec in _SETTINGS.items()]
    wanted += [
        (name, spec, options["translator_options"])
        for name, spec in _TRANSLATOR_SETTINGS.items()
        if settings.get(name) is not None
    ]
    for name, (option, getter, default, least), into in wanted:
        try:
            value = getattr(settings, getter)(name, default)
        except (TypeError, ValueError):
            raise NotConfigured(
                f"tweetx: {name} has a wrong value: {settings.get(name)!r}"
            ) from None
        if least is not None and value < least:
            raise NotConfigured(f"tweetx: {name} must be ≥ {least}, not {value!r}")
        into[option] = value
    for name in ("TWEETX_TARGET", "TWEETX_FIELD"):
        value = options[_SETTINGS[name][0]]
        if not isinstance(value, str) or not value:
            raise NotConfigured(f"tweetx: {name} must be a non-empty string, not {value!r}")
    unknown = set(options["platforms"] or ()) - set(PLATFORMS)
    if unknown:
        raise NotConfigured(
            f"tweetx: TWEETX_PLATFORMS names {', '.join(sorted(unknown))}: choose from "
            f"{', '.join(PLATFORMS)}"
        )
    if options["translator_options"].get("compute_type", "int8") not in COMPUTE_TYPES:
        raise NotConfigured(
            f"tweetx: TWEETX_COMPUTE_TYPE must be one of "
            f"{', '.join(COMPUTE_TYPES)}, not "
            f"{options['translator_options']['compute_type']!r}"
        )
    return options
