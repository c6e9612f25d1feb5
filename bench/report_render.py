"""How fast a large review page opens and filters in headless Chromium.

Annotated records are made up (no finding or translating: the page is what is measured):
``--tweets`` tweets (default 50,000), two per article, in the five languages, half with a
translation, a tenth with an error. ``tweetx.writers.report.build_report`` writes the page;
Playwright for Python drives Debian's ``chromium`` (``executable_path``) to open it from disk.
Times: building the page in Python; the browser's DOMContentLoaded and load events (the page is
shown and its script has run: filters ready); then choosing one language, typing a search word
and clearing both. Medians of ``--rounds``.

    python bench/report_render.py [--tweets 50000] [--rounds 3]

The last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import platform
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from tweetx.writers.report import build_report

TEXTS = {
    "fa": "نیروهای امنیتی گشت‌زنی را در شهر قلعه‌نو آغاز کردند شماره {i}",
    "ps": "د کابل په ښار کې نن ورځ باران ووریده شمېره {i}",
    "ar": "قالت الحكومة إن الوضع في المدينة مستقر رقم {i}",
    "ur": "آج لاہور میں بہت گرمی ہے نمبر {i}",
    "en": "Security forces began patrolling the city, number {i}",
}


def records(tweets: int):
    codes = list(TEXTS)
    for article in range(tweets // 2):
        items = []
        for k in range(2):
            i = article * 2 + k
            code = codes[i % len(codes)]
            translated = i % 2 == 0 and code != "en"
            items.append(
                {
                    "id": str(10**18 + i),
                    "url": f"https://twitter.com/user{i % 97}/status/{i}",
                    "author": {"name": f"User {i % 97}", "handle": f"user{i % 97}"},
                    "date": "2021-07-07",
                    "text": TEXTS[code].format(i=i),
                    "form": "blockquote",
                    "language": {
                        "code": code,
                        "script": "Latn" if code == "en" else "Arab",
                        "confidence": 0.99,
                        "variety": None,
                        "evidence": ["n-grams"],
                    },
                    "translation": {
                        "text": f"Translation number {i}",
                        "source": code,
                        "target": "en",
                        "toy": False,
                    }
                    if translated
                    else None,
                    "error": {"type": "PackageNotInstalledError", "message": "no package"}
                    if i % 10 == 0
                    else None,
                }
            )
        yield {
            "url": f"https://news.example/{article}",
            "title": f"Article {article}",
            "date": "2021-07-08",
            "tweetx": {
                "source": "crawl.jsonl",
                "line": article + 1,
                "tweets": items,
                "error": None,
            },
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tweets", type=int, default=50_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        raise SystemExit("needs Chromium: apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        page_path = Path(tmp) / "report.html"
        started = time.perf_counter()
        page_path.write_text(build_report(records(args.tweets)), encoding="utf-8")
        build_s = time.perf_counter() - started
        size = page_path.stat().st_size
        timings: dict = {
            "dom_content_loaded_s": [],
            "load_s": [],
            "filter_language_s": [],
            "search_s": [],
            "clear_s": [],
        }
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
            for _ in range(args.rounds):
                tab = browser.new_page()
                tab.goto(page_path.as_uri(), wait_until="load", timeout=120_000)
                nav = tab.evaluate("JSON.stringify(performance.getEntriesByType('navigation')[0])")
                nav = json.loads(nav)
                timings["dom_content_loaded_s"].append(nav["domContentLoadedEventEnd"] / 1000)
                timings["load_s"].append(nav["loadEventEnd"] / 1000)
                for name, action in (
                    (
                        "filter_language_s",
                        lambda tab=tab: tab.select_option("#filter-language", "ps"),
                    ),
                    ("search_s", lambda tab=tab: tab.fill("#filter-search", "number 4242")),
                    (
                        "clear_s",
                        lambda tab=tab: (
                            tab.select_option("#filter-language", ""),
                            tab.fill("#filter-search", ""),
                        ),
                    ),
                ):
                    started = time.perf_counter()
                    action()
                    tab.evaluate("() => new Promise(r => requestAnimationFrame(() => r()))")
                    timings[name].append(time.perf_counter() - started)
                shown = tab.inner_text("#shown")
                tab.close()
            browser.close()
    result = {
        "tweets": args.tweets,
        "megabytes": round(size / 2**20, 1),
        "build_s": round(build_s, 2),
        "shown_after_clear": shown,
        **{k: round(statistics.median(v), 3) for k, v in timings.items()},
        "machine": f"{platform.machine()}, {platform.python_implementation()} "
        f"{platform.python_version()}",
    }
    for key, value in result.items():
        print(f"{key:24s} {value}")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
