"""Language and script identification on invented tweet-like texts."""

from __future__ import annotations

from pathlib import Path

import pytest

from tweetx.langid.identifier import identify

CASES = [
    pytest.param("نیروهای امنیتی گشت‌زنی را در شهر قلعه‌نو آغاز کردند.", "fa", id="persian"),
    pytest.param("د کابل په ښار کې نن ورځ باران ووریده", "ps", id="pashto"),
    pytest.param("آج لاہور میں بہت گرمی ہے اور لوگ پریشان ہیں", "ur", id="urdu"),
    pytest.param("قالت الحكومة إن الوضع في المدينة مستقر", "ar", id="arabic"),
    pytest.param("Security forces began patrolling the city today", "en", id="english"),
    pytest.param(
        "@TariqArian3 د هرات ښار ته ورشئ https://t.co/abc #افغانستان", "ps", id="pashto-noise"
    ),
]


@pytest.mark.parametrize("text, code", CASES)
def test_languages(text, code):
    result = identify(text)
    assert result.code == code
    assert 0.5 <= result.confidence <= 1


def test_script_shares_ignore_handles_urls_and_digits():
    result = identify("@SomeHandle https://t.co/x 2021 سلام به همه دوستان")
    assert result.script == "Arab"
    assert result.scripts == {"Arab": 1.0}


def test_signature_alone_is_not_persian():
    # handles are removed before identification; what is left is Latin
    assert identify("Tariq Arian (@TariqArian3) July 7, 2021").script == "Latn"


@pytest.mark.parametrize("text", ["", "😀 🎉", "@handle https://t.co/abc", "۱۲۳"])
def test_abstains_without_enough_letters(text):
    result = identify(text)
    assert (result.code, result.confidence) == ("und", 0.0)


def test_deterministic():
    text = "کابل امروز آرام بود"
    assert len({identify(text).to_dict()["confidence"] for _ in range(5)}) == 1


def test_hint_is_evidence_not_truth():
    pashto = "د کابل په ښار کې نن ورځ باران ووریده"
    with_hint = identify(pashto, hint="fa")
    assert with_hint.code == "ps"
    assert any("page says fa" in e for e in with_hint.evidence)


def test_agreeing_hint_raises_confidence():
    text = "Security forces began patrolling the city today"
    assert identify(text, hint="en").confidence >= identify(text).confidence


def test_persian_variety_comes_with_evidence():
    dari = identify("داکتران در شفاخانه ملکی هرات از کمبود دوا شکایت دارند")
    assert dari.variety == "prs" and "Dari words: داکتر شفاخانه دوا" in dari.evidence
    iranian = identify("استانداری تهران امروز اعلام کرد که مدارس تعطیل است")
    assert iranian.variety == "pes" and "Iranian Persian words: استانداری" in iranian.evidence
    # The seed tweet is Dari typed with zero-width non-joiners: they do not make it Iranian.
    seed = identify("نیروهای امنیتی گشت‌زنی را در شهر قلعه‌نو آغاز کردند.")
    assert seed.variety != "pes"
    assert identify("امروز در کابل برف بارید").variety is None  # nothing to tell them apart


