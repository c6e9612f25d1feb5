"""How fast tweetx.identify is on tweet-like texts, next to seeded langdetect in the same run.

Tweet-like texts are made from TICO-19 segments (../shared/data/tico19, read in place): 5 to 40
words of each language, with a handle, a hashtag and a t.co link added as tweets carry them.
The last line printed is one JSON object.

    python bench/langid_speed.py [--n 3000]
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import time

from tweetx.evaluate import DEFAULT_TICO, load_tico
from tweetx.langid import identify


def tweet_like(n: int, seed: int = 0) -> list[str]:
    rng = random.Random(seed)
    segments = [s for texts in load_tico(DEFAULT_TICO).values() for s in texts]
    texts = []
    for _ in range(n):
        words = rng.choice(segments).split()[: rng.randint(5, 40)]
        texts.append(f"@user_{rng.randint(1, 999)} {' '.join(words)} #tag https://t.co/AbC{rng.randint(0, 9)}")
    return texts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=3000)
    args = parser.parse_args()
    texts = tweet_like(args.n)
    identify(texts[0])  # load langdetect profiles outside the timing

    start = time.perf_counter()
    for text in texts:
        identify(text)
    tweetx_s = time.perf_counter() - start

    from langdetect import DetectorFactory, detect
    DetectorFactory.seed = 0
    detect(texts[0])
    start = time.perf_counter()
    for text in texts:
        try:
            detect(text)
        except Exception:  # langdetect raises on texts without features; timing only
            pass
    langdetect_s = time.perf_counter() - start

    result = {
        "n": args.n,
        "tweets_per_s": {"tweetx": args.n / tweetx_s, "langdetect": args.n / langdetect_s},
        "ms_per_tweet": {"tweetx": 1000 * tweetx_s / args.n, "langdetect": 1000 * langdetect_s / args.n},
        "speedup_vs_langdetect": langdetect_s / tweetx_s,
        "machine": f"{platform.machine()}, {platform.python_implementation()} {platform.python_version()}",
    }
    print(f"tweetx     {result['tweets_per_s']['tweetx']:9.0f} tweets/s  "
          f"({result['ms_per_tweet']['tweetx']:.3f} ms each)")
    print(f"langdetect {result['tweets_per_s']['langdetect']:9.0f} tweets/s  "
          f"({result['ms_per_tweet']['langdetect']:.3f} ms each)")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
