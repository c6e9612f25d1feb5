"""Crawl the sample pages with tweetx in the pipeline, and write a JSONL feed.

    python samples/scrapy/crawl_samples.py [OUT.jsonl]     # default: out/scrapy-samples.jsonl

It serves samples/ on 127.0.0.1 (a port the system picks), crawls every page it links to, and
lets the tweetx add-on annotate each item: items come out with a "tweetx" field holding what
`tweetx annotate` writes for the same page. Translation happens when an Argos package for the
tweets' language is installed (`tweetx models install FILE.argosmodel`); otherwise the tweets
are found and identified, with the reason they were not translated.
"""

from __future__ import annotations

import functools
import http.server
import sys
import threading
from pathlib import Path

import scrapy
from scrapy.crawler import CrawlerProcess

SAMPLES = Path(__file__).resolve().parent.parent


class SamplePages(scrapy.Spider):
    name = "samples"
    allowed_domains = ["127.0.0.1"]  # the embeds link to twitter.com: not followed

    def parse(self, response):
        if not response.url.endswith("/"):  # a page
            yield {
                "url": response.url,
                "title": response.css("title::text").get(),
                "html": response.text,
            }
        for href in response.css("a::attr(href)").getall():  # pages, and http.server's listings
            if href.endswith((".html", "/")):
                yield response.follow(href, self.parse)


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "out/scrapy-samples.jsonl")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(SAMPLES))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    process = CrawlerProcess(
        settings={
            # The two lines a project adds to its settings.py:
            "ADDONS": {"tweetx.contrib.scrapy.Addon": 0},
            "TWEETX_TARGET": "en",
            # This example's own settings:
            "FEEDS": {str(out): {"format": "jsonlines", "encoding": "utf-8", "overwrite": True}},
            "ROBOTSTXT_OBEY": False,
            "LOG_LEVEL": "INFO",
        }
    )
    process.crawl(SamplePages, start_urls=[f"http://127.0.0.1:{server.server_address[1]}/"])
    process.start()
    server.shutdown()
    print(f"feed written to {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
