"""Offline translation with installed Argos packages, run directly on CTranslate2.

argostranslate's own ``translate()`` is not used: importing ``argostranslate.translate`` imports
stanza and torch (seconds), and its MiniSBD/Stanza sentence splitters try to download models at
translate time (upstream issue #512). Here the package's tokenizer and CTranslate2 model are
loaded directly, sentences are split by punctuation (tweets are short), and all sentences of a
batch of tweets go to CTranslate2 in one ``translate_batch`` call. Nothing touches the network.
"""

from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass
from typing import Optional, Sequence

from .errors import PackageError, PackageNotInstalledError
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


@dataclass
class _LoadedModel:
    package: Package
    engine: object  # ctranslate2.Translator
    tokenizer: object


class Translator:
    """Translates batches of texts into one target language with installed Argos packages.

    Models are loaded on first use of a language pair and kept for the life of the object.

    Args:
        target: the language to translate into (ISO 639-1).
        beam_size: CTranslate2 beam size (1 is greedy; 2 is nearly as good and faster than 4).
        compute_type: CTranslate2 compute type; ``int8`` is the fastest on CPU.
        inter_threads / intra_threads: CTranslate2 thread counts (0 = use all cores).
        max_batch_tokens: size of one CTranslate2 batch, in source tokens.

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
        inter_threads: int = 1,
        intra_threads: int = 0,
        max_batch_tokens: int = 2048,
    ):
        self.target = target
        self.beam_size = beam_size
        self.compute_type = compute_type
        self.inter_threads = inter_threads
        self.intra_threads = intra_threads
        self.max_batch_tokens = max_batch_tokens
        self._models: dict[str, _LoadedModel] = {}
        self._packages: dict[str, Optional[Package]] = {}
        self._lock = threading.Lock()
        self._warned_toy: set[str] = set()

    def package_for(self, source: str) -> Package:
        """The package this translator would use for ``source``; raises if none is installed."""
        if source in self._models:
            return self._models[source].package
        # Looked up once per translator: a missing pair is not searched for again every batch.
        if source not in self._packages:
            self._packages[source] = find_package(source, self.target)
        if self._packages[source] is None:
            raise PackageNotInstalledError(source, self.target)
        return self._packages[source]

    def translate(self, texts: Sequence[str], source: str) -> list[Translation]:
        """Translate texts of one source language, all sentences in one batched call."""
        model = self._model(source)
        lines_per_text = [split_sentences(text) for text in texts]
        sentences = [s for lines in lines_per_text for line in lines for s in line]
        translated = iter(self._translate_sentences(model, sentences))
        package_info = {"name": model.package.name, "version": model.package.version,
                        "origin": model.package.origin}
        results = []
        for lines in lines_per_text:
            text = "\n".join(" ".join(next(translated) for _ in line) for line in lines)
            results.append(Translation(self.target, text, source, package_info, model.package.toy))
        return results

    def _translate_sentences(self, model: _LoadedModel, sentences: list[str]) -> list[str]:
        if not sentences:
            return []
        tokens = [model.tokenizer.encode(sentence) for sentence in sentences]
        prefix = model.package.target_prefix
        results = model.engine.translate_batch(
            tokens,
            target_prefix=[[prefix]] * len(tokens) if prefix else None,
            max_batch_size=self.max_batch_tokens,
            batch_type="tokens",
            beam_size=self.beam_size,
            replace_unknowns=True,
            length_penalty=0.2,
        )
        out = []
        for result in results:
            text = model.tokenizer.decode(result.hypotheses[0]).strip()
            if prefix and text.startswith(prefix):
                text = text[len(prefix):].strip()
            out.append(text)
        return out

    def _model(self, source: str) -> _LoadedModel:
        with self._lock:
            if source not in self._models:
                self._models[source] = self._load(self.package_for(source))
            return self._models[source]

    def _load(self, package: Package) -> _LoadedModel:
        import ctranslate2  # heavy: only when a model is needed

        if package.toy and package.name not in self._warned_toy:
            self._warned_toy.add(package.name)
            logger.warning("package %s is a TOY test model: its output is not a translation",
                           package.name)
        try:
            engine = ctranslate2.Translator(
                str(package.model_dir),
                device="cpu",
                compute_type=self.compute_type,
                inter_threads=self.inter_threads,
                intra_threads=self.intra_threads,
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
    spm_path = package.path / "sentencepiece.model"
    if spm_path.is_file():
        return _SentencePiece(spm_path)
    # Older packages use Moses + BPE; argostranslate.tokenizer is light (no settings, no stanza).
    from argostranslate.tokenizer import BPETokenizer

    return BPETokenizer(package.path / "bpe.model", package.from_code, package.to_code)

