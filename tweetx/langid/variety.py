"""Dari (``prs``) or Iranian Persian (``pes``): a claim only on words a reader can check.

A character model trained on one corpus's translators (TICO-19) was near chance on real Afghan
tweets, so the variety rests on vocabulary and spellings documented to differ, each counted on
TICO-19's Dari and Persian and on real Iranian posts before it was kept (the counts and sources
are in the docs, ``docs/langid.md``). The markers are asymmetric, as usage is: Iranian writers
almost never write Afghan forms, while Afghan writers often write Iranian ones (many grew up in
Iran; Afghan papers write شهرداری and دانشگاه). So an Afghan marker outweighs an Iranian one,
and the weaker Iranian words only support.

Sources: Unicode CLDR ``fa_AF`` and ``fa`` (month names and country names); M. Everson and
R. Pournader, *Computer Locale Requirements for Afghanistan* (2003); the 2004 Afghan
constitution's Article 16 word pairs as given by fa.wikibooks (*جایگاه زبان فارسی در
افغانستان*); Transparent Language, *Foreign Words Adopted in Dari*; Wikipedia, *Administrative
divisions of Iran*, *Districts of Afghanistan*, *Tehrani accent*, *Persian phonology*
(colloquial Iranian Persian). Place and person names never
count: an Iranian report on an Afghan district is still Iranian prose.
"""

from __future__ import annotations

import functools
import re
from typing import Optional

from .arabic import PASHTO_LETTERS

# Words as the language models read them: letters (and non-joiners inside), not the
# punctuation and digits written against them (استین؟, ولسوالی،).
from .ngrams import WORD

