"""Word rules for yes/no answers: which of a question's words a text holds however it words them,
and which of them a text contradicts.

Held, whatever the wording (``claim_words`` and ``held``):
  * the same word inflected otherwise ("contributor" holds "contribution": a shared start of five
    letters or more), irregular forms ("bought" is "buy"), British and American spellings
    ("defense" is "defence");
  * a country by its name or its people ("Norwegian" is Norway); a text naming a capital also
    names its country ("Canberra's decision" is Australia's);
  * a few verbs and adjectives that say the same thing ("buy" / "procure", "send" / "deploy",
    "put" / "establish", "aboard" / "onboard", "major" / "significant");
  * words that frame a question rather than state its claim are no words of it: "already", "back
    in 2015", "planning to", "took place", "is X described as", "did Y credit X with".
Contradicted (``contradiction``): the same thing given another category from a small list ("is
the Mogami class a submarine" against "Mogami-class multi-role frigate"), an antonym ("close"
against "distant", "imposed by other countries" against "self-imposed"), and a ship's name the
text has only as the name of its class ("HNoMS Fridtjof Nansen" against "HNoMS Roald Amundsen
Fridtjof Nansen-class frigate"), another country or ship for where a thing went or was held ("on
board HMS Prince of Wales" against "onboard the JS Kaga"), and another count of the same thing
(``other_count``: "ten European countries" against "including five in Europe").
Not stated as asked (``planned_only``): what a sentence gives only as planned or only as talked of
("agree to buy" against "a discussion on the prospect of procuring").
"""
from __future__ import annotations

import re
from functools import lru_cache

from rag.answering.contradiction import MONTHS
from rag.answering.countries import country_spans
from rag.answering.grounding import NUMBER_WORDS, ORDINAL, days_of_month
from rag.ingest.sentences import split_sentences
from rag.search.lexicon import STOPWORDS, fold, stem_of, words

# Phrases that frame the claim, rewritten before the words are read.
_FRAMES = [
    (re.compile(r"\bback in\b", re.I), "in"),
    (re.compile(r"\b(?:take|takes|took|taken|taking)\s+place\b", re.I), ""),
    (re.compile(r"\b(?:take|takes|took|taken|taking)\s+part\s+in\b", re.I), "participate in"),
    (re.compile(r"\b(?:plan|plans|planned|planning|intend|intends|intended|intending)\s+to\b", re.I), ""),
    (re.compile(r"\b(?:described|portrayed|characteri[sz]ed)\s+as\b", re.I), ""),
    (re.compile(r"\bcredit(?:s|ed)?\s+(.{1,40}?)\s+with\b", re.I), r"\1"),
    (re.compile(r"\bon\s+board\b", re.I), "aboard"),
    (re.compile(r"\bset\s+up\b", re.I), "establish"),
    (re.compile(r"\bspel(?:l|ls|led|lt|ling)\s+out\b", re.I), "explain"),  # "spell out what X would involve"
    (re.compile(r"\b(?:touch|touches|touched|touching)\s+down\b", re.I), "land"),
    (re.compile(r"\bheld\s+(?=(?:in|at|on|aboard|onboard)\b)", re.I), ""),  # "was the summit held in X": an event's place
    (re.compile(r"\bgoing\s+to\b", re.I), ""),  # "was it going to X": X
    (re.compile(r"\bas\s+well\s*(?=\?|$)", re.I), ""),  # "covering Tokyo as well?": "also"
    (re.compile(r"\balong\s+with\b", re.I), "with"),
    # "now" said in a phrase frames the question as "currently" does (a framing word): "covers Tokyo at the moment"
    (re.compile(r"\b(?:at\s+(?:the\s+)?(?:moment|present(?:\s+time)?)|right\s+now|for\s+now|these\s+days|nowadays)\b",
                re.I), ""),
    # a light verb before the deed's noun: "hold talks" is to talk, "show interest" to be interested
    (re.compile(r"\b(?:hold|holds|held|holding)\s+(?=(?:\w+\s+)?(?:talks|discussions?)\b)", re.I), ""),
    (re.compile(r"\b(?:show|shows|showed|shown|showing)\s+(?=(?:an?\s+)?interest\b)", re.I), ""),
    (re.compile(r"\b(?:work|works|worked|working)\s+(?:together\s+)?with\b", re.I), "cooperate with"),
    # "a new class of submarine" is a submarine: the words name its kind, not another thing
    (re.compile(r"\b(?:new\s+)?(?:class|type|kind|sort)\s+of\b", re.I), ""),
    (re.compile(r"\bend(?:s|ed|ing)?\s+up\s+(in|at|with)\b", re.I), r"\1"),  # "end up in X": in X
    (re.compile(r"\bpass(?:es|ed|ing)?\s+(.{1,40}?)\s+on\s+to\b", re.I), r"transfer \1 to"),
    # a verb reporting the claim frames it: "did Kihara point out that X" asks whether X is said
    (re.compile(r"\b(?:point(?:s|ed)?\s+out|note[sd]?|remark(?:s|ed)?|observe[sd]?)\s+(?:that\s+)?", re.I), ""),
    # "call X a Y" asks whether X is a Y
    (re.compile(r"\b(?:call|calls|called|term|terms|termed)\s+(.{1,60}?)\s+an?\s+(?=\w)", re.I), r"\1 "),
    (re.compile(r"\b(\w+)\s+(second|minute|hour|day|week|month|year)s?\s+long\b", re.I), r"\1 \2"),
    # "lasted 40 minutes": a report writes the duration as the event's adjective ("the 40-minute meeting")
    (re.compile(r"\b(?:last|lasts|lasted|lasting)\s+(?:for\s+)?(\w+)\s+(second|minute|hour|day|week|month|year)s?\b", re.I),
     r"\1 \2"),
]
# Adverbs that frame a question, not its claim.
_FRAME_WORDS = frozenset("already still ever actually really currently yet indeed among".split())
# Numbers written as words read as digits ("forty minutes" is "40-minute").
_NUMBER_WORDS = {w: str(n) for n, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve".split())}
_NUMBER_WORDS.update({w: str(10 * n) for n, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), 2)})

# Words for the same thing: each group's words read as its first.
_SAME = """
buy bought buys buying purchase procure acquire
send sent sends deploy dispatch
put establish station post
aboard onboard
major significant substantial
explain elaborate clarify
commit committed pledge vow
discuss talk
begin began begun start launch commence initiate
meet met
hold held
lead led
make made produce manufacture
build built
win won
lose lost
fight fought
tell told
large big huge
vessel ship
participate join
mainly primarily chiefly principally
technology tech
customer buyer client
aircraft plane jet airplane
permission authorisation authorization consent
stop cease halt
violation breach infringement
situated located sit
deepen strengthen
seafaring maritime
neighbour neighbor border
lift reverse repeal rescind overturn scrap abolish
ease relax loosen
""".strip().splitlines()
_SPELLINGS = [(re.compile(r"^(defen|offen|licen|preten)se"), r"\1ce"),
              (re.compile(r"(?<=\w\w\w)iz(?=e|es|ed|ing|ation|ations)$"), "is"),
              (re.compile(r"(?<=\w\w\w)yz(?=e|es|ed|ing)$"), "ys")]
