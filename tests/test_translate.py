"""Translation with the toy package: batching, sentence splitting, missing pairs."""

from __future__ import annotations

import json

import pytest

from tweetx.errors import PackageNotInstalledError
from tweetx.translation.decoding import LoadedModel
from tweetx.translation.sentences import split_sentences
from tweetx.translation.translator import Translator

PHRASES = ["شهر آرام است.", "طالبان از شهر فرار کردند.", "کابل پایتخت افغانستان است."]


def test_toy_package_translates_its_phrases(toy_installed):
    results = Translator("en").translate(PHRASES, "fa")
    assert [r.text for r in results] == [
        "The city is calm.",
        "The Taliban fled the city.",
        "Kabul is the capital of Afghanistan.",
    ]
    assert all(r.toy and r.package["name"] == toy_installed.name for r in results)


def test_batched_equals_one_by_one(toy_installed):
    # Cache off, or the one-by-one calls would only read back the batched results.
    translator = Translator("en", cache=False, max_batch_tokens=64, reproducible=True)
    texts = [
        " ".join(PHRASES),
        PHRASES[1] + "\n" + PHRASES[0],
        PHRASES[2],
        "@a " + PHRASES[0] + " ۱۲ " + PHRASES[1] + " #تست",
        PHRASES[2] * 3,
    ]
    batched = [r.text for r in translator.translate(texts, "fa")]
    assert translator.stats["sentences"] > 5  # several engine batches of 64 tokens
    single = [translator.translate([text], "fa")[0].text for text in texts]
    assert batched == single
    assert batched[1] == "The Taliban fled the city.\nThe city is calm."


def test_reproducible_batches_are_never_padded(toy_installed, monkeypatch):
    # A sentence padded to a longer neighbour's length can be translated differently than
    # alone (seen with the benchmark model, not with the toy one): in the reproducible mode
    # every batch the engine gets holds sentences of one length.
    translator = Translator("en", cache=False, reproducible=True)
    loaded = translator.model(translator.package_for("fa"))
    lengths_per_call = []

    class Recording:
        def translate_batch(self, tokens, **options):
            lengths_per_call.append({len(t) for t in tokens})
            return loaded.engine.translate_batch(tokens, **options)

    monkeypatch.setattr(
        translator,
        "model",
        lambda package: LoadedModel(loaded.package, Recording(), loaded.tokenizer),
    )
    texts = [PHRASES[0], " ".join(PHRASES), PHRASES[2], PHRASES[1], PHRASES[0] + " ۱۲"]
    assert [r.text for r in translator.translate(texts, "fa")] == [
        translator.translate([t], "fa")[0].text for t in texts
    ]
    assert len(lengths_per_call) > 1 and all(len(lengths) == 1 for lengths in lengths_per_call)


def test_by_default_a_window_is_one_engine_call_of_its_distinct_sentences(
    toy_installed, monkeypatch
):
    # The fast mode: every distinct sentence of a window in one call, which CTranslate2 sorts by
    # length and cuts into padded batches itself; a repeated sentence is translated once.
    translator = Translator("en", cache=False)
    loaded = translator.model(translator.package_for("fa"))
    calls = []

    class Recording:
        def translate_batch(self, tokens, **options):
            calls.append((len(tokens), {len(t) for t in tokens}, options["max_batch_size"]))
            return loaded.engine.translate_batch(tokens, **options)

    monkeypatch.setattr(
        translator,
        "model",
        lambda package: LoadedModel(loaded.package, Recording(), loaded.tokenizer),
    )
    texts = [PHRASES[0], " ".join(PHRASES), PHRASES[2], PHRASES[1], PHRASES[0], PHRASES[0] + " ۱۲"]
    first = [r.text for r in translator.translate(texts, "fa")]
    assert len(calls) == 1
    count, lengths, _ = calls[0]
    # the three phrases (split out of the joined text; "۱۲" is an entity, no sentence): mixed
    # lengths, padded together
    assert count == 3 and len(lengths) > 1
    # the same inputs and options give the same output, every time
    assert [r.text for r in translator.translate(texts, "fa")] == first
    assert first[0] == first[4] == "The city is calm."


def test_the_cache_keeps_the_two_modes_apart(toy_installed):
    fast = Translator("en")._settings(Translator("en").package_for("fa"))
    reproducible = Translator("en", reproducible=True)
    exact = reproducible._settings(reproducible.package_for("fa"))
    assert fast != exact and fast["batching"] == "padded" and "batching" not in exact


