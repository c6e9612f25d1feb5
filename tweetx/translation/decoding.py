"""The engine side of translation: an Argos package's model on CTranslate2, sentences in, scored
hypotheses out.

argostranslate's own ``translate()`` is not used: importing ``argostranslate.translate`` loads
its sentence splitters, and those try to download models at translate time (upstream #512).
Here the package's tokenizer and CTranslate2 model are loaded directly;
:mod:`tweetx.translation.translator` decides what to send (split, masked, cached) and this module only decodes.
"""

from __future__ import annotations

import logging
import threading
from collections import defaultdict
from dataclasses import dataclass

from ..errors import PackageError, UsageError
from .packages import Package

logger = logging.getLogger(__name__)

#: CTranslate2's compute types (its documentation, "Quantization").
COMPUTE_TYPES = (
    "default",
    "auto",
    "int8",
    "int8_float32",
    "int8_float16",
    "int8_bfloat16",
    "int16",
    "float16",
    "bfloat16",
    "float32",
)
DEVICES = ("auto", "cpu", "cuda")
LENGTH_PENALTY = 0.2  # as argostranslate


@dataclass(frozen=True)
class Decoded:
    """One sentence's hypotheses, best first, and the best one's log-probability.

    ``logprob`` is the sum of the natural-log probabilities of the best hypothesis's tokens,
    end-of-sentence included, and ``tokens`` how many there are: their ratio is the mean
    log-probability per token (0 when the model is certain, more negative when it is not).
    """

    hypotheses: tuple[str, ...]
    logprob: float
    tokens: int


@dataclass(frozen=True)
class DecodeOptions:
    beam_size: int = 2
    num_hypotheses: int = 1
    max_batch_tokens: int = 1024
    #: One-length batches: a sentence's translation never depends on its neighbours.
    reproducible: bool = False


class LoadedModel:
    """A package's tokenizer and CTranslate2 model, loaded once per process and settings."""

    def __init__(self, package: Package, engine, tokenizer):
        self.package = package
        self.engine = engine
        self.tokenizer = tokenizer

    def decode(self, sentences: list[str], options: DecodeOptions) -> list[Decoded]:
        """Translate sentences, each distinct one once.

        By default (fast) all of them go to CTranslate2 in one call, which sorts them by length
        and cuts batches of ``max_batch_tokens``, padding each sentence to the longest of its
        batch: the engine's own speed. A padded sentence can come out differently than alone
        (3 in 2,996 with the benchmark model), so a result may depend on the other sentences of
        the call: the same sentences with the same options give the same output, every time,
        but a sentence's translation in another window (another batch size, partitioning or
        engine) may differ.

        ``options.reproducible``: sentences of one length per batch, never padded, which is the
        same as translating each alone: the output is the same whatever the batching, engine or
        partitioning, at the cost of many small batches when few sentences share a length.
        """
        if not sentences:
            return []
        distinct = list(dict.fromkeys(sentences))
        tokens = [self._source_tokens(sentence) for sentence in distinct]
        groups = _one_length_groups(tokens) if options.reproducible else [list(range(len(tokens)))]
        prefix = self.package.target_prefix
        pending = []
        for indices in groups:
            pending.append(
                (
                    indices,
                    self.engine.translate_batch(
                        [tokens[i] for i in indices],
                        target_prefix=[[prefix]] * len(indices) if prefix else None,
                        max_batch_size=options.max_batch_tokens,
                        batch_type="tokens",
                        beam_size=options.beam_size,
                        num_hypotheses=options.num_hypotheses,
                        return_scores=True,
                        replace_unknowns=True,
                        length_penalty=LENGTH_PENALTY,
                        # all batches queued at once, to keep every inter thread busy
                        asynchronous=True,
                    ),
                )
            )
        decoded: list = [None] * len(tokens)
        for indices, futures in pending:
            for index, future in zip(indices, futures):
                decoded[index] = self._decoded(future.result(), prefix)
        by_sentence = dict(zip(distinct, decoded))
        return [by_sentence[sentence] for sentence in sentences]

    def _source_tokens(self, sentence: str) -> list[str]:
        """A sentence's tokens as the model was trained on them: an Argos package's pieces; a
        Transformers conversion's with the end token, after the source language's token for
        NLLB and M2M-100 (``[pbt_Arab, ▁..., </s>]``; tests/test_multilingual.py checks this
        against the reference tokenizer)."""
        pieces = self.tokenizer.encode(sentence)
        head = [self.package.source_prefix] if self.package.source_prefix else []
        tail = [self.package.source_suffix] if self.package.source_suffix else []
        return head + pieces + tail if head or tail else pieces

    def _decoded(self, result, prefix: str) -> Decoded:
        texts = []
        for hypothesis in result.hypotheses:
            if prefix and hypothesis[:1] == [prefix]:
                hypothesis = hypothesis[1:]  # the target language's token, not a word
            text = self.tokenizer.decode(hypothesis).strip()
            if prefix and text.startswith(prefix):
                text = text[len(prefix) :].strip()
            texts.append(text)
        # CTranslate2's score is the log-probability divided by length ** length_penalty,
        # where the length counts the end-of-sentence token (checked against score_batch in
        # tests/test_translate_scores.py); undo the division to get the sum back.
        length = len(result.hypotheses[0]) + 1
        return Decoded(tuple(texts), result.scores[0] * length**LENGTH_PENALTY, length)


