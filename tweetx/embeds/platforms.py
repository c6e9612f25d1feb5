"""Posts of platforms other than X: their URLs and ids, and the dates their ids encode.

Patterns and id layouts follow ``../shared/design/platforms.md``, which cites its sources
(iframely's domain plugins, the iamcal oEmbed provider list, WordPress, the platforms' own
embed code, and obsidianforensics/unfurl for the id→date decoders, re-implemented here).
Mastodon has no fixed host: a URL of its path shape counts only beside Mastodon's embed markup
(:mod:`.posts` decides), never by a list of hosts.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from typing import NamedTuple, Optional
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

#: Every platform tweetx finds posts of; ``x`` is X (Twitter), whose posts are the tweets.
PLATFORMS = (
    "x",
    "bluesky",
    "threads",
    "instagram",
    "facebook",
    "telegram",
    "mastodon",
    "tiktok",
    "youtube",
    "linkedin",
    "reddit",
)


class PostRef(NamedTuple):
    """What a post's URL says: its platform, id (a string), canonical URL and author handle."""

    platform: str
    id: str
    url: str
    handle: Optional[str] = None


_BLUESKY = re.compile(
    r"https?://bsky\.app/profile/(?P<actor>did:[a-z0-9]+:[A-Za-z0-9._:%-]+|[A-Za-z0-9.-]+)"
    r"/post/(?P<rkey>[A-Za-z0-9._:~-]+)"
)
_AT_URI = re.compile(
    r"at://(?P<actor>did:[a-z0-9]+:[A-Za-z0-9._:%-]+|[A-Za-z0-9.-]+)/app\.bsky\.feed\.post/"
    r"(?P<rkey>[A-Za-z0-9._:~-]+)"
)
_BLUESKY_EMBED = re.compile(
    r"https?://embed\.bsky\.app/embed/(?P<actor>did:[a-z0-9]+:[A-Za-z0-9._:%-]+)/"
    r"app\.bsky\.feed\.post/(?P<rkey>[A-Za-z0-9._:~-]+)"
)
_THREADS = re.compile(
    r"https?://(?:www\.)?threads\.(?:net|com)/(?:@(?P<user>[\w.]+)/post|t)/(?P<code>[\w-]+)"
)
_INSTAGRAM = re.compile(
    r"https?://(?:www\.)?instagr(?:am\.com|\.am)/(?:[A-Za-z0-9_.]+/)?(?P<kind>p|reels?|tv)/"
    r"(?P<code>[A-Za-z0-9_-]+)"
)
_FACEBOOK_HOST = r"https?://(?:www\.|m\.|web\.|business\.|mbasic\.)?facebook\.com"
_FACEBOOK = [
    re.compile(_FACEBOOK_HOST + r"/(?P<page>[\w.-]+)/(?:posts|activity)/(?P<id>\d{6,}|pfbid\w+)"),
    re.compile(_FACEBOOK_HOST + r"/(?P<page>[\w.-]+)/videos/(?:[\w.-]+/)?(?P<id>\d{6,})"),
    re.compile(_FACEBOOK_HOST + r"/(?P<page>[\w.-]+)/photos/(?:[\w.-]+/)*(?P<id>\d{10,})"),
    re.compile(_FACEBOOK_HOST + r"/groups/(?P<page>[\w.-]+)/posts/(?P<id>\d{6,})"),
    re.compile(
        _FACEBOOK_HOST + r"/(?:permalink|story)\.php\?(?:[^#\s]*&)?story_fbid=(?P<id>[\w]+)"
    ),
    re.compile(_FACEBOOK_HOST + r"/(?:watch/?|video\.php)\?(?:[^#\s]*&)?(?:v|id)=(?P<id>\d+)"),
    re.compile(_FACEBOOK_HOST + r"/reel/(?P<id>\d+)"),
    re.compile(_FACEBOOK_HOST + r"/photo(?:\.php)?/?\?(?:[^#\s]*&)?fbid=(?P<id>\d+)"),
]
_TELEGRAM = re.compile(
    r"https?://(?:t\.me|telegram\.me|telegram\.dog)/(?:s/)?(?P<channel>[A-Za-z][A-Za-z0-9_]{3,31})"
    r"/(?P<id>\d+)"
)
_TELEGRAM_NOT_CHANNELS = {"joinchat", "addstickers", "c", "share", "iv"}
#: Mastodon's path shape (any host): ``/@user[@domain]/ID``, ActivityPub's ``/users/U/statuses/ID``.
MASTODON = re.compile(
    r"https?://(?P<host>[A-Za-z0-9.-]+\.[a-z]{2,})/(?:@(?P<user>\w+)(?:@(?P<domain>[A-Za-z0-9.-]+))?"
    r"|users/(?P<user2>\w+)/statuses|web/statuses)/(?P<id>\d{6,20})(?:/embed)?(?=[/?#\"'\s]|$)"
)
_TIKTOK = re.compile(
    r"https?://(?:www\.|m\.)?tiktok\.com/@(?P<user>[\w.-]+)/(?:video|photo)/(?P<id>\d{15,20})"
)
_TIKTOK_PLAYER = re.compile(
    r"https?://(?:www\.)?tiktok\.com/(?:player/v1|embed/v2|embed)/(?P<id>\d{15,20})"
)
_YOUTUBE = re.compile(
    r"https?://(?:www\.|m\.|music\.)?(?:youtube(?:-nocookie)?\.com/(?:watch\?(?:[^#\s]*&)?v=|"
    r"(?:embed|v|shorts|live)/)|youtu\.be/)(?P<id>[A-Za-z0-9_-]{11})(?![A-Za-z0-9_-])"
)
_LINKEDIN = [
    re.compile(
        r"https?://(?:www\.)?linkedin\.com/(?:embed/)?feed/update/urn:li:"
        r"(?P<kind>share|ugcPost|activity):(?P<id>\d{19})"
    ),
    re.compile(
        r"https?://(?:www\.)?linkedin\.com/posts/[^/?#\s]*?-(?P<kind>activity|share|ugcPost)-"
        r"(?P<id>\d{19})-[A-Za-z0-9_-]{4}"
    ),
]
_REDDIT = re.compile(
    r"https?://(?:www\.|old\.|new\.)?reddit\.com/r/(?P<sub>\w+)/comments/(?P<id>[a-z0-9]{5,9})"
    r"(?:/[^/?#\s]*)?(?:/(?:comment/)?(?P<cid>[a-z0-9]{5,9}))?"
)
_REDDIT_EMBED = re.compile(
    r"https?://(?:embed\.reddit\.com|www\.redditmedia\.com)/r/(?P<sub>\w+)/comments/"
    r"(?P<id>[a-z0-9]{5,9})"
)
#: Query parameters that only say where a link was shared from.
_TRACKING = re.compile(r"(?i)^(?:utm_\w+|ref_src|ref_url|refer|igshid|igsh|ref|fbclid|si)$")