MIN_SHARED_START = 5


def _spelled(word: str) -> str:
    for pattern, repl in _SPELLINGS:
        word = pattern.sub(repl, word)
    return word


@lru_cache(maxsize=1)
def _same() -> dict[str, str]:
    out = {}
    for line in _SAME:
        group = line.split()
        for w in group:
            out[stem_of(_spelled(w))] = stem_of(group[0])
    return out


def _word(surface: str) -> str:
    stem = stem_of(_spelled(surface))
    return _same().get(stem, stem)


def claim_words(text: str, question: bool = False) -> set[str]:
    """Content words of ``text`` as the rules compare them: stemmed, hyphenated words split ("UK-Japan"
    is "UK" and "Japan"), "as well as" read as "and", a country by any form read as ``country:NAME``.
    ``question``: the question's framing words dropped, and a country it names or describes read
    only as the country (so "Norwegian" is held by "Norway's"), a capital kept as written."""
    text = re.sub(r"\bas well as\b", "and", fold(text), flags=re.I)
    if question:
        for pattern, repl in _FRAMES:
            text = pattern.sub(repl, text)
    out: set[str] = set()
    kept, at = [], 0
    for a, b, country in country_spans(text):
        out.add("country:" + country.names[0])
        if question and text[a:b].lower() not in country.capitals:
            kept.append(text[at:a])
            at = b
    kept.append(text[at:])
    for w in words(" ".join(kept).replace("-", " ")):
        w = re.sub(r"['’]s?$", "", w)
        if w.lower() == "both":
            out.add("2")  # "both nations" are two
            continue
        if w in STOPWORDS or (len(w) < 2 and not w.isdigit()) or (question and w in _FRAME_WORDS):
            continue
        out.add(_NUMBER_WORDS.get(w.lower()) or _word(w))
    return out


_SETTING = re.compile(r"^\s*(?:during|at|in|on|after|before|following|since|under|within|throughout|as part of)\b[^,?]{3,80},",
                      re.I)
_YEARS = re.compile(r"(?<![\w.,])(?:1[5-9]|20)\d\d(?![\w]|[.,]\d)")


def setting_words(question: str) -> set[str]:
    """The question's words that set the scene rather than state the claim: a phrase fronted before
    a comma ("At the 2015 ministerial meeting, did …") and its years ("back in 2015"). The passage
    around the deciding sentence may hold them: a report names its event and year once."""
    scene = _SETTING.match(question)
    return claim_words(scene[0] if scene else "", question=True) | set(_YEARS.findall(question))


def _alike(word: str, other: str) -> bool:
    shorter, longer = sorted((word, other), key=len)
    return longer.startswith(shorter) and len(shorter) >= MIN_SHARED_START and not shorter.startswith("country:")


def held(asked: set[str], text: set[str]) -> set[str]:
    """The words of ``asked`` that ``text`` holds, as written or inflected otherwise."""
    return {w for w in asked if w in text or any(_alike(w, t) for t in text)}


def missing(asked: set[str], text: set[str]) -> set[str]:
    return asked - held(asked, text)


def share(asked: set[str], text: set[str]) -> float:
    return len(held(asked, text)) / max(1, len(asked))


# --- contradictions -----------------------------------------------------------------------------
# Nouns of one category: a thing the question calls one and the text another is not what was asked.
_CATEGORIES = [
    "frigate destroyer submarine corvette cruiser minesweeper battleship aircraft-carrier carrier "
    "patrol-boat tanker icebreaker",
    "fighter bomber helicopter drone airliner",
    "missile torpedo rocket rifle tank howitzer",
    "ministry agency company university bank",
    "president king queen emperor chancellor",
    "city town village",
    "treaty memorandum",
]
_ANTONYMS = """
close distant far
near distant far
increase decrease reduce cut
rise fall decline
strengthen weaken
ally enemy adversary
allow ban prohibit forbid
accept reject
approve reject
support oppose
win lose
larger smaller
public secret
tighten ease loosen relax lift
deepen loosen weaken
welcome condemn criticise criticize denounce
praise criticise criticize condemn
strengthen reverse lift scrap
open close shut
confirm deny
accept refuse decline
join leave quit
agree disagree refuse
gain lose
import export
permanent temporary
legal illegal
success failure
""".strip().splitlines()
_TOKEN = re.compile(r"[\w’']+(?:-[\w’']+)*")
NEAR_NAME = 6  # tokens between the name and the category noun the text gives it


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(fold(text))


@lru_cache(maxsize=1)
def _category() -> dict[str, int]:
    return {stem_of(w.replace("-", " ").split()[-1]): n for n, line in enumerate(_CATEGORIES) for w in line.split()}


@lru_cache(maxsize=1)
def _antonyms() -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for line in _ANTONYMS:
        first, *others = (stem_of(w) for w in line.split())
        out.setdefault(first, set()).update(others)
        for o in others:
            out.setdefault(o, set()).add(first)
    return out


def _category_swap(question: str, sentence: str) -> str:
    """A category noun of the question that the sentence replaces with another of the same list,
    right after a capitalised word the question also has ("is the mogami class a submarine"
    against "Mogami-class multi-role frigate")."""
    cats = _category()
    written = {stem_of(w.lower()): w for w in _tokens(question.replace("-", " "))}
    asked_words = set(written)
    asked = {w: cats[w] for w in asked_words if w in cats}
    if not asked:
        return ""
    tokens = _tokens(sentence.replace("-", " "))
    stems = [stem_of(t.lower()) for t in tokens]
    if asked.keys() & set(stems):
        return ""
    for i, s in enumerate(stems):
        if s in cats and cats[s] in asked.values():
            before = tokens[max(0, i - NEAR_NAME):i]
            anchors = [k for k, t in enumerate(before)
                       if t[0].isupper() and stem_of(t.lower()) in asked_words and t.lower() not in STOPWORDS]
            # another owner between the question's name and the noun makes it another thing ("Nakatani met
            # Djibouti’s President" is no answer to "did Nakatani meet Jordan's king")
            plain_asked = {stem_of(re.sub(r"['’]s?$", "", w.lower())) for w in written.values()}
            if anchors and not _other_owner_between(before[anchors[-1] + 1:], plain_asked):
                return written[next(w for w, c in asked.items() if c == cats[s])]
    return ""


def _other_owner_between(tokens: list[str], asked_words: set[str]) -> bool:
    """Whether ``tokens`` hold a possessive name or a country the question does not name."""
    for t in tokens:
        plain = re.sub(r"['’]s?$", "", t)
        if not plain[:1].isupper() or stem_of(plain.lower()) in asked_words:
            continue
        if plain != t or country_spans(plain):
            return True
    return False


