"""Exact fields on odd but ordinary inputs: charsets, titles and dates, URL ends, emoji,
scripts outside the Arabic and Latin ones, legacy language codes, deep JSON."""

from __future__ import annotations

import json

import emoji
import pytest

from tweetx import Annotator, read
from tweetx.embeds.cards import language_hint
from tweetx.embeds.urls import URL
from tweetx.langid.identifier import identify
from tweetx.translation.entities import EMOJI, mask

PAGE = (
    "<html><head>{meta}<title>{title}</title></head><body><p>{body}</p>"
    '<blockquote class="twitter-tweet"><p lang="{lang}">{tweet}</p>&mdash; Someone '
    '(@someone) <a href="https://twitter.com/someone/status/1412743195653169728">'
    "July 7, 2021</a></blockquote></body></html>"
)


def annotate_file(path: str, translate: bool = False) -> list[dict]:
    return list(Annotator(translate=translate).annotate_articles(read(path)))


def _annotated(tmp_path, data: bytes, name="page.html"):
    path = tmp_path / name
    path.write_bytes(data)
    [record] = annotate_file(str(path), translate=False)
    return record


@pytest.mark.parametrize(
    "declaration",
    [
        '<meta charset="iso-8859-1">',
        '<meta charset="windows-1252">',
        '<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">',
    ],
)
def test_a_declared_charset_is_honoured(tmp_path, declaration):
    page = PAGE.format(
        meta=declaration,
        title="Año",
        body="Straße in Köln – “quoted”",
        lang="es",
        tweet="El año de la Straße",
    )
    record = _annotated(tmp_path, page.encode("cp1252"))
    assert record["title"] == "Año"
    assert record["tweetx"]["tweets"][0]["text"] == "El año de la Straße"


def test_undeclared_non_utf8_is_still_windows_1256(tmp_path):
    page = PAGE.format(meta="", title="خبر", body="شهر", lang="fa", tweet="شهر آرام است")
    record = _annotated(tmp_path, page.encode("cp1256"))
    assert record["title"] == "خبر" and record["tweetx"]["tweets"][0]["text"] == "شهر آرام است"


@pytest.mark.parametrize(
    "meta",
    [
        '<meta property="article:published_time" content="2021-07-07T10:00:00Z">',
        '<meta content="2021-07-07T10:00:00Z" property="article:published_time">',
        "<meta content='2021-07-07T10:00:00Z' name=date>",
    ],
)
def test_title_is_unescaped_and_the_date_found_in_any_attribute_order(tmp_path, meta):
    page = PAGE.format(
        meta=meta, title="Q&amp;A: Kabul &#8211; today", body="x", lang="en", tweet="Hello"
    )
    record = _annotated(tmp_path, page.encode("utf-8"))
    assert record["title"] == "Q&A: Kabul – today"
    assert record["date"] == "2021-07-07T10:00:00Z"


@pytest.mark.parametrize(
    "text, url",
    [
        ("(https://example.com/a/b).", "https://example.com/a/b"),
        ("https://t.co/AbC12،", "https://t.co/AbC12"),
        ("see https://example.com/x?y=1; then", "https://example.com/x?y=1"),
        ("«https://example.com/x»", "https://example.com/x"),
        ("“https://example.com/x”!", "https://example.com/x"),
        ("آیا https://example.com/x؟", "https://example.com/x"),
        (
            "https://en.wikipedia.org/wiki/Kabul_(city).",
            "https://en.wikipedia.org/wiki/Kabul_(city)",
        ),
        ("[https://example.com/a]", "https://example.com/a"),
        ("https://example.com/a/", "https://example.com/a/"),
    ],
)
def test_urls_leave_the_sentence_punctuation(text, url):
    assert URL.search(text).group(0) == url


def test_every_emoji_sequence_is_one_entity():
    # emoji's table: every RGI sequence, and the minimally qualified and unqualified forms.
    missed = [e for e in emoji.EMOJI_DATA if not EMOJI.fullmatch(e)]
    assert missed == []
    for sequence in ["1️⃣", "#️⃣", "🏴󠁧󠁢󠁥󠁮󠁧󠁿", "🏴󠁧󠁢󠁳󠁣󠁴󠁿", "🏴󠁧󠁢󠁷󠁬󠁳󠁿"]:
        masked = mask(f"شهر {sequence} آرام است")
        assert masked.entities == [sequence]