@pytest.mark.parametrize(
    "text, variety",
    [
        pytest.param("طالبان ولسوالی‌ها را تصرف کردند", "prs", id="suffix after a non-joiner"),
        pytest.param("موترها در سرک ایستاده استند", "prs", id="Afghan copula and car"),
        pytest.param("بیمارستان‌های تهران پر است و پلیس آمد", "pes", id="Iranian words"),
        # An Afghan marker outweighs one Iranian word: Afghans write Iranian forms too.
        pytest.param("داکتر در دانشگاه کابل درس می‌دهد", "prs", id="Afghan over Iranian"),
        # Supporting Iranian words alone claim nothing (Afghan media write them too).
        pytest.param("همچنین دانشجویان هستند", None, id="supporting words only"),
        pytest.param("مسئول بهداشت استان گفت", "pes", id="Iranian news words"),
        pytest.param("باشندگان این شهر شکایت دارند", "prs", id="a silent h's plural in -gan"),
        pytest.param("زنده‌گی در این شهر سخت است", "prs", id="Afghan spelling keeps the h"),
        pytest.param("زندگی در این شهر سخت است", None, id="Iranian spelling drops it"),
        pytest.param("بازی در تاریخ ۳۰ سنبله برگزار شد", "prs", id="an Afghan solar date"),
        pytest.param("۳ حمل شوند و به میزان ۱۴۰۰ تن", None, id="carried and amount are no months"),
        pytest.param("تیم مکسیکو برنده شد", "prs", id="a CLDR fa_AF country name"),
        pytest.param("رئیس شورای شهر و وزیر آموزش و پرورش", "pes", id="two Iranian institutions"),
        pytest.param("وزارت فواید عامه کار را آغاز کرد", "prs", id="an Afghan ministry"),
        pytest.param("مشکلات تخنیکی برق رفع شد", "prs", id="an English-route Afghan word"),
        pytest.param("ترافیک در آزاد راه ساوه سنگین است", "pes", id="an Iranian freeway"),
        pytest.param("سامانه بارشی وارد کشور می شود", "pes", id="a word the Academy coined"),
        pytest.param("این دانشگاه دارای ۱۶ دانشکده است", None, id="academic words make no claim"),
        pytest.param("شماری از پزشکان می گویند", None, id="a word both varieties write"),
        pytest.param("شهردار در جلسه مجلس حاضر شد", "pes", id="two Iranian supporting words"),
        pytest.param("نشست روز ۲۳ مهر برگزار شد", "pes", id="an Iranian solar date"),
        pytest.param("نشست روز ۲۳ میزان برگزار شد", None, id="an Afghan solar date"),
        pytest.param("سه روز پیش ۳ تیر شلیک شد", None, id="a shot is not the month"),
        pytest.param(
            "مردم این کار را نگران کننده میخوانند", None, id="formal verb, not colloquial"
        ),
        # Names are not vocabulary: an Iranian report on an Afghan city is not Dari.
        pytest.param("اعتراضات در هرات و کابل ادامه دارد", None, id="place names only"),
        pytest.param("مصطفی جون خیلی ممنون", None, id="Tehrani jun is not the month"),
        # Tehrani speech raises ān to un; Kabuli keeps خانه, همان (written sound changes).
        pytest.param("دیروز رفتیم خونه و همون فیلم رو دیدیم", "pes", id="Tehrani un"),
        pytest.param("دیروز به خانه رفتم و همان فلم را دیدم", None, id="the same, unraised"),
        pytest.param("یه روز واسه خرید رفتیم", "pes", id="colloquial ye and vase"),
        pytest.param("یه موتر خریدم و به پوهنتون رفتم", "prs", id="Afghan words outweigh ye"),
        pytest.param("من امروز در خانه استم", "prs", id="the h-less copula, first person"),
        pytest.param("امروز کچالو و پالک از بازار خریدم", "prs", id="Afghan household words"),
        pytest.param("مانده نباشین، امروز خانه استین؟", "prs", id="an Afghan greeting"),
        pytest.param("مه نمیفامم که چه شده", "prs", id="the Kabuli spelling of fahmidan"),
        pytest.param("دوصد افغانی دادم", "prs", id="an Afghan number spelling"),
        pytest.param("جنگ در این ولسوالی، شدید بود", "prs", id="a marker before a comma"),
        pytest.param("او میگوید و آنها میگویند", None, id="they say is no Afghan usage"),
        # Persian typed on a Pashto keyboard: only Afghan writers use one.
        pytest.param("امروز هوا ګرم است و ما در خانه ماندیم", "prs", id="a Pashto keyboard"),
    ],
)
def test_variety_rules(text, variety):
    assert identify(text).variety == variety


def test_country_and_page_lean_the_variety_not_the_language():
    from tweetx.langid.identifier import country_of

    assert country_of("https://tolonews.com.af/x") == "AF" and country_of("https://a.com") is None
    plain = "وضعیت امنیتی در شهر بسیار نگران کننده است"
    assert identify(plain).variety is None
    # A page that names its variety decides where the words do not; a country alone does not.
    page = identify(plain, hint="fa-AF")
    assert page.variety == "prs" and "page or article points to prs" in page.evidence
    assert identify(plain, country="AF").variety is None
    # Words on both sides, level: the country breaks the tie.
    level = "داکتر گفت که استانداری و پلیس آماده است"
    assert identify(level).variety is None
    assert identify(level, country="AF").variety == "prs"
    assert identify(level, country="IR").variety == "pes"
    assert identify("د کابل په ښار کې", country="AF").code == "ps"


@pytest.mark.parametrize(
    "text, code",
    [
        pytest.param("سنڌ ۾ ٻار اسڪول وڃن ٿا", "sd", id="sindhi"),
        pytest.param("من دەچمە بازاڕ و دەگەڕێمەوە", "ckb", id="sorani"),
        pytest.param("مەن ئۈرۈمچىدە تۇرىمەن", "ug", id="uyghur"),
        pytest.param("په کابل کې نن باران و", "ps", id="pashto-function-words"),
        pytest.param("لیکن آج بہت گرمی ہے", "ur", id="urdu-heh-goal"),
    ],
)
def test_other_arabic_script_languages_by_letters(text, code):
    assert identify(text).code == code