def strip_tracking(url: str) -> str:
    """The URL without tracking parameters (``?ref_src=embed``, ``utm_*``…) or a fragment.

    Example:
        >>> strip_tracking("https://www.instagram.com/p/B_fawQoFahE/?utm_source=ig_embed&x=1")
        'https://www.instagram.com/p/B_fawQoFahE/?x=1'
    """
    parts = urlsplit(url)
    query = [
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k)
    ]
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), ""))


def post_ref(url: str, mastodon: bool = False) -> Optional[PostRef]:
    """The post a URL names, on any platform but X; Mastodon's only with ``mastodon`` (the
    caller has seen Mastodon's embed markup: the path shape alone fits other software too).

    Example:
        >>> post_ref("https://bsky.app/profile/a.bsky.social/post/3kq2xyz7abc2d?ref_src=embed")
        PostRef(platform='bluesky', id='a.bsky.social/3kq2xyz7abc2d', url='https://bsky.app/profile/a.bsky.social/post/3kq2xyz7abc2d', handle='a.bsky.social')
    """
    url = url.strip()
    for pattern in (_BLUESKY, _BLUESKY_EMBED, _AT_URI):
        match = pattern.match(url)
        if match:
            actor, rkey = match["actor"], match["rkey"]
            post_id = (
                f"at://{actor}/app.bsky.feed.post/{rkey}"
                if actor.startswith("did:")
                else f"{actor}/{rkey}"
            )
            canonical = f"https://bsky.app/profile/{actor}/post/{rkey}"
            return PostRef(
                "bluesky", post_id, canonical, None if actor.startswith("did:") else actor
            )
    match = _THREADS.match(url)
    if match:
        return PostRef("threads", match["code"], strip_tracking(match.group(0)), match["user"])
    match = _INSTAGRAM.match(url)
    if match:
        canonical = f"https://www.instagram.com/{match['kind']}/{match['code']}/"
        return PostRef("instagram", match["code"], canonical)
    for pattern in _FACEBOOK:
        match = pattern.match(url)
        if match:
            page = match.groupdict().get("page")
            return PostRef("facebook", match["id"], strip_tracking(url), page)
    match = _TELEGRAM.match(url)
    if match and match["channel"].lower() not in _TELEGRAM_NOT_CHANNELS:
        channel, number = match["channel"], match["id"]
        return PostRef(
            "telegram", f"{channel}/{number}", f"https://t.me/{channel}/{number}", channel
        )
    for pattern in (_TIKTOK, _TIKTOK_PLAYER):
        match = pattern.match(url)
        if match:
            user = match.groupdict().get("user")
            canonical = (
                f"https://www.tiktok.com/@{user}/video/{match['id']}"
                if user
                else f"https://www.tiktok.com/video/{match['id']}"
            )
            return PostRef("tiktok", match["id"], canonical, user)
    match = _YOUTUBE.match(url)
    if match:
        return PostRef("youtube", match["id"], f"https://www.youtube.com/watch?v={match['id']}")
    for pattern in _LINKEDIN:
        match = pattern.match(url)
        if match:
            urn = f"urn:li:{match['kind']}:{match['id']}"
            return PostRef(
                "linkedin",
                f"{match['kind']}:{match['id']}",
                f"https://www.linkedin.com/feed/update/{urn}/",
            )
    for pattern in (_REDDIT, _REDDIT_EMBED):
        match = pattern.match(url)
        if match:
            cid = match.groupdict().get("cid")
            canonical = f"https://www.reddit.com/r/{match['sub']}/comments/{match['id']}/"
            return PostRef(
                "reddit",
                match["id"] + (f"/{cid}" if cid else ""),
                canonical + (f"comment/{cid}/" if cid else ""),
            )
    if mastodon:
        match = MASTODON.match(url)
        if match:
            user = match["user"] or match["user2"]
            handle = f"{user}@{match['domain'] or match['host']}" if user else None
            canonical = (
                f"https://{match['host']}/@{user}{'@' + match['domain'] if match['domain'] else ''}/{match['id']}"
                if user
                else f"https://{match['host']}/web/statuses/{match['id']}"
            )
            return PostRef("mastodon", f"{match['host']}/{match['id']}", canonical, handle)
    return None


