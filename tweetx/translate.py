"""Offline translation with installed Argos packages, run directly on CTranslate2.

argostranslate's own ``translate()`` is not used: importing ``argostranslate.translate`` imports
stanza and torch (seconds), and its MiniSBD/Stanza sentence splitters try to download models at
translate time (upstream issue #512). Here the package's tokenizer and CTranslate2 model are
loaded directly, sentences are split by punctuation (tweets are short), and all sentences of a
batch of tweets go to CTranslate2 in one ``translate_batch`` call. Nothing touches the network.
bench/translate_throughput.py measures this against argostranslate and the bare engine.
"""

from __future__ import annotations

import logging
import re
import threading
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Optional, Sequence, Union

from .cache import TranslationCache, cache_key
from .embeds.urls import HASHTAG
from .entities import has_letters, mask
from .errors import PackageError, PackageNotInstalledError, UsageError
from .model import Translation
from .packages import Package, find_package

logger = logging.getLogger(__name__)

# A sentence ends at . ! ? … or the Arabic-script ؟ and ۔ (Urdu full stop) before a space.
_SENTENCE_END = re.compile(r"(?<=[.!?…؟۔])\s+")


def split_sentences(text: str) -> list[list[str]]:
    """Lines of the text, each split into sentences (line breaks are kept in the output).

    Example:
        >>> split_sentences("One. Two?\\nThree")
        [['One.', 'Two?'], ['Three']]
    """
    lines = []
    for line in text.splitlines():
        sentences = [s for s in _SENTENCE_END.split(line.strip()) if s]
        if sentences:
            lines.append(sentences)
    return lines


def normalize(text: str) -> str:
    r"""The form a text is translated (and cached) in: NFC, lines stripped, blank lines dropped,
    runs of spaces collapsed; so texts that differ only in spacing share one translation.

    Example:
        >>> normalize("  one   two \n\n three ")
        'one two\nthree'
    """
    lines = (_SPACES.sub(" ", line).strip()
             for line in unicodedata.normalize("NFC", text).splitlines())
    return "\n".join(line for line in lines if line)


_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u3000]+")


@dataclass
class _LoadedModel:
    package: Package
    engine: object  # ctranslate2.Translator
    tokenizer: object


# Models are loaded once per process and shared by every Translator with the same settings.
_LOADED: dict[tuple, _LoadedModel] = {}
_LOADED_LOCK = threading.Lock()