def test_vowel_marks_do_not_split_words():
    # with its shadda and kasra, حدِّد must not leave a bare د that reads as Pashto "of"
    assert identify("حدِّدْ لي الموعدَ").code == "ar"


def test_script_goes_by_words_not_letters():
    result = identify("د SARS-CoV-2 ناروغي په کابل کې")
    assert result.scripts["Latn"] > 0.3
    assert (result.script, result.code) == ("Arab", "ps")


def test_article_language_is_a_weak_prior():
    # "por favor" and "de nada" are Spanish and Portuguese alike: the article's language
    # settles them where the statistics decide
    for phrase in ("por favor", "de nada"):
        assert identify(phrase, prior="pt").code == "pt"
        assert identify(phrase, prior="es").code == "es"
    # but a weak prior does not outweigh a word only one language writes
    assert identify("No puedo", prior="pt").code == "es"
    # words decide before a prior: "o carro" is Portuguese (Spanish writes "el carro")
    assert identify("o carro", prior="es").code == "pt"
    # a prior never overrides letters
    assert identify("د کابل په ښار کې", prior="fa").code == "ps"


def test_confidence_comes_from_calibration():
    from tweetx.langid.ngrams import calibrated

    result = identify("د کابل په ښار کې نن ورځ باران ووریده")
    assert result.basis == "ngrams-arab:0.9999|6+"
    assert result.confidence == calibrated(result.basis, -1.0) > 0.98


@pytest.mark.parametrize(
    "text, code",
    [
        pytest.param("La ville est calme aujourd'hui et les gens sont dans la rue", "fr", id="fr"),
        pytest.param("Die Stadt ist heute ruhig und die Leute sind zu Hause", "de", id="de"),
        pytest.param("De stad is vandaag rustig en de mensen zijn thuis", "nl", id="nl"),
        pytest.param("A cidade está calma hoje e as pessoas estão em casa", "pt", id="pt"),
    ],
)
def test_english_word_rule_leaves_other_latin_languages_alone(text, code):
    assert identify(text).code == code


def _tweet_set():
    path = Path(__file__).parent / "fixtures" / "langid" / "tweets.tsv"
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            code, variety, text = line.split("\t", 2)
            yield pytest.param(text, code, variety, id=f"{code}:{text[:25]}")


@pytest.mark.parametrize("text, code, variety", list(_tweet_set()))
def test_written_tweets(text, code, variety):
    result = identify(text)
    assert result.code == code
    if variety != "-":  # a variety is claimed only when sure, and then rightly
        assert result.variety in (None, variety)


def _latin_phrases():
    path = Path(__file__).parent / "fixtures" / "langid" / "latin_short.tsv"
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            code, text = line.split("\t", 1)
            yield pytest.param(text, code, id=f"{code}:{text}")


@pytest.mark.parametrize("text, code", list(_latin_phrases()))
def test_short_latin_phrases_are_not_forced_into_english(text, code):
    # The right code or und both do; English does not (the goal's wording).
    assert identify(text).code != "en"


def test_digits_tell_persian_from_arabic():
    persian = identify("سلام ۱۴۰۰")
    assert persian.code == "fa" and "Persian/Urdu digits: ۱۴۰۰" in persian.evidence
    assert identify("مرحبا ٢٠٢١").code == "ar"