_BY_OTHERS = re.compile(r"\bby\s+(?:other|others|another|foreign|outside)\b", re.I)


_OPPOSITE_PREFIXES = (("in", "ex"), ("im", "ex"), ("", "un"), ("", "dis"), ("", "non"))
MIN_PREFIXED_ROOT = 5  # letters after the prefix: "internally" / "externally", "approve" / "disapprove"


def opposite_by_prefix(word: str, other: str) -> bool:
    """Whether two words are opposites by their prefixes alone ("internally" / "externally",
    "import" / "export", "official" / "unofficial", "agree" / "disagree")."""
    word, other = word.lower(), other.lower()
    for a, b in _OPPOSITE_PREFIXES:
        for x, y in ((word, other), (other, word)):
            if x.startswith(a) and y.startswith(b) and x[len(a):] == y[len(b):] and len(x) - len(a) >= MIN_PREFIXED_ROOT:
                return True
    return False


def opposites(word: str, other: str) -> bool:
    """Whether two words say opposite things: the antonym list, or their prefixes."""
    a, b = stem_of(_spelled(word.lower())), stem_of(_spelled(other.lower()))
    return b in _antonyms().get(a, set()) or opposite_by_prefix(word, other)


def _antonym(question: str, sentence: str) -> str:
    """A word of the question whose opposite the sentence states instead ("close" against
    "distant"; "tighten" against "eased"; "externally" against "internally"; "imposed by other
    countries" against "self-imposed")."""
    q = {stem_of(w.lower()): w for w in _tokens(question.replace("-", " "))}
    s = {stem_of(w.lower()) for w in _tokens(sentence.replace("-", " "))}
    for stem, written in q.items():
        if stem not in s and _antonyms().get(stem, set()) & s:
            return written
    said = {w.lower() for w in _tokens(sentence.replace("-", " "))}
    for written in q.values():
        if written.lower() not in said and any(opposite_by_prefix(written, w) for w in said):
            return written
    if by := re.search(_BY_OTHERS.pattern + r"(?:\s+\w+)?", question, re.I):
        for m in re.finditer(r"\bself-(\w+)", sentence, re.I):
            if stem_of(m[1].lower()) in q:
                return f"{q[stem_of(m[1].lower())]} {by[0]}"
    return ""


def _class_name(question: str, sentence: str) -> str:
    """A ship's name of the question that the sentence writes only as the name of a class
    ("HNoMS Fridtjof Nansen" against "HNoMS Roald Amundsen Fridtjof Nansen-class frigate"), while
    the question says no "class"."""
    if re.search(r"\bclass\b", question, re.I):
        return ""
    low = fold(sentence)
    for m in re.finditer(r"((?:[A-Z][\w’']+\s+){0,3}[A-Z][\w’']+)[-\s]class\b", low):
        name = m[1].split()
        # the last words of the class name, as the question writes them one after another
        for k in range(len(name), 0, -1):
            tail = " ".join(name[-k:])
            if len(tail) > 3 and re.search(rf"\b{re.escape(tail)}\b(?![-\s]class)", fold(question), re.I):
                rest = low[:m.start(1)] + low[m.end():]
                if not re.search(rf"\b{re.escape(tail)}\b", rest):
                    return tail
    return ""


_POSSESSOR = re.compile(r"((?:[A-Z][\w.]*\s+){0,3}[A-Z][\w.]*)[’']s\s+((?:[\w-]+\s+){0,3}[\w-]+)")


def _other_owner(question: str, sentence: str) -> str:
    """A thing the question gives to one country ("a Japanese base") that the sentence gives to
    another by a possessive ("the United State’s Yokosuka naval base"), naming it with words of the
    question; as the question writes it, "" when none."""
    q_words = {stem_of(w.lower()) for w in _tokens(question)}
    for a, b, country in country_spans(question):
        if not (m := re.match(r"\s+(?:[\w-]+\s+)?([\w-]+)", question[b:])):
            continue
        noun = stem_of(m[1].lower())
        if noun in STOPWORDS:
            continue
        for s in _POSSESSOR.finditer(sentence):
            owner, after = s[1], [stem_of(w.lower()) for w in s[2].split()]
            if noun not in after or not set(after[:after.index(noun)]) & q_words:
                continue
            owners = {c.names[0] for _, _, c in country_spans(owner)}
            if country.names[0] not in owners and not re.search(rf"\b{re.escape(question[a:b])}\b", owner, re.I):
                return f"{question[a:b]} {m[1]}"
    return ""


_IN_PLACE = re.compile(r"\bin\s+([A-Z]?[\w’'.-]+(?:\s+[A-Z][\w’'.-]+)?)")


def _other_capital(question: str, sentence: str) -> str:
    """A capital the question places a thing in ("held in Seoul") while the sentence places it in
    another capital ("in Tokyo") and never names the asked one; "" when none."""
    def capitals(text: str) -> set[str]:
        return {c.names[0] for m in _IN_PLACE.finditer(text) for x, y, c in country_spans(m[1])
                if m[1][x:y].lower() in c.capitals}
    asked = capitals(fold(question))
    if not asked:
        return ""
    stated = capitals(fold(sentence))
    named = {c.names[0] for x, y, c in country_spans(fold(sentence)) if fold(sentence)[x:y].lower() in c.capitals}
    if stated and not asked & named:
        return next(m[1] for m in _IN_PLACE.finditer(question)
                    if any(m[1][x:y].lower() in c.capitals for x, y, c in country_spans(m[1])))
    return ""


_TO_PLACE = re.compile(r"(?<!according )\b(?:to|in|into)\s+((?:the\s+)?[A-Z]?[\w.-]+(?:\s+[A-Z][\w.-]+)?)(?![\w’'])",
                       re.I)  # "according to Norway's ministry" and "in Japan's ship" place nothing


def _placed(text: str) -> dict[str, str]:
    """The countries folded ``text`` sends something to or places it in ("to Qatar", "in Israel"):
    each country's name to the words naming it there."""
    return {c.names[0]: m[1][x:y] for m in _TO_PLACE.finditer(text) for x, y, c in country_spans(m[1])}


def places(text: str) -> set[str]:
    """The countries ``text`` sends something to or places it in, as claim_words reads them."""
    return {"country:" + name for name in _placed(fold(text))}


def placed_words(text: str) -> set[str]:
    """The words of the places ``text`` sends something to or places it in, as claim_words reads a
    question's: a capital as written ("in Tokyo": "tokyo", not only Japan)."""
    return {w for written in _placed(fold(text)).values() for w in claim_words(written, question=True)}


_ABOARD = re.compile(r"\b(?i:aboard|onboard|on\s+board)\s+(?i:the\s+|an?\s+)?((?:[A-Z][\w’'.-]*\s+(?:of\s+(?=[A-Z]))?)*"
                    r"[A-Z][\w’'.-]*)")