class Translator:
    """Translates batches of texts into one target language with installed Argos packages.

    Texts are normalised, looked up in the translation cache, and the rest are split into
    sentences whose entities are masked (see :mod:`tweetx.entities`); their sentences go to
    CTranslate2 in batches of one sentence length (never padded) of up to ``max_batch_tokens``.
    Results are identical to translating each text alone.

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
            :class:`~tweetx.cache.TranslationCache`.
        translate_hashtags: also translate the words of each hashtag, into
            ``Translation.hashtags``; the tags themselves stay verbatim in the text.
        device / device_index: ``auto`` (CUDA when CTranslate2 sees a GPU, else the CPU),
            ``cpu`` or ``cuda``, and which GPU; said in the run's summary.

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
        inter_threads: int = 2,
        intra_threads: int = 1,
        max_batch_tokens: int = 1024,
        cache: Union[bool, TranslationCache, None] = True,
        translate_hashtags: bool = False,
        device: str = "auto",
        device_index: int = 0,
    ):
        if beam_size < 1:
            raise ValueError(f"beam_size must be at least 1, not {beam_size}")
        if inter_threads < 1 or intra_threads < 0:
            raise ValueError("inter_threads must be at least 1 and intra_threads at least 0")
        if compute_type not in COMPUTE_TYPES:
            raise ValueError(f"compute_type must be one of {', '.join(COMPUTE_TYPES)}, not "
                             f"{compute_type!r}")
        self.target = target
        #: Where the models run: ``cpu`` or ``cuda`` (``auto`` picks CUDA when CTranslate2
        #: sees a GPU).
        self.device = resolve_device(device, device_index)
        self.device_index = device_index
        self.beam_size = beam_size
        self.compute_type = compute_type
        self.inter_threads = inter_threads
        self.intra_threads = intra_threads
        self.max_batch_tokens = max_batch_tokens
        self.cache = TranslationCache() if cache is True else (cache or None)
        self.translate_hashtags = translate_hashtags
        #: Texts asked for, found in the cache, and sent to the model; sentences translated.
        self.stats: Counter = Counter()
        self._packages: dict[str, Optional[Package]] = {}
        self._warned_toy: set[str] = set()

    def package_for(self, source: str) -> Package:
        """The package this translator would use for ``source``; raises if none is installed."""
        # Looked up once per translator: a missing pair is not searched for again every batch.
        if source not in self._packages:
            self._packages[source] = find_package(source, self.target)
        if self._packages[source] is None:
            raise PackageNotInstalledError(source, self.target)
        return self._packages[source]

    def translate(self, texts: Sequence[str], source: str) -> list[Translation]:
        """Translate texts of one source language; repeated and cached texts cost nothing."""
        package = self.package_for(source)
        if package.toy and package.name not in self._warned_toy:
            self._warned_toy.add(package.name)
            logger.warning("package %s is a TOY test model: its output is not a translation",
                           package.name)
        normalized = [normalize(text) for text in texts]
        self.stats["texts"] += len(texts)
        done = self._translate_normalized(package, source, normalized, count=True)
        tags_per_text = [list(dict.fromkeys(m.group(0) for m in HASHTAG.finditer(text)))
                         if self.translate_hashtags else [] for text in normalized]
        words = {tag: normalize(tag[1:].replace("_", " ")) for tags in tags_per_text
                 for tag in tags}
        meanings = self._translate_normalized(package, source, list(words.values()))
        # The run's engine: where this translator's models run (a cached text was translated by
        # an earlier run, perhaps elsewhere; its words are the same).
        package_info = {"name": package.name, "version": package.version, "origin": package.origin,
                        "device": self.device}
        return [Translation(self.target, done[text], source, package_info, package.toy,
                            {tag: meanings[words[tag]] for tag in tags}
                            if self.translate_hashtags else None)
                for text, tags in zip(normalized, tags_per_text)]

    def _translate_normalized(self, package: Package, source: str, texts: list[str],
                              count: bool = False) -> dict[str, str]:
        """{text: translation} for normalised texts: from the cache, else from the model."""
        if not texts:
            return {}
        settings = self._settings(package, source)
        keys = {text: cache_key(settings, text) for text in texts}
        cached = self.cache.get_many(keys.values()) if self.cache else {}
        done = {text: cached[key] for text, key in keys.items() if key in cached}
        missing = [text for text in keys if text not in done]
        if count:
            self.stats["cache_hits"] += sum(text in done for text in texts)
            self.stats["translated_texts"] += len(missing)
        if missing:
            outputs = self._translate_texts(self._model(package), missing)
            self.stats[f"texts_on_{self.device}"] += len(missing)
            if self.cache:
                self.cache.put_many((keys[text], f"{package.name} {package.version}", source,
                                     self.target, out) for text, out in zip(missing, outputs))
            done.update(zip(missing, outputs))
        return done

    def _settings(self, package: Package, source: str) -> dict:
        """Everything that decides a translation besides the text: the cache key's other half."""
        return {"package": package.name, "version": package.version, "source": source,
                "target": self.target, "beam_size": self.beam_size,
                "compute_type": self.compute_type, "length_penalty": _LENGTH_PENALTY,
                "masking": _MASKING_VERSION}

    def _translate_texts(self, model: _LoadedModel, texts: list[str]) -> list[str]:
        lines_per_text = [[[mask(s) for s in line] for line in split_sentences(text)]
                          for text in texts]
        masked = [m for lines in lines_per_text for line in lines for m in line if m.needs_model]
        bodies = self._translate_sentences(model, [m.body for m in masked])
        done = {id(m): m.restore(body) for m, body in zip(masked, bodies)}
        # The model lost a placeholder: translate the text between the entities piece by piece.
        failed = [m for m in masked if done[id(m)] is None]
        self.stats["placeholder_fallbacks"] += len(failed)
        pieces = [list(m.parts) for m in failed]
        to_translate = [p.strip() for parts in pieces for p in parts[::2] if has_letters(p)]
        translated = iter(self._translate_sentences(model, to_translate))
        for m, parts in zip(failed, pieces):
            for i in range(0, len(parts), 2):
                if has_letters(parts[i]):
                    core = parts[i].strip()
                    start = parts[i].index(core)
                    parts[i] = parts[i][:start] + next(translated) + parts[i][start + len(core):]
            done[id(m)] = m.head + "".join(parts) + m.tail
        outputs = []
        for lines in lines_per_text:
            outputs.append("\n".join(
                " ".join(done[id(m)] if m.needs_model else m.original() for m in line)
                for line in lines))
        return outputs

    def _translate_sentences(self, model: _LoadedModel, sentences: list[str]) -> list[str]:
        if not sentences:
            return []
        self.stats["sentences"] += len(sentences)
        tokens = [model.tokenizer.encode(sentence) for sentence in sentences]
        prefix = model.package.target_prefix
        # Sentences of one length per CTranslate2 batch: a sentence padded to a longer
        # neighbour's length can come out differently (3 in 2,996 with the benchmark model),
        # and then a result would depend on what else was in the batch. Without padding it is
        # the same as translating the sentence alone, so every engine, batch size and
        # partitioning gives the same output. The batches are queued at once
        # (``asynchronous``), to keep every inter thread busy.
        by_length: dict = defaultdict(list)
        for index, sentence_tokens in enumerate(tokens):
            by_length[len(sentence_tokens)].append(index)
        pending = []
        for indices in by_length.values():
            pending.append((indices, model.engine.translate_batch(
                [tokens[i] for i in indices],
                target_prefix=[[prefix]] * len(indices) if prefix else None,
                max_batch_size=self.max_batch_tokens,
                batch_type="tokens",
                beam_size=self.beam_size,
                replace_unknowns=True,
                length_penalty=_LENGTH_PENALTY,
                asynchronous=True,
            )))
        results: list = [None] * len(tokens)
        for indices, futures in pending:
            for i, future in zip(indices, futures):
                results[i] = future.result()
        out = []
        for result in results:
            text = model.tokenizer.decode(result.hypotheses[0]).strip()
            if prefix and text.startswith(prefix):
                text = text[len(prefix):].strip()
            out.append(text)
        return out

    def _model(self, package: Package) -> _LoadedModel:
        key = (str(package.root), self.compute_type, self.inter_threads, self.intra_threads,
               self.device, self.device_index)
        with _LOADED_LOCK:
            if key not in _LOADED:
                _LOADED[key] = _load(package, self.compute_type, self.inter_threads,
                                     self.intra_threads, self.device, self.device_index)
            return _LOADED[key]


