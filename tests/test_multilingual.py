"""Multilingual CTranslate2 models (NLLB-200, M2M-100, Marian): recognised, installed safely,
routed (Argos first, then the model with the source's token, then a pivot) and run with the
tokens the reference tokenizers make. The models are the project's tiny genuine toys
(tests/fixtures/toy_model/build_multilingual.py), trained on invented phrases."""

from __future__ import annotations

import json
import shutil
import tarfile
import zipfile
from pathlib import Path

import pytest

from tweetx import Annotator
from tweetx.cli import cli
from tweetx.errors import PackageError
from tweetx.translation import multilingual, routes
from tweetx.translation.multilingual import install_model, installed_models, read_model
from tweetx.translation.packages import installed_packages
from tweetx.translation.translator import Translator

FIXTURES = Path(__file__).parent / "fixtures"
TOY_NLLB = FIXTURES / "toy-nllb"
TOY_MARIAN = FIXTURES / "toy-marian-ps_en"
PHRASES = FIXTURES / "toy_model" / "phrases-multi.tsv"


def _phrases(language: str) -> list[tuple[str, str]]:
    rows = []
    for line in PHRASES.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            lang, source, english = line.split("\t")
            if lang == language:
                rows.append((source.strip(), english.strip()))
    return rows


@pytest.fixture
def nllb(tweetx_home):
    return install_model(TOY_NLLB)


def test_the_family_languages_and_licence_are_read_from_the_files():
    model = read_model(TOY_NLLB)
    assert model.family == "nllb" and model.toy
    assert model.languages["pbt_Arab"] == ("ps", None)
    assert model.languages["prs_Arab"] == ("fa", "prs")
    assert model.languages["pes_Arab"] == ("fa", "pes")
    assert model.languages["eng_Latn"] == ("en", None)
    assert model.licence == "mit" and not model.non_commercial
    assert model.sources() == ["en", "fa", "ps"]
    marian = read_model(TOY_MARIAN)
    assert marian.family == "marian" and (marian.sources(), marian.targets()) == (["ps"], ["en"])


def test_a_model_card_licence_is_read_and_nc_is_flagged(tmp_path):
    copy = shutil.copytree(TOY_NLLB, tmp_path / "nllb")
    (copy / "README.md").write_text("---\nlicense: cc-by-nc-4.0\n---\n# model\n")
    model = read_model(copy)
    assert model.licence == "cc-by-nc-4.0" and model.non_commercial
    (copy / "README.md").unlink()
    assert read_model(copy).licence == "cc-by-nc-4.0"  # the family's, when the card is gone


@pytest.mark.parametrize("form", ["directory", "zip", "tar.gz"])
def test_installed_from_a_directory_or_an_archive(tweetx_home, tmp_path, form):
    source = TOY_NLLB
    if form == "zip":
        source = tmp_path / "toy-nllb.zip"
        with zipfile.ZipFile(source, "w") as zf:
            for path in sorted(TOY_NLLB.rglob("*")):
                zf.write(path, str(Path("toy-nllb") / path.relative_to(TOY_NLLB)))
    elif form == "tar.gz":
        source = tmp_path / "toy-nllb.tar.gz"
        with tarfile.open(source, "w:gz") as tf:
            tf.add(TOY_NLLB, arcname="toy-nllb")
    model = install_model(source)
    assert model.path == tweetx_home / "models" / "toy-nllb"
    assert [m.name for m in installed_models()] == ["toy-nllb"]
    again = install_model(source)  # a reinstall swaps in the new copy
    assert again.path == model.path and len(installed_models()) == 1


def _broken(tmp_path: Path, change) -> Path:
    copy = shutil.copytree(TOY_NLLB, tmp_path / "toy-nllb")
    change(copy)
    return copy


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda d: (d / "model.bin").unlink(), "not a CTranslate2 model"),
        (lambda d: (d / "sentencepiece.bpe.model").unlink(), "has no tokenizer"),
        (lambda d: (d / "config.json").write_text("{not json"), "not valid JSON"),
        (lambda d: (d / "extra").symlink_to("/etc/passwd"), "symbolic link"),
    ],
    ids=["no-weights", "no-tokenizer", "bad-config", "symlink"],
)
def test_an_unusable_directory_is_refused_with_a_reason(tweetx_home, tmp_path, change, message):
    with pytest.raises(PackageError, match=message):
        install_model(_broken(tmp_path, change))
    assert installed_models() == []