@pytest.mark.parametrize(
    "text, code, script",
    [
        ("ሰላም ለዓለም ይሁን እንዴት ነህ", "am", "Ethi"),
        ("ආයුබෝවන් ඔබට කොහොමද", "si", "Sinh"),
        ("ދިވެހިރާއްޖެ ރާއްޖޭގެ", "dv", "Thaa"),
        ("မင်္ဂလာပါ ခင်ဗျာ", "my", "Mymr"),
        ("કેમ છો તમે મજામાં", "gu", "Gujr"),
        ("ଓଡ଼ିଆ ଭାଷା ସୁନ୍ଦର", "or", "Orya"),
        ("తెలుగు భాష చాలా అందమైనది", "te", "Telu"),
        ("ಕನ್ನಡ ಭಾಷೆ ಸುಂದರ", "kn", "Knda"),
        ("മലയാളം ഭാഷ മനോഹരം", "ml", "Mlym"),
        ("ܫܠܡܐ ܥܠܡܐ", "syr", "Syrc"),
        ("བོད་ཡིག་ནི་", "bo", "Tibt"),
        ("សួស្តី ពិភពលោក", "km", "Khmr"),
        ("ສະບາຍດີ ໂລກ", "lo", "Laoo"),
        ("㐀㐁㐂㐃", "zh", "Hani"),
        ("我们今天去北京看天安门", "zh", "Hani"),
        ("東京は日本の首都です", "ja", "Hani"),
        ("안녕하세요 세계", "ko", "Hang"),
    ],
)
def test_scripts_outside_the_arabic_and_latin_ones(text, code, script):
    language = identify(text)
    assert (language.code, language.script) == (code, script)


def test_legacy_language_codes_are_today_s():
    assert [language_hint(c) for c in ["in", "iw", "ji", "IW", "zh-TW", "und", None, "fa"]] == [
        "id",
        "he",
        "yi",
        "he",
        "zh-tw",
        None,
        None,
        "fa",
    ]


def test_deeply_nested_json_lines_are_record_errors(tmp_path):
    path = tmp_path / "deep.jsonl"
    lines = [
        json.dumps({"text": "hi", "n": depth})[:-1] + ', "x": ' + "[" * depth + "]" * depth + "}"
        for depth in range(900, 1010, 3)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    records = list(annotate_file(str(path), translate=False))
    assert len(records) == len(lines)  # none lost, whatever the depth
    for record in records:
        error = record["tweetx"]["error"]
        assert error is None or "nested too deeply" in error["message"]
    assert any(r["tweetx"]["error"] for r in records)


def test_lines_are_written_strict_and_compact():
    from tweetx.readers.jsonvalues import dumps, loads

    record = loads(
        '{"n": 1e400, "big": 123456789012345678901234567890, "f": 0.1, '
        '"s": "سلام", "k": [true, null]}'
    )
    assert dumps(record) == (
        '{"n":1e400,"big":123456789012345678901234567890,"f":0.1,"s":"سلام","k":[true,null]}'
    )
    assert dumps({"x": float("nan"), "y": float("inf")}) == '{"x":null,"y":null}'
    surrogate = dumps({"s": "\ud800 سلام", "n": loads("1e400")})
    assert surrogate == '{"s":"\\ud800 \\u0633\\u0644\\u0627\\u0645","n":1e400}'
    assert loads(surrogate)["s"] == "\ud800 سلام"
    with pytest.raises(TypeError):
        dumps({"o": object()})


def test_a_malformed_article_address_costs_nothing(tmp_path):
    from tweetx.langid.identifier import country_of

    path = tmp_path / "bad-url.jsonl"
    record = {
        "url": "http://[oops/a",
        "text": "شهر آرام است pic.twitter.com/Ab1 — R (@r1) July 7, 2021",
    }
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    [annotated] = annotate_file(str(path))
    assert annotated["tweetx"]["error"] is None and len(annotated["tweetx"]["tweets"]) == 1
    assert [
        country_of(u)
        for u in [
            "http://[oops/a",
            "HTTPS://NEWS.AF./x",
            "https://u@a.ir:8/",
            "https://example.org/af",
        ]
    ] == [None, "AF", "IR", None]


@pytest.mark.parametrize(
    "codec", ["rot13", "base64", "hex", "zlib_codec", "idna", "punycode", "utf-7", "no-such-codec"]
)
def test_a_page_declaring_a_codec_that_is_no_charset_is_still_read(tmp_path, codec):
    page = f'<html><head><meta charset="{codec}"></head><body><p>سلام</p></body></html>'
    record = _annotated(tmp_path, page.encode("cp1256"))
    assert record["tweetx"]["error"] is None
