"""HTML output: metadata inside the page, escaped, attached once."""

from __future__ import annotations

import json

from bs4 import BeautifulSoup

from tweetx import Annotator
from tweetx.writers.files import open_output
from tweetx.writers.pages import annotate_html

EVIL = '</script><script>alert(1)</script>" onerror="alert(2)'
PAGE = (
    '<html><head><title>t</title></head><body><blockquote class="twitter-tweet">'
    '<p lang="en">{text}</p>&mdash; A (@a) <a href="https://twitter.com/a/status/5">'
    "July 7, 2021</a></blockquote></body></html>"
)


def _annotated(html):
    record = Annotator(translate=False).annotate_record({"html": html})
    return annotate_html(html, record), record


def test_metadata_block_and_attributes():
    html, record = _annotated(PAGE.format(text="Security forces patrol the city"))
    soup = BeautifulSoup(html, "html.parser")
    block = soup.find("script", id="tweetx-metadata")
    assert json.loads(block.string) == record["tweetx"]
    embed = soup.find("blockquote")
    assert embed["data-tweetx-id"] == "5" and embed["data-tweetx-lang"] == "en"


def test_hostile_tweet_text_stays_inert():
    html, record = _annotated(PAGE.format(text=EVIL.replace("<", "&lt;").replace(">", "&gt;")))
    soup = BeautifulSoup(html, "html.parser")
    scripts = soup.find_all("script")
    assert [s.get("id") for s in scripts] == ["tweetx-metadata"]  # no injected script
    assert not soup.find_all(attrs={"onerror": True})
    assert (
        json.loads(scripts[0].string)["tweets"][0]["text"] == record["tweetx"]["tweets"][0]["text"]
    )


def test_annotating_twice_attaches_once():
    html, _ = _annotated(PAGE.format(text="Security forces patrol the city"))
    again, _ = _annotated(html)
    soup = BeautifulSoup(again, "html.parser")
    assert len(soup.find_all("script", id="tweetx-metadata")) == 1
    assert again == html


def test_output_file_is_atomic(tmp_path):
    target = tmp_path / "out.jsonl"
    try:
        with open_output(str(target)) as handle:
            handle.write("partial\n")
            raise RuntimeError("crash mid-run")
    except RuntimeError:
        pass
    assert not target.exists()
    assert list(tmp_path.iterdir()) == []


def test_hostile_translation_stays_inert():
    page = PAGE.format(text="Security forces patrol the city")
    _, record = _annotated(page)
    record["tweetx"]["tweets"][0]["translation"] = {
        "target": "en",
        "text": EVIL,
        "source": "fa",
        "package": {},
        "toy": False,
        "hashtags": None,
    }
    soup = BeautifulSoup(annotate_html(page, record), "html.parser")
    assert [s.get("id") for s in soup.find_all("script")] == ["tweetx-metadata"]
    assert not soup.find_all(attrs={"onerror": True})
    assert soup.find("blockquote")["data-tweetx-translation"] == EVIL
    metadata = json.loads(soup.find("script", id="tweetx-metadata").string)
    assert metadata["tweets"][0]["translation"]["text"] == EVIL
