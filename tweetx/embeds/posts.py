"""Posts of platforms other than X in a page: Bluesky, Threads, Instagram, Facebook, Telegram,
Mastodon, TikTok, YouTube, LinkedIn and Reddit, in the forms ``../shared/design/platforms.md``
specifies: each platform's embed snippet (and its older versions), the iframe its script
renders, AMP components, WordPress embed figures, embed code kept escaped in an attribute, and
links to posts in the prose (form ``link``).

A post's ``text`` is its own words only: never the signature (``— Name (@h) DATE``,
``Posted by NAME on DATE``, ``A post shared by…``), ``[image or embed]``, ``View on …`` or a
TikTok sound credit. Forms that hold only an id (Threads, Mastodon, Telegram, LinkedIn,
Instagram's current snippet, every iframe) give a post without words.
"""

from __future__ import annotations

import copy
import html as html_module
import re
from collections.abc import Iterable
from typing import Optional

from ..model import Author, Tweet
from .dates import parse_date
from .platforms import MASTODON, id_date, post_ref, strip_tracking
from .tree import classes, document, is_element

#: Cheap test before a page is walked for posts: a name or host of one of the platforms, as
#: embed markup writes them (lower case). Substring tests: a case-blind pattern of the same
#: names took 0.27 ms a page, scanning pages that have none, as most of a crawl's do.
_MARKERS = (
    "bsky", "bluesky", "threads.", "instagr", "facebook", "telegram", "t.me/", "mastodon",
    "/embed", "tiktok", "youtu", "linkedin", "reddit", "redd.it",
)  # fmt: skip


def might_hold_posts(html: str) -> bool:
    """Whether a page may hold another platform's post (else it is not walked for them)."""
    return any(marker in html for marker in _MARKERS)


_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")
_HANDLE = re.compile(r"@([\w.-]+(?:@[\w.-]+)?)")
_TAG = re.compile(r"#(\w+)")
_WP_PROVIDERS = re.compile(
    r"wp-block-embed-(bluesky|threads|instagram|facebook|tiktok|youtube|reddit|mastodon)"
)
_AMP = {
    "amp-instagram": ("instagram", "data-shortcode"),
    "amp-facebook": ("facebook", "data-href"),
    "amp-tiktok": ("tiktok", "data-src"),
    "amp-reddit": ("reddit", "data-src"),
    "amp-youtube": ("youtube", "data-videoid"),
}
_URL_OF_ID = {
    "instagram": "https://www.instagram.com/p/{}/",
    "tiktok": "https://www.tiktok.com/embed/{}",
    "youtube": "https://www.youtube.com/watch?v={}",
}
_ESCAPED_IFRAME = re.compile(r"<iframe[^>]+src=\\?[\"']([^\"'\\]+)", re.I)


def find_posts(root, platforms: Iterable[str]) -> list[Tweet]:
    """The posts of ``platforms`` embedded in (or linked from) a page, in document order, one
    per post (the richest form wins)."""
    wanted = set(platforms) - {"x"}
    if root is None or not wanted:
        return []
    found: dict[tuple[str, str], Tweet] = {}
    claimed: set = set()
    for element in document(root):
        if not is_element(element) or element in claimed:
            continue
        post = _embed(element)
        if post is None and element.tag == "a":
            post = _link(element)
        elif post is None:
            post = _escaped(element)
        if post is None or post.platform not in wanted:
            continue
        if not post.form.endswith("-link"):
            claimed.update(element.iterdescendants())
        key = (post.platform, post.id or post.url or "")
        if key not in found or _richness(post) > _richness(found[key]):
            found[key] = post
    return list(found.values())


def _richness(post: Tweet) -> tuple:
    return (not post.form.endswith("-link"), post.text is not None, post.author.name is not None)


def _embed(element) -> Optional[Tweet]:
    tag = element.tag
    names = classes(element)
    if tag == "blockquote":
        if "bluesky-embed" in names:
            return _bluesky(element)
        if "text-post-media" in names:
            return _id_only(element.get("data-text-post-permalink"), "threads-blockquote")
        if "instagram-media" in names:
            return _instagram(element)
        if "mastodon-embed" in names:
            return _mastodon(
                element.get("data-embed-url") or _first_href(element), "mastodon-blockquote"
            )
        if "tiktok-embed" in names and element.get("data-embed-type") != "creator":
            return _tiktok(element)
        if {"reddit-embed-bq", "reddit-card"} & set(names):
            return _reddit(element)
    if tag == "div" and ("fb-post" in names or "fb-video" in names) and element.get("data-href"):
        return _facebook(element)
    if tag in ("fb:post", "fb_post", "fb:video", "fb_video") and element.get("href"):
        return _id_only(element.get("href"), "facebook-xfbml")
    if element.get("data-telegram-post"):
        return _id_only(f"https://t.me/{element.get('data-telegram-post')}", "telegram-script")
    if tag == "bluesky-post" and element.get("src"):
        return _bluesky(element)
    if tag in _AMP:
        return _amp(element)
    if tag == "lite-youtube" and element.get("videoid"):
        return _id_only(_URL_OF_ID["youtube"].format(element.get("videoid")), "youtube-lite")
    if tag == "iframe":
        return _iframe(element)
    if tag == "figure" and _WP_PROVIDERS.search(element.get("class") or ""):
        url = _first_href(element) or (element.findtext(".//div") or "").strip()
        post = _post(url, "wp", mastodon="mastodon" in (element.get("class") or ""))
        return post
    return None