# fmt: off
#: Strong Afghan markers: administrative and academic terms from Pashto, everyday words,
#: loanword spellings through English (داکتر, not دکتر), CLDR fa_AF country and month names.
AFGHAN_STRONG = frozenset("""
ولسوالی ولسوال شاروالی شاروال پوهنتون پوهنځی پوهنحی پوهاند څارنوالی سارنوالی مرستیال
ستردرستیز جگرن دگروال موتر تشناب شفاخانه طیاره چوکی تربوز داکتر دالر فیصد ملیون پروگرام
تکنالوژی کنترول واکسین اکسیجن ستراتیژی پولیس کمپیوتر انترنت مبایل کانکور جرمنی جاپان هالند
سویدن پولند برازیل هسپانیه بریتانیه کوریا جنوری فبروری مارچ اپریل اگست سپتمبر اکتوبر نومبر
دسمبر
استم استی استند استید استیم بحیث بشمول ذریعه
مصاب مصابیت منتن انتان وقایه رخصتی قرنطین ایمرجنسی واقعات استعمال مریضان چینایی تاهنوز
موثریت معالجوی پروتین لابراتوار لابراتواری انفلوانزا کلینیکی تلفون انجنیر بایسکل لیسه
والی باشنده ساحه اعمار حاصلات مالداری مرمی هاوان امنیه متریک هژده خوراکه استدیوم دوبی ملیارد
ارجنتاین البانیا بلجیم بلغاریا بولیویا کولمبیا کیوبا دنمارک استونیا ایتوپیا گینیا کروشیا
اندونیزیا کینیا کمپوچیا لتوانیا لاتویا مادغاسکر منگولیا موریتانیا مکسیکو مالیزیا موزمبیق
نیجریا نیکاراگوا ناروی پرتگال پاراگوای رومانیا سینگاپور سلونیا سلواکیا سیرالیون سینیگال
سومالیه تاجکستان یوروگوای ونزویلا زیمبابوی بنگلهدیش
تخنیک تخنیکی پرچاوی پرچوی متباقی اسعار پترولیم کمپاین رهایشی چوکات معینیت حرفوی دیزاین
دیپارتمنت
ولایات داخله ولسی قالین پولیو ترانسپورت پروسه وسایط بجه چهارراهی آمریت اوزبیکستان
اوسط جریب سکتور ازبیکستان فتبال ماستری ژورنالیزم
تکت کچالو کیله پالک بوطل پتنوس طوی درملتون گادی تهکوی آرنگ تربیه ترینر پروسس دیپو تاپه
استین میفامم میفامی میفامه میفامیم میفامین میفامن نمیفامم نمیفامی نمیفامه دوصد پنجصد کوچکشی
چاینک کونوم
""".split())
#: The fifth line above: the copula without h- (استند, not هستند) and formal connectives with no
#: written source, kept on counts: 91–178 lines of TICO-19's Dari each, none in its Persian or
#: in 1,000 real Iranian posts; its first and second persons singular (استم, استی: 4 and 0
#: lines of TICO-19's Dari, none of its Persian or the Iranian posts) complete the paradigm,
#: seen in an Afghan campaign tweet (ما … در قلب کشور خود استم). The last two lines, each
#: against the Iranian word: Arabic-route words of Afghan prose (مصاب/مبتلا, انتان/عفونت,
#: وقایه/پیشگیری, رخصتی/مرخصی, واقعات/موارد,
#: استعمال/استفاده, مریضان/بیماران, چینایی/چینی, موثریت/اثربخشی) and loanwords spelled through
#: English (قرنطین/قرنطینه, ایمرجنسی/اورژانس, پروتین/پروتئین, لابراتوار/آزمایشگاه,
#: انفلوانزا/آنفولانزا, تلفون/تلفن, انجنیر/مهندس, بایسکل/دوچرخه; لیسه, the Afghan high
#: school): 11–107 lines of TICO-19's Dari train split each, at most one of its Persian, none
#: of the 1,000 Iranian posts (counts in docs/langid.md). The last line, words of Afghan news
#: each against the Iranian one: والی/استاندار, باشنده/ساکن, ساحه/منطقه, اعمار/ساخت,
#: حاصلات/محصولات, مالداری/دامداری, مرمی/گلوله, هاوان/خمپاره (Iranian spelling هاون),
#: امنیه (the police command; Iranian انتظامی), متریک (تن), هژده/هجده: none in TICO-19's
#: Persian, the Iranian posts or 101 sentences of Iranian outlets (docs/langid.md); then
#: خوراکه/خوراکی, استدیوم/استادیوم, دوبی/دبی, and the rest of CLDR's fa_AF country names that
#: differ from fa's and are no ordinary word (ارجنتاین/آرژانتین, مکسیکو/مکزیک…). The last line:
#: تخنیکی/فنی, پرچاوی (a power cut; Iranian خاموشی), متباقی/باقیمانده, اسعار/ارز,
#: پترولیم/نفت, کمپاین/کارزار, رهایشی/مسکونی, چوکات/چارچوب, معینیت (a deputy ministry),
#: حرفوی/حرفه‌ای, دیزاین/طراحی, دیپارتمنت (an academic department; Iranian گروه).
#: The last line, counted in 1,475 Afghan and 1,076 Iranian news sentences (sets 1–5,
#: docs/langid.md), TICO-19 and the Iranian posts, in none of the Iranian texts: ولایات
#: (استان‌ها), داخله (the interior ministry; Iranian کشور), ولسی (جرگه), قالین/فرش,
#: پولیو/فلج اطفال, ترانسپورت/حمل و نقل, پروسه/فرآیند, وسایط/وسایل (نقلیه), بجه (o'clock;
#: Iranian ساعت), چهارراهی/چهارراه, آمریت (a directorate), اوزبیکستان/ازبکستان.
#: The last line, everyday words of Afghan speech and writing, each listed against the Iranian
#: one by a source: Persian Wikipedia's "واژه‌های متفاوت در فارسی افغانستان و ایران"
#: (آرنگ/بوق, پالک/اسفناج, تاپه/مهر, تهکوی/زیرزمین, تربیه/تربیت, ترینر/مربی, تکت/بلیت),
#: Transparent Language's "Foreign Words Adopted in Dari" (درملتون/داروخانه, گادی/گاری,
#: کیله/موز, دیپو/انبار, پروسس/پردازش), an Afghan blogger's table of household words
#: (walatarin.blogspot.com: بوطل/بطری, پتنوس/سینی), vajehyab (کچالو/سیب‌زمینی) and
#: wikizendegi (طوی, a wedding; Iranian عروسی): none in TICO-19's Persian or the 1,000 Iranian
#: posts (تکت in 7 lines of TICO-19's Dari, پروسس in 2; the rest are everyday words news
#: translations lack). Words a source lists whose Afghan form is also an ordinary Iranian word
#: (توی "wedding" is Tehrani "in", کته "big" an Iranian rice dish, بوت, تحفه, گپ) are left out.
#: The last line, colloquial Kabuli and Hazaragi forms of informal posts: the copula's second
#: person plural (استین, after استم, استی) and the Kabuli spelling of می‌فهمم (میفامم), as a
#: Dari course for German speakers writes them; the Afghan number spellings دوصد, پنجصد
#: (Iranian دویست, پانصد; rfpit.org's Persian style guide); کوچکشی (اسباب‌کشی; the
#: Wikipedia list above); چاینک (قوری; an Afghan blogger's household table); the Daikundi
#: Hazaragi کونوم (کنم; foroughi.rozblog, بررسی لهجه مردم دایکندی). None occurs in TICO-19,
#: the 1,167 Iranian posts or the 105 Afghan-written posts this was checked on: they are for
#: the informal posts those lack.
#: Afghan usage that Iranian writers rarely share: academic ranks, قوماندان, تذکره (the Afghan
#: identity card), connectives and words of Afghan formal prose.
AFGHAN_SUPPORTING = frozenset("""
پوهنوال پوهندوی پوهنمل قوماندان تذکره بادرنگ نمبر برعلاوه بخاطریکه قسمی معلومات صحی تداوی
متعلمین محصلین مکاتب
مرض امراض صحت اعلان یومیه عامه غرض ادویه مریض دوا
ولایت معارف مکتب مسوول زراعت قریه انکشاف سرک دکاندار کرایی شاهراه
گردیده گردد نموده میگوید گوید تطبیق اشتراک دراین عودت محصل جرگه امریکا
اعلامیه پاسپورت سرحدی دکان هندوستان سهولت نفوس معاش
""".split())
#: Afghan institutions and places in two words: the ministry of public works, an airport
#: (Iranian فرودگاه).
_AFGHAN_PHRASES = re.compile(
    "فواید ?عامه|میدان هوایی|به شمول|به اساس|بر بنیاد|مانده ?نباشی[دن]?|قربانت شوم|بادنجان رومی"
)
#: A word each of those phrases has: texts without one are not searched for them.
_AFGHAN_PHRASE_WORDS = ("عامه", "هوایی", "شمول", "اساس", "بنیاد", "نباشی", "قربانت", "رومی")
#: And three connectives of Afghan prose: به شمول (Iranian از جمله), به اساس and بر بنیاد
#: (Iranian بر اساس, بر پایه): 12, 14 and 10 Afghan news sentences, no Iranian text. Then
#: everyday Afghan phrases: the greeting مانده نباشی (Iranian خسته نباشید) and قربانت شوم
#: (Iranian قربونت برم), as the Dari course above writes them, and بادنجان رومی (tomato;
#: Iranian گوجه‌فرنگی; the Afghan blogger's table).
#: The last two lines: Afghan news prose's auxiliaries (گردیده, نموده, گردد; Iranian شده,
#: کرده) and reporting in the present (میگوید, the singular only: Iranian posts write
#: میگویند, "they say", and one that wrote both made a wrong claim), تطبیق (to implement; Iranian
#: اجرا), اشتراک (taking part; Iranian شرکت), دراین written as one word, عودت (the return of
#: refugees; Iranian بازگشت), محصل (a university student), جرگه, امریکا without its madda,
#: اعلامیه (Iranian اطلاعیه), پاسپورت (گذرنامه), سرحدی (مرزی), دکان (مغازه), هندوستان (هند),
#: سهولت (تسهیلات), نفوس (جمعیت): 6–63 Afghan news sentences each, at most one Iranian one;
#: supporting, as Iranian writers know them (Iranian posts write امریکا at times). The third
#: line: Arabic words Iranian prose also knows (مرض, صحت, اعلان) where Afghan prose
#: writes them for بیماری, سلامت, اعلام; 15–235 lines of TICO-19's Dari each, at most three of
#: its Persian, none of the Iranian posts. The next: ولایت (Iranian استان, but Iranian
#: prose also writes ولایت فقیه), معارف and مکتب (the Afghan ministry and school; Iranian
#: prose knows both as "teachings" and "school of thought"), مسوول (Afghan spelling of
#: مسئول), زراعت (کشاورزی), قریه (روستا), انکشاف (توسعه), سرک (جاده), دکاندار (مغازه‌دار),
#: کرایی (اجاره‌ای), شاهراه (Iranian بزرگراه; Iranian prose writes it as a figure).
#: Strong Iranian markers: Iran's administrative divisions, CLDR fa month names (Gregorian and
#: the Iranian solar ones that are not everyday words), spellings, and Tehrani colloquial forms.
#: From the third line on: colloquial forms that write down sound changes Kabuli speech does not
#: share (ān/ām raised to un/um: میدونم, خونه, همون, اومد, کدوم, تموم, where Kabuli keeps
#: میدانم, خانه, کدام, تمام; the object marker -و in اینو),
#: shortened verbs, the indefinite یه (Kabuli یک), واسه (Kabuli بری), -مون/-شون possessives and
#: تومن; none occurs in TICO-19's Dari or the Afghan posts (docs/langid.md). The next line:
#: news words for which Afghan prose writes another (استان/ولایت, بهداشت/صحت, آزادراه/شاهراه,
#: دادسرا/څارنوالی, کیفرخواست/اتهامنامه) and words the Academy of Persian Language and
#: Literature coined where Afghan prose keeps the loanword (سامانه/سیستم, رایانه/کمپیوتر,
#: بالگرد/هلیکوپتر, پیامک/اس‌ام‌اس, پایانه/ترمینل), then the solar months joined to ماه (مهرماه), as Iranian dates are written
#: and Afghan ones are not (Afghan months are حمل, ثور…): none in TICO-19's Dari or in 346
#: sentences of Afghan news outlets. The line before them: راهور (the traffic police), سرهنگ
#: (colonel; Afghan دگروال), فناوری (the Academy's word; Afghan تکنالوژی), آتش‌نشانی (Afghan
#: اطفائیه): 7–20 Iranian news sentences, no Afghan text of sets 1–5 or TICO-19's Dari.
IRANIAN_STRONG = frozenset("""
استانداری استاندار فرمانداری فرماندار بخشداری دهیاری دبیرستان کنکور ژانویه فوریه مارس آوریل
ژوئن ژوئیه سپتامبر اکتبر نوامبر دسامبر فروردین اردیبهشت خرداد مرداد شهریور دلار پلیس اکسیژن
لهستان میخوام نمیدونم میدونم میتونم اون اونا اونجا تهرون اینجوری چجوری اونو
میدونی نمیدونی میدونه نمیدونه میدونیم میدونن بدونم بدونی بدونه نمیتونم میتونی نمیتونی میتونه
نمیتونه میتونیم میتونن بتونم بتونی بتونه نمیخوام میخوای نمیخوای بخوام بخوای خونه ارزون
گرون همینجوری اونجوری یه واسه تومن همون همونجا زبون بارون خیابون جوون آسمون مهربون نشون
زمستون تابستون دندون میمونه بمونه میمونم میخونم میخونه بخونم بخونه ایشون خودمون خودتون
خودشون همشون همتون اومد اومده اومدن اومدم کدوم تموم مهمونی میدون قلیون اینو
استان بهداشت آزادراه دادسرا کیفرخواست سامانه رایانه بالگرد پیامک پایانه
راهور سرهنگ فناوری آتشنشانی پویش
فروردینماه اردیبهشتماه خردادماه تیرماه مردادماه شهریورماه مهرماه آبانماه آذرماه دیماه
بهمنماه اسفندماه
""".split())
#: "The aforesaid" (یادشده), a connective of Afghan news prose (Iranian news writes مذکور): 8
#: of 1,475 Afghan outlets' sentences, none of 1,076 Iranian ones; supporting.
_AFORESAID = re.compile("یاد ?شده")
#: Iranian usage that Afghan writers also write at times (Afghan media write همچنین and هستیم,
#: Afghan papers شهرداری, درصد and پزشک beside داکتر; مجلس is also any gathering): support,
#: never a claim alone; so do colloquial forms whose Kabuli counterpart is not documented
#: (هستن, بهش, میاد). The second line: spellings of loanwords
#: through French, where Afghan spelling goes through English (کنترول, واکسین, ملیون…).
#: The last two lines, each in 7–22 Iranian news sentences and no Afghan one (sets 1–5):
#: Iranian institutions' and officials' words (بهزیستی, ستاد, انتظامی, راهداری, ساماندهی,
#: پیگیری, حجت‌الاسلام), تصادفات (Afghan حادثات ترافیکی), غیرمجاز, مأمور spelt with its
#: hamza, پرونده (Afghan دوسیه), فرآیند (پروسه), بازرگانی (تجارت), فرودگاه (میدان هوایی),
#: کلنگ (a groundbreaking), خاموشی (پرچاوی), بانوان (women's sport).
IRANIAN_SUPPORTING = frozenset("""
شهرستان شهرداری شهردار مدیرکل مدیرعامل همایش دانشآموز مجلس درصد پزشک دانشگاه دانشکده
دانشجو بیمارستان خودرو دستشویی اوت آبان اسفند آلمان
ژاپن هلند برزیل کره تومان مرسی هستند همچنین هستن نیستن بهش بهت خیلی میاد نمیاد بیاد
کنترل واکسن میلیون میلیارد اینترنت موبایل استراتژی
تصادفات غیرمجاز بهزیستی ستاد انتظامی مأمور پرونده فرآیند بازرگانی فرودگاه ساماندهی کلنگ
پیگیری حجتالاسلام راهداری خاموشی بانوان میانگین بوستان خانوار رهن پرستار
""".split())
#: Iran's institutions in two words, supporting: the ministry Afghans call معارف, the city
#: councils and the parliament (شورای اسلامی) Afghanistan has no counterpart of; then اظهار کرد
#: ("stated", 28 Iranian news sentences, no Afghan one) and اداره کل (a directorate-general;
#: Afghan ریاست, 17 and none).
_IRANIAN_PHRASES = re.compile("آموزش و پرورش|شورای (?:اسلامی|شهر)|اظهار کرد|اداره کل")
#: A quotation opened by a colon after the verb of saying (گفت: …, اظهار کرد: …), as Iranian
#: news agencies write it: 520 of 1,076 Iranian outlets' sentences, 49 of 1,475 Afghan ones
#: (which write گفت که …). Supporting, as a style: an Afghan outlet may write it too.
_SAID_COLON = re.compile("(گفت|افزود|کرد|داشت|شد|نمود|گردید) ?:")
#: پزشکی (medical: علوم پزشکی, پزشکی قانونی; Afghan prose writes طبی, طب عدلی), a whole word:
#: پزشکیان is a name.
_MEDICAL = re.compile("پزشکی(?![\u0600-\u06ff])")
#: Supporting words that only add weight: two of these are everyday prose in Dari as well.
IRANIAN_WEIGHT_ONLY = frozenset(
    "همچنین هستند هستن نیستن بهش بهت خیلی میاد نمیاد بیاد مرسی دانشگاه دانشکده دانشجو".split()
)
#: The last three: Afghan outlets write the Iranian academic words (دانشگاه کابل) beside
#: پوهنتون; together they made three wrong claims in 562 Afghan news sentences (sets 3 and 4).
# fmt: on