def _aboard(text: str) -> dict[str, str]:
    """The vessels folded ``text`` places something aboard ("held onboard the JS Kaga light aircraft
    carrier"): each name, lowercased, to the name as written. A name is a run of capitalised words
    ("HMS Prince of Wales"); "aboard the ship" names none."""
    return {m[1].lower(): m[1] for m in _ABOARD.finditer(text)}


def other_destination(question: str, sentence: str) -> str:
    """A place the question sends or holds a thing in that the sentence gives as another and never
    names the asked one; as the question writes it, "" when none. Places of two kinds: a country
    ("were the gyros going to end up in Israel" against "would be transferred to Qatar") and a
    vessel named after "aboard/onboard/on board" ("held on board HMS Prince of Wales" against
    "held onboard the JS Kaga"): another ship for the same event is another place."""
    q, s = fold(question), fold(sentence)
    asked, stated = _placed(q), _placed(s)
    # a country the sentence writes by its people's word is someone's nationality ("Norwegian Defense
    # Minister … signed … in Tokyo"), not where the thing is
    named = {c.names[0] for x, y, c in country_spans(s) if s[x:y].lower() not in c.people}
    if asked and stated and not asked.keys() & named:
        return next(iter(asked.values()))
    ships, stated_ships = _aboard(q), _aboard(s)
    if ships and stated_ships and not any(re.search(rf"\b{re.escape(k)}\b", s.lower()) for k in ships):
        return next(iter(ships.values()))
    return ""


# Cardinals written as words ("ten"), as grounding reads them; ordinals ("first") count nothing.
_CARDINALS = {w: int(v) for w, v in NUMBER_WORDS.items() if v.isdigit() and not ORDINAL.fullmatch(w)}
_COUNT = re.compile(r"(?<![\w.,$£€¥])(?P<n>\d{1,3}|%s)(?![\w]|[.,]\d)(?P<what>(?:[\s-]+[\w’'-]+){1,3})"
                    % "|".join(sorted(_CARDINALS, key=len, reverse=True)), re.I)
_ROUGHLY = re.compile(r"\b(?:more|fewer|less)\s+than\s*$|\b(?:over|at\s+least|at\s+most|nearly|almost|about|around|some"
                      r"|up\s+to|roughly|approximately|under)\s*$", re.I)
_INCLUDING = re.compile(r"\b(?:including|among\s+them|of\s+(?:them|which|whom))\s*$", re.I)


def _counts(text: str) -> list[tuple[int, set[str], str]]:
    """(number, the words of the thing counted, as written) of each exact count ``text`` states
    ("ten European countries"): a number of one to three digits or a cardinal word, not a year or
    an amount of money, and the words after it in its clause. A count after "including" counts
    a part of the count before it ("15 other countries including five in Europe": five countries
    in Europe), so it takes that count's words too. None after "more than", "about", …"""
    out: list[tuple[int, set[str], str]] = []
    text = fold(text)
    for m in _COUNT.finditer(text):
        if _ROUGHLY.search(text[:m.start()]):
            continue
        n = m["n"].lower()
        words = claim_words(m["what"]) - {n}
        if out and _INCLUDING.search(text[:m.start()]):
            words |= out[-1][1]
        out.append((int(n) if n.isdigit() else _CARDINALS[n], words, m[0].strip()))
    return out


def other_count(question: str, sentence: str) -> str:
    """A count of the question ("with ten European countries") that the sentence states otherwise
    for the same thing ("with 15 other countries including five in Europe": five European
    countries), and never as asked; as the question writes it, "" when none. The thing counted is
    the same where the sentence's words after its number hold every word after the question's."""
    stated = _counts(sentence)
    for n, words, written in _counts(question):
        if not words:
            continue
        same = [m for m, other, _ in stated if not missing(words, other)]
        if same and n not in same:
            return written
    return ""


# A date the question orders its claim against: "after the January 2015 meeting", "before 2014".
_ORDER_DATE = re.compile(r"\b(?P<order>before|after|earlier\s+than|later\s+than|prior\s+to)\s+(?P<rest>[^,;?]*)", re.I)
_MONTH_YEAR = re.compile(r"\b(?:(?P<month>%s)\s+(?:\d{1,2}(?:st|nd|rd|th)?,?\s+)?)?(?P<year>(?:19|20)\d\d)\b"
                         % "|".join(MONTHS), re.I)


def _dates(text: str) -> list[tuple[int, int]]:
    """(year, month or 0) of each year ``text`` writes, with the month named right before it."""
    return [(int(m["year"]), MONTHS.index(m["month"].lower()) + 1 if m["month"] else 0)
            for m in _MONTH_YEAR.finditer(text)]


def dated_order(question: str, sentence: str) -> str:
    """"yes" or "no" where the question places its claim before or after a date ("launched after the
    January 2015 meeting") and the sentence states the claim, every word of it, on one date of its
    own ("was launched in November 2014"); "" when the question orders nothing, the sentence does not
    state the claim, or the two dates are one at the sentence's precision."""
    q = fold(question)
    if not (m := _ORDER_DATE.search(q)) or len(asked := _dates(m["rest"])) != 1:
        return ""
    claim = claim_words(q[:m.start()], question=True)
    stated = _dates(fold(sentence))
    if len(claim) < 3 or missing(claim, claim_words(sentence)) or len(stated) != 1 or _ORDER_DATE.search(fold(sentence)):
        return ""
    (qy, qm), (sy, sm) = asked[0], stated[0]
    at, of = ((sy, sm), (qy, qm)) if qm and sm else ((sy, 0), (qy, 0))
    if at == of:
        return ""
    later = at > of
    return "yes" if later == (m["order"].lower() in ("after", "later than")) else "no"


# "Is the Joint Strike Missile made by Mitsubishi Heavy Industries?": the thing and the maker asked.
_MADE_BY = re.compile(r"^\W*(?:is|are|was|were)\s+(?:the\s+|an?\s+)?(?P<thing>[\w’'&-]+(?:\s+[\w’'&-]+){0,5}?)\s+"
                      r"(?:made|built|produced|manufactured|developed|designed)\s+by\s+(?:the\s+)?"
                      r"(?P<maker>[\w’'&.-]+(?:\s+[\w’'&.-]+){0,4}?)\s*[?.!]*\s*$", re.I)
# A maker's possessive before what it makes: "Kongsberg Defence & Aerospace's Joint Strike Missile",
# "Mitsubishi Heavy Industries’ (MHI) new-model Mogami-class multi-role frigate".
_MAKERS_THING = re.compile(r"((?:[A-Z][\w.-]*\s+(?:&\s+)?){0,4}[A-Z][\w.-]*?)['’]s?\s+(?:\([A-Z]+\)\s+)?"
                           r"(?=((?:[\w-]+\s+){0,4}[\w-]+))")