def test_archives_that_escape_or_are_too_large_are_refused(tweetx_home, tmp_path, monkeypatch):
    escaping = tmp_path / "evil.tar.gz"
    with tarfile.open(escaping, "w:gz") as tf:
        tf.add(TOY_NLLB / "config.json", arcname="toy-nllb/../../evil")
    with pytest.raises(PackageError, match="leaving"):
        install_model(escaping)
    monkeypatch.setattr(multilingual, "MAX_MODEL_BYTES", 1000)
    with pytest.raises(PackageError, match="would unpack"):
        install_model(TOY_NLLB)
    assert not (tmp_path.parent / "evil").exists()


def test_routes_argos_first_then_the_model_with_the_right_token(nllb, toy_installed):
    packages, models = installed_packages(), installed_models()
    [pashto] = routes.route(packages, "ps", "en", True, models=models)
    assert (pashto.family, pashto.source_prefix, pashto.target_prefix) == (
        "nllb",
        "pbt_Arab",
        "eng_Latn",
    )
    [persian] = routes.route(packages, "fa", "en", True, models=models, variety="prs")
    assert persian.family == "argos"  # a direct Argos package comes first
    [dari] = routes.route(
        packages, "fa", "en", True, models=models, variety="prs", prefer="multilingual"
    )
    assert dari.source_prefix == "prs_Arab"
    [iranian] = routes.route(packages, "fa", "en", True, models=models, prefer="multilingual")
    assert iranian.source_prefix == "pes_Arab"  # no confident variety: the Persian token


def test_pashto_is_translated_offline_by_the_multilingual_model(nllb):
    translator = Translator("en", cache=False)
    pairs = _phrases("ps")[:8]
    out = translator.translate([source for source, _ in pairs], "ps")
    right = sum(t.text == english for t, (_, english) in zip(out, pairs))
    assert right >= 6, [(t.text, e) for t, (_, e) in zip(out, pairs)]
    package = out[0].package
    assert package["family"] == "nllb" and package["model"] == "toy-nllb"
    assert (package["source_tag"], package["target_tag"]) == ("pbt_Arab", "eng_Latn")
    assert out[0].toy  # a toy model's output is never passed off as a translation
    again = Translator("en", cache=False).translate([source for source, _ in pairs], "ps")
    assert [t.text for t in again] == [t.text for t in out]


def test_dari_and_persian_are_cached_apart(nllb, tweetx_home):
    translator = Translator("en", prefer="multilingual")
    source, _ = _phrases("prs")[0]
    dari = translator.translate([source], "fa", variety="prs")[0]
    persian = translator.translate([source], "fa")[0]
    assert dari.package["source_tag"] == "prs_Arab"
    assert persian.package["source_tag"] == "pes_Arab"
    assert translator.stats["cache_hits"] == 0  # the second was not read back from the first
    # A false friend: ماما is an uncle in Dari, a midwife in Iranian Persian. The token decides.
    [uncle] = translator.translate(["ماما به خانه آمد."], "fa", variety="prs")
    [midwife] = translator.translate(["ماما به خانه آمد."], "fa", variety="pes")
    assert (uncle.text, midwife.text) == ("My uncle came home.", "The midwife came to the house.")


def test_marian_pair(tweetx_home):
    install_model(TOY_MARIAN)
    pairs = _phrases("ps")[:8]
    out = Translator("en", cache=False).translate([s for s, _ in pairs], "ps")
    assert sum(t.text == e for t, (_, e) in zip(out, pairs)) >= 6
    assert out[0].package["family"] == "marian"


