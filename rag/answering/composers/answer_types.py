"""Whether a span is of the type a question asks for: a person for "who", a date for "when", a
number for "how many/much". A span of another type is a near miss ("Who signed?" answered
"MOU"), so it lowers the answer's confidence rather than being shown."""
from __future__ import annotations

import re

from rag.answering.composers.inventory import DESIGNATION, is_company, is_ship, ship_country, ship_prefix_only
from rag.answering.composers.place_type import place_conflict
from rag.answering.countries import Country, countries_named, country_spans, in_regions, region_members, regions_asked
from rag.answering.grounding import WEEKDAY_NAME, days_of_month, first_day, names_held, question_names
from rag.answering.question_analysis import FREQUENCY, HOW_LONG, WEEKDAY
from rag.ingest.sentences import split_sentences
from rag.search.lexicon import STOPWORDS, content_words, fold

_MONTHS = (r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|"
           r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?")
_DATE = re.compile(r"\b(?:%s|monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|yesterday|"
                   r"tomorrow|week|month|year|decade|century|spring|summer|autumn|fall|winter|(?:1[0-9]|20)\d\d|"
                   r"\d{1,2}(?:st|nd|rd|th)|\d{4}s|morning|evening|night|ago|later|earlier)\b" % _MONTHS, re.I)
# A number written alone, not a digit inside a name ("F-35A", "PAC-2" hold no count).
_NUMBER = re.compile(r"(?<![A-Za-z])(?<![A-Za-z]-)\d+(?:[.,]\d+)*(?![A-Za-z]*\d)(?![A-Za-z])|"
                     r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|"
                     r"thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|"
                     r"forty|fifty|sixty|seventy|eighty|ninety|"
                     r"hundred|thousand|million|billion|trillion|dozen|dozens|several|half|"
                     r"single|double|twice|once)\b", re.I)
_CAPITALISED = re.compile(r"^(?:the\s+)?[A-ZÀ-ÖØ-Þ]")
_PLACE_OF = re.compile(r"(?:the\s+)?[a-z]+\s+of\s+(?:the\s+)?[A-ZÀ-ÖØ-Þ]")
_LOWER_WORDS = re.compile(r"\b[a-z]{4,}\b")
# A name, then the lower-case noun of what it names, one modifier allowed ("Yokosuka naval base",
# "the Lancaster House conference centre"); no verb form ("-ed", "-ing", "-s") among them.
_NAMED_PLACE = re.compile(r"^(?:the\s+)?(?:[A-ZÀ-ÖØ-Þ][\w’'.-]*\s+)+(?:[a-z][a-z-]*[a-rt-z]\s+)?[a-z][a-z-]*[a-rt-z]$")


def _named_place(span: str) -> bool:
    """A name, then the lower-case noun of what it names ("Yokosuka naval base"): no stopword or
    verb form ("-ed", "-ing") among the lower-case words."""
    if not _NAMED_PLACE.match(span):
        return False
    lower = [w for w in span.split() if w[0].islower() and w != "the"]
    return not any(w in STOPWORDS or re.search(r"(?:ed|ing)$", w) for w in lower)


_MONEY = re.compile(r"[$€£¥]|\b(?:USD|EUR|NOK|GBP|JPY|AUD|yen|dollars?|euros?|pounds|kroner|krone)\b")


def matches_type(span: str, answer_type: str, counts: bool = False) -> bool:
    """True when ``span`` can be an answer of ``answer_type`` ("other": anything); ``counts``: the
    question asks how many things, which a sum of money does not answer ("How many missiles did
    Japan order?" is not "NOK 1.9 billion")."""
    span = span.strip()
    if answer_type == "date":
        return bool(_DATE.search(span))
    if answer_type == "number":
        return bool(_NUMBER.search(span)) and not (counts and _MONEY.search(span))
    if answer_type in ("person", "organisation", "place"):
        if not _CAPITALISED.search(span) and not (answer_type == "place" and _PLACE_OF.match(span)):
            return False
        if answer_type == "person" and (re.search(r"\d", span) or re.fullmatch(r"[A-Z]{3,}", span)):
            return False  # "F-35", "IMCMEX": a model, an acronym, no one's name
        if answer_type == "place" and (_PLACE_OF.match(span) or _named_place(span)):
            return True  # "the waters of the Gulf", "the coast of Norway", "Yokosuka naval base"
        # Mostly lower-case words: a phrase, not a name ("Defense Minister said the MOU will…").
        return len(_LOWER_WORDS.findall(span)) <= max(1, len(span.split()) // 3)
    return True


_POINT_IN_TIME = re.compile(r"\b(?:%s|monday|tuesday|wednesday|thursday|friday|saturday|sunday|(?:1[0-9]|20)\d\d)\b"
                            % _MONTHS, re.I)


def point_in_time(span: str) -> bool:
    """A date ("August 21", "in 2014"), which answers no "how long": it names when, not how long."""
    return bool(_POINT_IN_TIME.search(span)) and not content_words(span) & content_words(HOW_LONG)


# Nouns a company answers ("Which contractor …"); asked for anything else, a company is a near miss.
_COMPANY_NOUNS = re.compile(r"^(?:compan|firm|maker|manufactur|contractor|supplier|developer|producer|corporation|"
                            r"group|business|shipbuilder|shipyard|builder|partner|licens|vendor|enterprise|organi[sz]ation|"
                            r"employer|exporter|importer|buyer|seller|customer|client)", re.I)


def category_conflict(span: str, noun: str, answer_type: str, before: str = "") -> bool:
    """A span that is plainly another kind of thing than the one asked for: a company for "which
    missile programme" or "which body" ("Mitsubishi Electric"), a ship for "where" or "who" ("Bungo"
    after "the Japanese Command Ship"). Recognised by how companies and ships are written; ``before``: the
    text right before the span, where a ship's prefix stands."""
    span = span.strip()
    # a span ends before a full stop, which a company's "Co." or "Inc." keeps
    if noun and not any(_COMPANY_NOUNS.match(w) for w in noun.split()) and \
            is_company(re.sub(r"\b(Co|Corp|Inc)$", r"\1.", span)):
        return True
    if (answer_type == "organisation" or any(_COMPANY_NOUNS.match(w) for w in noun.split())) and _only_country(span):
        return True  # "which body approved the export", "to which American defence firm": not "Qatar"
    if answer_type in ("person", "organisation") and not noun and _only_country(span):
        return True  # "who approved the export", "who will the gyros be exported to": not "Qatar"
    if place_conflict(span, noun):
        return True  # "which country will they visit": not the ministers; "in which city": not "Japan"
    if answer_type == "place" and outside_regions(span, noun):
        return True  # "which african country": not "Jordon"
    if _VENUE_NOUNS.search(noun) and not _names_venue(span):
        return True  # "in which building did the ministers meet": not "Tokyo", not the ministers' names
    with_prefix = " ".join(before.split()[-3:] + [span])
    if (asked := ship_nationalities(noun)) and (flag := ship_country(with_prefix)) and flag not in asked:
        return True  # "on which Japanese ship": not "HMS Atherstone", a British one
    return (answer_type in ("place", "person") and not _SHIP_NOUNS.search(noun) and
            (is_ship(with_prefix) or ship_prefix_only(span)))  # "Norway’s HNoMS" for "who went with …": no one


def outside_regions(span: str, noun: str) -> bool:
    """The asked ``noun`` restricts its countries to regions ("african country") and ``span`` names
    countries, none of them there."""
    regions, negated = regions_asked(noun) if noun else ([], False)
    named = countries_named(span) if regions else []
    return bool(named) and (all(in_regions(c, regions) for c in named) if negated else
                            not any(in_regions(c, regions) for c in named))


def ship_nationalities(noun: str) -> list[Country]:
    """The countries whose ship the noun asked for is ("which Japanese ship", "norwegian frigate")."""
    return countries_named(noun) if _SHIP_NOUNS.search(noun) else []


_SHIP_NOUNS = re.compile(r"\b(?:ship|vessel|carrier|frigate|boat|destroyer)s?\b")
# Places smaller than a town, which a city or a country does not name.
_VENUE_NOUNS = re.compile(r"\b(?:building|venue|hall|palace|hotel|residence|mansion|house|headquarters)s?$")


# A building's or site's name holds what it is ("Lancaster House", "the Palace of Culture and Science",
# "Royal Ujazdów Castle"), or ends with the lower-case noun ("the Warsaw University of Technology building").
_VENUE_WORDS = (r"House|Hall|Palace|Hotel|Building|Centre|Center|Castle|Mansion|Residence|Headquarters|Lodge|Court|"
                r"Tower|Abbey|Chambers|Stadium|Arena|Cathedral|Church|Chapel|Basilica|Mosque|Synagogue|Temple|Museum|"
                r"Gallery|Library|Theatre|Theater|Opera|Station|Airport|Embassy|Pavilion|Villa|Manor|Fort|Fortress|"
                r"Barracks|Capitol|Dome|Square|Market|Gate|Bridge|Observatory|Parliament|Hospital|College|University")
_VENUE_NAME = re.compile(r"(?:^|\s)(?:%s)\b|\b(?:building|house|hall|palace|castle|tower|centre|center|venue)s?$"
                         % _VENUE_WORDS)


def _names_venue(span: str) -> bool:
    """The span names a building or a site ("Lancaster House", "Yokosuka naval base"), not a city,
    a country or people: what "in which building / at which venue" asks for."""
    return bool(_VENUE_NAME.search(span)) or (_named_place(span.strip()) and not _only_country_or_capital(span))


def _only_country_or_capital(span: str) -> bool:
    """The span is a country's or its capital's name and nothing more ("Tokyo", "the UK")."""
    bare = re.sub(r"^(?:the|in|at)\s+", "", span.strip(" .,;:"), flags=re.I).lower()
    return any(bare == name.lower().rstrip(".") for country in countries_named(span)
               for name in country.names + country.capitals)


def _only_country(span: str) -> bool:
    """The span is a country's name and nothing more ("Qatar", "the U.S."), which names no body,
    agency or firm."""
    bare = re.sub(r"^the\s+", "", span.strip(" .,;:"), flags=re.I).lower()
    return any(bare == name.lower().rstrip(".") for country in countries_named(span) for name in country.names)


def only_countries(span: str) -> bool:
    """The span names countries and nothing more ("Japan and Norway", "the UK, France"): no person."""
    parts = [p for p in re.split(r"\s*(?:,|\band\b|&)\s*", span.strip(" .,;:")) if p]
    return bool(parts) and all(_only_country(p) for p in parts)


def _same_thing(asked: set[str], written: set[str]) -> bool:
    """A word of ``asked`` in ``written``, by stem or by a compound's head: "warships" counts
    "ships", "airbases" counts "bases" (a head of four letters or more)."""
    return bool(asked & written) or any(a.endswith(w) and len(w) >= 4 for a in asked for w in written)


def counts_what(span: str, after: str, counted: str) -> bool:
    """Whether a count names what the question counts ("how many japanese hostages"): one of its
    words in the span or in the three words after it ("two Japanese hostages", "15 other
    countries"); stems compare, so "year" counts "years", and "warships" counts "naval ships"."""
    near = content_words((span + " " + " ".join(after.split()[:3])).replace("-", " "))  # "two-day"
    return _same_thing(content_words(counted), near)


_QUALIFIER = re.compile(r"(?:\b(?:nearly|almost|about|around|roughly|over|more than|some|at least|up to)\s+)?"
                        r"\b(?:a|an)\s+$|\b(?:nearly|almost|about|around|roughly|more than|some|at least|up to)\s+$", re.I)
_ARTICLED = re.compile(r"dozen|hundred|thousand|million|billion", re.I)


def count_in(sentence: str, counted: str) -> tuple[int, int] | None:
    """Where ``sentence`` counts what the question counts: a number with one of the counted words in
    the two words after it ("Over four years" for "how many years"); None when it does not."""
    wanted = content_words(counted)
    for m in _NUMBER.finditer(sentence):
        tail = re.match(r"(?:[\s-]+[\w’'-]+){1,3}", sentence[m.end():])
        if not tail:
            continue
        words = re.findall(r"[\w’'-]+", tail.group())
        for n in range(1, len(words) + 1):
            if _same_thing(wanted, content_words(" ".join(words[:n]).replace("-", " "))):
                end = m.end() + len(re.match(r"(?:[\s-]+[\w’'-]+){%d}" % n, sentence[m.end():]).group())
                before = _QUALIFIER.search(sentence[:m.start()])  # "nearly a dozen countries", not "a two-day"
                if before and before.group().strip().lower() in ("a", "an") and not _ARTICLED.match(m.group()):
                    before = None
                return (before.start() if before else m.start()), end
    return None


def date_of_country(question: str, passages: list, sentence: tuple[int, int, int]) -> tuple[int, int, int, int, int] | None:
    """For "When did Nakatani meet Jordan's Prime Minister?" answered from a sentence naming no
    country the question names ("On August 18, Nakatani met Djibouti’s President"): the sentence
    that names one and a day of the month ("On August 21, Nakatani visited Jordon, where …") and
    shares most of the question's other words, as (passage, sentence start, end, date start, end);
    None where the answer's sentence names such a country or no other sentence does.
    ``sentence``: (passage, start, end) of the answer's sentence."""
    i, a, b = sentence
    if not country_unnamed(question, passages[i].text[a:b]):
        return None
    asked, words = _countries_asked(question), content_words(question)
    context = " ".join(p.text for p in passages)
    # who the question is about, as the answer's sentence names them ("when are the two ministers
    # scheduled to visit South Korea", read in their Japan visit's sentence): a day of the asked
    # country's sentence answers only where it names them too, not another visitor's
    subjects = [n for n in names_held(question, passages[i].text[a:b], context) if not countries_named(n)]
    best = None
    for n, p in enumerate(passages):
        for x, y in split_sentences(p.text):
            text = p.text[x:y]
            if not set(asked) & set(countries_named(text)) or not (day := _day_asked(words, text)):
                continue
            if len(names_held(" ".join(subjects), text, context)) < len(subjects):
                continue
            shared = len(words & content_words(text))
            if best is None or shared > best[0]:
                best = (shared, (n, x, y, x + day[0], x + day[1]))
    return best[1] if best else None


def replaced_designation(question: str, context: str) -> str:
    """A model the question names ("a british f-35a") that ``context`` names only as another variant
    ("a British F-35B landed on the JS Kaga"), as the question writes it; "" otherwise."""
    stated: dict[str, set[str]] = {}
    for m in DESIGNATION.finditer(context):
        stated.setdefault(m["base"].lower().replace("-", ""), set()).add(m["variant"].lower())
    for m in DESIGNATION.finditer(question):
        variants = stated.get(m["base"].lower().replace("-", ""), set())
        if m["variant"] and variants and m["variant"].lower() not in variants:
            return m[0]
    return ""


def _countries_asked(question: str) -> list:
    """The countries a question names, by name or capital, or by its people where they qualify a
    person ("his South Korean counterpart", "the Jordanian prime minister"): whose the event is."""
    asked = countries_named(question, people=False)
    for x, y, country in country_spans(question):
        if country not in asked and re.match(r"\s+(?:%s)\b" % _PERSON_NOUNS, question[y:], re.I):
            asked.append(country)
    return asked


_PERSON_NOUNS = (r"counterparts?|ministers?|minister of|president|prime minister|premier|leaders?|officials?|"
                 r"secretary|delegation|king|chancellor|head|chief|ambassador|envoy|government")


def _owners(question: str) -> list:
    """The countries a question writes as the owner of a person ("Australia's Defence Minister")."""
    return [c for x, y, c in country_spans(question, people=False)
            if re.match(r"[’']s\s+(?:[A-Za-z-]+\s+){0,2}?(?:%s)\b" % _PERSON_NOUNS, question[y:], re.I)]


def _day_asked(words: set[str], text: str) -> tuple[int, int] | None:
    """The day of the month of ``text`` the question's ``words`` point at, where it writes several:
    the one whose clause holds most of them, a day leading its sentence ("On August 23, Japan and
    South Korea agreed …") taking the words after it, a trailing one ("following a video conference
    between … on August 7") the words before it back to a comma; the first on a tie."""
    days = days_of_month(text)
    if len(days) < 2:
        return first_day(text)
    best = None
    for x, y, _ in days:
        if re.fullmatch(r"\W*(?:on|in|by|from|since)?\s*", text[:x], re.I):
            clause = re.split(r"[,;]", text[y:].lstrip(" ,"), maxsplit=1)[0]
        else:
            clause = re.split(r"[,;]", text[:x])[-1]
        shared = len(words & content_words(clause))
        if best is None or shared > best[0]:
            best = (shared, (x, y))
    return best[1]


def country_unnamed(question: str, sentence: str) -> str:
    """The country the question names when ``sentence`` names other countries and none of its
    own, or names only regions it is not in ("visited three nations in Africa and the Middle East"
    for Lithuania), else "" (a sentence naming no place may speak of the question's: "the
    Ministers")."""
    asked, named = _countries_asked(question), countries_named(sentence)
    if named and (owner := next((c for c in _owners(question) if c not in named), None)):
        return owner.names[0]  # "Australia's Defence Minister" asked, the ROK's minister stated
    if not asked or set(asked) & set(named):
        return ""
    if named:
        return asked[0].names[0]
    regions, negated = regions_asked(sentence)
    return asked[0].names[0] if regions and not negated and not any(in_regions(c, regions) for c in asked) else ""


def _capitals(text: str) -> set[str]:
    """The capital cities ``text`` names by name ("Tokyo", "seoul"), lower case."""
    written = fold(text).lower()
    return {written[x:y] for x, y, country in country_spans(text) if written[x:y] in country.capitals}


def capital_replaced(question: str, sentence: str) -> str:
    """The capital the question names where ``sentence`` names none of the question's and another
    one instead ("a defence attaché position in seoul" asked, "… in Tokyo in 2026" stated): the
    sentence is about another place, else ""."""
    asked, stated = _capitals(question), _capitals(sentence)
    return next(iter(sorted(asked))) if asked and stated and not asked & stated else ""


def region_unnamed(question: str, sentence: str) -> str:
    """The region the question restricts its countries to ("how many countries in Asia") when
    ``sentence`` restricts its own to another region, neither holding the other ("five in Europe"), and
    names no country of the asked one besides those the question names ("Japan has signed ... with 15
    other countries"); else ""."""
    asked, excluded = regions_asked(question)
    named, negated = regions_asked(sentence)
    if not asked or excluded or not named or negated:
        return ""

    def nested(x: str, y: str) -> bool:
        a, b = set(region_members(x)), set(region_members(y))
        return a <= b or b <= a
    if any(nested(x, y) for x in asked for y in named) or \
            any(in_regions(c, asked) for c in countries_named(sentence) if c not in countries_named(question)):
        return ""
    return asked[0]


_UNIT = r"(?:second|minute|hour|day|night|week|fortnight|month|quarter|year|decade)"
_CLOSED = {
    WEEKDAY: WEEKDAY_NAME,
    FREQUENCY: re.compile(r"\b(?:hourly|daily|nightly|weekly|fortnightly|biweekly|bimonthly|monthly|quarterly|"
                          r"yearly|annually|biannually|biennially|twice-yearly)\b"
                          r"|\b(?:once|twice|(?:three|four|five|six|several|\d+) times)\s+(?:a|an|per|each|every)\s+%s\b"
                          r"|\bevery\s+(?:(?:other|second|third|few|two|three|four|five|six|\d+)\s+)?%ss?\b"
                          r"|\b(?:a|an|per)\s+%s\b(?=\s*[,.;)]|$)" % (_UNIT, _UNIT, _UNIT), re.I),
}


def closed_member(text: str, closed: str) -> tuple[int, int] | None:
    """Where ``text`` names a word of the closed class a question asks for (``QuestionAnalysis.closed``):
    a day of the week ("Saturday"), a frequency ("fortnightly", "twice a year"); None where it names none."""
    m = _CLOSED[closed].search(text) if closed in _CLOSED else None
    return m.span() if m else None


def sentence_with_member(question: str, passages: list, closed: str, first: tuple[int, int, int]
                         ) -> tuple[int, int, int, int, int] | None:
    """The sentence that answers a closed-class question ("What day of the week did they meet?"):
    the answer's own sentence ``first`` (passage, start, end) where it names a member of the class,
    else the sentence of the passages naming one that shares most of the question's words (at least
    one), as (passage, sentence start, end, member start, end); None where no sentence names one.
    The reader, trained on SQuAD, answers "when" with the date it was trained on, not its weekday."""
    i, a, b = first
    if (m := closed_member(passages[i].text[a:b], closed)) is not None:
        return i, a, b, a + m[0], a + m[1]
    words, best = content_words(question), None
    for n, p in enumerate(passages):
        for x, y in split_sentences(p.text):
            if (m := closed_member(p.text[x:y], closed)) is None:
                continue
            shared = len(words & content_words(p.text[x:y]))
            if shared and (best is None or shared > best[0]):
                best = (shared, (n, x, y, x + m[0], x + m[1]))
    return best[1] if best else None


# "whose press release …" / "how long did the meeting … last": the noun the question asks about.
_WHOSE_NOUN = re.compile(r"\bwhose\s+((?:[a-z-]+\s+){0,2}?[a-z-]+)\s+(?:did|does|do|was|were|is|are|has|had|will)\b",
                         re.I)
_HOW_LONG_NOUN = re.compile(r"^how long (?:did|does|do|was|were|is|will) (?:the|a|an|this|that|his|her|its|their) "
                            r"((?:[a-z-]+\s+){0,2}?[a-z-]+)\b", re.I)
_DURATION_MODIFIER = re.compile(r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|twelve|[a-z]+ty)"
                                r"-%ss?$" % _UNIT, re.I)


def modifies_asked(question: str, text: str, start: int, end: int, sentence: tuple[int, int]) -> bool:
    """Whether the span ``text[start:end]`` is written as the modifier of the very noun the question
    asks about, which the reader's probability does not weigh: "whose press release …" answered by
    "a press release by <span>" or "<span>'s press release"; "how long did the meeting … last"
    by "the <span> meeting" where the span is a duration ("40-minute"). The grammar ties the span
    to the thing asked, not merely to a sentence sharing the question's words. The sentence
    ``text[sentence]`` must also hold one of the question's other words, where it has any ("on
    board the Kaga"): a two-day visit elsewhere does not say how long the one asked about lasted."""
    span = text[start:end].strip()
    if _DURATION_ASKED.match(question.strip()) and _modifies_event(question, text, start, end, sentence):
        return True
    pattern = _WHOSE_NOUN.search(question) or _HOW_LONG_NOUN.search(question.strip())
    if not pattern:
        return False
    rest = content_words(question) - content_words(pattern.group(0) + " last whose long")
    if rest and not rest & content_words(text[slice(*sentence)]):
        return False
    noun = pattern.group(1).lower().split()
    if pattern.re is _WHOSE_NOUN:
        before = re.search(r"(\w[\w-]*)\s+(?:by|of|from)\s+(?:the\s+)?$", text[max(0, start - 40):start])
        after = re.match(r"[’']s\s+%s\b" % r"\s+".join(map(re.escape, noun)), text[end:end + 60], re.I)
        return bool((before and before.group(1).lower() == noun[-1]) or after)
    after = re.match(r"\s+([\w-]+)", text[end:end + 40])
    return bool(_DURATION_MODIFIER.search(span) and after and after.group(1).lower() in noun)


_DURATION_ASKED = re.compile(r"^(?:for\s+|over\s+)?how (?:long|many %ss)\b" % _UNIT, re.I)
# Nouns (as content_words stems them) of a meeting, which a question and a text swap ("the talks",
# "the 40-minute meeting"); a short table of English synonyms.
_EVENT_NOUNS = {"meet", "talk", "discuss", "discussion", "confer", "conference", "summit", "session", "visit",
                "trip", "negoti", "negotiation"}


def _modifies_event(question: str, text: str, start: int, end: int, sentence: tuple[int, int]) -> bool:
    """"How long did the talks aboard the JS Kaga last?" answered by "the <40-minute> meeting": a
    duration written as the modifier of a noun the question names or of a meeting where it asks
    about one, in a sentence holding every name the question states ("JS Kaga", "Nakatani and
    Flåm"): a meeting between others does not say how long the one asked about lasted."""
    after = re.match(r"\s+([\w-]+)", text[end:end + 40])
    if not (_DURATION_MODIFIER.search(text[start:end].strip()) and after):
        return False
    noun, asked = content_words(after.group(1)), content_words(question)
    if not (noun & asked or (noun & _EVENT_NOUNS and asked & _EVENT_NOUNS)):
        return False
    names = question_names(question, text)
    return bool(names) and len(names_held(question, text[slice(*sentence)], text)) == len(names)


# Currencies a question may ask an amount in ("worth in Australian dollars") and how a text writes
# an amount in each: a code or sign before the number ("AU $290 million", "NOK 1.9 billion", "€5m")
# or a code or name after it ("330 billion USD", "5 billion yen"). A bare "$" names no currency:
# an Australian paper's "$" is not an American one.
_CURRENCIES = {
    "US dollars": (r"(?:us|u\.s\.|american) dollars?|usd", r"US ?\$|U\.S\. ?\$|USD", r"USD|US dollars?"),
    "Australian dollars": (r"australian dollars?|aud", r"AU ?\$|A\$|AUD", r"AUD|Australian dollars?"),
    "Norwegian kroner": (r"norwegian (?:kroner|krone|crowns?)|kroner|krone|nok", r"NOK|kr\.?", r"NOK|kroner|krone"),
    "yen": (r"(?:japanese )?yen|jpy", r"¥|JPY", r"yen|JPY"),
    "euros": (r"euros?|eur", r"€|EUR", r"euros?|EUR"),
    "pounds": (r"(?:british )?pounds?(?: sterling)?|gbp|sterling", r"£|GBP", r"pounds?|GBP"),
}
_AMOUNT = r"\d[\d.,]*(?:\s*(?:million|billion|trillion|m|bn)\b)?"


def currency_asked(question: str) -> str:
    """The currency a question asks an amount in ("… worth in US dollars?" -> "US dollars", "the
    Norwegian-krone value of …" -> "Norwegian kroner"), else ""."""
    question = question.replace("-", " ")  # "the Norwegian-krone value"
    for name, (asked, _, _) in _CURRENCIES.items():
        if re.search(r"\bin\s+(?:%s)\b|\b(?:%s)\s+(?:value|amount|figure|terms|equivalent|sum|price|cost)\b"
                     % (asked, asked), question, re.I):
            return name
    return ""


def amounts(text: str) -> list[tuple[str, int, int]]:
    """The amounts ``text`` writes in a named currency, as (currency, start, end), in order."""
    found = []
    for name, (_, before, after) in _CURRENCIES.items():
        pattern = r"(?<![\w$])(?:(?:%s)\s*\$?\s*%s|%s\s+(?:%s))(?!\w)" % (before, _AMOUNT, _AMOUNT, after)
        found += [(name, m.start(), m.end()) for m in re.finditer(pattern, text)]
    return sorted(found, key=lambda f: f[1])


def amount_in(question: str, text: str, start: int, end: int) -> tuple[int, int] | None:
    """Where the sentence ``text[start:end]`` writes its amount in the currency the question asks
    for (offsets into ``text``), else None."""
    currency = currency_asked(question)
    return next(((start + x, start + y) for c, x, y in amounts(text[start:end]) if c == currency and currency), None)


def unnamed_holder(question: str, items: list[str], whole: str = "") -> str:
    """The item of a coordination (``whole``, as written) that only restates the post a "who" question
    asks about, as a description with no name of its own ("Turkey's Defence Minister Yaşar Güler and
    the head of Turkey's Defence Industry Agency" for "who heads Turkey's Defence Industry Agency"):
    the text says there is such a person but does not name them, so the question is a near miss; ""
    where every item names someone (a name after a comma, "the Secretary of State …, the Rt Hon X MP",
    is its holder's)."""
    asked = content_words(question)
    for item in items:
        words, at = content_words(item), whole.find(item)
        named_after = at >= 0 and re.match(r"\s*,\s*(?:the\s+)?[A-ZÀ-ÖØ-Þ]", whole[at + len(item):])
        if words and words <= asked and re.match(r"(?:the|a|an)\s", item.strip(), re.I) and not named_after:
            return item.strip()  # every word, its capitalised ones included, is the question's
    return ""