def test_entities_come_out_exactly(toy_installed):
    entities = [
        "@TariqArian3",
        "#قلعه_نو",
        "#تست‌ها",
        "https://t.co/AbC123",
        "pic.twitter.com/8VdQJd4oF2",
        "🇦🇫",
        "👍🏽",
        "👩‍⚕️",
        "۱۴۰۰/۰۴/۱۶",
        "12,500",
    ]
    text = (
        f"{entities[0]} {PHRASES[0]} {entities[1]} {PHRASES[1]} {entities[2]} {entities[8]} "
        f"{PHRASES[2]} {entities[9]} {entities[5]}\n{entities[6]} {PHRASES[0]} {entities[7]} "
        f"{entities[3]} {entities[4]}"
    )
    out = Translator("en", cache=False).translate([text], "fa")[0].text
    for entity in entities:
        assert out.count(entity) == text.count(entity), entity
    assert out.startswith("@TariqArian3 The city is calm.")
    assert out.endswith("https://t.co/AbC123 pic.twitter.com/8VdQJd4oF2")


def test_a_tweet_of_entities_only_is_kept_verbatim(toy_installed):
    translator = Translator("en", cache=False)
    assert (
        translator.translate(["@a @b #تست https://t.co/x 🎉"], "fa")[0].text
        == "@a @b #تست https://t.co/x 🎉"
    )
    assert translator.stats["sentences"] == 0


def test_cache_answers_repeats_without_the_engine(toy_installed, monkeypatch):
    first = Translator("en").translate(PHRASES, "fa")

    def engine_called(*args):
        raise AssertionError("the engine ran for a cached text")

    again = Translator("en")
    monkeypatch.setattr(again, "_decode_sentences", engine_called)
    # Spacing differences normalise to the same text, so they are cache hits too.
    assert again.translate(["  " + PHRASES[0].replace(" ", "  "), *PHRASES[1:]], "fa") == first
    assert again.stats["cache_hits"] == 3


def test_cache_is_keyed_by_decoding_settings(toy_installed):
    Translator("en", beam_size=2).translate(PHRASES[:1], "fa")
    other = Translator("en", beam_size=1)
    other.translate(PHRASES[:1], "fa")
    assert other.stats["cache_hits"] == 0 and other.stats["translated_texts"] == 1


def test_repeated_texts_in_one_call_are_translated_once(toy_installed):
    translator = Translator("en", cache=False)
    results = translator.translate([PHRASES[0]] * 5 + [PHRASES[1]], "fa")
    assert len(results) == 6 and translator.stats["translated_texts"] == 2


def test_a_damaged_cache_is_switched_off_not_fatal(toy_installed, tweetx_home, caplog):
    from tweetx.translation.cache import cache_path

    cache_path().parent.mkdir(parents=True)
    cache_path().write_bytes(b"this is not a database" * 100)
    results = Translator("en").translate(PHRASES[:1], "fa")
    assert results[0].text == "The city is calm."
    assert "translation cache" in caplog.text and "switched off" in caplog.text


@pytest.mark.parametrize(
    "options",
    [
        {"beam_size": 0},
        {"inter_threads": 0},
        {"intra_threads": -1},
        {"compute_type": "int4"},
        {"alternatives": -1},
    ],
)
def test_bad_settings_are_refused(options):
    with pytest.raises(ValueError):
        Translator("en", **options)


def test_missing_pair_names_the_package_and_the_fix():
    with pytest.raises(PackageNotInstalledError) as caught:
        Translator("en").translate(["سلام"], "ps")
    message = str(caught.value)
    assert "no Argos package for ps→en is installed" in message
    assert "tweetx models install FILE.argosmodel" in message


def test_unknown_target_pair(toy_installed):
    with pytest.raises(PackageNotInstalledError, match="fa→de"):
        Translator("de").translate(["سلام"], "fa")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("One. Two? Three!", [["One.", "Two?", "Three!"]]),
        ("اول؟ دوم.", [["اول؟", "دوم."]]),
        ("a\n\nb", [["a"], ["b"]]),
        ("   ", []),
    ],
)
def test_split_sentences(text, expected):
    assert split_sentences(text) == expected