def test_tokens_match_the_reference_tokenizer():
    transformers = pytest.importorskip("transformers")
    from tweetx.translation.decoding import LoadedModel, _tokenizer

    model = read_model(TOY_NLLB)
    reference = transformers.AutoTokenizer.from_pretrained(str(TOY_NLLB))
    for language, tag in (("ps", "pbt_Arab"), ("prs", "prs_Arab"), ("fa", "pes_Arab")):
        leg = model.leg(
            "fa" if language == "prs" else language, "en", "prs" if language == "prs" else None
        )
        assert leg is not None and leg.source_prefix == tag
        ours = LoadedModel(leg, None, _tokenizer(leg))
        reference.src_lang = tag
        for source, _ in _phrases(language)[:5]:
            expected = reference.convert_ids_to_tokens(reference(source)["input_ids"])
            assert ours._source_tokens(source) == expected
    marian = read_model(TOY_MARIAN)
    leg = marian.leg("ps", "en")
    assert leg is not None
    # OPUS-MT's tokenizer_config.json names no class, and config.json is CTranslate2's.
    reference = transformers.MarianTokenizer.from_pretrained(str(TOY_MARIAN))
    ours = LoadedModel(leg, None, _tokenizer(leg))
    for source, _ in _phrases("ps")[:5]:
        expected = reference.convert_ids_to_tokens(reference(source)["input_ids"])
        assert ours._source_tokens(source) == expected


def test_annotate_routes_a_dari_tweet_by_its_variety(nllb):
    source, _ = next((s, e) for s, e in _phrases("prs") if "ولسوالی" in s or "شفاخانه" in s)
    html = (
        '<blockquote class="twitter-tweet"><p lang="fa" dir="rtl">'
        f"{source}</p>&mdash; User (@user) "
        '<a href="https://twitter.com/user/status/1412743195653169728">July 7, 2021</a>'
        "</blockquote>"
    )
    annotator = Annotator("en", cache=False, prefer="multilingual")
    [record] = annotator.annotate_records([{"url": "https://example.org/a", "html": html}])
    [tweet] = record["tweetx"]["tweets"]
    assert tweet["language"]["variety"] == "prs", tweet["language"]
    assert tweet["translation"]["package"]["source_tag"] == "prs_Arab"


def test_cli_install_prints_the_licence_and_list_shows_routes(runner, tweetx_home, toy_installed):
    installed = runner.invoke(cli, ["models", "install", str(TOY_NLLB)])
    assert installed.exit_code == 0, installed.output
    assert "licence: mit" in installed.stderr and "TOY" in installed.stderr
    listed = runner.invoke(cli, ["models", "list"]).stdout
    assert "nllb\ttoy-nllb" in listed
    assert "route ps→en (ps): nllb toy-nllb pbt_Arab→eng_Latn" in listed
    assert "route fa/prs→en (Dari): argos" in listed
    as_json = [
        json.loads(line)
        for line in runner.invoke(cli, ["models", "list", "--json"]).stdout.splitlines()
    ]
    assert any(entry.get("family") == "nllb" for entry in as_json)
    translated = runner.invoke(
        cli, ["translate", "--from", "fa", "--prefer", "multilingual", "--no-cache", "x"]
    )
    assert translated.exit_code == 0, translated.output
    assert json.loads(translated.stdout)["translation"]["package"]["family"] == "nllb"


def test_m2m100_tokens(tweetx_home, tmp_path):
    """An M2M-100 conversion names its languages __ps__: the toy's weights with its tokens
    renamed so (the engine reads tokens by position, so the translations are the same)."""
    copy = shutil.copytree(TOY_NLLB, tmp_path / "toy-m2m")
    renamed = {
        "pes_Arab": "__fa__",
        "prs_Arab": "__prs__",
        "pbt_Arab": "__ps__",
        "eng_Latn": "__en__",
    }
    vocabulary = json.loads((copy / "shared_vocabulary.json").read_text(encoding="utf-8"))
    (copy / "shared_vocabulary.json").write_text(
        json.dumps([renamed.get(token, token) for token in vocabulary]), encoding="utf-8"
    )
    config = json.loads((copy / "tokenizer_config.json").read_text(encoding="utf-8"))
    config["tokenizer_class"] = "M2M100Tokenizer"
    (copy / "tokenizer_config.json").write_text(json.dumps(config), encoding="utf-8")
    (copy / "tweetx.json").write_text(json.dumps({"toy": True, "name": "toy-m2m"}))
    model = install_model(copy)
    assert model.family == "m2m100" and model.languages["__ps__"] == ("ps", None)
    pairs = _phrases("ps")[:8]
    out = Translator("en", cache=False).translate([s for s, _ in pairs], "ps")
    assert sum(t.text == e for t, (_, e) in zip(out, pairs)) >= 6
    assert (out[0].package["source_tag"], out[0].package["target_tag"]) == ("__ps__", "__en__")