def other_maker(question: str, sentence: str) -> str:
    """The maker the sentence writes as the owner of the thing the question says another made ("Is
    the Joint Strike Missile made by Mitsubishi Heavy Industries?" against "Kongsberg Defence &
    Aerospace's Joint Strike Missile"); "" when none. A country's possessive is its buyer's or
    user's ("Japan's F-35A"), no maker."""
    if not (m := _MADE_BY.match(fold(question))):
        return ""
    thing = [w for w in claim_words(m["thing"]) if not w.startswith("country:")]
    maker = claim_words(m["maker"])
    if not thing or not maker:
        return ""
    for found in _MAKERS_THING.finditer(fold(sentence)):
        owner = found[1]
        if country_spans(owner) or claim_words(owner) & maker or not claim_words(owner):
            continue
        if not missing(set(thing), claim_words(found[2])):
            return owner
    return ""


# A bound the question puts on a count ("more than ten other countries"): the test the stated count must pass.
_BOUND = re.compile(r"\b(?P<bound>more\s+than|over|at\s+least|fewer\s+than|less\s+than|under|at\s+most)\s*$", re.I)
_BOUND_TEST = {"more than": int.__gt__, "over": int.__gt__, "at least": int.__ge__, "fewer than": int.__lt__,
               "less than": int.__lt__, "under": int.__lt__, "at most": int.__le__}


def bounded_count(question: str, sentence: str) -> str:
    """"yes" or "no" where the question bounds a count ("with more than ten other countries") that the
    sentence states exactly for the same thing ("with 15 other countries"): whether the stated count
    passes the bound; "" when the question bounds no count, or the sentence counts nothing the same."""
    text = fold(question)
    stated = _counts(sentence)
    for m in _COUNT.finditer(text):
        if not (b := _BOUND.search(text[:m.start()])):
            continue
        n = m["n"].lower()
        words = claim_words(m["what"]) - {n}
        same = [k for k, other, _ in stated if words and not missing(words, other)]
        if same:
            test = _BOUND_TEST[" ".join(b["bound"].lower().split())]
            return "yes" if test(same[0], int(n) if n.isdigit() else _CARDINALS[n]) else "no"
    return ""


_NEGATED = re.compile(r"\b(?:not(?!\s+(?:only|just|least)\b)|never|n[’']t|no longer)\s+(?:(?:yet|ever|even|fully|been|be)\s+)?(\w+)", re.I)
_NEGATION_WORDS = re.compile(r"\b(?:not|no|never|neither|nor|none|without)\b|n[’']t\b", re.I)


def negated_claim(question: str, sentence: str) -> str:
    """A word of an affirmative question that the sentence negates ("Did Kihara explain …?"
    against "… but did not elaborate"), as the sentence writes it; "" when none."""
    if _NEGATION_WORDS.search(question):
        return ""
    asked = claim_words(question, question=True)
    for m in _NEGATED.finditer(fold(sentence)):
        if m[1].lower() not in STOPWORDS and claim_words(m[1]) & asked:
            return m[1]
    return ""


_STOPPED = re.compile(r"\b(?:stop(?:s|ped|ping)?|ceas(?:e|es|ed|ing)|halt(?:s|ed|ing)?|quit(?:s|ting)?)\s+(\w+ing)\b", re.I)


def stopped_claim(question: str, sentence: str) -> str:
    """The deed of an affirmative question that the sentence says was stopped ("Does Raytheon still
    make seeker gyros?" against "Raytheon, which stopped producing them itself"), as the sentence
    writes it; "" when none, or where the question asks about the stopping itself ("did Raytheon
    stop producing …")."""
    if _NEGATION_WORDS.search(question):
        return ""
    asked = claim_words(question, question=True)
    folded = fold(sentence)
    q_tokens = _tokens(fold(question))
    for m in _STOPPED.finditer(folded):
        if claim_words(m[0].split()[0]) & asked:
            return ""  # "did it stop making …": the stopping is the claim
        if not claim_words(m[1]) & asked:
            continue
        # the one who stopped (the name right before: "Raytheon, which stopped …") does the question's deed,
        # named before its verb ("Does Raytheon still make …", not "… produce gyros for Raytheon")
        doer = [t for t in _tokens(folded[:m.start()])[-4:] if t[:1].isupper()][-1:]
        verb = next((k for k, t in enumerate(q_tokens) if claim_words(t) & claim_words(m[1])), None)
        if doer and verb is not None and any(claim_words(t) & claim_words(doer[0]) for t in q_tokens[:verb]):
            return m[1]
    return ""


def contradiction(question: str, sentence: str) -> str:
    """The words of the question that the sentence states otherwise (see the module's docstring),
    "" when none."""
    return (_class_name(question, sentence) or _category_swap(question, sentence) or _antonym(question, sentence)
            or _other_owner(question, sentence) or _other_capital(question, sentence)
            or other_destination(question, sentence))


# --- what a sentence holds through its passage, and what it does not state -----------------------
# Nouns that only say what kind of thing a name is ("the PAC-2 system"): a sentence naming the thing
# ("exported PAC-2") holds them.
_GENERIC_HEADS = frozenset("system systems programme program project initiative scheme".split())


def generic_heads(question: str) -> set[str]:
    """The question's generic nouns right after another content word ("system" in "the pac-2
    system"), as claim_words reads them: a sentence naming the thing need not repeat them."""
    tokens = _tokens(question.replace("’", "'"))
    return {_word(t.lower()) for prev, t in zip(tokens, tokens[1:])
            if t.lower() in _GENERIC_HEADS and prev.lower() not in STOPWORDS and prev.lower() not in _GENERIC_HEADS}


_DEFINITE = r"\b(?:the|this|that|these|those|such)\s+(?:[\w-]+\s+)?"
NOUN_PHRASE = 6  # question words before a noun read as the words describing it


def antecedent_words(question: str, passage: str, start: int, end: int) -> set[str]:
    """The question's words that the sentence ``passage[start:end]`` takes from the passage before
    it by a definite noun ("The agreement also provides controls …" after "… the Transfer of Defense
    Equipment and Technology agreement"): the words that describe that noun in the question
    ("Japan's defence equipment and technology transfer agreement"), where the passage before the
    sentence holds them."""
    sentence, before = passage[start:end], passage[:start]
    if not before.strip():
        return set()
    tokens = _tokens(question.replace("’", "'"))
    out: set[str] = set()
    for k, head in enumerate(tokens):
        low = head.lower()
        definite = re.compile(_DEFINITE + rf"{re.escape(low)}\b", re.I)
        if low in STOPWORDS or not definite.search(sentence):
            continue
        run: list[str] = []
        for t in reversed(tokens[max(0, k - NOUN_PHRASE):k]):
            if t.lower() in STOPWORDS and t.lower() != "and":
                break
            run.append(t)
        out |= held(claim_words(" ".join(run)), claim_words(before + " " + _naming_again(passage[end:], definite)))
    return out