#: Days written as ordinal words (سوم حوت, اول مهر): a word of these sends the text to
#: :data:`_ORDINAL_DATE` (they are looked up with the markers, at no cost to other texts).
#: Not هژدهم: the Afghan spelling is a marker already, and its day is read all the same.
_ORDINALS = frozenset(
    """
یکم اول دوم سوم چهارم پنجم ششم هفتم هشتم نهم دهم یازدهم دوازدهم سیزدهم چهاردهم پانزدهم
شانزدهم هفدهم هجدهم نزدهم بیستم سیام
""".split()
)
_LEXICONS = (
    ("afghan", AFGHAN_STRONG),
    ("afghan_b", AFGHAN_SUPPORTING),
    ("iran", IRANIAN_STRONG),
    ("iran_b", IRANIAN_SUPPORTING),
    ("ordinal", _ORDINALS),
)
_KIND_OF = {word: kind for kind, lexicon in reversed(_LEXICONS) for word in lexicon}
#: Endings a marker may carry, joined or after a zero-width non-joiner (ولسوالی‌ها, داکتران).
_SUFFIXES = sorted(
    "ها های هایی ان ات ی یی ش شان تان مان م ت یم ید ند".split(), key=len, reverse=True
)
_SUFFIX_SET = frozenset(_SUFFIXES)
_LONGEST_SUFFIX = max(map(len, _SUFFIXES))
#: A day of an Iranian solar month (۲۳ مهر, 8 فروردین, ۹ دی ماه): Afghan dates name the
#: zodiac months (۲۳ میزان). تیر only with ماه: after a number it is also a shot.
#: A day of an Afghan solar month, or its month and year (۳۰ سنبله, اسد ۱۳۹۲): Iranian dates name
#: other months. Not حمل, سرطان, میزان, جدی: after a number they are also "carried", "cancer",
#: "amount" and "serious".
_AFGHAN_DATE = re.compile(
    r"(?<![0-9۰-۹])[0-9۰-۹]{1,2} ?(ثور|جوزا|اسد|سنبله|عقرب|قوس|دلو|حوت)(?![\u0600-\u06ff])"
    r"|(ثور|جوزا|اسد|سنبله|عقرب|قوس|دلو|حوت) ?(?:1[34]|۱[۳۴])[0-9۰-۹]{2}(?![0-9۰-۹])"
)
#: Afghan spelling keeps a final silent ه before -گی and -گان (زنده‌گی, باشنده‌گان), where Iranian
#: spelling drops it (زندگی, باشندگان): none in TICO-19's Persian, the Iranian posts or the
#: Iranian outlets' sentences.
_AFGHAN_SPELLING = re.compile(
    r"[\u0600-\u06ff\u200c]*ه\u200c?گ(?:ی|ان)(?:\u200c?(?:ها|های|ی))?(?![\u0600-\u06ff])"
)
#: Pashto's own letters in a Persian text: Persian typed on a Pashto keyboard (سنګر, ګرم, کې for
#: که), which only Afghan writers use; no line of TICO-19's Dari or Persian and none of the
#: 1,000 Iranian posts has one, and the Afghan campaign's Dari tweets do.
_PASHTO_LETTERS = re.compile(f"[{PASHTO_LETTERS}]")
#: A day written as an ordinal word, then an Afghan month (group 1; the eight above) or an
#: Iranian one (group 2; تیر only with ماه): سوم حوت, بیست و یکم اسد, اول مهر, نهم دی ماه.
_ORDINAL_DATE = re.compile(
    r"(?<![\u0600-\u06ff])(?:(?:بیست|سی) و )?(?:"
    + "|".join(sorted(_ORDINALS | {"هژدهم"}, key=len, reverse=True))
    + r") (?:(ثور|جوزا|اسد|سنبله|عقرب|قوس|دلو|حوت)"
    r"|(فروردین|اردیبهشت|خرداد|مرداد|شهریور|مهر|آبان|آذر|دی|بهمن|اسفند|تیر(?= ?ماه)))"
    r"(?![\u0600-\u06ff])"
)
_DIGIT = re.compile("[0-9۰-۹]")
_IRANIAN_DATE = re.compile(
    r"[0-9۰-۹] ?(فروردین|اردیبهشت|خرداد|مرداد|شهریور|مهر|آبان|آذر|دی|بهمن|اسفند|تیر(?= ?ماه))"
    r"(?![\u0600-\u06ff])"
)
#: Where a page says which variety it is in (``p[lang]``), and the countries that break a tie.
_VARIETY_HINTS = {"prs": "prs", "fa-af": "prs", "fa-ir": "pes", "pes": "pes"}
_VARIETY_COUNTRIES = {"AF": "prs", "IR": "pes"}
NAMES = {"prs": "Dari", "pes": "Iranian Persian"}