def test_marian_models_for_many_languages(tweetx_home, tmp_path):
    """OPUS-MT models with a ``mul`` side: sources from the model card's list (Persian in Latin
    letters is not Persian to tweetx), targets from the ``>>xxx<<`` tokens the source starts
    with."""
    many = shutil.copytree(TOY_MARIAN, tmp_path / "toy-mul-en")
    (many / "tokenizer_config.json").write_text(
        json.dumps({"source_lang": "mul", "target_lang": "en"})
    )
    (many / "README.md").write_text("# opus-mt-mul-en\n* source language(s): pus pes_Latn urd\n")
    model = read_model(many)
    assert (model.sources(), model.targets()) == (["ps", "ur"], ["en"])
    install_model(many)
    pairs = _phrases("ps")[:8]
    out = Translator("en", cache=False).translate([s for s, _ in pairs], "ps")
    assert sum(t.text == e for t, (_, e) in zip(out, pairs)) >= 6

    to_many = shutil.copytree(TOY_MARIAN, tmp_path / "toy-ps-mul")
    (to_many / "tokenizer_config.json").write_text(
        json.dumps({"source_lang": "ps", "target_lang": "mul"})
    )
    vocabulary = json.loads((to_many / "shared_vocabulary.json").read_text(encoding="utf-8"))
    vocabulary[-2:] = [">>eng<<", ">>deu<<"]
    (to_many / "shared_vocabulary.json").write_text(json.dumps(vocabulary), encoding="utf-8")
    model = read_model(to_many)
    assert model.targets() == ["de", "en"]
    leg = model.leg("ps", "de")
    assert leg is not None and leg.source_prefix == ">>deu<<" and leg.target_prefix == ""
    from tweetx.translation.decoding import LoadedModel, _tokenizer

    tokens = LoadedModel(leg, None, _tokenizer(leg))._source_tokens("د تېلو بیه راټیټه شوه.")
    assert tokens[0] == ">>deu<<" and tokens[-1] == "</s>"


def test_score_alternatives_and_masking_as_with_argos(nllb):
    source, english = _phrases("ps")[0]
    translator = Translator("en", cache=False, alternatives=2)
    [plain, masked] = translator.translate([source, f"@kabul_news {source} #کابل"], "ps")
    assert plain.text == english and plain.score is not None and plain.score <= 0
    assert plain.alternatives is not None and english not in plain.alternatives
    # entities are not the model's to translate: kept verbatim, wherever the model puts them
    assert "@kabul_news" in masked.text and "#کابل" in masked.text


def _tweet_page(*texts: str) -> str:
    return "".join(
        '<blockquote class="twitter-tweet"><p lang="fa" dir="rtl">'
        f'{text}</p>&mdash; User (@user) <a href="https://twitter.com/user/status/'
        f'{1412743195653169728 + i}">July 7, 2021</a></blockquote>'
        for i, text in enumerate(texts)
    )


def test_persian_varieties_share_a_call_unless_their_routes_differ(nllb, toy_installed):
    dari, _ = next((s, e) for s, e in _phrases("prs") if "ولسوالی" in s or "شفاخانه" in s)
    iranian = "دیروز رفتیم خونه و همون فیلم رو دیدیم"
    page = {"url": "https://example.org/a", "html": _tweet_page(dari, iranian, "شهر آرام است.")}
    for prefer, calls_expected in (("argos", 1), ("multilingual", 2)):
        annotator = Annotator("en", cache=False, prefer=prefer)
        calls = []
        original = annotator.translator.translate

        def counting(texts, source, variety=None, original=original, calls=calls):
            calls.append((source, variety, len(texts)))
            return original(texts, source, variety)

        annotator.translator.translate = counting  # type: ignore[method-assign]
        [record] = annotator.annotate_records([page])
        varieties = [t["language"]["variety"] for t in record["tweetx"]["tweets"]]
        assert varieties == ["prs", "pes", None]
        # An Argos package reads Dari and Iranian Persian alike: one call for the three. The
        # multilingual model has a token for each: the Dari tweet goes alone.
        assert len(calls) == calls_expected, (prefer, calls)
        assert sum(n for _, _, n in calls) == 3