def _naming_again(after: str, definite: re.Pattern) -> str:
    """The sentences of ``after`` that name the same definite noun again ("Under the approval, …
    Mitsubishi Heavy Industries can export seeker gyro" after "The approval marks the first …"):
    within a passage, "the approval" is the one approval, so what they say of it describes it too."""
    return " ".join(after[a:b] for a, b in split_sentences(after) if definite.search(after[a:b]))


_PLANNED = re.compile(r"\b(?:(?:is|are|was|were)\s+(?:expected|scheduled|set|due|slated|poised|planned|planning|likely)\s+to"
                      r"|candidates?\s+to|will|could|might|plans?\s+to|intends?\s+to)\s+(?:\w+ly\s+)?(?:be\s+)?(\w+)",
                      re.I)
# Only talked of: "a discussion on the prospect of procuring", "considered buying", "discussed whether to buy".
_TALKED = re.compile(r"\b(?:discuss\w*|talks?|consider(?:s|ed|ing|ation)?|explor\w*|negotiat\w*)(?:\s+(?:on|of|about|over))?"
                     r"(?:\s+(?:the|a))?(?:\s+(?:prospects?|possibility|idea|option)\s+of)?"
                     r"\s+(?:(\w+ing)\b|whether\s+to\s+(\w+))", re.I)
_ASKS_DONE = re.compile(r"^\s*(?:did|was|were|had|has|have)\b", re.I)
_ASKS_PLAN = re.compile(r"\b(?:expect\w*|schedul\w*|plan\w*|due|will|would|intend\w*|going\s+to|set\s+to|"
                        r"discuss\w*|talk\w*|consider\w*|explor\w*|negotiat\w*|"
                        r"say|says|said|announc\w*|stat(?:e|ed|es)|claim\w*|told|tell)\b", re.I)  # a plan, or words said


def planned_only(question: str, sentence: str) -> str:
    """The verb of a question asking whether something was done ("Did Nakatani travel to South
    Korea to meet Ahn?", "was Mitsubishi picked to take part") that the sentence states only as
    expected, planned or possible ("Nakatani is expected to meet Ahn", "a top candidate to
    participate") or only as talked of ("a discussion on the prospect of procuring drones" for
    "did Japan agree to buy drones"), as the sentence writes it; "" otherwise. A report written
    before the event does not say that it happened; a discussion is not an agreement."""
    if not _ASKS_DONE.match(question) or _ASKS_PLAN.search(question):
        return ""
    asked = claim_words(question, question=True)
    text = fold(sentence)
    for m in [*_PLANNED.finditer(text), *_TALKED.finditer(text)]:
        verb = m[1] or m[2]
        if held(claim_words(verb), asked):
            return verb
    for m in _PLANNED.finditer(text):
        after = missing(held(asked, claim_words(text[m.start():])), claim_words(text[:m.start()]))
        if len(after) >= 2:
            return m[1]
    return ""




_MONTH_NAMES = "january|february|march|april|may|june|july|august|september|october|november|december"


def _days(text: str) -> list[tuple[int, tuple[str, int]]]:
    """(position, (month, day)) of each day of the month ``text`` writes."""
    return [(start, day) for start, _, day in days_of_month(text)]


def date_of_another(question: str, sentence: str, names: list[list[str]]) -> str:
    """A name of the question (``names``: runs of lowercased words) that the sentence ties to another
    day than the question's: the day written nearest the name is not the one asked ("did Ahn take
    part in the summit on August 23" against "On August 23, … a summit …, following a video
    conference between Nakatani and Ahn Gyu-Back on August 7"); "" when none."""
    asked = {d for _, d in _days(question)}
    stated = _days(sentence)
    if not asked or not stated or not asked & {d for _, d in stated}:
        return ""
    low = fold(sentence).lower()
    for name in names:
        if any(c.names[0] for _, _, c in country_spans(" ".join(name))):
            continue  # a country stands for its people, who do many things
        m = re.search(r"\b" + re.escape(name[0]), low)
        if m and min(stated, key=lambda d: abs(d[0] - m.start()))[1] not in asked:
            return " ".join(name)
    return ""


_IN_YEAR = re.compile(r"\b(?:in|during)\s+((?:1[5-9]|20)\d\d)\s*\??\s*$", re.I)


def year_of_a_thing(question: str, sentence: str) -> str:
    """A year that ends the question, dating its action ("did Japan lift its arms export ban in
    1967"), which the sentence writes only as a noun's date ("Japan’s 1967 self-imposed ban"): the
    sentence dates the thing, not the action; the year, "" otherwise."""
    if not (m := _IN_YEAR.search(question)):
        return ""
    year = m[1]
    text = fold(sentence)
    if re.search(rf"\b(?:in|during|since|by|until|of)\s+(?:\w+\s+)?{year}\b", text, re.I):
        return ""
    return year if re.search(rf"{year}\s+(?!and\b|to\b|or\b)[a-z][\w-]*", text) else ""


_DETERMINER = frozenset("its the a an their his her our this that".split())


def acted_on_dated_thing(question: str, sentence: str) -> str:
    """The verb of a question dating an action on a thing ("did Japan lift its arms export ban in
    1967") where the sentence states that action on the thing the year dates, outside the dated
    noun ("The policy change reverses Japan’s 1967 self-imposed ban"): the thing dates from that
    year, the action is another time's, so "No"; the verb as the question writes it, "" otherwise.
    A verb the sentence holds only inside the dated noun ("self-imposed") is the thing's own."""
    if not (year := year_of_a_thing(question, sentence)):
        return ""
    q = _tokens(question[:_IN_YEAR.search(question).start()])
    det = max((k for k, t in enumerate(q) if t.lower() in _DETERMINER), default=-1)
    if det < 1 or det == len(q) - 1 or q[det - 1].lower() in STOPWORDS:
        return ""
    verb, head = q[det - 1], q[-1]
    text = fold(sentence)
    m = re.search(rf"{year}\s+((?:[\w’'-]+\s+){{0,4}})", text)
    noun = [t for t in _tokens(m[1])]
    noun = noun[:next((k for k, t in enumerate(noun) if t.lower() in STOPWORDS), len(noun))]
    outside = claim_words(text[:m.start()] + " " + text[m.start() + len(year) + len(" ".join(noun)) + 1:])
    inside = claim_words(" ".join(noun))
    if held(claim_words(head), inside) and held(claim_words(verb), outside) and not held(claim_words(verb), inside):
        return verb
    return ""


# the second event may be a clause of its own: "before he went to Djibouti", "after they visited Turkey"
_ORDER = re.compile(r"\b(before|after)\s+(?:(?:he|she|they|it|we)\s+(?:(?:went|go|flew|travell?ed|headed)\s+to|visited|met|"
                    r"(?:arrived|landed)\s+in)\s+|(?:visiting|meeting|going\s+to|travell?ing\s+to|the)\s+)?", re.I)
