"""tweetx report: the review page's content, escaping and self-containment, read as HTML.
(How a browser shows it, filters it and whether it fetches anything is the next step: tests in
headless Chromium.)"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
from collections import Counter

import pytest
from bs4 import BeautifulSoup

from tweetx.cli import ExitCode, cli

CALM = "شهر آرام است."  # the toy package translates it
HOSTILE = "</textarea><script>alert(1)</script><img src=x onerror=alert(2)> javascript:alert(3)"


def _blockquote(status, text, lang, handle="TariqArian3", href=None):
    href = href or f"https://twitter.com/{handle}/status/{status}"
    return (
        f'<blockquote class="twitter-tweet"><p lang="{lang}">{text}</p>&mdash; Someone '
        f'(@{handle}) <a href="{href}">July 7, 2021</a></blockquote>'
    )


RECORDS = [
    {
        "url": "https://a.example/fa",
        "title": "Qala-e-Naw",
        "date": "2021-07-08",
        "html": _blockquote(111, CALM, "fa"),
    },
    {
        "url": "https://b.example/ps",
        "date": "2021-07-09",
        "html": _blockquote(222, "د کابل په ښار کې نن ورځ باران ووریده", "ps"),
    },
    {
        "url": "https://c.example/ar-ur",
        "html": _blockquote(333, "قالت الحكومة إن الوضع في المدينة مستقر", "ar")
        + _blockquote(444, "آج لاہور میں بہت گرمی ہے اور لوگ پریشان ہیں", "ur"),
    },
    {
        "url": "javascript:alert(4)",
        "title": "<script>alert(5)</script>",
        "html": _blockquote(
            555, HOSTILE.replace("<", "&lt;").replace(">", "&gt;"), "en", handle="evil"
        ),
    },
]


@pytest.fixture
def page(tmp_path, runner, toy_installed, jsonl_file):
    source = jsonl_file(RECORDS)
    annotated = tmp_path / "out.jsonl"
    # a run over samples/ and the invented tweets, as one output
    assert runner.invoke(
        cli, ["annotate", "samples/", str(source), "-o", str(annotated), "-q", "--min-score", "0"]
    ).exit_code in (ExitCode.OK, ExitCode.RECORDS_FAILED)
    (tmp_path / "annotated").write_text(str(annotated))
    report = tmp_path / "report.html"
    result = runner.invoke(
        cli, ["report", str(annotated), "samples/crawl.jsonl", "-o", str(report)]
    )
    # samples/crawl.jsonl is input, not annotated output: its lines are counted and skipped
    assert result.exit_code == ExitCode.RECORDS_FAILED and "not annotated records" in result.stderr
    return report.read_text(encoding="utf-8")


def _counts_in(annotated) -> dict:
    """The totals, counted straight from the annotated JSONL."""
    records = [json.loads(line) for line in annotated.read_text(encoding="utf-8").splitlines()]
    tweets = [t for r in records for t in r["tweetx"]["tweets"]]
    return {
        "articles": len(records),
        "tweets": len(tweets),
        "translated": sum(t["translation"] is not None for t in tweets),
        "failed": sum(t["error"] is not None for t in tweets),
        "toy": sum(bool(t["translation"] and t["translation"]["toy"]) for t in tweets),
        "low": sum(bool(t["translation"] and t["translation"]["low_confidence"]) for t in tweets),
    }


@pytest.fixture
def page_source(page, tmp_path):
    from pathlib import Path

    return Path((tmp_path / "annotated").read_text())


def test_every_tweet_with_its_direction_language_and_translation(page, page_source):
    soup = BeautifulSoup(page, "html.parser")
    tweets = soup.select("div.tweet")
    assert len(tweets) == 9  # 4 in samples/, 5 invented
    originals = {
        t["data-lang"]: t.select_one("p.original")
        for t in tweets
        if "The city is calm" in t.text or t["data-lang"] != "fa"
    }
    assert {"fa", "ps", "ar", "ur"} <= set(originals)
    for code in ("fa", "ps", "ar", "ur"):
        assert originals[code]["dir"] == "rtl" and originals[code]["lang"].split("-")[0] == code
    hostile = next(t for t in tweets if "@evil" in t.text)
    assert hostile.select_one("p.original")["dir"] == "auto"
    fa = originals["fa"].find_parent(class_="tweet")
    assert fa.select_one("p.translation").get_text() == "The city is calm."
    assert "not a real translation" in fa.select_one(".toy").get_text()
    ps = originals["ps"].find_parent(class_="tweet")
    assert ps["data-error"] == "1" and "no Argos package for ps" in ps.select_one(".error").text
    totals = {li["data-count"]: int(li.b.text) for li in soup.select("#totals li")}
    assert totals == _counts_in(page_source)
    bars = Counter()  # one bar per language, script and variety
    for bar in soup.select("#chart g.bar"):
        bars[bar["data-language"]] += int(bar["data-tweets"])
    assert sum(bars.values()) == 9 and all(bars[code] == 1 for code in ("ps", "ar", "ur"))
    assert bars["fa"] == 5


def test_hostile_text_is_only_text(page):
    soup = BeautifulSoup(page, "html.parser")
    assert len(soup.find_all("script")) == 1  # ours
    assert not soup.find_all("img") and not soup.find_all(attrs={"onerror": True})
    assert all(not a["href"].lower().startswith("javascript:") for a in soup.find_all("a"))
    hostile = next(t for t in soup.select("div.tweet") if "@evil" in t.text)
    assert hostile.select_one("p.original").get_text() == HOSTILE
    assert soup.find("h2", string="<script>alert(5)</script>")


def test_page_needs_nothing_from_anywhere(page):
    soup = BeautifulSoup(page, "html.parser")
    assert not soup.find_all(["link", "img", "iframe", "object", "embed"])
    assert not soup.find_all(attrs={"src": True})
    policy = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
    assert policy.startswith("default-src 'none'")
    # The inline style and script are allowed by their hashes, and nothing else is.
    for tag, directive in (("style", "style-src"), ("script", "script-src")):
        digest = base64.b64encode(hashlib.sha256(soup.find(tag).string.encode()).digest())
        assert f"{directive} 'sha256-{digest.decode()}'" in policy
    assert not re.search(r"https?://[^\"'<> ]+\.(?:css|js|woff2?)", page)


# -- in a real browser ---------------------------------------------------------------------------
def _chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        pytest.skip("no Chromium found: apt-get install -y chromium (.ci/run installs it)")
    pytest.importorskip(
        "playwright.sync_api",
        reason="the browser tests drive Chromium with Playwright for Python (test extra)",
    )
    return found


@pytest.fixture
def browser_page(page, tmp_path):
    """The report open in headless Chromium, with every request, console error, page error and
    dialog it causes recorded."""
    from playwright.sync_api import sync_playwright

    executable = _chromium()
    path = tmp_path / "shown.html"
    path.write_text(page, encoding="utf-8")
    seen = {"requests": [], "errors": [], "dialogs": []}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        tab = browser.new_page()
        tab.on("request", lambda request: seen["requests"].append(request.url))
        tab.on("console", lambda m: m.type == "error" and seen["errors"].append(m.text))
        tab.on("pageerror", lambda error: seen["errors"].append(str(error)))
        tab.on("dialog", lambda dialog: (seen["dialogs"].append(dialog.message), dialog.dismiss()))
        tab.goto(path.as_uri())
        yield tab, seen, path, browser
        browser.close()


def _reveal(tab, locator) -> None:
    """Scroll to it and let two frames pass: articles off screen are not laid out
    (``content-visibility: auto``), so their text is not rendered until then."""
    locator.scroll_into_view_if_needed()
    tab.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


def _shown(tab) -> list[str]:
    return tab.eval_on_selector_all(
        ".tweet", "els => els.filter(e => e.offsetParent !== null).map(e => e.dataset.lang)"
    )


def test_in_chromium_originals_read_right_to_left(browser_page, page_source):
    tab, seen, _, _ = browser_page
    annotated_path = page_source
    directions = tab.eval_on_selector_all(
        ".tweet",
        "els => Object.fromEntries(els.map(e => [e.dataset.lang, "
        "getComputedStyle(e.querySelector('p.original')).direction]))",
    )
    assert all(directions[code] == "rtl" for code in ("fa", "ps", "ar", "ur"))
    fa = tab.locator(".tweet", has_text=CALM)
    _reveal(tab, fa)
    assert fa.locator("p.original").is_visible() and fa.locator("p.translation").is_visible()
    assert fa.locator("p.translation").inner_text() == "The city is calm."
    assert fa.locator(".toy").is_visible()
    bars = tab.eval_on_selector_all(
        "#chart g.bar",
        "gs => gs.map(g => [g.dataset.language, g.querySelector('text:last-of-type').textContent])",
    )
    assert sum(int(count) for _, count in bars) == 9
    failed = _counts_in(annotated_path)["failed"]
    assert tab.locator('#totals [data-count="failed"] b').inner_text() == str(failed)
    assert seen["errors"] == [] and seen["dialogs"] == []


def test_in_chromium_filters_hide_and_show(browser_page, page_source):
    tab, seen, _, _ = browser_page
    assert len(_shown(tab)) == 9 and tab.locator("#controls").is_visible()
    tab.select_option("#filter-language", "ps")
    assert _shown(tab) == ["ps"] and "1 of 9" in tab.inner_text("#shown")
    tab.select_option("#filter-language", "")
    tab.check("#filter-errors")
    assert len(_shown(tab)) == _counts_in(page_source)["failed"]
    assert tab.locator(".tweet", has_text=CALM).is_hidden()  # the toy translated it
    tab.uncheck("#filter-errors")
    tab.check("#filter-low")
    low = _counts_in(page_source)["low"]  # --min-score 0: every translated tweet
    assert low == 5 and _shown(tab) == ["fa"] * low
    tab.uncheck("#filter-low")
    tab.fill("#filter-search", "city is CALM")
    texts = tab.eval_on_selector_all(
        ".tweet",
        "els => els.filter(e => e.offsetParent !== null).map(e => e.textContent.toLowerCase())",
    )
    assert texts and all("city is calm" in text for text in texts)
    assert tab.locator(".tweet", has_text=CALM).is_visible()
    tab.fill("#filter-search", "")
    assert len(_shown(tab)) == 9
    # an article whose tweets are all hidden is hidden too
    tab.select_option("#filter-language", "ar")
    assert tab.eval_on_selector_all(".article", "els => els.filter(e => !e.hidden).length") == 1
    assert seen["errors"] == []


def test_in_chromium_hostile_text_stays_text_and_nothing_is_fetched(browser_page):
    tab, seen, path, browser = browser_page
    hostile = tab.locator(".tweet", has_text="@evil").locator("p.original")
    _reveal(tab, hostile)
    assert hostile.inner_text() == HOSTILE
    tab.wait_for_timeout(300)  # an injected onerror or script would have run by now
    assert seen["dialogs"] == [] and seen["errors"] == []
    assert seen["requests"] == [path.as_uri()]
    # Without JavaScript: no controls, every tweet shown.
    static = browser.new_page(java_script_enabled=False)
    static.goto(path.as_uri())
    assert not static.locator("#controls").is_visible() and len(_shown(static)) == 9


def test_scores_pivots_and_alternatives_are_shown_as_text():
    from tweetx.writers.report import build_report

    translation = {
        "target": "de",
        "text": "Die Stadt ist ruhig.",
        "source": "fa",
        "package": {"name": "fa_en + en_de"},
        "toy": False,
        "hashtags": None,
        "score": -1.2345,
        "low_confidence": True,
        "pivot": "en",
        "alternatives": ["Die Stadt ist still.", "<img src=x onerror=alert(1)>"],
    }
    tweet = {
        "id": "1",
        "url": None,
        "author": {"name": "A", "handle": "a"},
        "date": None,
        "form": "blockquote",
        "text": "شهر آرام است.",
        "error": None,
        "language": {"code": "fa", "script": "Arab", "confidence": 0.99},
        "translation": translation,
    }
    record = {
        "url": "https://example.org/1",
        "tweetx": {"version": 1, "target": "de", "tweets": [tweet]},
    }
    soup = BeautifulSoup(build_report([record]), "html.parser")
    shown = soup.select_one("div.tweet").get_text(" ")
    assert "low confidence" in shown and "score -1.23" in shown and "through en" in shown
    alternatives = [p.get_text() for p in soup.select("p.alternative")]
    assert alternatives == ["or: Die Stadt ist still.", "or: <img src=x onerror=alert(1)>"]
    assert not soup.select("div.tweet img")


def test_malformed_and_hostile_addresses_are_text():
    from tweetx.writers.report import build_report

    records = [
        {"url": url, "tweetx": {"version": 1, "target": "en", "tweets": []}}
        for url in [
            "http://[oops/a",
            "java\tscript:alert(1)",
            " javascript:alert(2)",
            "HTTPS://example.org/ok",
        ]
    ]
    soup = BeautifulSoup(build_report(records), "html.parser")
    hrefs = [a["href"] for a in soup.find_all("a", href=True)]
    assert "HTTPS://example.org/ok" in hrefs and "http://[oops/a" in hrefs  # no crash
    assert not any("script" in href for href in hrefs)
