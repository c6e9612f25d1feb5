"""Posts of platforms other than X: Bluesky, Threads, Instagram, Facebook, Telegram, Mastodon,
TikTok, YouTube, LinkedIn and Reddit, in the forms ``../shared/design/platforms.md`` specifies
(it cites each platform's own embed code, iframely's domain plugins, the iamcal oEmbed list,
WordPress, and obsidianforensics/unfurl for the id→date decoders, re-implemented here).

One module per platform declares, in one place, its markup forms (``embed(element)``), its URL
pattern (``ref(url)``), the date its ids encode (``id_date(id)``, where they do) and its
signature in extractor text (``in_text(text)``). This package holds the walk they share: one
pass over the page's elements, links in the prose (form ``PLATFORM-link``), WordPress embed
figures (``-wp``), embed code kept escaped in attributes (``-json``), and one post per post (the
richest form wins). A post's ``text`` is its own words only: never a signature, ``[image or
embed]``, ``View on …`` or a sound credit.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Optional

from ...model import Tweet
from ..tree import is_element
from . import (
    bluesky,
    facebook,
    instagram,
    linkedin,
    mastodon,
    reddit,
    telegram,
    threads,
    tiktok,
    youtube,
)
from .common import PostRef, make_post, strip_tracking, unescaped, unwrapped

_MODULES = (
    bluesky,
    threads,
    instagram,
    facebook,
    telegram,
    mastodon,
    tiktok,
    youtube,
    linkedin,
    reddit,
)
_BY_NAME = {module.NAME: module for module in _MODULES}
#: Every platform tweetx finds posts of; ``x`` is X (Twitter), whose posts are the tweets.
PLATFORMS = ("x", *_BY_NAME)
#: What the page of a post of any platform holds somewhere, commonest on news pages first: a
#: page whose text has none is not walked for posts (on most of a crawl's pages every one is
#: tested, one substring search each).
_MARKERS = tuple(
    sorted(
        dict.fromkeys(m for module in _MODULES for m in module.MARKERS),
        key=lambda marker: marker not in ("facebook", "youtu", "instagr", "t.me/"),
    )
)
#: Mastodon's bare iframe: a path ending in /embed, then a quote (plain, escaped or an
#: entity), a space or the tag's end; not X's /embed/Tweet.html, on most pages that embed.
_EMBED_PATH_END = re.compile(r"/embed[\"'\\&> ]")
#: Which platforms' markup each element may be (by tag); figures and iframes are read here too.
_BY_TAG: dict[str, list] = {}
for _module in _MODULES:
    for _tag in _module.TAGS:
        _BY_TAG.setdefault(_tag, []).append(_module)
_CANDIDATE_TAGS = (*_BY_TAG, "a", "figure", "iframe")
_EMBED_TAGS_ONLY = tuple(tag for tag in _CANDIDATE_TAGS if tag != "a")
#: The registered domains of the platforms' post URLs: a link elsewhere is not read further.
_HOSTS = frozenset(host for module in _MODULES for host in module.HOSTS)
#: An address on a platform's host, or a subdomain of one (``m.facebook.com``): one search
#: whose literal start (``://``) the regular expression engine skips to, twice as fast on an
#: 88 KB page as collecting every address's host and looking each up.
_PLATFORM_ADDRESS = (
    r"://(?:[\w-]+\.)*(?i:"
    + "|".join(re.escape(host) for host in sorted(_HOSTS, key=len, reverse=True))
    + r")(?![\w.-])[^\s\"'<>]*"
)
#: The same search in the page's text and in the UTF-8 its parser read (a third faster there).
_ADDRESS_IN: dict[type, re.Pattern] = {
    str: re.compile(_PLATFORM_ADDRESS),
    bytes: re.compile(_PLATFORM_ADDRESS.encode()),
}
_WP_PROVIDER = re.compile(r"wp-block-embed-([a-z]+)")
_ESCAPED_IFRAME = re.compile(r"<iframe[^>]+src=\\?[\"']([^\"'\\]+)", re.I)

__all__ = [
    "PLATFORMS",
    "PostRef",
    "find_posts",
    "find_posts_in_text",
    "id_date",
    "post_ref",
    "strip_tracking",
]


def might_hold_posts(html: str) -> bool:
    """Whether a page may hold another platform's post, else it is not walked for them: a
    handful of substring tests (a case-blind pattern of the same names took 0.27 ms a page
    scanning pages that have none, as most of a crawl's do; these take 0.016)."""
    for marker in _MARKERS:
        if marker in html and (marker != "/embed" or _EMBED_PATH_END.search(html)):
            return True
    return False


#: Characters up to which a page's text is searched for posts' markers rather than its tree.
_SMALL_PAGE = 2000


def worth_reading_for_posts(html: str, parsed: bool) -> bool:
    """Whether a page is read for posts. One ``parsed`` for tweets anyway is walked for them
    (lxml picks out the few elements embed markup is made of: 0.11 ms on an 88 KB page) unless
    it is small enough that its text says it sooner (:func:`might_hold_posts`, ~6 ns a
    character); one not parsed is parsed only if its text names a platform."""
    return (parsed and len(html) > _SMALL_PAGE) or might_hold_posts(html)


def post_ref(url: str, mastodon_markup: bool = False) -> Optional[PostRef]:
    """The post a URL names, on any platform but X; Mastodon's only with ``mastodon_markup``
    (the caller saw Mastodon's embed markup: its path shape alone fits other software too).

    Example:
        >>> post_ref("https://t.me/kabulnow/1234?single").id
        'kabulnow/1234'
    """
    url = unescaped(url)
    scheme, sep, rest = url.partition("://")
    if sep and not (scheme.islower() and rest.split("/", 1)[0].islower()):
        # Hosts are case-blind (HTTPS://WWW.INSTAGRAM.COM/p/…); paths are not (a shortcode).
        host, slash, path = rest.partition("/")
        url = f"{scheme.lower()}://{host.lower()}{slash}{path}"
    for module in _MODULES:
        if module is mastodon and not mastodon_markup:
            continue
        found = module.ref(url)
        if found is not None:
            return found
    return None


def id_date(platform: str, post_id: Optional[str]) -> Optional[str]:
    """The UTC date a post's id encodes, where the platform's ids encode one.

    Example:
        >>> id_date("tiktok", "7276637697509199110"), id_date("mastodon", "mastodon.social/114638610368343397")
        ('2023-09-09', '2025-06-06')
    """
    decode = getattr(_BY_NAME.get(platform), "id_date", None)
    if not post_id or decode is None:
        return None
    try:
        return decode(post_id)
    except (ValueError, OverflowError):
        return None


def find_posts(root, platforms: Iterable[str], html: str | bytes | None = None) -> list[Tweet]:
    """The posts of ``platforms`` embedded in (or linked from) a page, in document order, one
    per post (the richest form wins: a rendered iframe and its blockquote are one post).

    Only the elements embed markup is made of are read (lxml picks them out in C), and of the
    links only those to a platform's host. Given the page's ``html``, its links are read only
    when one of its addresses is on a platform's host: one search of the text says so, where
    reading a news page's hundreds of links one by one costs more (the page as text, or the
    UTF-8 bytes :func:`..tree.utf8` made of it)."""
    wanted = set(platforms) - {"x"}
    if root is None or not wanted:
        return []
    tags = _CANDIDATE_TAGS
    if html is not None and not _names_a_post(html):
        tags = _EMBED_TAGS_ONLY
    found: dict[tuple[str, str], Tweet] = {}
    claimed: set = set()
    for element in root.iter(*tags):
        if element.tag == "a":  # most candidates, most of them relative: the test is inline
            href = element.get("href")
            if (
                not href
                or href[:4].lower() != "http"
                or element in claimed
                or _host(href) not in _HOSTS
            ):
                continue
            post = _post_of(post_ref(href), "link")
        elif element in claimed or not _may_be_a_post(element):
            continue
        else:
            post = _embed(element)
            if post is None and element.tag == "div":
                post = _escaped(element)
        if post is None or post.platform not in wanted:
            continue
        if not post.form.endswith("-link"):
            claimed.update(element.iterdescendants())
        key = (post.platform, post.id or post.url or "")
        if key not in found or _richness(post) > _richness(found[key]):
            found[key] = post
    return _one_bluesky_post_each(list(found.values())) if found else []


def _names_a_post(html: str | bytes) -> bool:
    """Whether any address on a platform's host in the page's text is a post's: else no link
    of the page is (a link is read only when its ``href`` starts with ``http``, and that
    address stands in the text), and its links, hundreds on a news page that links the
    outlet's own accounts (``facebook.com/kabulnews``), need not be read one by one."""
    for found in _ADDRESS_IN[type(html)].finditer(html):
        address = found[0] if isinstance(found[0], str) else found[0].decode("utf-8", "replace")
        # Bytes know ASCII spaces only: the text's address ends at its first space of any kind.
        if post_ref("https" + address.split(maxsplit=1)[0]):
            return True
    return False


def _may_be_a_post(element) -> bool:
    """A first look, cheaper than asking every platform: a blockquote needs a platform's class,
    an iframe a platform's host or Mastodon's path ending in ``/embed`` (not X's
    ``platform.twitter.com/embed/Tweet.html``, on most pages that embed anything); other tags
    are rarer."""
    tag = element.tag
    if tag == "blockquote":
        return not _BLOCKQUOTE_CLASSES.isdisjoint((element.get("class") or "").split())
    if tag == "iframe":
        source = element.get("src") or element.get("data-src") or ""
        return (
            _host(source) in _HOSTS
            or unescaped(source).endswith("/embed")
            or "embed.bsky.app" in source
            or "mastodon" in (element.get("class") or "")
        )
    if tag == "script":
        return element.get("data-telegram-post") is not None
    if tag == "div":  # a Facebook or Telegram embed, or embed code escaped in an attribute
        return (
            element.get("data-telegram-post") is not None
            or "fb-" in (element.get("class") or "")
            or any("iframe" in value for value in element.attrib.values())
        )
    return True


#: The classes of the platforms' embed blockquotes.
_BLOCKQUOTE_CLASSES = frozenset(
    "bluesky-embed text-post-media instagram-media mastodon-embed tiktok-embed reddit-embed-bq "
    "reddit-card".split()
)


def _host(url: str) -> str:
    """The registered domain of an http(s) URL (``www.facebook.com`` → ``facebook.com``)."""
    if url[:4].lower() != "http" or url.count("/") < 2:
        return ""
    host = url.split("/", 3)[2].split(":")[0]
    return ".".join(host.rsplit(".", 2)[-2:]).lower()


def _one_bluesky_post_each(posts: list[Tweet]) -> list[Tweet]:
    """A Bluesky post named by its handle (``handle/rkey``, as prose links do) and by its DID
    (``at://DID/…/rkey``, as embeds do) is one post when the page itself ties the two: the
    embed's signature shows that handle. Handles change hands, so nothing else joins them."""
    shown = {
        (p.author.handle, p.id.rsplit("/", 1)[-1])
        for p in posts
        if p.platform == "bluesky" and p.id and p.id.startswith("at://") and p.author.handle
    }
    return [
        p
        for p in posts
        if not (
            p.platform == "bluesky"
            and p.id
            and not p.id.startswith("at://")
            and tuple(p.id.rsplit("/", 1)) in shown
        )
    ]


def find_posts_in_text(text: str, platforms: Iterable[str]) -> list[Tweet]:
    """The posts whose signatures scraped text holds, in order of appearance."""
    view = unwrapped(text)
    found = [
        post
        for name in set(platforms) - {"x"}
        if hasattr(_BY_NAME.get(name), "in_text")
        for post in _BY_NAME[name].in_text(view)
    ]
    # Spans may begin together (words read back on one line): their ends break the tie, never
    # the order platforms come out of a set in.
    return sorted(found, key=lambda post: post.span or (0, 0))


def _richness(post: Tweet) -> tuple:
    return (not post.form.endswith("-link"), post.text is not None, post.author.name is not None)


def _embed(element) -> Optional[Tweet]:
    for module in _BY_TAG.get(element.tag, ()):
        post = module.embed(element)
        if post is not None:
            return post
    if element.tag == "iframe":  # the rendered forms: a post's own embed page
        found = post_ref(element.get("src") or element.get("data-src") or "")
        return _post_of(found, "iframe")
    if element.tag == "figure":
        provider = _WP_PROVIDER.search(element.get("class") or "")
        # A figure around the embed's own markup is its wrapper: the markup inside is read
        # (with its words). Only a figure holding nothing but the URL is the post itself.
        if provider and provider.group(1) in _BY_NAME and not _holds_markup(element):
            url = next((a.get("href") for a in element.iter("a") if a.get("href")), None)
            url = url or "".join(element.itertext()).strip()
            return _post_of(post_ref(url, provider.group(1) == "mastodon"), "wp")
    return None


def _holds_markup(element) -> bool:
    return any(
        is_element(inner) and (inner.tag in _EMBED_TAGS or inner.tag.startswith("amp-"))
        for inner in element.iterdescendants()
    )


_EMBED_TAGS = {"blockquote", "iframe", "script", "bluesky-post", "lite-youtube"}


def _post_of(found: Optional[PostRef], kind: str) -> Optional[Tweet]:
    """A post of a generic form (``-iframe``, ``-wp``, ``-link``, ``-json``): its URL alone."""
    if found is None:
        return None
    return make_post(found, f"{found.platform}-{kind}", id_date(found.platform, found.id))


def _escaped(element) -> Optional[Tweet]:
    """Embed code kept escaped in an attribute (``data-iframe="&lt;iframe src=…"``)."""
    for value in element.attrib.values():
        if "<iframe" in value or "&lt;iframe" in value:
            match = _ESCAPED_IFRAME.search(unescaped(value))
            if match:
                return _post_of(post_ref(match.group(1)), "json")
    return None
