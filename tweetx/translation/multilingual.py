"""Multilingual CTranslate2 models: NLLB-200, M2M-100 and OPUS-MT (Marian), converted with
CTranslate2's own ``ct2-transformers-converter`` and installed with ``tweetx models install
DIR`` (or a ``.zip`` / ``.tar.gz`` of it) into ``$TWEETX_HOME/models``.

They translate what Argos's index cannot: Pashto, and Dari as Dari (NLLB names ``prs_Arab``
apart from ``pes_Arab``). The family is recognised from the files the converter and
``--copy_files`` leave (:func:`read_model`):

- **NLLB**: ``sentencepiece.bpe.model`` and FLORES-200 language tokens (``pbt_Arab``) in the
  vocabulary (or ``tokenizer_class`` ``NllbTokenizer``). Source tokens are ``[pbt_Arab] +
  pieces + [</s>]``; the target starts with its language token (``target_prefix``).
- **M2M-100**: the same shape with ``__ps__`` tokens (``tokenizer_class`` ``M2M100Tokenizer``).
- **Marian** (OPUS-MT): ``source.spm`` and ``target.spm``; the languages named by
  ``tokenizer_config.json``'s ``source_lang`` / ``target_lang``, and for a ``mul`` side by the
  model card's ``source language(s):`` list or the vocabulary's ``>>xxx<<`` tokens; source
  tokens are ``pieces + [</s>]``, after the target's ``>>xxx<<`` token when it has one.

Each model serves every pair of the languages it knows; :meth:`MultilingualModel.leg` gives the
:class:`~tweetx.translation.packages.Package` one pair is translated with, which the translator
uses like an Argos package. Licences differ and matter (NLLB's weights are CC BY-NC 4.0: not
for commercial use): the model card's ``license:`` is read, else the family's, and ``tweetx
models install`` prints it.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from ..errors import PackageError
from ..home import home_dir
from .language_tags import FLORES_TOKEN, M2M_TOKEN, MARIAN_TARGET, code_of, language_of
from .packages import MAX_METADATA_BYTES, Package
from .store import install_tree

logger = logging.getLogger(__name__)

#: A converted NLLB-200 3.3B in float16 is 6.7 GB; anything past this is not a model.
MAX_MODEL_BYTES = 16 * 1024**3
#: The licence each family's published weights carry, when the model card does not say.
FAMILY_LICENCES = {
    "nllb": "cc-by-nc-4.0",
    "m2m100": "mit",
    "marian": "cc-by-4.0",
}
NON_COMMERCIAL = re.compile(r"(?i)\bnc\b|non-?commercial")


@dataclass(frozen=True)
class MultilingualModel:
    """An installed multilingual model: its family, the languages it serves, its licence."""

    path: Path
    name: str
    version: str
    family: str
    #: language token → (tweetx's code, Persian variety), for tokens tweetx can route; the
    #: others are in ``other_tokens``.
    languages: dict[str, tuple[str, Optional[str]]]
    licence: str
    size: int
    toy: bool = False
    other_tokens: tuple[str, ...] = ()
    #: Marian: the languages it reads, and those it writes with the token that asks for each
    #: (``>>fra<<`` at the start of the source; empty for a model of one target language).
    marian_sources: tuple[str, ...] = ()
    marian_targets: tuple[tuple[str, str], ...] = ()
    #: What ends each sentence's source tokens (empty when CTranslate2 adds it).
    end_token: str = "</s>"
    root: Path = field(default=Path(), compare=False)

    @property
    def non_commercial(self) -> bool:
        return bool(NON_COMMERCIAL.search(self.licence))

    def sources(self) -> list[str]:
        """The tweetx codes it translates from."""
        if self.family == "marian":
            return sorted(self.marian_sources)
        return sorted({code for code, _ in self.languages.values()})

    def targets(self) -> list[str]:
        if self.family == "marian":
            return sorted({code for code, _ in self.marian_targets})
        return sorted({code for code, _ in self.languages.values()})

    def leg(self, source: str, target: str, variety: Optional[str] = None) -> Optional[Package]:
        """The package that translates ``source``→``target`` with this model, or None.

        For Persian, ``variety`` chooses the token: ``prs`` (Dari, when the identification is
        confident) takes ``prs_Arab`` where the model has it; anything else the Iranian
        ``pes_Arab`` (or the model's one Persian token).
        """
        if source == target:
            return None
        if self.family == "marian":
            token = dict(reversed(self.marian_targets)).get(target)  # the first of a code
            if source not in self.marian_sources or token is None:
                return None
            return self._package(source, target, token, "")
        source_tag = self._token(source, variety if variety == "prs" else "pes")
        target_tag = self._token(target, "pes")
        if source_tag is None or target_tag is None:
            return None
        return self._package(source, target, source_tag, target_tag)

    def _token(self, code: str, variety: Optional[str]) -> Optional[str]:
        tokens = [t for t, (c, _) in self.languages.items() if c == code]
        preferred = [t for t in tokens if self.languages[t][1] == variety]
        choices = preferred or sorted(tokens)
        return choices[0] if choices else None

    def _package(self, source: str, target: str, source_tag: str, target_tag: str) -> Package:
        return Package(
            path=self.path,
            from_code=source,
            to_code=target,
            version=self.version,
            name=self.name,
            toy=self.toy,
            origin="tweetx",
            target_prefix=target_tag,
            root=self.root,
            family=self.family,
            source_prefix=source_tag,
            source_suffix=self.end_token,
            source_variety=self.languages.get(source_tag, (None, None))[1],
        )

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "family": self.family,
            "version": self.version,
            "languages": {tag: code for tag, (code, _) in sorted(self.languages.items())},
            "other_languages": len(self.other_tokens),
            "licence": self.licence,
            "non_commercial": self.non_commercial,
            "size": self.size,
            "toy": self.toy,
            "path": str(self.path),
        }


def models_dir() -> Path:
    """Where ``tweetx models install DIR`` puts multilingual models."""
    return home_dir() / "models"


def is_model_dir(path: Path) -> bool:
    """Whether ``path`` looks like a converted Transformers model (not an Argos package)."""
    return (path / "model.bin").is_file() and (path / "config.json").is_file()


def read_model(path: Path) -> MultilingualModel:
    """Read a converted model directory: its family, languages, licence and size; a
    :class:`PackageError` says what is missing when it is not a usable model."""
    try:
        root = path.resolve(strict=True)
    except (OSError, RuntimeError) as exc:
        raise PackageError(f"cannot read model {path}: {exc}", "reinstall the model") from exc
    if not is_model_dir(root):
        raise PackageError(
            f"{path} is not a CTranslate2 model: it has no model.bin and config.json",
            "convert the model with ct2-transformers-converter (--copy_files for the "
            "tokenizer files) and install the output directory",
        )
    config = _json(root / "config.json")
    tokenizer_config = _json(root / "tokenizer_config.json", optional=True)
    tokenizer_class = str(tokenizer_config.get("tokenizer_class") or "")
    vocabulary = _vocabulary(root)
    family = _family(root, tokenizer_class, vocabulary)
    languages: dict[str, tuple[str, Optional[str]]] = {}
    others: list[str] = []
    marian_sources: tuple[str, ...] = ()
    marian_targets: tuple[tuple[str, str], ...] = ()
    if family == "marian":
        marian_sources, marian_targets = _marian_sides(path, tokenizer_config, vocabulary)
    else:
        for token in vocabulary:
            code = language_of(family, token)
            if code is None:
                continue
            if code[0]:
                languages[token] = code
            else:
                others.append(token)
        if len({code for code, _ in languages.values()}) < 2:
            raise PackageError(
                f"{path} ({family}) has fewer than two language tokens tweetx knows",
                "install the tokenizer files with the model (--copy_files)",
            )
    own = _json(root / "tweetx.json", optional=True)
    return MultilingualModel(
        path=path,
        name=str(own.get("name") or path.name),
        version=str(own.get("version") or _fingerprint(root)),
        family=family,
        languages=languages,
        licence=_licence(root, family),
        size=sum(p.stat().st_size for p in root.rglob("*") if p.is_file()),
        toy=bool(own.get("toy", False)),
        other_tokens=tuple(others),
        marian_sources=marian_sources,
        marian_targets=marian_targets,
        # The converter records whether the engine adds the end token itself (NLLB's and
        # Marian's conversions leave it to the caller, as their tokenizers do).
        end_token="" if config.get("add_source_eos") else "</s>",
        root=root,
    )


def _family(root: Path, tokenizer_class: str, vocabulary: list[str]) -> str:
    if (root / "source.spm").is_file() and (root / "target.spm").is_file():
        return "marian"
    if not (root / "sentencepiece.bpe.model").is_file():
        raise PackageError(
            f"{root} has no tokenizer: sentencepiece.bpe.model (NLLB, M2M-100) or "
            "source.spm and target.spm (Marian)",
            "convert again with --copy_files naming the tokenizer files, or copy them in",
        )
    if tokenizer_class.startswith("Nllb") or any(map(FLORES_TOKEN.match, vocabulary)):
        return "nllb"
    if tokenizer_class.startswith("M2M100") or any(map(M2M_TOKEN.match, vocabulary)):
        return "m2m100"
    raise PackageError(
        f"{root}: cannot tell which model family this is (no NLLB or M2M-100 language tokens)",
        "tweetx reads NLLB-200, M2M-100 and Marian (OPUS-MT) conversions",
    )


def _marian_sides(
    path: Path, tokenizer_config: dict, vocabulary: list[str]
) -> tuple[tuple[str, ...], tuple[tuple[str, str], ...]]:
    """The languages a Marian model reads and writes: ``tokenizer_config.json``'s
    ``source_lang`` and ``target_lang``; for a side that is ``mul``, the model card's
    ``source language(s):`` list, or the ``>>xxx<<`` tokens of the vocabulary for targets."""
    codes = [str(tokenizer_config.get(key) or "") for key in ("source_lang", "target_lang")]
    if not all(codes):
        raise PackageError(
            f"{path}: a Marian model's tokenizer_config.json must name source_lang and target_lang",
            "copy tokenizer_config.json from the OPUS-MT model with the other tokenizer files",
        )
    source, target = (c.lower() for c in codes)
    sources = _card_languages(path, "source") if source == "mul" else [code_of(source)]
    if target == "mul":
        targets = [
            (code_of(m.group(1)), token)
            for token in vocabulary
            if (m := MARIAN_TARGET.match(token))
        ]
    else:
        targets = [(code_of(target), "")]
    sources = [c for c in sources if c]
    targets = [(c, token) for c, token in targets if c]
    if not sources or not targets:
        raise PackageError(
            f"{path}: this Marian model names no source or no target language tweetx knows",
            "a model for 'mul' lists its languages in README.md (source language(s): …)",
        )
    return tuple(dict.fromkeys(sources)), tuple(targets)


def _card_languages(path: Path, side: str) -> list[str]:
    """The codes of an OPUS-MT model card's ``* source language(s): pus urd …`` line."""
    card = path / "README.md"
    text = card.read_text(encoding="utf-8", errors="replace") if card.is_file() else ""
    match = re.search(rf"(?im)^\W*{side} language\(s\):\s*(.+)$", text)
    return [code_of(raw) for raw in match.group(1).split()] if match else []


def _vocabulary(root: Path) -> list[str]:
    for name in ("shared_vocabulary.json", "target_vocabulary.json"):
        if (root / name).is_file():
            data = json.loads((root / name).read_text(encoding="utf-8"))
            return [str(token) for token in data] if isinstance(data, list) else []
    for name in ("shared_vocabulary.txt", "target_vocabulary.txt"):
        if (root / name).is_file():
            return (root / name).read_text(encoding="utf-8").splitlines()
    raise PackageError(f"{root} has no vocabulary file", "convert the model again")


def _json(path: Path, optional: bool = False) -> dict:
    if not path.is_file():
        if optional:
            return {}
        raise PackageError(f"{path} is missing", "convert the model again")
    if path.stat().st_size > MAX_METADATA_BYTES * 16:
        raise PackageError(f"{path} is too large to be a configuration", "the model is corrupt")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise PackageError(f"{path} is not valid JSON: {exc}", "the model is corrupt") from exc
    return data if isinstance(data, dict) else {}


def _licence(root: Path, family: str) -> str:
    """The model card's ``license:`` (its YAML front matter), else the family's."""
    card = root / "README.md"
    if card.is_file():
        head = card.read_text(encoding="utf-8", errors="replace")[:4096]
        match = re.search(r"(?m)^license:\s*['\"]?([\w.+-]+)", head)
        if match:
            return match.group(1).lower()
    return FAMILY_LICENCES[family]


def _fingerprint(root: Path) -> str:
    """A version for the cache key when the model names none: its configuration's digest and
    its weights' size (a different model has a different one)."""
    digest = hashlib.sha256((root / "config.json").read_bytes()).hexdigest()[:12]
    return f"{digest}-{(root / 'model.bin').stat().st_size}"


def install_model(source: str | os.PathLike) -> MultilingualModel:
    """Install a converted model directory (or a zip or tar archive of it) into
    :func:`models_dir`, with the same safety as Argos packages (:mod:`.store`)."""
    _, link = install_tree(
        Path(source),
        models_dir(),
        read_model,
        lambda model: _safe_name(model.name),
        MAX_MODEL_BYTES,
        "a converted CTranslate2 model",
    )
    return read_model(link)


def _safe_name(name: str) -> str:
    return re.sub(r"[^\w.-]+", "-", name).strip(".-") or "model"


def installed_models() -> list[MultilingualModel]:
    """The installed multilingual models; a broken one is skipped with a warning."""
    directory = models_dir()
    if not directory.is_dir():
        return []
    found = []
    for path in sorted(directory.iterdir()):
        if path.name.startswith("."):
            continue  # the store, the lock and unfinished installs are dot-names
        try:
            found.append(_read_installed(str(path), os.path.realpath(path)))
        except PackageError as exc:
            logger.warning("skipping broken model: %s", exc)
    return found


@functools.lru_cache(maxsize=64)
def _read_installed(path: str, version: str) -> MultilingualModel:
    """An installed model, read once per installed version (a reinstall swaps the link to a
    new version directory): every route lookup asks, and an NLLB vocabulary is 256,000 tokens."""
    return read_model(Path(path))