#: Tweets per translation call by default. Calls batch one sentence length at a time (see
#: ``Translator._translate_sentences``), so they need enough sentences of each length: 512
#: translated the benchmark model's tweets as fast as unpadded 256-tweet calls did, where 256
#: were 13% slower.
BATCH_TWEETS = 512

#: CTranslate2's compute types (its documentation, "Quantization").
COMPUTE_TYPES = ("default", "auto", "int8", "int8_float32", "int8_float16", "int8_bfloat16",
                 "int16", "float16", "bfloat16", "float32")
_LENGTH_PENALTY = 0.2  # as argostranslate
_MASKING_VERSION = 2  # bump when entities.py changes what the model sees


DEVICES = ("auto", "cpu", "cuda")


def resolve_device(device: str, index: int = 0) -> str:
    """``cpu`` or ``cuda`` for a ``--device`` choice: ``auto`` is CUDA when CTranslate2 sees a
    GPU, else the CPU; ``cuda`` without one (or without that index) is a usage error.

    Example:
        >>> resolve_device("cpu")
        'cpu'
    """
    if device not in DEVICES:
        raise ValueError(f"device must be one of {', '.join(DEVICES)}, not {device!r}")
    if device == "cpu":
        return "cpu"
    import ctranslate2  # only asked when a GPU might be used

    gpus = ctranslate2.get_cuda_device_count()
    if device == "cuda" and index >= gpus:
        found = f"only {gpus} CUDA devices" if gpus else "no CUDA device"
        raise UsageError(f"--device cuda --device-index {index}: CTranslate2 finds {found} on "
                         "this machine", "use --device auto (the GPU when there is one, else "
                         "the CPU) or --device cpu")
    return "cuda" if gpus and index < gpus else "cpu"


def _load(package: Package, compute_type: str, inter_threads: int, intra_threads: int,
          device: str = "cpu", device_index: int = 0) -> _LoadedModel:
    import ctranslate2  # heavy: only when a model is needed

    try:
        engine = ctranslate2.Translator(
            str(package.model_dir),
            device=device,
            device_index=device_index,
            compute_type=compute_type,
            inter_threads=inter_threads,
            intra_threads=intra_threads,
        )
    except (RuntimeError, ValueError) as exc:
        raise PackageError(f"cannot load the model of package {package.path}: {exc}",
                           "reinstall the package") from exc
    logger.info("loaded %s→%s from %s", package.from_code, package.to_code, package.path)
    return _LoadedModel(package, engine, _tokenizer(package))


class _SentencePiece:
    def __init__(self, path):
        import sentencepiece

        self._processor = sentencepiece.SentencePieceProcessor(model_file=str(path))

    def encode(self, text: str) -> list[str]:
        return self._processor.encode(text, out_type=str)

    def decode(self, pieces: list[str]) -> str:
        return self._processor.decode_pieces(pieces)


def _tokenizer(package: Package):
    spm_path = package.root / "sentencepiece.model"
    if spm_path.is_file():
        return _SentencePiece(spm_path)
    # Older packages use Moses + BPE; argostranslate.tokenizer is light (no settings, no stanza).
    from argostranslate.tokenizer import BPETokenizer

    return BPETokenizer(package.root / "bpe.model", package.from_code, package.to_code)

