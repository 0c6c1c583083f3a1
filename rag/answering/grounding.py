"""Numbers a question states that none of the retrieved passages mentions, and (replaced_value)
quantities, ordinals and months a passage states otherwise than the question; also what a text
states by its layout rather than its sentences: a photograph's credit (photo_credits).

"How much did Japan spend on defence in 2015?" asked of a text that says "Over four years, Japan
plans to spend 330 billion USD on defence" has no answer there, yet the reader, which reads
meaning, finds the sentence a fine match. A number of two or more digits (a year, a count, an
amount) is what a user does not paraphrase: if the question states one and no retrieved passage
(title included) contains it, the passages cannot hold what the question asks about. Through
retrieval (k = 5), on 2,115 SQuAD 2.0 questions (the 615 of the calibration articles and 1,500
held-out ones), that was the case for 16, all of them unanswerable. All passages count, not only
the answer's document: a multi-hop question states the number of its first hop ("the Force India
driver born in 1990"), and on HotpotQA checking the answer's document alone refused 4 right
answers of 30, all passages 1 of 12. Single digits are left alone: "Type 1" is also "type I",
and "3" is also "three".
"""
from __future__ import annotations

import re

from rag.search.lexicon import STOPWORDS, fold, stem_of
from rag.types import Passage

# A number a question states: at least two digits (thousands commas or decimals allowed), not part
# of a longer word ("F-35A", "21st") or number.
_STATED = re.compile(r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d{2,}(?:\.\d+)?|\d\.\d+)(?![\w]|[.,]\d)")
# Any number a text writes, inside words too ("the 1980s" writes 1980, "2015-16" writes 2015).
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def _normal(number: str) -> str:
    """"8,849" -> "8849", "3.50" -> "3.5"."""
    number = number.replace(",", "")
    return number.rstrip("0").rstrip(".") if "." in number else number


def numbers_in(text: str) -> set[str]:
    """Numbers written in ``text``, normalised."""
    return {_normal(n) for n in _NUMBER.findall(text)}


def unstated_numbers(question: str, texts: list[str]) -> list[str]:
    """The question's numbers (as written there) that none of ``texts`` contains, in order."""
    stated = set().union(*(numbers_in(t) for t in texts))
    return [n for n in dict.fromkeys(_STATED.findall(question)) if _normal(n) not in stated]


def unstated_in(question: str, passages: list[Passage]) -> list[str]:
    """The question's numbers that no passage, title included, mentions."""
    return unstated_numbers(question, [f"{p.title}\n{p.text}" for p in passages])


# A number with the unit word after it ("40-minute", "NOK 1.9 billion" -> "billion"), for replaced_value.
_QUANTITY = re.compile(r"(?<![\w.,])(?P<number>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:[\s-]+(?P<unit>[a-z]+))?", re.I)
_MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
_MONTH = re.compile(rf"\b({_MONTHS})\b", re.I)

