"""Offline translation of tweets with installed Argos packages.

Texts are normalised and looked up in the translation cache; the rest are split into sentences
(:mod:`tweetx.translation.sentences`) whose entities are masked
(:mod:`tweetx.translation.entities`), and their sentences go to the package's model on
CTranslate2 (:mod:`tweetx.translation.decoding`) in shared batches. With no package for a pair, the texts pivot through one intermediate language (English first), both legs
batched and cached. Each translation carries its mean log-probability per token (``score``) and,
on request, alternative translations. Nothing touches the network.
bench/translate_throughput.py measures this against argostranslate and the bare engine.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Sequence
from typing import Optional, Union

from ..embeds.urls import HASHTAG
from ..errors import PackageNotInstalledError
from ..model import Translation
from . import routes
from .cache import CachedTranslation, TranslationCache, cache_key
from .decoding import (
    COMPUTE_TYPES,
    DEVICES,
    LENGTH_PENALTY,
    Decoded,
    DecodeOptions,
    LoadedModel,
    loaded_model,
    resolve_device,
)
from .entities import has_letters, mask
from .multilingual import installed_models
from .packages import Package, installed_packages
from .routes import PIVOTS
from .sentences import assembled, normalize, split_sentences

__all__ = [
    "BATCH_TWEETS",
    "COMPUTE_TYPES",
    "DEVICES",
    "PIVOTS",
    "Translator",
    "normalize",
    "resolve_device",
    "split_sentences",
]

logger = logging.getLogger(__name__)

#: Tweets per translation call by default. Calls batch one sentence length at a time (see
#: :meth:`tweetx.translation.decoding.LoadedModel.decode`), so they need enough sentences of
#: each length: 512 translated the benchmark model's tweets as fast as unpadded 256-tweet calls did, where
#: 256 were 13% slower.
BATCH_TWEETS = 512


# Bump when sentences.py or entities.py change what the model sees, or the cache what it keeps
# of a translation (3: scores and alternatives): cached translations of the old form are then
# not reused.
_PREPARATION_VERSION = 3


class Translator:
    """Translates batches of texts into one target language with installed Argos packages.

    The same texts with the same options give the same translations, every time. By default
    a window's sentences go to the engine in padded batches, at its full speed, and a rare
    sentence's translation can depend on its batch neighbours; with ``reproducible`` each is
    the same as translated alone, whatever the batching, engine or partitioning (see
    ``LoadedModel.decode``).

    Args:
        target: the language to translate into (ISO 639-1).
        beam_size: CTranslate2 beam size (1 is greedy; 2 is nearly as good and faster than 4).
        compute_type: CTranslate2 compute type; ``int8`` is the fastest on CPU.
        inter_threads / intra_threads: batches CTranslate2 runs at once, and threads for each
            (intra 0 = all cores). Two batches of one thread each measured 1.5–1.7× faster than
            one batch on both cores on a 2-core machine; give more cores to inter_threads.
        max_batch_tokens: size of one CTranslate2 batch, in source tokens; 1024 cuts a window's
            sentences into enough batches to keep every inter thread busy.
        cache: True for the persistent cache under ``TWEETX_HOME``, False for none, or a
            :class:`~tweetx.translation.cache.TranslationCache`.
        translate_hashtags: also translate the words of each hashtag, into
            ``Translation.hashtags``; the tags themselves stay verbatim in the text.
        device / device_index: ``auto`` (CUDA when CTranslate2 sees a GPU, else the CPU),
            ``cpu`` or ``cuda``, and which GPU; said in the run's summary.
        pivot: with no package for a pair, translate through an intermediate language
            (``PIVOTS`` first) when packages for both legs are installed.
        min_score: translations whose ``score`` is below this are marked ``low_confidence``
            (never dropped).
        alternatives: also return up to this many other translations of each text (the beam's
            next hypotheses; the beam is widened to ``alternatives + 1`` when narrower).
        reproducible: batches of one sentence length only, never padded: every text's
            translation is the same as alone, so the output does not depend on the batch size,
            the window, the engine or the partitioning (and the cache keeps these apart from
            the default mode's). Slower on small windows (``docs/translation.md``).
        prefer: ``argos`` (an Argos package before a multilingual model for the same pair)
            or ``multilingual`` (the other way round); see :mod:`.routes`.

    Example:
        >>> Translator("en").translate(["سلام دوستان."], "fa")[0].text  # doctest: +SKIP
        'Hello friends.'
    """

    def __init__(
        self,
        target: str = "en",
        *,
        beam_size: int = 2,
        compute_type: str = "int8",
        inter_threads: Optional[int] = 2,
        intra_threads: int = 1,
        max_batch_tokens: int = 1024,
        cache: Union[bool, TranslationCache, None] = True,
        translate_hashtags: bool = False,
        device: str = "auto",
        device_index: int = 0,
        pivot: bool = True,
        min_score: Optional[float] = None,
        alternatives: int = 0,
        reproducible: bool = False,
        prefer: str = "argos",
    ):
        inter_threads = 2 if inter_threads is None else inter_threads
        if prefer not in routes.PREFERENCES:
            raise ValueError(
                f"prefer must be one of {', '.join(routes.PREFERENCES)}, not {prefer!r}"
            )
        if beam_size < 1:
            raise ValueError(f"beam_size must be at least 1, not {beam_size}")
        if inter_threads < 1 or intra_threads < 0:
            raise ValueError("inter_threads must be at least 1 and intra_threads at least 0")
        if compute_type not in COMPUTE_TYPES:
            raise ValueError(
                f"compute_type must be one of {', '.join(COMPUTE_TYPES)}, not {compute_type!r}"
            )
        if alternatives < 0:
            raise ValueError(f"alternatives must be 0 or more, not {alternatives}")
        self.target = target
        #: Where the models run: ``cpu`` or ``cuda`` (``auto`` picks CUDA when CTranslate2
        #: sees a GPU).
        self.device = resolve_device(device, device_index)
        self.device_index = device_index
        # CTranslate2 returns at most beam_size hypotheses.
        self.beam_size = max(beam_size, alternatives + 1)
        self.compute_type = compute_type
        self.inter_threads = inter_threads
        self.intra_threads = intra_threads
        self.max_batch_tokens = max_batch_tokens
        self.cache = TranslationCache() if cache is True else (cache or None)
        self.translate_hashtags = translate_hashtags
        self.pivot = pivot
        self.min_score = min_score
        self.alternatives = alternatives
        self.reproducible = reproducible
        self.prefer = prefer
        self._decode = DecodeOptions(
            self.beam_size, alternatives + 1, max_batch_tokens, reproducible
        )
        # Pieces of a sentence whose placeholder was lost: greedy (see _retry_in_pieces).
        self._retry = DecodeOptions(1, 1, max_batch_tokens, reproducible)
        #: Texts asked for, found in the cache, and sent to the model; sentences translated.
        self.stats: Counter = Counter()
        self._routes: dict[tuple[str, Optional[str]], Optional[list[Package]]] = {}
        self._warned_toy: set[str] = set()

    def route_for(self, source: str, variety: Optional[str] = None) -> list[Package]:
        """The packages this translator would chain for ``source`` (a Persian one of
        ``variety``): one, or two through a pivot language (:mod:`.routes`); raises
        :class:`PackageNotInstalledError` when there is neither."""
        key = (source, variety if source == "fa" else None)
        # Looked up once per translator: a missing pair is not searched for again every batch.
        if key not in self._routes:
            self._routes[key] = routes.route(
                installed_packages(),
                source,
                self.target,
                self.pivot,
                models=installed_models(),
                prefer=self.prefer,
                variety=key[1],
            )
        route = self._routes[key]
        if route is None:
            raise PackageNotInstalledError(source, self.target)
        return route

    def package_for(self, source: str) -> Package:
        """The first package of :meth:`route_for` (the only one without a pivot)."""
        return self.route_for(source)[0]

    def translate(
        self, texts: Sequence[str], source: str, variety: Optional[str] = None
    ) -> list[Translation]:
        """Translate texts of one source language (for Persian, ``variety`` ``prs`` or ``pes``
        when identification is sure of it: a multilingual model with a Dari token uses it);
        repeated and cached texts cost nothing."""
        route = self.route_for(source, variety)
        for package in route:
            if package.toy and package.name not in self._warned_toy:
                self._warned_toy.add(package.name)
                logger.warning(
                    "package %s is a TOY test model: its output is not a translation", package.name
                )
        normalized = [normalize(text) for text in texts]
        self.stats["texts"] += len(texts)
        done = self._translate_route(route, normalized, count=True)
        tags_per_text = [
            list(dict.fromkeys(m.group(0) for m in HASHTAG.finditer(text)))
            if self.translate_hashtags
            else []
            for text in normalized
        ]
        words = {
            tag: normalize(tag[1:].replace("_", " ")) for tags in tags_per_text for tag in tags
        }
        meanings = self._translate_route(route, list(words.values()))
        package_info = routes.package_info(route, self.device)
        pivot = route[0].to_code if len(route) > 1 else None
        if pivot:
            self.stats["pivoted_texts"] += len(texts)
        out = []
        for text, tags in zip(normalized, tags_per_text):
            result = done[text]
            out.append(
                Translation(
                    self.target,
                    result.text,
                    source,
                    package_info,
                    any(package.toy for package in route),
                    {tag: meanings[words[tag]].text for tag in tags}
                    if self.translate_hashtags
                    else None,
                    score=result.score,
                    low_confidence=(
                        self.min_score is not None
                        and result.score is not None
                        and result.score < self.min_score
                    ),
                    alternatives=list(result.alternatives) if self.alternatives else None,
                    pivot=pivot,
                )
            )
        self.stats["low_confidence"] += sum(t.low_confidence for t in out)
        return out

    def _translate_route(
        self, route: list[Package], texts: list[str], count: bool = False
    ) -> dict[str, CachedTranslation]:
        """{text: result} through each package of the route in turn. A pivot translation's
        score is its weaker leg's; its alternatives are the last leg's."""
        done = self._translate_normalized(route[0], texts, count)
        for package in route[1:]:
            middle = {text: normalize(result.text) for text, result in done.items()}
            onward = self._translate_normalized(package, list(dict.fromkeys(middle.values())))
            done = {text: _chained(result, onward[middle[text]]) for text, result in done.items()}
        return done

    def _translate_normalized(
        self, package: Package, texts: list[str], count: bool = False
    ) -> dict[str, CachedTranslation]:
        """{text: result} for normalised texts: from the cache, else from the model."""
        if not texts:
            return {}
        settings = self._settings(package)
        keys = {text: cache_key(settings, text) for text in texts}
        cached = self.cache.get_many(keys.values()) if self.cache else {}
        done = {text: cached[key] for text, key in keys.items() if key in cached}
        missing = [text for text in keys if text not in done]
        if count:
            self.stats["cache_hits"] += sum(text in done for text in texts)
            self.stats["translated_texts"] += len(missing)
        if missing:
            outputs = self._translate_texts(self.model(package), missing)
            self.stats[f"texts_on_{self.device}"] += len(missing)
            if self.cache:
                self.cache.put_many(
                    (
                        keys[text],
                        f"{package.name} {package.version}",
                        package.from_code,
                        package.to_code,
                        result,
                    )
                    for text, result in zip(missing, outputs)
                )
            done.update(zip(missing, outputs))
        return done

    def model(self, package: Package) -> LoadedModel:
        """The package's model with this translator's engine settings (loaded once)."""
        return loaded_model(
            package,
            self.compute_type,
            self.inter_threads,
            self.intra_threads,
            self.device,
            self.device_index,
        )

    def _settings(self, package: Package) -> dict:
        """Everything that decides a translation besides the text: the cache key's other half."""
        settings = {
            "package": package.name,
            "version": package.version,
            "source": package.from_code,
            "target": package.to_code,
            "beam_size": self.beam_size,
            "compute_type": self.compute_type,
            "length_penalty": LENGTH_PENALTY,
            "preparation": _PREPARATION_VERSION,
        }
        if self.alternatives:  # keys without alternatives stay those of earlier runs
            settings["alternatives"] = self.alternatives
        if not self.reproducible:
            # Padded batches: a translation may depend on its batch. Kept apart, so that a
            # reproducible run never reads one back (its keys stay those of earlier runs,
            # which translated the same way).
            settings["batching"] = "padded"
        if package.multilingual:  # one model, many pairs: the tokens say which
            settings["family"] = package.family
            settings["source_tag"] = package.source_prefix
            settings["target_tag"] = package.target_prefix
        return settings

    def _translate_texts(self, model: LoadedModel, texts: list[str]) -> list[CachedTranslation]:
        lines_per_text = [
            [[mask(s) for s in line] for line in split_sentences(text)] for text in texts
        ]
        masked = [m for lines in lines_per_text for line in lines for m in line if m.needs_model]
        best, others, scored = {}, {}, {}
        for m, decoded in zip(
            masked, self._decode_sentences(model, [m.body for m in masked], self._decode)
        ):
            best[id(m)] = m.restore(decoded.hypotheses[0])
            others[id(m)] = [m.restore(h) for h in decoded.hypotheses[1:]]
            scored[id(m)] = (decoded.logprob, decoded.tokens)
        failed = [m for m in masked if best[id(m)] is None]
        self.stats["placeholder_fallbacks"] += len(failed)
        self._retry_in_pieces(model, failed, best, scored)
        return [assembled(lines, best, others, scored) for lines in lines_per_text]

    def _retry_in_pieces(self, model: LoadedModel, failed: list, best: dict, scored: dict) -> None:
        """Sentences whose placeholder the model lost: the text between their entities is
        translated piece by piece, so the entities stay verbatim. All pieces go in one greedy
        call (queued a sentence at a time as results came, their tiny batches cost six times
        as much; beam search would cost a tenth more for pieces whose fluency the split has
        already cut)."""
        pieces = [list(m.parts) for m in failed]
        to_translate = [p.strip() for parts in pieces for p in parts[::2] if has_letters(p)]
        translated = iter(self._decode_sentences(model, to_translate, self._retry))
        for m, parts in zip(failed, pieces):
            logprob, tokens = 0.0, 0
            for i in range(0, len(parts), 2):
                if has_letters(parts[i]):
                    core = parts[i].strip()
                    start = parts[i].index(core)
                    piece = next(translated)
                    logprob, tokens = logprob + piece.logprob, tokens + piece.tokens
                    parts[i] = (
                        parts[i][:start] + piece.hypotheses[0] + parts[i][start + len(core) :]
                    )
            best[id(m)] = m.head + "".join(parts) + m.tail
            scored[id(m)] = (logprob, tokens)

    def _decode_sentences(
        self, model: LoadedModel, sentences: list[str], options: DecodeOptions
    ) -> list[Decoded]:
        self.stats["sentences"] += len(sentences)
        return model.decode(sentences, options)


def _chained(first: CachedTranslation, second: CachedTranslation) -> CachedTranslation:
    scores = [s for s in (first.score, second.score) if s is not None]
    return CachedTranslation(second.text, min(scores) if scores else None, second.alternatives)