_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_TID_ALPHABET = "234567abcdefghijklmnopqrstuvwxyz"
_TID = re.compile(r"[2-7a-j][2-7a-z]{12}\Z")
_INSTAGRAM_EPOCH_MS = 1314220021721
_BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


def id_date(platform: str, post_id: Optional[str]) -> Optional[str]:
    """The UTC date a post's id encodes, where the platform's ids encode one.

    Bluesky: a TID record key holds microseconds since 1970 (atproto.com/specs/tid). Mastodon:
    ``id >> 16`` milliseconds, for ids past 2**40 (older ones are counters). TikTok: ``id >> 32``
    seconds. LinkedIn: ``id >> 22`` milliseconds. Instagram: the shortcode's media id ``>> 23``
    milliseconds since Instagram's epoch (2011-08-24). Threads shortcodes are said to be alike,
    unconfirmed: not decoded. Telegram, Facebook, Reddit and YouTube ids hold no date.

    Example:
        >>> id_date("tiktok", "7276637697509199110"), id_date("mastodon", "mastodon.social/114638610368343397")
        ('2023-09-09', '2025-06-06')
    """
    if not post_id:
        return None
    try:
        if platform == "bluesky":
            rkey = post_id.rsplit("/", 1)[-1]
            if not _TID.match(rkey):
                return None
            value = 0
            for char in rkey:
                value = value * 32 + _TID_ALPHABET.index(char)
            return _day(microseconds=value >> 10)
        if platform == "mastodon":
            number = int(post_id.rsplit("/", 1)[-1])
            return _day(milliseconds=number >> 16) if number > 2**40 else None
        if platform == "tiktok":
            return _day(seconds=int(post_id) >> 32)
        if platform == "linkedin":
            return _day(milliseconds=int(post_id.rsplit(":", 1)[-1]) >> 22)
        if platform == "instagram":
            value = 0
            for char in post_id[:11]:  # longer codes carry a second part after the media id
                value = value * 64 + _BASE64URL.index(char)
            return _day(milliseconds=(value >> 23) + _INSTAGRAM_EPOCH_MS)
    except (ValueError, OverflowError):
        return None
    return None


def _day(**delta: int) -> Optional[str]:
    moment = _EPOCH + timedelta(**delta)
    return moment.date().isoformat() if 2005 <= moment.year <= 2100 else None