def markers(cleaned: str) -> dict[str, list[str]]:
    """The variety markers in a cleaned text, by kind.

    Example:
        >>> markers("داکتران در شفاخانه ملکی هرات از کمبود دوا شکایت دارند")["afghan"]
        ['داکتر', 'شفاخانه']
    """
    hits = list(filter(None, map(_marker, WORD.findall(cleaned))))
    if _DIGIT.search(cleaned):  # a date needs one; the date patterns cost more than this
        hits += [("iran", month) for month in _IRANIAN_DATE.findall(cleaned)]
        hits += [("afghan", day or month) for day, month in _AFGHAN_DATE.findall(cleaned)]
    if "شورای" in cleaned or "پرورش" in cleaned or "اظهار" in cleaned or "اداره" in cleaned:
        hits += [("iran_b", phrase) for phrase in _IRANIAN_PHRASES.findall(cleaned)]
    if ":" in cleaned:
        hits += [("iran_b", said + ":") for said in _SAID_COLON.findall(cleaned)]
    if "پزشکی" in cleaned:
        hits += [("iran", word) for word in _MEDICAL.findall(cleaned)]
    if "آزاد راه" in cleaned:  # آزادراه written as two words
        hits.append(("iran", "آزادراه"))
    if any(word in cleaned for word in _AFGHAN_PHRASE_WORDS):
        hits += [("afghan", phrase) for phrase in _AFGHAN_PHRASES.findall(cleaned)]
    if "یاد" in cleaned:
        hits += [("afghan_b", phrase) for phrase in _AFORESAID.findall(cleaned)]
    if _PASHTO_LETTERS.search(cleaned):
        hits += [
            ("afghan", word)
            for word in WORD.findall(cleaned)
            if _PASHTO_LETTERS.search(word) and not _marker(word)
        ]
    if "هگ" in cleaned or "ه\u200cگ" in cleaned:  # the spelling needs one of these
        spelled = _AFGHAN_SPELLING.findall(cleaned)
        hits += [("afghan", word) for word in spelled if not _marker(word)]  # once a word
    found: dict[str, list[str]] = {k: [] for k in ("afghan", "afghan_b", "iran", "iran_b")}
    ordinals = False
    for kind, marker in sorted(set(hits)):  # most texts have none: nothing to sort
        if kind == "ordinal":
            ordinals = True
        else:
            found[kind].append(marker)
    if ordinals:
        for afghan, iranian in _ORDINAL_DATE.findall(cleaned):
            found["afghan" if afghan else "iran"].append(afghan or iranian)
    return found


