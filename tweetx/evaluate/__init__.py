"""Measure tweetx against labelled data.

    python -m tweetx.evaluate langid [--data DIR] [--split test|dev] [--limit N]
    python -m tweetx.evaluate train [--data DIR]
    python -m tweetx.evaluate calibrate [--data DIR]
    python -m tweetx.evaluate embeds [CORPUS]
    python -m tweetx.evaluate extracted [DIR]
    python -m tweetx.evaluate variety DIR [--split dev|test|all]
    python -m tweetx.evaluate posts DIR [--split dev|test|all]

posts: language identification on real posts of known language, ``DIR/LANG-SOURCE.txt`` (one
post per line; not shipped, read in place): accuracy per file on whole posts and their first 5
and 2 words, and how often confident answers are right (:mod:`tweetx.evaluate.posts`).

variety: Dari or Iranian Persian claims on texts whose variety is known by who wrote them
(``DIR/prs*.txt`` by Afghan writers, ``DIR/pes*.txt`` by Iranian ones, one text per line; not
shipped, read in place): claims per file, precision and recall per variety
(:mod:`tweetx.evaluate.variety`).

extracted: text that eight real extractors made of invented pages (``tests/fixtures/extracted``),
and the pages themselves. Prints precision and recall per extractor and per kind of difficulty
(localised dates, cards, multi-line tweets, link lines, wrapped lines); the last line is JSON.

embeds: the labelled corpus in ``tests/fixtures/embeds/corpus.jsonl`` (every embed form, five
languages, negatives). Prints precision, recall and per-field accuracy of the tweets found, per
form, and the cases that miss; the last line is one JSON object.

langid: TICO-19 segments (``../shared/data/tico19`` by default; read in place, never copied) in
fa (Iranian Persian), prs (Dari, scored as fa), ps, ar, ur and en, of the held-out ``test``
split (:mod:`tweetx.evaluate.tico`). Prints accuracy per language on full segments, their first
5 words and their first 2 words, next to seeded langdetect on the same texts; the precision and
recall of Dari/Iranian variety claims; how often answers with confidence ≥ 0.9 are right; the
median time per text; and the results on the tweets written for the tests. The last line is one
JSON object.

train: trains the n-gram models on the ``train`` split and writes ``tweetx/langid/models/``.

calibrate: measures, on the ``dev`` split (all prefixes), how often each kind of decision
(``Language.basis``: rule, strength, text length) is right, and writes that to
``tweetx/langid/calibration.json``, which ``identify`` reports as its confidence. Run it after
train.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from ..langid.ngrams import CALIBRATION_FILE
from .embeds import DEFAULT_CORPUS, evaluate_embeds, print_embeds
from .extracted import DEFAULT_EXTRACTED, evaluate_extracted, print_extracted
from .langid import evaluate_langid, fit_calibration, print_langid
from .posts import evaluate_posts, print_posts
from .social import DEFAULT_SOCIAL, evaluate_social, print_social
from .tico import DEFAULT_TICO, load_tico
from .variety import evaluate_variety, print_variety

__all__ = [
    "DEFAULT_CORPUS",
    "DEFAULT_EXTRACTED",
    "DEFAULT_SOCIAL",
    "DEFAULT_TICO",
    "evaluate_embeds",
    "evaluate_extracted",
    "evaluate_langid",
    "evaluate_posts",
    "evaluate_social",
    "evaluate_variety",
    "fit_calibration",
    "load_tico",
    "main",
]


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m tweetx.evaluate",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="what", required=True)
    langid = sub.add_parser("langid", help="language identification on TICO-19 or real posts")
    langid.add_argument(
        "--corpus",
        choices=("tico", "social-dev"),
        default="tico",
        help="TICO-19's sentences, or the real posts of ../shared/data/social-dev",
    )
    langid.add_argument("--data", type=Path, default=None, help="the corpus's directory")
    langid.add_argument("--split", choices=("test", "dev", "all"), default="test")
    langid.add_argument("--limit", type=int, default=None, help="segments per language (tico)")
    langid.add_argument(
        "--leave-one-out",
        action="store_true",
        help="social-dev: score each source with a calibration fitted without it",
    )
    train = sub.add_parser("train", help="train tweetx/langid/models/ on TICO-19's train split")
    train.add_argument("--data", type=Path, default=DEFAULT_TICO)
    train.add_argument("--social", type=Path, default=DEFAULT_SOCIAL)
    calibrate = sub.add_parser(
        "calibrate",
        help="write tweetx/langid/calibration.json from TICO-19's dev split and social-dev's",
    )
    calibrate.add_argument("--data", type=Path, default=DEFAULT_TICO)
    calibrate.add_argument("--social", type=Path, default=DEFAULT_SOCIAL)
    embeds = sub.add_parser("embeds", help="embed finding on the labelled corpus")
    embeds.add_argument("corpus", type=Path, nargs="?", default=DEFAULT_CORPUS)
    extracted = sub.add_parser("extracted", help="embed finding in real extractors' text")
    extracted.add_argument("corpus", type=Path, nargs="?", default=DEFAULT_EXTRACTED)
    posts = sub.add_parser("posts", help="language identification on real posts of known language")
    posts.add_argument("directory", type=Path, help="holding LANG-SOURCE.txt files")
    posts.add_argument("--split", choices=("test", "dev", "all"), default="all")
    variety = sub.add_parser("variety", help="Dari/Iranian claims on texts of known variety")
    variety.add_argument("directory", type=Path, help="holding prs*.txt and pes*.txt")
    variety.add_argument("--split", choices=("test", "dev", "all"), default="all")
    args = parser.parse_args(argv)
    if args.what in ("posts", "variety"):  # a directory of texts of known language or variety
        evaluate, show = {
            "posts": (evaluate_posts, print_posts),
            "variety": (evaluate_variety, print_variety),
        }[args.what]
        if not args.directory.is_dir():
            parser.error(f"{args.directory}: no such directory")
        try:
            found = evaluate(args.directory, None if args.split == "all" else args.split)
        except FileNotFoundError as error:
            parser.error(str(error))
        show(found)
        print(json.dumps(found))
        return
    if args.what == "extracted":
        report = evaluate_extracted(args.corpus)
        print_extracted(report)
        print(json.dumps({k: v for k, v in report.items() if k != "misses"}))
        return
    if args.what == "embeds":
        report = evaluate_embeds(args.corpus)
        print_embeds(report)
        print(json.dumps({k: v for k, v in report.items() if k != "misses"}))
        return
    if args.what == "langid" and args.corpus == "social-dev":
        directory = args.data or DEFAULT_SOCIAL
        if not directory.is_dir():
            parser.error(f"{directory}: no such directory (../shared/data/social-dev)")
        social = evaluate_social(
            directory, None if args.split == "all" else args.split, args.leave_one_out
        )
        print_social(social)
        print(json.dumps(social))
        return
    args.data = args.data or DEFAULT_TICO
    if not args.data.is_dir():
        parser.error(f"{args.data}: no such directory (TICO-19 lives in ../shared/data/tico19)")
    if args.what == "train":
        from .train import train_all

        print(json.dumps(train_all(args.data, social=args.social), ensure_ascii=False))
        return
    if args.what == "calibrate":
        social_dir = args.social if args.social.is_dir() else None
        buckets = fit_calibration(args.data, social_dir)
        with open(CALIBRATION_FILE, "w", encoding="utf-8") as handle:
            json.dump(
                {
                    "source": "TICO-19 dev split"
                    + (" and social-dev's dev half" if social_dir else "")
                    + ": full, 5-word and 2-word prefixes (python -m tweetx.evaluate calibrate)",
                    "buckets": buckets,
                },
                handle,
                indent=1,
                sort_keys=True,
            )
            handle.write("\n")
        print(f"wrote {len(buckets)} calibration buckets to {CALIBRATION_FILE}")
        return
    report = evaluate_langid(args.data, args.split, args.limit)
    print_langid(report)
    print(json.dumps(report))
