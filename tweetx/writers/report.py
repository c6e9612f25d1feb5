"""The review report (``tweetx report``): one self-contained HTML page over a run's annotated
records, for an editor to read each tweet beside its translation.

The page loads nothing: its style and script are inline, allowed by hash in its
Content-Security-Policy (``default-src 'none'``), so neither a network nor a text that slipped
past escaping could make it fetch or run anything else. Every text is HTML-escaped; links
are kept only when they are ``http(s)``. Without JavaScript every tweet is shown; with it,
filters by language, by "has an error" and a search box narrow them. The HTML, CSS and
JavaScript templates are package data in ``writers/report_templates/``.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import html
import os
import re
from collections import Counter
from collections.abc import Iterable
from string import Template
from typing import Optional

TEMPLATES = os.path.join(os.path.dirname(__file__), "report_templates")
#: Languages written right to left: their originals get ``dir="rtl"`` (others ``auto``).
RTL_LANGUAGES = {"fa", "ps", "ar", "ur", "sd", "ckb", "ug", "he", "yi", "dv"}
NAMES = {
    "fa": "Persian",
    "ps": "Pashto",
    "ar": "Arabic",
    "ur": "Urdu",
    "en": "English",
    "und": "undetermined",
}
VARIETIES = {"prs": "Dari", "pes": "Iranian"}
#: How the page names each platform (the badge on a post, the filter's choices).
PLATFORM_NAMES = {
    "x": "X",
    "bluesky": "Bluesky",
    "threads": "Threads",
    "instagram": "Instagram",
    "facebook": "Facebook",
    "telegram": "Telegram",
    "mastodon": "Mastodon",
    "tiktok": "TikTok",
    "youtube": "YouTube",
    "linkedin": "LinkedIn",
    "reddit": "Reddit",
}


def build_report(
    records: Iterable[dict], title: str = "tweetx review", now: Optional[dt.datetime] = None
) -> str:
    """The report page for annotated records (what ``tweetx annotate`` writes).

    Example:
        >>> page = build_report([{"url": "https://a.example/1", "tweetx": {"tweets": [
        ...     {"text": "<b>سلام</b>", "language": {"code": "fa"}}]}}])
        >>> '<p class="original" lang="fa" dir="rtl">&lt;b&gt;سلام&lt;/b&gt;</p>' in page
        True
    """
    counts: Counter = Counter()
    by_language: Counter = Counter()  # (code, script, variety, what) -> tweets
    sections = []
    platforms: set = set()
    for record in records:
        meta = record.get("tweetx")
        if not isinstance(meta, dict):
            continue
        counts["articles"] += 1
        tweets = [t for t in meta.get("tweets") or () if isinstance(t, dict)]
        # Other platforms' posts are shown with the tweets, with their platform's name on them.
        tweets += [p for p in meta.get("posts") or () if isinstance(p, dict)]
        for tweet in tweets:
            platforms.add(tweet.get("platform") or "x")
            language = tweet.get("language") or {}
            translation = tweet.get("translation") or {}
            key = (
                language.get("code") or "und",
                language.get("script") or "",
                language.get("variety") or "",
            )
            counts["tweets" if (tweet.get("platform") or "x") == "x" else "posts"] += 1
            by_language[key + ("tweets",)] += 1
            if translation.get("text") is not None:
                counts["translated"] += 1
                by_language[key + ("translated",)] += 1
                counts["toy"] += bool(translation.get("toy"))
                counts["low"] += bool(translation.get("low_confidence"))
            if tweet.get("error"):
                counts["failed"] += 1
                by_language[key + ("failed",)] += 1
        sections.append(_article(record, meta, tweets))
    languages = sorted(
        {key[:3] for key in by_language}, key=lambda k: (-by_language[k + ("tweets",)], k)
    )
    page = Template(_read("report.html"))
    style, script = (_read(name) for name in ("report.css", "report.js"))
    codes = sorted({key[0] for key in languages})
    made = now or dt.datetime.now()
    return page.substitute(
        title=html.escape(title),
        generated=html.escape(
            f"Made by tweetx on {made:%Y-%m-%d %H:%M} from "
            f"{counts['articles']:,} annotated records."
        ),
        totals="".join(
            f'<li data-count="{name}"><b>{counts[name]:,}</b> {label}</li>'
            for name, label in (
                ("articles", "articles"),
                ("tweets", "tweets"),
                ("posts", "posts of other platforms"),
                ("translated", "translated"),
                ("failed", "with an error"),
                ("toy", "toy translations (not real)"),
                ("low", "below --min-score"),
            )
            if name != "posts" or counts["posts"]  # a report of tweets alone is as it was
        ),
        chart=_chart(languages, by_language),
        table=_table(languages, by_language),
        language_options="".join(
            f'<option value="{html.escape(c)}">{html.escape(_name(c))}</option>' for c in codes
        ),
        platform_options="".join(
            f'<option value="{html.escape(p)}">{html.escape(PLATFORM_NAMES.get(p, p))}</option>'
            for p in sorted(platforms, key=lambda p: (p != "x", p))
        ),
        articles="\n".join(sections),
        style=style,
        style_hash=_hash(style),
        script=script,
        script_hash=_hash(script),
    )


def _read(name: str) -> str:
    with open(os.path.join(TEMPLATES, name), encoding="utf-8") as handle:
        return handle.read()


def _hash(text: str) -> str:
    return base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def _name(code: str) -> str:
    return f"{NAMES.get(code, code)} ({code})" if code in NAMES else code


def _label(key: tuple) -> str:
    code, script, variety = key
    label = _name(code)
    if variety:
        label += f", {VARIETIES.get(variety, variety)}"
    return label + (f" · {script}" if script else "")


def _chart(languages: list, by_language: Counter) -> str:
    """Bars of tweets per language (translated part darker): inline SVG, no script needed."""
    if not languages:
        return "<p>No tweets.</p>"
    most = max(by_language[k + ("tweets",)] for k in languages)
    row, width, left = 24, 260, 190
    parts = [
        f'<svg id="chart" role="img" aria-label="Tweets per language" '
        f'width="{left + width + 60}" height="{row * len(languages) + 8}" '
        'xmlns="http://www.w3.org/2000/svg">'
    ]
    for i, key in enumerate(languages):
        tweets, translated = by_language[key + ("tweets",)], by_language[key + ("translated",)]
        y = 4 + i * row
        parts.append(
            f'<g class="bar" data-language="{html.escape(key[0])}" data-tweets="{tweets}" '
            f'data-translated="{translated}">'
            f'<text x="{left - 6}" y="{y + 15}" text-anchor="end">{html.escape(_label(key))}</text>'
            f'<rect x="{left}" y="{y + 2}" height="16" width="{width * tweets / most:.1f}" '
            f'fill="#9db7d6"/><rect x="{left}" y="{y + 2}" height="16" '
            f'width="{width * translated / most:.1f}" fill="#2f5d8c"/>'
            f'<text x="{left + width * tweets / most + 6:.1f}" y="{y + 15}">{tweets}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _table(languages: list, by_language: Counter) -> str:
    head = (
        '<table id="languages"><thead><tr><th>language</th><th>script</th><th>variety</th>'
        '<th class="n">tweets</th><th class="n">translated</th><th class="n">failed</th>'
        "</tr></thead><tbody>"
    )
    rows = "".join(
        f"<tr><td>{html.escape(_name(code))}</td><td>{html.escape(script)}</td>"
        f"<td>{html.escape(VARIETIES.get(variety, variety))}</td>"
        + "".join(
            f'<td class="n">{by_language[(code, script, variety, what)]}</td>'
            for what in ("tweets", "translated", "failed")
        )
        + "</tr>"
        for code, script, variety in languages
    )
    return head + rows + "</tbody></table>"


_WEB_ADDRESS = re.compile(r"https?://", re.I)


def _link(url, text: Optional[str] = None) -> str:
    """A link when ``url`` is http(s); otherwise the text alone (``javascript:`` stays inert)."""
    if not isinstance(url, str) or not url:
        return html.escape(text or "")
    shown = html.escape(text if text is not None else url)
    # The address must start with http:// or https:// exactly: urlsplit raises on some
    # malformed ones ("http://[oops"), and browsers drop tabs and newlines inside a scheme.
    if not _WEB_ADDRESS.match(url):
        return shown
    return f'<a href="{html.escape(url, quote=True)}" rel="noreferrer noopener">{shown}</a>'


def _article(record: dict, meta: dict, tweets: list) -> str:
    url, title = record.get("url"), record.get("title")
    source = meta.get("source") or record.get("source") or ""
    where = f"{source}:{meta['line']}" if meta.get("line") else source
    heading = (
        title
        if isinstance(title, str) and title.strip()
        else (url if isinstance(url, str) and url else where)
    )
    date = record.get("date") if isinstance(record.get("date"), str) else ""
    error = meta.get("error")
    shown = [_link(url)] if isinstance(url, str) and url else []
    shown += [html.escape(where)] + ([html.escape(date)] if date else [])
    parts = [
        f'<section class="article"><h2>{html.escape(heading)}</h2>',
        f'<p class="meta">{" · ".join(shown)}</p>',
    ]
    if isinstance(error, dict):
        parts.append(f'<p class="error">{html.escape(_error(error))}</p>')
    parts.extend(_tweet(t) for t in tweets)
    parts.append("</section>")
    return "".join(parts)


def _error(error: dict) -> str:
    return f"{error.get('type', 'Error')}: {error.get('message', '')}"


def _tweet(tweet: dict) -> str:
    language = tweet.get("language") or {}
    translation = tweet.get("translation") or {}
    author = tweet.get("author") or {}
    code = language.get("code") or "und"
    lang = "fa-AF" if language.get("variety") == "prs" else code
    direction = "rtl" if code in RTL_LANGUAGES else "auto"
    text = tweet.get("text") if tweet.get("text") is not None else tweet.get("title")
    platform = str(tweet.get("platform") or "x")
    original = (
        f'<p class="original" lang="{html.escape(lang)}" dir="{direction}">{html.escape(text)}</p>'
        if text is not None
        else '<p class="original missing">(the page did not carry the text)</p>'
    )
    if translation.get("text") is not None:
        toy = bool(translation.get("toy"))
        target = translation.get("target") or ""
        rendered = (
            f'<p class="translation{" is-toy" if toy else ""}" lang="{html.escape(target)}"'
            f' dir="auto">{html.escape(translation["text"])}</p>'
        )
        if toy:
            rendered = '<span class="toy">TOY model: not a real translation</span>' + rendered
        score = translation.get("score")
        notes = ([f"score {score:.2f}"] if isinstance(score, (int, float)) else []) + (
            [f"through {html.escape(translation['pivot'])}"] if translation.get("pivot") else []
        )
        if translation.get("low_confidence"):
            rendered = '<span class="flag">low confidence</span>' + rendered
        if notes:
            rendered += f'<p class="meta">{" · ".join(notes)}</p>'
        rendered += "".join(
            f'<p class="alternative" lang="{html.escape(target)}" dir="auto">'
            f"or: {html.escape(str(a))}</p>"
            for a in translation.get("alternatives") or ()
        )
    else:
        rendered = '<p class="translation missing">(no translation)</p>'
    error = tweet.get("error")
    who = " ".join(
        filter(
            None,
            [
                html.escape(author.get("name") or ""),
                f"@{html.escape(author['handle'])}" if author.get("handle") else "",
            ],
        )
    )
    details = [
        who,
        html.escape(tweet.get("date") or ""),
        _link(tweet.get("url"), "status" if platform == "x" else "post")
        if tweet.get("url")
        else "",
        html.escape(tweet.get("form") or ""),
    ]
    confidence = language.get("confidence")
    lang_line = (
        html.escape(_name(code))
        + (
            f", {VARIETIES.get(language['variety'], language['variety'])}"
            if language.get("variety")
            else ""
        )
        + (f" · confidence {confidence:.3f}" if isinstance(confidence, (int, float)) else "")
    )
    evidence = "; ".join(str(e) for e in language.get("evidence") or ())
    low = 1 if translation.get("low_confidence") else 0
    badge = (
        f'<span class="platform">{html.escape(PLATFORM_NAMES.get(platform, platform))}</span> '
        if platform != "x"
        else ""
    )
    return (
        f'<div class="tweet" data-lang="{html.escape(code)}" data-error="{1 if error else 0}"'
        f' data-low="{low}" data-platform="{html.escape(platform)}">'
        f'<p class="meta">{badge}{" · ".join(d for d in details if d)}</p>'
        f'<div class="texts"><div>{original}</div><div>{rendered}</div></div>'
        f'<p class="meta">{lang_line}</p>'
        + (f'<p class="evidence">{html.escape(evidence)}</p>' if evidence else "")
        + (f'<p class="error">{html.escape(_error(error))}</p>' if isinstance(error, dict) else "")
        + "</div>"
    )