@functools.lru_cache(maxsize=65536)  # words repeat from post to post
def _marker(word: str) -> Optional[tuple[str, str]]:
    """(kind, marker) of a word: as written first, then without an ending (ولسوالی is one
    marker, not ولسوال as well)."""
    for form in _forms(word):
        kind = _KIND_OF.get(form)
        if kind:
            return kind, form
    return None


def _forms(word: str) -> list[str]:
    """The word, and the word without one ending (as typed, or after a non-joiner)."""
    forms = [word.replace("\u200c", "")]
    stem = word.split("\u200c")[0]
    if stem != word:
        forms.append(stem)
    # Longest ending first; four lookups, not one per ending (this runs on every Persian word).
    for length in range(min(_LONGEST_SUFFIX, len(word) - 3), 0, -1):
        if word[-length:] in _SUFFIX_SET:
            forms.append(word[:-length])
    if word.endswith("گان"):  # a final silent ه makes its plural in -گان: باشنده, باشندگان
        forms.append(word[:-3] + "ه")
    return forms


def persian_variety(
    cleaned: str, hint: Optional[str] = None, country: Optional[str] = None
) -> tuple[Optional[str], tuple[str, ...]]:
    """``prs``, ``pes`` or None, and the words that decided, for a text identified as Persian.

    Afghan evidence counts twice a strong Iranian marker (Afghans write Iranian forms; the
    reverse is rare); supporting words count half. A claim needs a strong marker of its side,
    or two supporting words of its side (for Iranian, not ``IRANIAN_WEIGHT_ONLY``'s). With
    markers on both sides level, or none, a page that says its variety (``p[lang]`` = ``prs``,
    ``fa-AF``…) decides, and the article's country breaks a level tie only.

    Example:
        >>> persian_variety("طالبان امروز ولسوالی قیصار را تصرف کردند")
        ('prs', ('Dari words: ولسوالی',))
        >>> persian_variety("امروز در کابل برف بارید")
        (None, ())
    """
    found = markers(cleaned)
    afghan = 2 * len(found["afghan"]) + len(found["afghan_b"])
    iranian = len(found["iran"]) + 0.5 * len(found["iran_b"])
    page = _VARIETY_HINTS.get((hint or "").lower())
    leaning = page or _VARIETY_COUNTRIES.get((country or "").upper())
    variety = None
    if afghan > iranian and (found["afghan"] or len(found["afghan_b"]) >= 2):
        variety = "prs"
    elif iranian > afghan and (
        found["iran"] or len(set(found["iran_b"]) - IRANIAN_WEIGHT_ONLY) >= 2
    ):
        variety = "pes"
    elif afghan == iranian and (afghan or page):
        variety = leaning
    if variety is None:
        return None, ()
    evidence = []
    for label, kinds in (("Dari", ("afghan", "afghan_b")), ("Iranian Persian", ("iran", "iran_b"))):
        words = [w for kind in kinds for w in found[kind]]
        if words:
            evidence.append(f"{label} words: {' '.join(words)}")
    if leaning == variety and (page or afghan == iranian):
        evidence.append(f"page or article points to {leaning}")
    return variety, tuple(evidence)