def _post(url: Optional[str], form: str, mastodon: bool = False, **fields) -> Optional[Tweet]:
    """A post from its URL, with the fields a form read besides."""
    ref = post_ref(html_module.unescape(url or ""), mastodon=mastodon) if url else None
    if ref is None:
        return None
    author = fields.pop("author", None) or Author(None, ref.handle)
    if author.handle is None and ref.handle:
        author = Author(author.name, ref.handle, author.url)
    date = fields.get("date")
    return Tweet(
        form=f"{ref.platform}-{form}" if form in ("wp", "link", "json", "iframe", "amp") else form,
        text=fields.pop("text", None),
        id=ref.id,
        url=ref.url,
        author=author,
        platform=ref.platform,
        id_date=id_date(ref.platform, ref.id),
        date_check=_date_check(id_date(ref.platform, ref.id), date),
        **fields,
    )


def _date_check(encoded: Optional[str], written: Optional[str]) -> Optional[dict]:
    """As for tweets: a note when the id's date and the page's are more than a day apart."""
    if not encoded or not written:
        return None
    from datetime import date

    gap = abs((date.fromisoformat(encoded) - date.fromisoformat(written)).days)
    return None if gap <= 1 else {"id_date": encoded, "signature_date": written, "days_apart": gap}


def _id_only(url: Optional[str], form: str) -> Optional[Tweet]:
    return _post(url, form)


def _bluesky(element) -> Optional[Tweet]:
    uri = element.get("data-bluesky-uri") or element.get("src")
    paragraph = next(element.iter("p"), None)
    media: tuple = ()
    text = None
    if paragraph is not None:
        kept = copy.deepcopy(paragraph)
        for link in list(kept.iter("a")):
            if _all(link).strip() == "[image or embed]":
                media = ({"kind": "attached"},)
                _drop(link)
        text = _text(kept) or None
    name, handle, profile, date_text = _signature(element, paragraph)
    date = date_text[:10] if date_text and _ISO.match(date_text) else parse_date(date_text or "")
    return _post(
        uri or _first_href(element),
        "bluesky-oembed" if date_text and _ISO.match(date_text) else "bluesky-blockquote",
        text=text,
        author=Author(name, handle, strip_tracking(profile) if profile else None),
        date=date,
        date_text=date_text,
        lang_hint=(paragraph.get("lang") or None) if paragraph is not None else None,
        media=media,
        hashtags=tuple(_TAG.findall(text or "")),
        mentions=tuple(_HANDLE.findall(text or "")),
    )


def _signature(element, paragraph) -> tuple:
    """(name, handle, profile URL, date text) of a ``— NAME (@HANDLE) DATE`` signature: the
    links after the post's paragraph (the profile's, then the post's)."""
    links = [a for a in element.iter("a") if paragraph is None or a not in set(paragraph.iter("a"))]
    profile = next((a for a in links if "/post/" not in (a.get("href") or "")), None)
    dated = next((a for a in reversed(links) if "/post/" in (a.get("href") or "")), None)
    label = (_all(profile) if profile is not None else "").strip()
    handle_match = _HANDLE.search(label)
    handle = handle_match.group(1) if handle_match else None
    name = label[: handle_match.start()].strip(" (") if handle_match else None
    if not name:  # in-app form: the name stands before the link, after the dash
        before = "".join(element.itertext())
        tail = before.split("\u2014")[-1] if "\u2014" in before else ""
        name = tail.split("(")[0].strip() or None
    date_text = _all(dated).strip() if dated is not None else None
    return name, handle, profile.get("href") if profile is not None else None, date_text


def _instagram(element) -> Optional[Tweet]:
    url = element.get("data-instgrm-permalink") or _first_href(element)
    paragraphs = list(element.iter("p"))
    shared = next((p for p in paragraphs if "shared by" in _all(p)), None)
    caption = next((p for p in paragraphs if p is not shared and _all(p).strip()), None)
    text = _text(caption) if caption is not None else None
    name = handle = date_text = None
    if shared is not None:
        words = " ".join(_all(shared).split())
        match = re.search(r"shared by\s*(.*?)\s*\(@([\w.]+)\)(?:\s*on\s*(.+))?", words)
        if match:
            name, handle, date_text = match.group(1) or None, match.group(2), match.group(3)
        stamp = next(shared.iter("time"), None)
        if stamp is not None and stamp.get("datetime"):
            date_text = date_text or _all(stamp).strip()
            date = stamp.get("datetime")[:10]
        else:
            date = parse_date(date_text or "")
    else:
        date = None
    return _post(
        url,
        "instagram-blockquote",
        text=text,
        author=Author(name, handle),
        date=date,
        date_text=date_text,
        hashtags=tuple(_TAG.findall(text or "")),
        mentions=tuple(_HANDLE.findall(text or "")),
    )