NUMBER_WORDS = {w: str(i) for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve".split())}
NUMBER_WORDS.update({w: str(i) for i, w in enumerate(
    "zeroth first second third fourth fifth sixth seventh eighth ninth tenth".split()) if i})
NUMBER_WORDS.update({w: str(10 * i) for i, w in enumerate(
    "twenty thirty forty fifty sixty seventy eighty ninety".split(), start=2)})
NUMBER_WORDS.update({"a decade": "1 decade", "a century": "1 century", "a year": "1 year", "a month": "1 month",
                     "a week": "1 week", "a day": "1 day", "an hour": "1 hour", "a minute": "1 minute",
                     "half an hour": "30 minutes", "an hour and a half": "90 minutes"})
_NUMBER_WORD = re.compile(r"\b(%s)\b" % "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)), re.I)
# An ordinal; "second" only where no number comes before it ("2 second delay" is a duration).
ORDINAL = re.compile(r"\b(?P<o>first|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d+(?:st|nd|rd|th)|"
                     r"(?<!\d )second(?!s))\b", re.I)
_MINUTES = {"second": 1 / 60, "minut": 1, "hour": 60, "day": 1440, "week": 10080, "month": 43200,
            "year": 525600, "decad": 5256000, "centuri": 52560000}
# Unit words that count the same things ("four countries" against "three nations").
_SAME_UNIT = {"nation": "countri", "person": "peopl", "vessel": "ship", "boat": "ship"}
_WEEKDAYS = "monday|tuesday|wednesday|thursday|friday|saturday|sunday"
WEEKDAY_NAME = re.compile(rf"\b({_WEEKDAYS})\b", re.I)  # a day of the week, as any text writes it


def _quantities(text: str) -> dict[str, dict[str, str]]:
    """Numbers of ``text`` by kind, each normalised -> as written: "ordinal" ("second", "21st"),
    "year" (1500-2099), "duration" (in minutes: "two hours" and "40-minute" compare, "twenty
    years" and "a decade"), or the unit word after them ("billion"); numbers with no unit are left
    out (a bare "3" could be anything)."""
    out: dict[str, dict[str, str]] = {}
    for m in ORDINAL.finditer(text):  # "the second meeting" against "the first ever meeting", whatever follows
        word = m["o"].lower()
        out.setdefault("ordinal", {})[NUMBER_WORDS.get(word) or re.sub(r"\D", "", word)] = m["o"]
    written = []  # (start in the rewritten text, the original words) of each number word replaced
    shift = 0

    def number(m: re.Match) -> str:
        nonlocal shift
        value = NUMBER_WORDS[m[1].lower()]
        written.append((m.start() + shift, len(value), m[1]))
        shift += len(value) - len(m[1])
        return value
    text = _NUMBER_WORD.sub(number, text)
    for m in _QUANTITY.finditer(text):
        value, unit = m["number"].replace(",", ""), (m["unit"] or "").lower()
        stem = stem_of(unit) if unit else ""
        stem = _SAME_UNIT.get(stem, stem)
        if re.fullmatch(r"(?:1[5-9]|20)\d\d", value) and unit[:3] not in ("mil", "bil", "tho"):
            kind = "year"
        elif stem in _MINUTES:
            kind, value = "duration", f"{float(value) * _MINUTES[stem]:g}"
        elif unit:
            kind = stem
        else:
            continue
        shown = m.group(0)
        for at, size, words in written:
            if at == m.start("number"):
                shown = words + m.group(0)[size:]
        out.setdefault(kind, {})[value] = shown
    return out


_DATED = re.compile(rf"\b(?:(?:{_MONTHS})\s+\d{{1,2}}(?:st|nd|rd|th)?|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTHS}))\b", re.I)


# A day of a month with its parts, where no year follows it ("August 23, 2025" and "3 September
# 2015" are not read: the lookahead), for reading which day a sentence writes where.
_DAY_PARTS = re.compile(rf"\b(?:(?P<m1>{_MONTHS})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+"
                  rf"(?:of\s+)?(?P<m2>{_MONTHS}))\b(?!\s*,?\s*\d{{3}})", re.I)


def days_of_month(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, tuple[str, int]]]:
    """(start, end, (month, day)) of each day of the month ``text[start:end]`` writes ("August 23",
    "3 September", "7th of May")."""
    return [(m.start(), m.end(), ((m["m1"] or m["m2"]).lower(), int(m["d1"] or m["d2"])))
            for m in _DAY_PARTS.finditer(text, start, len(text) if end is None else end)]


def first_day(text: str) -> tuple[int, int] | None:
    """Where the first date with a day of the month ("August 21", "3 September") is in ``text``."""
    m = _DATED.search(text)
    return (m.start(), m.end()) if m else None


def _days(text: str) -> set[tuple[str, int]]:
    """(month, day of the month) of each date ``text`` writes ("August 7", "3 September", "7th of May")."""
    out = set()
    for m in _DATED.finditer(text):
        month = _MONTH.search(m[0])[1].lower()
        out.add((month, int(re.search(r"\d+", m[0])[0])))
    return out


def unstated_ordinal(question: str, context: str) -> str:
    """An ordinal the question states ("the second meeting") that ``context`` never states while it
    states another ("the first ever meeting"), as the question writes it; "" otherwise."""
    asked = _quantities(question).get("ordinal", {})
    stated = _quantities(context).get("ordinal", {})
    # in words only: "on the 18th" is a day of the month
    missing = [v for k, v in asked.items() if k not in stated and v.isalpha()]
    return missing[0] if missing and stated else ""


def replaced_value(question: str, sentence: str) -> str:
    """A quantity, month or weekday the question states that the sentence replaces with another of
    the same kind ("60 minutes" against "40-minute", 2014 against 2015, May against January,
    "twenty years" against "a decade"), as the question writes it; "" when none."""
    asked, stated = _quantities(question), _quantities(sentence)
    for kind, numbers in asked.items():
        if kind in stated and not numbers.keys() & stated[kind].keys():
            return numbers[sorted(numbers)[0]]
    # One calendar year asked, a total over several years stated ("in 2026" against "over four years").
    years = [float(v) for v in stated.get("duration", {}) if float(v) >= 2 * _MINUTES["year"]]
    amounts = stated.keys() - {"year", "duration", "ordinal"}  # a total of something ("330 billion"), not a span of time
    if "year" in asked and "year" not in stated and "duration" not in asked and years and amounts:
        return next(iter(asked["year"].values()))
    asked_days, stated_days = _days(question), _days(sentence)  # "August 17" against "August 7"
    for month, day in sorted(asked_days - stated_days):
        if any(m == month for m, _ in stated_days):
            return next(d[0] for d in _DATED.finditer(question) if _days(d[0]) == {(month, day)})
    for pattern in (_MONTH, WEEKDAY_NAME):  # "in May" against "in January", "on a Friday" against "on Tuesday"
        q_named = {m.lower() for m in pattern.findall(question)}
        s_named = {m.lower() for m in pattern.findall(sentence)}
        if q_named and s_named and not q_named & s_named:
            return sorted(q_named)[0]
    return ""


# --- names --------------------------------------------------------------------------------------
_TOKEN = re.compile(r"[^\W_][\w’'.-]*[^\W_]|[^\W_]")
_DAY = re.compile(rf"\b(?:{_MONTHS})\s+\d{{1,2}}\b|\b\d{{1,2}}\s+(?:{_MONTHS})\b", re.I)
_NOT_NAMES = {"i", *_MONTHS.split("|"),
              "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}


def _plain(word: str) -> str:
    return re.sub(r"['’]s$", "", fold(word).replace("’", "'")).lower()


def question_names(question: str, context: str) -> list[list[str]]:
    """The names a question states, as runs of consecutive name words, lowercased: the words it
    capitalises (not its first), or, in a question typed in lower case, the words ``context``
    (the passages) writes capitalised. Months and weekdays are dates, not names; nor is a function
    word opening a sentence of the question ("… the global commons. Where exactly?")."""
    capitalised = {_plain(w) for w in _TOKEN.findall(context) if w[0].isupper()}
    runs: list[list[str]] = [[]]
    for n, found in enumerate(_TOKEN.finditer(question)):
        word, plain = found.group(), _plain(found.group())
        opens = n > 0 and re.search(r"[.!?]\s*$", question[:found.start()]) is not None and plain in STOPWORDS
        is_name = plain not in _NOT_NAMES and not opens and (
            (n > 0 and word[0].isupper()) or (word.islower() and plain not in STOPWORDS and plain in capitalised))
        if is_name:
            runs[-1].append(plain)
        elif runs[-1]:
            runs.append([])
    return [r for r in runs if r]


def _in_a_row(sentence_words: list[str], name: list[str]) -> bool:
    """The name's words one after the other, as it is written ("HNoMS Fridtjof Nansen" is not in
    "HNoMS Roald Amundsen Fridtjof Nansen-class frigate")."""
    return any(all(sentence_words[i + j].startswith(_start(part)) for j, part in enumerate(name))
               for i in range(len(sentence_words) - len(name) + 1))


def _holds(sentence_words: list[str], name: list[str]) -> bool:
    """Every word of the name is in the sentence, as the start of a word ("Jordan" is in
    "Jordanian"); a name of six letters or more by its first four, as a country and its people
    often share no more ("Norwegian" is in "Norway's", "British" in "Britain")."""
    return all(any(w.startswith(_start(part)) for w in sentence_words) for part in name)


def _start(part: str) -> str:
    return part if len(part) < 6 else part[:4]


def absent_names(question: str, context: str) -> list[str]:
    """The question's names (see question_names) that ``context`` does not mention."""
    words = [_plain(w) for w in _TOKEN.findall(context)]
    return [" ".join(n) for n in question_names(question, context) if not _holds(words, n)]


def absent_full_names(question: str, context: str) -> list[str]:
    """The names of two or more words the question writes capitalised ("JS Izumo", "New Zealand")
    that ``context`` does not mention. Stricter than absent_names, for answers other than yes/no:
    a single capitalised word is often no name ("the American film director", "Nationality"), and
    through retrieval a multi-hop question names a first hop the passages may lack (on 250
    HotpotQA questions single words and lower-case runs refused 6 right answers, this 1)."""
    words = [_plain(w) for w in _TOKEN.findall(context)]
    runs = question_names(question, "")  # capitalised words only: the context types no word here
    return [" ".join(n) for n in runs if len(n) >= 2 and not _holds(words, n)]


def names_held(question: str, text: str, context: str) -> list[str]:
    """The question's names (see question_names) that ``text`` states."""
    words = [_plain(w) for w in _TOKEN.findall(text)]
    return [" ".join(n) for n in question_names(question, context) if _holds(words, n)]


def replaced_name(question: str, sentence: str, context: str) -> str:
    """A name the question states that the sentence replaces with another for the same thing; ""
    when none. Two shapes count: the same leading word with another name after it ("HMS Shoreham"
    asked, "HMS Atherstone" stated), and a sentence that states the question's day and every other
    name of it but this one, with names the question lacks ("Did Nakatani visit Jordan on August
    18?" against "On August 18, Nakatani met Djibouti's President"). Either way every other name
    of the question is in the sentence, so it is about the same thing."""
    tokens = _TOKEN.findall(sentence)
    words = [_plain(w) for w in tokens]
    names = question_names(question, context)
    # the same capitalised leading word, then another capitalised word
    unwritten = [n for n in names if not _in_a_row(words, n)]
    if (len(unwritten) == 1 and len(name := unwritten[0]) > 1
            and not any(w.startswith(_start(part)) for w in words for part in name[1:])):
        # (the rest of the name nowhere in the sentence: "Tom Marvolo Riddle" is still Tom Riddle)
        after = [words[i + 1] for i, w in enumerate(words[:-1])
                 if w == name[0] and tokens[i][0].isupper() and tokens[i + 1][0].isupper()]
        if after and name[1] not in after:
            return " ".join(name)
    missing = [n for n in names if not _holds(words, n)]
    if len(missing) != 1:
        return ""
    name = missing[0]
    days = {d.lower() for d in _DAY.findall(question)}
    if days and days <= {d.lower() for d in _DAY.findall(sentence)}:
        asked = {w for n in names for w in n} | {_plain(w) for w in _TOKEN.findall(question)}
        others = {_plain(w) for w in _TOKEN.findall(sentence)[1:] if w[0].isupper()} - asked - _NOT_NAMES
        if others:
            return " ".join(name)
    return ""


_PLANNED = re.compile(r"\b(?:(?:is|are|was|were)\s+(?:expected|scheduled|set|due|planned|slated|poised)\s+to|"
                      r"will|plans?\s+to|intends?\s+to)\b", re.I)
# A question about a statement ("what did he say …", "whose press release quoted him"): its words may
# be a plan, the statement itself was made.
_REPORTED = re.compile(r"\b(?:would|say|said|says|expect\w*|plan\w*|quot\w*|announc\w*|stat(?:e|ed|es|ement)|"
                       r"told|tell|wr(?:ote|ite|itten)|press release)\b", re.I)
_ASKS_PAST = re.compile(r"\b(?:was|were|did|had)\b|\b(?:outcome|result)\b", re.I)


def only_planned(question: str, sentence: str) -> bool:
    """Whether the question asks what happened while the sentence only says it is expected to
    ("What was the outcome of the September 8 meeting?" against "Nakatani is expected to meet Ahn
    on September 8"): a report written before the event holds no outcome."""
    return (bool(_ASKS_PAST.search(question)) and not _PLANNED.search(question)
            and not _REPORTED.search(question)  # "what did he say it would …": a statement, not an outcome
            and bool(_PLANNED.search(sentence)))


_YEAR = re.compile(r"(?<![\w.,])(?:1[5-9]|20)\d\d(?![\w]|[.,]\d)")


def states_asked_dates(question: str, sentence: str) -> bool:
    """Whether the sentence states every day of the month the question asks about ("on August
    23"), where it asks about one: a sentence giving another date is then about another event."""
    asked = _days(question)
    return bool(asked) and asked <= _days(sentence)


def unstated_year(question: str, sentence: str, context: str) -> str:
    """A year the question states that ``context`` (every passage) never states, while the sentence
    states another ("agreement in principle in 2016" against "… in 2015"), as written; "" otherwise."""
    stated = _YEAR.findall(sentence)
    missing = [y for y in _YEAR.findall(question) if y not in numbers_in(context)]
    return missing[0] if missing and stated else ""


def other_weekday(question: str, passage: str, context: str) -> str:
    """A weekday the question asks about ("held on a Sunday") that ``context`` never states, while
    the passage states one other weekday only, as the question writes it; "" otherwise."""
    asked = {m.lower() for m in WEEKDAY_NAME.findall(question)}
    stated = {m.lower() for m in WEEKDAY_NAME.findall(passage)}
    if asked and len(stated) == 1 and not asked & {m.lower() for m in WEEKDAY_NAME.findall(context)}:
        return sorted(asked)[0]
    return ""


# A photograph's credit as news pages write it: "(Photo: Ingrid Dåsnes/Ministry of Defence)", a line
# "Photo by Jane Doe", or a caption's last sentence followed by the source alone: "… fighters. (Lockheed
# Martin)". The credit is the first name, before any "/" naming the photographer's employer.
_CREDIT = re.compile(r"\((?:photo(?:graph)?|image|picture)s?(?: credit)?\s*(?::|by)\s*(?P<a>[^()/\n]+?)\s*(?:/[^()\n]*)?\)"
                     r"|^(?:photo(?:graph)?|image|picture)s?(?: credit)?\s*(?::|by)\s*(?P<b>[^()/\n.]+?)\s*(?:/[^\n]*)?$"
                     r"|[.!?][\"”’]?\s*\((?P<c>[A-Z][^()\n]{1,60})\)[ \t]*$", re.I | re.M)
_ASKS_CREDIT = re.compile(r"\b(?:photo(?:graph)?|image|picture)s?\b.*\b(?:who|whom|credit\w*|took|taken|shot)\b"
                          r"|\b(?:who|whom|credit\w*)\b.*\b(?:photo(?:graph)?|image|picture)s?\b", re.I)


def asks_photo_credit(question: str) -> bool:
    """Whether the question asks who took or is credited for a photograph ("Who took the photo of …")."""
    return bool(_ASKS_CREDIT.search(question))


def photo_credits(text: str) -> list[tuple[int, int, int, int]]:
    """The photo credits ``text`` writes: (credit start, end, its line's start, end) each."""
    out = []
    for m in _CREDIT.finditer(text):
        group = next(g for g in ("a", "b", "c") if m[g])
        if len(m[group].split()) > 5:
            continue  # "Photo: Honour guard at the meeting between …": a caption, not a credit
        line_start = text.rfind("\n", 0, m.start()) + 1
        line_end = text.find("\n", m.end())
        out.append((m.start(group), m.end(group), line_start, len(text) if line_end < 0 else line_end))
    return out