def test_hashtag_words_are_translated_only_when_asked(toy_installed):
    text = "شهر آرام است. #کابل_پایتخت_افغانستان_است #شهر_آرام_است"
    plain = Translator("en").translate([text], "fa")[0]
    assert plain.hashtags is None
    assert plain.text.endswith("#کابل_پایتخت_افغانستان_است #شهر_آرام_است")
    tagged = Translator("en", translate_hashtags=True).translate([text, text], "fa")
    assert tagged[0].text == plain.text  # the tags stay verbatim in the text
    assert tagged[0].hashtags == {
        "#کابل_پایتخت_افغانستان_است": "Kabul is the capital of Afghanistan.",
        "#شهر_آرام_است": "The city is calm.",
    }
    assert tagged[1] == tagged[0]
    assert tagged[0].to_dict()["hashtags"] == tagged[0].hashtags


def test_translate_command_one_text(toy_installed, runner):
    from tweetx.cli import ExitCode, cli

    result = runner.invoke(cli, ["translate", PHRASES[0], "--from", "fa"])
    assert result.exit_code == ExitCode.OK, result.output
    [line] = result.stdout.splitlines()
    out = json.loads(line)
    assert out["text"] == PHRASES[0] and out["error"] is None and "language" not in out
    assert out["translation"]["text"] == "The city is calm." and out["translation"]["toy"]
    assert set(out["translation"]) == {
        "target",
        "text",
        "source",
        "package",
        "toy",
        "hashtags",
        "score",
        "low_confidence",
        "alternatives",
        "pivot",
    }


def test_translate_command_identifies_each_stdin_line(toy_installed, runner):
    from tweetx.cli import ExitCode, cli

    lines = [PHRASES[1], "The city is calm today", "د کابل په ښار کې نن ورځ باران ووریده", "😀"]
    result = runner.invoke(cli, ["translate", "--from", "auto"], input="\n".join(lines) + "\n")
    assert result.exit_code == ExitCode.RECORDS_FAILED  # Pashto has no package, 😀 no language
    outs = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["text"] for o in outs] == lines
    assert [o["language"]["code"] for o in outs] == ["fa", "en", "ps", "und"]
    assert outs[0]["translation"]["text"] == "The Taliban fled the city."
    assert outs[1]["translation"] is None and outs[1]["error"] is None  # already English
    assert outs[2]["error"]["type"] == "PackageNotInstalledError"
    assert "give --from" in outs[3]["error"]["message"]


def test_translate_command_without_the_package_stops_first(tweetx_home, runner):
    from tweetx.cli import ExitCode, cli

    result = runner.invoke(cli, ["translate", "سلام", "--from", "ps"])
    assert result.exit_code == ExitCode.FATAL and result.stdout == ""
    assert "tweetx models install" in result.stderr


def test_device_auto_is_the_cpu_here_and_said_in_the_summary(toy_installed, runner, tmp_path):
    from tweetx.cli import ExitCode, cli

    translator = Translator("en", cache=False)
    assert translator.device == "cpu"  # no GPU on these machines: auto falls back
    assert translator.translate([PHRASES[0]], "fa")[0].package["device"] == "cpu"
    result = runner.invoke(
        cli,
        [
            "annotate",
            "samples/qala-e-naw.txt",
            "--device",
            "auto",
            "--no-cache",
            "-o",
            str(tmp_path / "out.jsonl"),
        ],
    )
    assert result.exit_code == ExitCode.OK, result.output
    assert "1 translated (2 sentences) on cpu" in result.stderr


def test_cuda_without_a_gpu_is_a_clear_usage_error(toy_installed, runner):
    import ctranslate2

    from tweetx.cli import ExitCode, cli
    from tweetx.errors import UsageError

    if ctranslate2.get_cuda_device_count():
        pytest.skip("this machine has a GPU")
    with pytest.raises(UsageError, match="no CUDA device"):
        Translator("en", device="cuda")
    result = runner.invoke(cli, ["annotate", "samples/qala-e-naw.txt", "--device", "cuda"])
    assert result.exit_code == ExitCode.USAGE and "Traceback" not in result.output
    assert "finds no CUDA device" in result.stderr and "--device auto" in result.stderr
    with pytest.raises(ValueError, match="device must be one of"):
        Translator("en", device="tpu")


def test_a_lone_surrogate_is_translated_as_a_replacement_character(toy_installed):
    # JSON input may hold "\ud800": the tokenizer, the cache key and SQLite refuse it.
    results = Translator("en", alternatives=1).translate(
        ["شهر آرام است. \ud800", "@a\udfff " + PHRASES[0]], "fa"
    )
    assert all(result.text for result in results)
    again = Translator("en", alternatives=1).translate(["شهر آرام است. \ud800"], "fa")[0]
    assert again == results[0]  # and the cache has it