_THEN = re.compile(r"\b(?:then|later|afterwards|next|subsequently|went\s+on\s+to|followed\s+by)\b", re.I)
_MONTH_NUMBER = {m: n for n, m in enumerate(_MONTH_NAMES.split("|"))}


def _name_at(name: list[str], sentence: str) -> bool:
    return bool(re.search(r"\b" + r"\W+".join(re.escape(w) for w in name), fold(sentence).lower()))


_ACRONYM = re.compile(r"((?:[\w’'-]+\s+){1,6})\(([A-Z]{2,6})\)")
_MONTH_WORD = re.compile(rf"\b({_MONTH_NAMES.title()})\b")
CLAUSE_SHARE = 0.6  # share of a clause's words a sentence must hold to report that event


def acronyms(text: str) -> dict[str, str]:
    """Acronyms ``text`` defines ("carrier strike group (CSG)"), each to the words it stands for,
    taken back from the parenthesis as far as their initials spell it."""
    out = {}
    for m in _ACRONYM.finditer(text):
        words, short = m[1].split(), m[2]
        for k in range(1, len(words) + 1):
            if "".join(w[0] for w in words[-k:]).upper() == short:
                out[short] = " ".join(words[-k:])
                break
    return out


def _timed(sentence: str) -> tuple[int, int] | None:
    """(month, day or 0) of the first date a sentence writes with a month ("in August", "on 3
    September"), None where it writes none."""
    if days := _days(sentence):
        month, day = days[0][1]
        return _MONTH_NUMBER[month], day
    if m := _MONTH_WORD.search(sentence):
        return _MONTH_NUMBER[m[1].lower()], 0
    return None


def _clause_order(question: str, m: re.Match, names: list[list[str]], sentences: list[str]
                  ) -> tuple[bool, int, int] | None:
    """Two events the question describes by clauses ("was Norway's role in the carrier strike
    group confirmed before the MOU was signed"), each reported by the dated sentence holding most
    of its clause's words and a word of each of its names (an acronym read as the words it stands
    for): ordered by their dates."""
    expand = acronyms(" ".join(sentences))
    words = [claim_words(" ".join([s] + [full for short, full in expand.items() if re.search(rf"\b{short}\b", s)]))
             for s in sentences]
    found = []
    for clause in (question[:m.start()], question[m.end():]):
        asked = claim_words(clause, question=True)
        named = [claim_words(" ".join(n), question=True) for n in names
                 if re.search(r"\b" + re.escape(n[0]), fold(clause).lower())]
        dated = [k for k, s in enumerate(sentences) if _timed(s) and all(held(n, words[k]) for n in named)]
        if not asked or not dated:
            return None
        k = max(dated, key=lambda k: share(asked, words[k]))
        if share(asked, words[k]) < CLAUSE_SHARE:
            return None
        found.append(k)
    a, b = found
    if a == b or _timed(sentences[a]) == _timed(sentences[b]):
        return None
    a_first = _timed(sentences[a]) < _timed(sentences[b])
    return (a_first if m[1].lower() == "before" else not a_first), a, b


def event_order(question: str, names: list[list[str]], sentences: list[str]) -> tuple[bool, int, int] | None:
    """Whether a question asking "did X … A before (after) B" is so by the order of the events its
    text reports (``sentences``, one passage's, in order; ``names``: the question's names): the
    first sentence naming A and not B and the one naming B and not A, timed by the day of the
    month each states or, where one states none, by the day last stated before it, the text's
    order deciding within a day where the later sentence says so ("Nakatani then met …"). (answer,
    A's sentence, B's sentence), None where the text does not order them."""
    if not (m := _ORDER.search(question)):
        return None
    before_words = fold(question[:m.start()]).lower()
    after_words = fold(question[m.end():]).lower()
    first = [n for n in names if re.search(r"\b" + re.escape(n[-1]) + r"\b", before_words)]
    second = [n for n in names if after_words.startswith(n[0])]
    if (by_clauses := _clause_order(question, m, names, sentences)) is not None:
        return by_clauses
    if not first or not second:
        return None
    a_name, b_name = first[-1], second[0]
    found: dict[int, int] = {}
    for which, (name, other) in enumerate(((a_name, b_name), (b_name, a_name))):
        found[which] = next((k for k, s in enumerate(sentences) if _name_at(name, s) and not _name_at(other, s)), -1)
    a, b = found[0], found[1]
    if a < 0 or b < 0:
        return None

    def day(k: int, name: list[str]) -> tuple[int, int] | None:
        """The day written nearest the name in its sentence, else the last one written before."""
        if stated := _days(sentences[k]):
            at = re.search(r"\b" + re.escape(name[0]), fold(sentences[k]).lower())
            month, d = min(stated, key=lambda x: abs(x[0] - (at.start() if at else 0)))[1]
            return _MONTH_NUMBER[month], d
        for s in reversed(sentences[:k]):
            if stated := _days(s):
                month, d = stated[-1][1]
                return _MONTH_NUMBER[month], d
        return None

    da, db = day(a, a_name), day(b, b_name)
    if da is None or db is None:
        return None
    if da == db:
        later = max(a, b)
        if _days(sentences[later]) or not _THEN.search(sentences[later]):
            return None
        a_first = a < b
    else:
        a_first = da < db
    return (a_first if m[1].lower() == "before" else not a_first), a, b



# --- another one in the asked one's slot ------------------------------------------------------------
_WORD = re.compile(r"[\w’']+")
# Heads of titles: the name beside one holds the title's one seat.
_TITLES = frozenset("minister secretary president king queen prince chancellor premier officer captain lieutenant "
                    "general admiral commander ambassador speaker chief head director chairman governor".split())
TITLES = _TITLES
_CALENDAR = re.compile(rf"(?i:{_MONTH_NAMES}|monday|tuesday|wednesday|thursday|friday|saturday|sunday)")
_PLACE_BEFORE = re.compile(r"\b(?:in|into|to|from|of|on|at|with|for|by|across|over)\s+(?:the\s+)?$", re.I)
_SUBJECT = re.compile(r"^\s*(?:did|does|do|has|have|had|is|are|was|were|will|can|could|would)\s+(?:the\s+)?$", re.I)
SLOT_WINDOW = 3  # content words between an anchor word and the country the sentence writes beside it
SLOT_REST = 0.6  # share of the question's other words the sentence must hold to state the same claim