# -- what real posts look like (shapes seen in public tweet datasets; texts written here) ------
@pytest.mark.parametrize(
    "text, code, script",
    [
        pytest.param("@USAirways Ok Thanks", "en", "Latn", id="short English with a handle"),
        pytest.param("Lavrov says", "en", "Latn", id="a name and an English word"),
        pytest.param("I didn't get a message from you", "en", "Latn", id="English, apostrophes"),
        pytest.param(
            "Kathleen McFarland: #Putin deserves the Nobel Peace Prize",
            "en",
            "Latn",
            id="names around English words",
        ),
        pytest.param("merci beaucoup les amis", "fr", "Latn", id="French words, not English"),
        pytest.param("Aap ko bhi eid mubarak ho", "ur", "Latn", id="Roman Urdu"),
        pytest.param(
            "Yr sbr ni ho raha jaldi upload kr dena", "ur", "Latn", id="Roman Urdu, texting"
        ),
        pytest.param("Ke mana kita pergi hari ini", "id", "Latn", id="Indonesian ke is not Urdu"),
        pytest.param(
            "یہ بہت اچھی بات ہے #HappyEid #PakistanZindabad", "ur", "Arab", id="Latin tags"
        ),
        pytest.param("ﻣﻦ ﺍﻣﺮﻭﺯ ﺑﻪ ﺧﺎﻧﻪ ﺭﻓﺘﻢ", "fa", "Arab", id="presentation forms"),
        pytest.param("مي‌خواهم يك كتاب بخرم و پيش دوستم بروم", "fa", "Arab", id="Arabic yeh/kaf"),
        pytest.param("كلامك جميل ورائع يا صديقي", "ar", "Arab", id="Arabic keeps its yeh/kaf"),
        # Persian typed on an Arabic keyboard with no letter Arabic lacks (پ چ ژ گ) to say so.
        pytest.param(
            "امروز هوا خيلي سرد است و من در خانه هستم",
            "fa",
            "Arab",
            id="yeh/kaf, no Persian letter",
        ),
        pytest.param("خيلي ممنون", "fa", "Arab", id="yeh/kaf, two words"),
        # Dari typed on a Pashto keyboard: Pashto's gaf ګ and yeh ي.
        pytest.param("ما امروز يک ګفتګوي خوب داشتيم", "fa", "Arab", id="Pashto keyboard"),
        pytest.param("شو عم تعمل هلق يا زلمي", "ar", "Arab", id="Levantine stays Arabic"),
        # Iraqi and Gulf Arabic write چ and گ, Egyptian چ for g: no letter makes a text Persian.
        pytest.param("شلونك گلبي شكو ماكو", "ar", "Arab", id="Iraqi with gaf"),
        pytest.param(
            "العالم يعيش ثورة العلم والتكنولوچيا ونحن نعيش حقبة الجهل",
            "ar",
            "Arab",
            id="Egyptian che for g",
        ),
        pytest.param("دوى خپله خبره وکړه", "ps", "Arab", id="Pashto with alef maksura"),
        # Pashto without its letters (وکری for وکړي), as on a Persian keyboard.
        pytest.param(
            "الله دی تاته هدایت وکری ده اسلامی جامی بیعزتی کی الله دی ورته هدایت وکری او که ده"
            " هدایت نه وی الله دی تباه کری",
            "ps",
            "Arab",
            id="Pashto on a Persian keyboard",
        ),
        # Pashto on a Pakistani keyboard: Urdu's ہ and ھ for its ه.
        pytest.param("پہ کابل کی ھغہ خلک دیر خوشحالہ دی", "ps", "Arab", id="Pashto, Urdu keyboard"),
        pytest.param("#LetAfghanGirlsLearn", "en", "Latn", id="only a tag: its words"),
    ],
)
def test_real_post_shapes(text, code, script):
    result = identify(text)
    assert (result.code, result.script) == (code, script), result.evidence


def test_tags_handles_and_links_never_outvote_the_words():
    words = "نیروهای امنیتی گشت زنی را در شهر آغاز کردند"
    tagged = f"{words} #BreakingNews #Afghanistan #Kabul @UN @BBCWorld https://t.co/x 😀"
    assert identify(tagged).code == identify(words).code == "fa"
    assert identify("@user @user https://t.co/x").code == "und"


def test_normalised_letters_read_as_the_ordinary_ones():
    from tweetx.langid.text import normalize_letters

    # Presentation forms, tatweel, vowel marks, a zero-width space for a non-joiner.
    assert normalize_letters("ﮐﺘﺎﺏ") == "کتاب"
    assert normalize_letters("کـــتـاب") == "کتاب" == normalize_letters("کِتاب")
    assert normalize_letters("می\u200bخواهم") == "می\u200cخواهم"
    # The tweet's own text is never changed by identification.
    text = "ﻣﻦ ﺍﻣﺮﻭﺯ ﺑﻪ ﺧﺎﻧﻪ ﺭﻓﺘﻢ — A (@a) July 7, 2021"
    from tweetx import Annotator

    record = Annotator(translate=False).annotate_record({"text": text})
    assert record["tweetx"]["tweets"][0]["text"] == "ﻣﻦ ﺍﻣﺮﻭﺯ ﺑﻪ ﺧﺎﻧﻪ ﺭﻓﺘﻢ"


def test_roman_urdu_names_its_evidence():
    result = identify("Shukriya janab, aap ka bohat shukriya")
    assert result.code == "ur" and result.script == "Latn"
    assert any(e.startswith("Roman Urdu or Hindi words") for e in result.evidence)
    assert "Urdu loans: janab shukriya" in result.evidence


def test_words_are_read_past_the_punctuation_written_against_them():
    # Urdu's full stop and the Arabic comma and question mark stand against the word before
    # them: the words are still looked up, and named.
    assert "ur words: یہ کیا ہے" in identify("یہ کیا ہے۔").evidence
    assert "ur words: کیا ہے" in identify("کیا ہے؟").evidence
    assert identify("سلام، خوبی؟").evidence[1:] == ("fa words: خوبی",)