# Models are loaded once per process and shared by every Translator with the same settings.
_LOADED: dict[tuple, LoadedModel] = {}
_ENGINES: dict[tuple, tuple] = {}
_LOADED_LOCK = threading.Lock()


def loaded_model(
    package: Package,
    compute_type: str,
    inter_threads: int,
    intra_threads: int,
    device: str = "cpu",
    device_index: int = 0,
) -> LoadedModel:
    """The package's model, loaded on first use."""
    settings = (compute_type, inter_threads, intra_threads, device, device_index)
    # The pairs of one multilingual model share its engine and tokenizer; each has its tokens.
    key = (str(package.root), package.source_prefix, package.target_prefix, *settings)
    with _LOADED_LOCK:
        if key not in _LOADED:
            engine_key = (str(package.root), *settings)
            if engine_key not in _ENGINES:
                _ENGINES[engine_key] = (_load(package, *settings), _tokenizer(package))
            engine, tokenizer = _ENGINES[engine_key]
            _LOADED[key] = LoadedModel(package, engine, tokenizer)
        return _LOADED[key]


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
        raise UsageError(
            f"--device cuda --device-index {index}: CTranslate2 finds {found} on this machine",
            "use --device auto (the GPU when there is one, else the CPU) or --device cpu",
        )
    return "cuda" if gpus and index < gpus else "cpu"


def _load(
    package: Package,
    compute_type: str,
    inter_threads: int,
    intra_threads: int,
    device: str = "cpu",
    device_index: int = 0,
):
    """The package's CTranslate2 translator."""
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
        raise PackageError(
            f"cannot load the model of package {package.path}: {exc}", "reinstall the package"
        ) from exc
    logger.info("loaded %s from %s", package.name, package.path)
    return engine


class _SentencePiece:
    def __init__(self, path):
        import sentencepiece

        self._processor = sentencepiece.SentencePieceProcessor(model_file=str(path))

    def encode(self, text: str) -> list[str]:
        return self._processor.encode(text, out_type=str)

    def decode(self, pieces: list[str]) -> str:
        return self._processor.decode_pieces(pieces)


class _TwoSentencePieces(_SentencePiece):
    """Marian's: one model for the source language, another for the target's."""

    def __init__(self, source, target):
        import sentencepiece

        super().__init__(source)
        self._target = sentencepiece.SentencePieceProcessor(model_file=str(target))

    def decode(self, pieces: list[str]) -> str:
        return self._target.decode_pieces(pieces)


def _tokenizer(package: Package):
    if package.family == "marian":
        return _TwoSentencePieces(package.root / "source.spm", package.root / "target.spm")
    if package.multilingual:  # NLLB and M2M-100
        return _SentencePiece(package.root / "sentencepiece.bpe.model")
    spm_path = package.root / "sentencepiece.model"
    if spm_path.is_file():
        return _SentencePiece(spm_path)
    # Older packages use Moses + BPE; argostranslate.tokenizer is light (no settings, no stanza).
    from argostranslate.tokenizer import BPETokenizer

    return BPETokenizer(package.root / "bpe.model", package.from_code, package.to_code)


def _one_length_groups(tokens: list) -> list[list[int]]:
    """The sentences' indices grouped by token count, in order of first appearance."""
    by_length: dict = defaultdict(list)
    for index, sentence_tokens in enumerate(tokens):
        by_length[len(sentence_tokens)].append(index)
    return list(by_length.values())