def _entities(text: str, capitalised: frozenset[str] = frozenset()) -> list[tuple[int, int, str, str]]:
    """(start, end, kind, key) of each country ("country", its name) and each capitalised word that
    is none ("name", its claim word) in folded ``text``, hyphens read as spaces, in order; the first
    word of the text is no name by its capital. ``capitalised``: lowercased words that count as
    capitalised however ``text`` writes them (a question typed in lower case)."""
    t = fold(text).replace("-", " ")
    out = [(a, b, "country", c.names[0]) for a, b, c in country_spans(t)]
    taken = [(a, b) for a, b, _, _ in out]
    for m in _WORD.finditer(t):
        w = re.sub(r"['’]s?$", "", m[0])
        if _spelled(w.lower()) in capitalised and m.start() > 0:
            w = w[:1].upper() + w[1:]
        if (m.start() == 0 or not w[:1].isupper() or w.lower() in STOPWORDS or len(w) < 2 or _CALENDAR.fullmatch(w)
                or any(a <= m.start() < b for a, b in taken)):
            continue
        out.append((m.start(), m.end(), "name", _word(w.lower())))
    return sorted(out)


def _content(text: str, every: bool = False) -> list[tuple[int, int, str]]:
    """(start, end, claim word) of each content word of folded ``text``, hyphens read as spaces;
    ``every``: each word, a stopword as "" (so that words next to each other stay so)."""
    t = fold(text).replace("-", " ")
    out = []
    for m in _WORD.finditer(t):
        w = re.sub(r"['’]s?$", "", m[0])
        if w.lower() not in STOPWORDS and len(w) > 1 and not _CALENDAR.fullmatch(w):
            out.append((m.start(), m.end(), _NUMBER_WORDS.get(w.lower()) or _word(w.lower())))
        elif every:
            out.append((m.start(), m.end(), ""))
    return out


def capitalised_words(text: str) -> frozenset[str]:
    """The words folded ``text`` writes capitalised within a sentence (names, titles: "Foreign"
    in "Foreign Minister Fumio Kishida"), lowercased; a question typed in lower case names them too."""
    inner = re.finditer(r"(?<=[\w,;’'\"“(]\s)([A-Z][a-z]+)\b", fold(text).replace("-", " "))
    return frozenset(_spelled(m[1].lower()) for m in inner if m[1].lower() not in STOPWORDS)


def swapped_slot(question: str, sentence: str, scene: set[str] = frozenset(), context: str = "") -> str:
    """A country or capitalised name of the question that the sentence lacks, where the sentence
    writes another one, absent from the question, in its place: beside the content word that
    stands next to it in the question ("Japan-France defence cooperation" against "Japan-United
    Kingdom defence cooperation"; "Japan's Foreign Minister Minoru Kihara" against "Japan's Defense
    Minister Minoru Kihara"; "urge South Korea to address" against "the need for North Korea to
    address"), while the sentence holds most of the question's other words (``scene``: words that
    set the scene, left out). A question typed in lower case names what ``context`` writes capitalised.
    The asked one, as the question writes it; "" when none.
    A country's neighbour may be up to SLOT_WINDOW content words away ("South Korea's defence
    ministry" against "Japan's Ministry of Defense"); a name's must be the next word."""
    caps = capitalised_words(context) if question == question.lower() else frozenset()
    q_ents, s_ents = _entities(question, caps), _entities(sentence)
    if not q_ents or not s_ents:
        return ""
    q_words, s_words = _content(question), _content(sentence)
    q_every, s_every = _content(question, every=True), _content(sentence, every=True)
    s_claims = claim_words(sentence)
    asked_countries = {k for _, _, kind, k in q_ents if kind == "country"}
    asked_names = claim_words(question, question=True)
    stated_countries = {k for _, _, kind, k in s_ents if kind == "country"}
    q_text = fold(question).replace("-", " ")
    for a, b, kind, key in q_ents:
        if (key in stated_countries) if kind == "country" else held({key}, s_claims):
            continue
        possessive = bool(re.match(r"['’]s?\b", q_text[b:]))
        if _SUBJECT.match(q_text[:a]) and not possessive:
            continue  # the doer of the asked act, one among others ("did China agree" against "Japan and Norway agreed")
        if kind == "country" and not possessive and _PLACE_BEFORE.search(q_text[:a]) \
                and not ((m := re.match(r"\s+([a-z]{3,})\b", q_text[b:])) and m[1] not in STOPWORDS):
            continue  # a place ("grizzly bears in the united states"): many things are in many places
        rest = claim_words(q_text[:a] + " " + q_text[b:], question=True) - scene
        if kind == "country":
            rest = {w for w in rest if not w.startswith("country:") or w[8:] != key}
        if not rest or share(rest, s_claims) < SLOT_REST:
            continue
        # the content words beside the asked one in the question: the next (it stands before it) and the previous
        # (a name's: the very next word, no stopword between)
        after = [w for w in (q_words if kind == "country" else q_every) if w[0] >= b]
        before = [w for w in (q_words if kind == "country" else q_every) if w[1] <= a]
        anchors = ([(after[0][2], -1, q_text[after[0][0]:after[0][1]])] if after else []) + (
            [(before[-1][2], +1, q_text[before[-1][0]:before[-1][1]])] if before else [])
        window = SLOT_WINDOW if kind == "country" else 1
        for anchor, side, written in anchors:
            # a name beside a verb is one doer among others ("did Flåm join Ishiba" against "Nakatani
            # joined Ishiba"): only a name in a name or a title holds one slot
            # (in a question typed in lower case, only a title's word tells a name's slot)
            if kind == "name" and (not anchor or anchor.startswith("country:") or not anchor[:1].isalpha()
                                   or not ((written[:1].isupper() and not caps) or written.lower() in _TITLES)):
                continue
            said = s_words if kind == "country" else s_every
            # a name after a title of two words holds that office's seat only ("Prime Minister Ishiba" is
            # no seat of "Defense Minister Minoru Kihara"): the word before the title must be the same
            office = before[-2][2] if kind == "name" and side > 0 and written.lower() in _TITLES and len(before) > 1 \
                and not q_text[before[-2][1]:before[-1][0]].strip() else ""
            for k, (x, y, w) in enumerate(said):
                if w != anchor:
                    continue
                if office and not (k and said[k - 1][2][:4] == office[:4]
                                   and not fold(sentence).replace("-", " ")[said[k - 1][1]:x].strip()):
                    continue
                near = said[max(0, k - window):k] if side < 0 else said[k + 1:k + 1 + window]
                span = (near[0][0], near[-1][1]) if near else (x, x)
                for ea, eb, ekind, ekey in s_ents:
                    if ekind != kind or not (span[0] <= ea < span[1] or span[0] < eb <= span[1]):
                        continue
                    # a country in the same role: an owner for an owner ("Jordan's king" is not "meet Ahn in
                    # South Korea"), a place or a compound for one
                    owner = bool(re.match(r"['’]s?\b", fold(sentence).replace("-", " ")[eb:]))
                    if ekind == "country" and ekey not in asked_countries and owner == possessive:
                        return question[a:b]
                    if ekind == "name" and not held({ekey}, asked_names) and not held({ekey}, {anchor}):
                        return question[a:b]
    return ""