def _facebook(element) -> Optional[Tweet]:
    quote = next(element.iter("blockquote"), None)
    text = name = profile = date_text = None
    if quote is not None:
        paragraph = next(quote.iter("p"), None)
        text = _text(paragraph) if paragraph is not None else None
        links = [
            a for a in quote.iter("a") if paragraph is None or a not in set(paragraph.iter("a"))
        ]
        if links:
            name, profile = (
                _all(links[0]).strip() or None,
                strip_tracking(links[0].get("href") or ""),
            )
            date_text = _all(links[-1]).strip() if len(links) > 1 else None
    truncated = bool(text and text.rstrip().endswith(("...", "…")))
    return _post(
        element.get("data-href"),
        "facebook-blockquote" if quote is not None else "facebook-stub",
        text=text,
        author=Author(name, None, profile),
        date=parse_date(date_text or ""),
        date_text=date_text,
        truncated=truncated,
        hashtags=tuple(_TAG.findall(text or "")),
    )


def _mastodon(url: Optional[str], form: str) -> Optional[Tweet]:
    return _post((url or "").removesuffix("/embed"), form, mastodon=True)


def _tiktok(element) -> Optional[Tweet]:
    section = next(element.iter("section"), element)
    kept = copy.deepcopy(section)
    handle = None
    for link in list(kept.iter("a")):
        words = _all(link).strip()
        if words.startswith("♬") or "/music/" in (link.get("href") or ""):
            _drop(link)
        elif words.startswith("@") and handle is None:
            handle = words[1:]
            _drop(link)
    text = _text(kept) or None
    return _post(
        element.get("cite") or _first_href(element),
        "tiktok-blockquote",
        text=text,
        author=Author(None, handle),
        hashtags=tuple(_TAG.findall(text or "")),
        media=({"kind": "video", "id": element.get("data-video-id")},),
    )


def _reddit(element) -> Optional[Tweet]:
    links = list(element.iter("a"))
    post_link = next((a for a in links if "/comments/" in (a.get("href") or "")), None)
    user = next((a for a in links if "/user/" in (a.get("href") or "")), None)
    return _post(
        post_link.get("href") if post_link is not None else None,
        "reddit-blockquote",
        title=(_all(post_link).strip() or None) if post_link is not None else None,
        author=Author(
            None,
            _all(user).strip().removeprefix("u/") if user is not None else None,
            user.get("href") if user is not None else None,
        ),
    )


def _amp(element) -> Optional[Tweet]:
    platform, attribute = _AMP[element.tag]
    value = (element.get(attribute) or element.get("src") or element.get("shortcode") or "").strip()
    if not value:
        return None
    url = value if "://" in value else _URL_OF_ID.get(platform, "{}").format(value)
    return _post(url, "amp")


def _iframe(element) -> Optional[Tweet]:
    source = html_module.unescape(element.get("src") or element.get("data-src") or "")
    if "facebook.com/plugins/" in source:
        from urllib.parse import parse_qs, urlsplit

        source = (parse_qs(urlsplit(source).query).get("href") or [""])[0]
    mastodon = "mastodon-embed" in classes(element) or bool(
        source.endswith("/embed") and MASTODON.match(source)
    )
    if mastodon:
        return _mastodon(source, "mastodon-iframe")
    post = _post(source, "iframe")
    if post is not None and post.platform == "youtube":
        title = (element.get("title") or "").strip()
        return post.replace(title=title or None, media=({"kind": "video", "id": post.id},))
    return post


def _link(element) -> Optional[Tweet]:
    """A link to a post in the prose (``form: <platform>-link``)."""
    href = element.get("href") or ""
    if not href.startswith("http"):
        return None
    return _post(href, "link")


def _escaped(element) -> Optional[Tweet]:
    """Embed code kept escaped in an attribute (``data-iframe="&lt;iframe src=…"``)."""
    for value in element.attrib.values():
        if "<iframe" in value or "&lt;iframe" in value:
            match = _ESCAPED_IFRAME.search(html_module.unescape(value))
            if match:
                source = match.group(1)
                if "facebook.com/plugins/" in source:
                    from urllib.parse import parse_qs, urlsplit

                    source = (parse_qs(urlsplit(source).query).get("href") or [""])[0]
                return _post(source, "json")
    return None


def _all(element) -> str:
    """All the words inside an element (lxml's etree elements have no ``text_content``)."""
    return "".join(element.itertext())


def _first_href(element) -> Optional[str]:
    return next((a.get("href") for a in element.iter("a") if a.get("href")), None)


def _drop(element) -> None:
    """Remove an element but keep the text after it."""
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail or ""
    previous = element.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
    parent.remove(element)


def _text(element) -> str:
    """An element's words with line breaks kept (``<br>`` as one) and spaces made single."""
    kept = copy.deepcopy(element)
    for br in list(kept.iter("br")):
        br.tail = "\n" + (br.tail or "")
    lines = "".join(kept.itertext()).split("\n")
    return "\n".join(" ".join(line.split()) for line in lines).strip()
