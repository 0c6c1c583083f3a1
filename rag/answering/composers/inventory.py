"""Every thing of one kind the documents mention: "Which Royal Navy ships are named across these
articles?", "Which companies does the 2014 story mention?", "name every country the column lists".

Such a question asks for an inventory, not for a fact one sentence states: the answer is spread
over many sentences, each naming one or two, and a span reader points at one of them at best.
Things of a few kinds are recognised by how they are written: ships by their prefix ("HMS Prince
of Wales", "HM Ships Atherstone and Shoreham", "the Japanese Command Ship Bungo"), companies by
their ending ("Mitsubishi Heavy Industries Ltd.", "Raytheon Co.", "Kongsberg Defence &
Aerospace"), countries by name, the journalists a story credits ("journalist X", "written by X").
A nationality the question gives ("Royal Navy", "Japanese or British") keeps those of that
country. Each thing is cited where it is first written.

"Who has represented Norway in the talks with Japan covered by these articles?" asks for the people
of one side across the documents: each name a title binds to that country ("Norway’s State
Secretary to Minister of Defence, Andreas Flåm"), in sentences naming the other country; so does
"which Norwegian defence officials have met Japan's defence minister, according to the articles?"
(a people's name before the people asked for, with the other country named), their titles holding
the field asked ("defence"). Ship classes are found by their name before "-class", officers by the
rank before their name.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from rag.answering.base import span_citation
from rag.answering.composers import Composition, joined
from rag.answering.composers.events import asked_items, compose_event_items
from rag.answering.composers.speakers import quoted_people
from rag.answering.composers.lists import (ASKING_WORDS, asks_things, compose_enumeration, compose_modifiers, enumerates_widely,
                                          side_asked)
from rag.answering.countries import Country, countries_named, country_of, country_spans
from rag.ingest.sentences import split_sentences
from rag.answering.question_analysis import analyse, is_title
from rag.search.lexicon import content_words, fold
from rag.types import Passage

_NAME = r"[A-Z][\w’'-]*(?:\s+(?:of\s+)?[A-Z][\w’'-]*){0,3}"
# "HMS Atherstone", "HM Ships Atherstone and Shoreham", "Japanese Ships Bungo and Yaeyama", "JS Kaga".
_SHIP = re.compile(r"\b(?P<prefix>HMS|HMAS|HMCS|HMNZS|HNoMS|HDMS|HSwMS|USS|USNS|JS|ROKS|INS|FS|FGS|ITS|"
                   r"HM Ships?|(?:[A-Z][a-z]+\s+)?(?:Command\s+|Support\s+)?Ships?)\s+"
                   r"(?P<names>(?!and\b)%s(?:\s*(?:,|and)\s+(?!the\b)%s)*)" % (_NAME, _NAME))
_SHIP_PREFIX_COUNTRY = {"hms": "uk", "hm": "uk", "hmas": "australia", "hmcs": "canada", "hmnzs": "new zealand",
                        "hnoms": "norway", "hdms": "denmark", "hswms": "sweden", "uss": "us", "usns": "us",
                        "js": "japan", "roks": "south korea", "ins": "india", "fs": "france", "fgs": "germany",
                        "its": "italy"}
_COMPANY = re.compile(r"\b(?P<name>(?:[A-Z][\w-]*\s+){0,3}(?:[A-Z][\w-]*\s+(?:Heavy\s+)?Industries|[A-Z][\w-]*\s+Electric|"
                      r"[A-Z][\w-]*\s+(?:Defence|Defense)\s+&\s+Aerospace|[A-Z][\w-]*\s+(?:Corporation|Corp\.|Co\.|"
                      r"Inc\.|Ltd\.?|Systems|Aerospace|Dynamics|Motors|Technologies)|Raytheon|Lockheed\s+Martin|"
                      r"Boeing|Airbus|Kongsberg|Mitsubishi(?:\s+Heavy)?|Thales|Saab|BAE\s+Systems|Rheinmetall|Leonardo))(?![\w-])")
# "Joint Strike Missile (JSM)", "Patriot Defense Capability-2 surface-to-air missile", "Meteor missile".
_MISSILE = re.compile(r"(?<![\w’'-])(?P<name>(?:[A-Z][\w-]*\s+){0,3}[A-Z][\w-]*)(?:\s+[a-z]+(?:-[a-z]+)+)?\s+"
                      r"(?:[Mm]issiles?)(?:\s+\((?P<short>[A-Z][\w-]*)\))?")
# "Turkey’s Defence Industry Agency", "the National Security Council", "Japan's Ministry of Defense".
_AGENCY = re.compile(r"(?<![\w’'-])(?P<name>(?:[A-Z][\w’'-]*\s+){0,4}(?:Agency|Council|Commission|Authority|Department)"
                     r"|(?:[A-Z][\w’'-]*\s+){0,2}Ministry\s+of\s+(?:the\s+)?[A-Z][\w-]*(?:\s+(?:and\s+)?[A-Z][\w-]*){0,2})"
                     r"(?![\w-])")
_ASKS = {"class": re.compile(r"\b(?:classes|class(?=\s+of\b))\b"),
         "ship": re.compile(r"\b(?:ships?|vessels?|warships?)\b"),
         "officer": re.compile(r"\b(?:officers|commanders)\b"),
         "organisation": re.compile(r"\b(?:organi[sz]ations?|agencies|bodies|institutions)\b"),
         "missile": re.compile(r"\bmissiles\b"),
         "company": re.compile(r"\b(?:companies|firms|manufacturers|contractors|makers|defence firms|corporations)\b"),
         "country": re.compile(r"\b(?:countries|nations)\b"),
         "speaker": re.compile(r"\b(?:people|persons|officials|ministers|speakers|figures|who)\b[^?]*\bquoted\b"),
         "author": re.compile(r"\b(?:journalists|reporters|writers|authors|correspondents|columnists|bylines)\b")}
# The question asks what is mentioned, not who did something: "named", "mentioned", "every", "across".
_INVENTORY = re.compile(r"\b(?:named|quoted in|mentioned|mentions?|mention|come up|comes up|came up|appear|appears|listed|lists?|"
                        r"referred to|every|all the|across|in (?:these|the) (?:articles|documents|stories|reports|"
                        r"pieces|texts)|names? of)\b|^(?:name|list)\b|\b(?:does|do|did)\b[^?]*\bname\s*\??\s*$", re.I)
_ALL_DOCUMENTS = re.compile(r"\b(?:across|these|the)\s+(?:articles|documents|stories|reports|pieces|texts|sources)\b"
                            r"|\bacross\b", re.I)
# Navies that name no country ("Which Royal Navy ships …"); others go by their people ("British ships").
_NAVIES = {"royal navy": "uk", "us navy": "us"}


@dataclass(frozen=True)
class _Thing:
    passage: Passage
    start: int          # local offsets in the passage
    end: int
    country: Country | None

    @property
    def words(self) -> list[str]:
        """Lower case, less a company's ending, a short form in brackets and a plural's "s"."""
        text = self.passage.text[self.start:self.end].lower().replace("’", "'").replace("defence", "defense")
        words = re.sub(r"\s*\([^)]*\)|\s+(?:ltd|co|inc|corp)\.?$|^[\w.-]+'s\s+", "", text).split()
        return words[:-1] + [re.sub(r"(?<=[a-z]{3})s$", "", words[-1])]

    def same(self, other: "_Thing") -> bool:
        """The same thing written again, or shorter ("HM Ships Atherstone" / "HMS Atherstone",
        "Mitsubishi Heavy Industries Ltd." / "Mitsubishi Heavy Industries")."""
        a, b = self.words, other.words
        return a[-1] == b[-1] if self.country is not None or other.country is not None else (
            a[:len(b)] == b or b[:len(a)] == a)


# An inventory reads this many passages at least: every one that may name a thing, not the few
# that best match the question.
INVENTORY_PASSAGES = 20
# An enumeration (rag.answering.composers.lists.compose_enumeration) reads this many: its sentence
# need not be in the passages that best match the question.
ENUMERATION_PASSAGES = 10


def passages_needed(question: str, k: int) -> int:
    """How many passages to answer ``question`` from: ``k``, or more for an inventory."""
    if asked_kind(question) or asked_about(question) or asks_representatives(question):
        return max(k, INVENTORY_PASSAGES)
    return max(k, ENUMERATION_PASSAGES) if enumerates_widely(question) or asked_items(question) \
        or asks_persons_title(question) or asks_things(question) else k


def asks_persons_title(question: str) -> bool:
    """"Toru Hotchi — what's his position?": the title of a person named; a bare name ranks the one
    passage that binds a title to it below those that repeat the name."""
    analysis = analyse(question)
    return analysis.kind == "role" and bool(analysis.owner) and not analysis.title and country_of(analysis.owner) is None


# "which versions of the F-35 …": the variants of a model the documents name ("F-35A", "F-35B").
_VERSIONS = re.compile(r"\b(?:versions?|variants?|models?)\s+of\s+(?:the\s+)?(?P<base>[A-Za-z]{1,5}-?\d{1,4})\b", re.I)
# A model designation: letters, a number, a letter for the variant ("F-35A", "PAC-2", "Type 45").
DESIGNATION = re.compile(r"\b(?P<base>[A-Za-z]{1,5}-?\d{1,4})(?P<variant>[A-Za-z]?)\b")


# Kinds a list question may ask for among the sentences about something ("Which companies are
# involved in the seeker gyro export deal?"): those whose things are written the same way wherever
# they stand; ships and countries are asked about events, with dates and places to keep to, and
# "bodies" or "agencies" need not be organisations.
_ABOUT_KINDS = ("company", "missile")
# A sentence is about what the question asks when it holds this share of its other words.
ABOUT_SHARE = 0.5


def _kind_asked(question: str) -> str:
    q = question.lower()
    return next((kind for kind, pattern in _ASKS.items() if pattern.search(q)), "")


def asked_about(question: str) -> str:
    """The kind of thing a list question asks for among the sentences about what it names, where it
    asks for no inventory ("Which companies are involved in …"); "" otherwise."""
    if asked_kind(question) or analyse(question).kind != "list":
        return ""
    kind = _kind_asked(question)
    return kind if kind in _ABOUT_KINDS else ""


def asked_kind(question: str) -> str:
    """"ship", "company", "country", "missile", "author" or "version" when the question asks for every thing
    of that kind the documents mention; "" otherwise (a question about who did something is no
    inventory)."""
    if not _INVENTORY.search(question):
        return ""
    if _VERSIONS.search(question):
        return "version"
    return _kind_asked(question)


def _versions(question: str, passage: Passage) -> list[_Thing]:
    base = _VERSIONS.search(question)["base"].lower().replace("-", "")
    return [_Thing(passage, m.start(), m.end(), None) for m in DESIGNATION.finditer(passage.text)
            if m["variant"].isupper() and m["base"].lower().replace("-", "") == base]


def _ships(passage: Passage) -> list[_Thing]:
    out = []
    for m in _SHIP.finditer(passage.text):
        prefix = m["prefix"].split()[0].lower()
        country = country_of(_SHIP_PREFIX_COUNTRY.get(prefix, prefix)) if prefix not in ("ship", "ships", "command") else None
        if country is None and (named := countries_named(m["prefix"])):
            country = named[0]   # "Japanese Ships Bungo and Yaeyama"
        if country is None and prefix not in _SHIP_PREFIX_COUNTRY:
            continue  # "Ships" alone, no nation: not a ship's name
        for name in re.finditer(_NAME, m["names"]):
            words = list(re.finditer(r"\S+", name.group()))
            if words[0].group() in ("The", "Battle", "Staff"):
                continue
            if words[-1].group().endswith("-class"):  # "Roald Amundsen Fridtjof Nansen-class": the class is no name
                words = words[:-2]
            if not words:
                continue
            a = m.start("names") + name.start()
            b = a + words[-1].end()
            if prefix in _SHIP_PREFIX_COUNTRY and prefix != "hm" and name.start() == 0:
                a = m.start()   # "HMS Prince of Wales": the prefix is part of the name
            out.append(_Thing(passage, a, b, country))
    return out


def ship_spans(passage: Passage) -> list[tuple[int, int]]:
    """Where ``passage`` names ships by their prefix, as local offsets ("HMS Prince of Wales")."""
    return [(t.start, t.end) for t in _ships(passage)]


def ships_of(passage: Passage, country: Country, start: int, end: int) -> list[tuple[int, int]]:
    """The ships of ``country`` that ``passage.text[start:end]`` names, as local offsets ("Norway’s
    HNoMS Roald Amundsen …-class frigate … HMS Prince of Wales": the first, for Norway)."""
    return [(t.start, t.end) for t in _ships(passage) if t.country == country and start <= t.start and t.end <= end]


def _companies(passage: Passage) -> list[_Thing]:
    return [_Thing(passage, m.start("name"), m.end("name"), None) for m in _COMPANY.finditer(passage.text)]


def is_company(span: str) -> bool:
    """The span is a company's name and nothing more ("Mitsubishi Heavy", "Raytheon Co.")."""
    return bool(_COMPANY.fullmatch(re.sub(r"^the\s+", "", span.strip(), flags=re.I)))


def is_ship(span: str) -> bool:
    """The span names a ship by its prefix ("HMS Atherstone", "the Japanese Command Ship Bungo")."""
    m = _SHIP.search(span)
    if not m:
        return False
    return m["prefix"].split()[0].lower() in _SHIP_PREFIX_COUNTRY or bool(countries_named(m["prefix"]))


# A navy's prefix in any case, but for those that are also words ("its", "ins", "fs"): upper case only.
_SHIP_ASKED = re.compile(r"\b(?:(?i:%s)|ITS|INS|FS)\s+(?P<name>[^\W\d_][\w’'-]*)"
                         % "|".join(p for p in _SHIP_PREFIX_COUNTRY if p not in ("its", "ins", "fs", "hm")))


def absent_ships(question: str, context: str) -> list[str]:
    """The ships the question names by a navy's prefix, in any case ("the js izumo"), whose name
    ``context`` never writes: a question about another ship than the passages'."""
    written = {w.lower() for w in re.findall(r"[\w’'-]+", context)}
    return [m[0] for m in _SHIP_ASKED.finditer(question) if m["name"].lower() not in written]


def ship_prefix_only(span: str) -> bool:
    """The span ends with a navy's prefix written in capitals ("Norway’s HNoMS", "HMS"): the start of a
    ship's name cut before the name, a ship, no person's or place's name."""
    last = span.split()[-1] if span.split() else ""
    return last.lower() in _SHIP_PREFIX_COUNTRY and sum(c.isupper() for c in last) >= 2


def ship_country(span: str) -> Country | None:
    """The country whose ship ``span`` names by its prefix ("HMS Atherstone": the UK, "the Japanese
    Command Ship Bungo": Japan); None where it names no ship or its prefix names no country."""
    m = _SHIP.search(span)
    if not m:
        return None
    prefix = m["prefix"].split()[0].lower()
    if prefix in _SHIP_PREFIX_COUNTRY:
        return country_of(_SHIP_PREFIX_COUNTRY[prefix])
    named = countries_named(m["prefix"])
    return named[0] if named else None


def _missiles(passage: Passage) -> list[_Thing]:
    """Missiles by name: the capitalised words before "missile" ("Meteor missile"); a name written
    "… Missile" keeps the word ("Joint Strike Missile"); a maker's name before it is no part."""
    out = []
    for m in _MISSILE.finditer(passage.text):
        words = list(re.finditer(r"\S+", m["name"]))
        while len(words) > 1 and (is_company(words[0].group()) or words[0].group().endswith(("’s", "'s"))
                                  or words[0].group() in ("The", "A", "An")):
            words = words[1:]
        if words[0].group() in ("The", "A", "An", "It", "This"):
            continue
        end = m.end() if m["short"] or re.search(r"Missiles?$", m.group()) else m.end("name")
        out.append(_Thing(passage, m.start("name") + words[0].start(), end, None))
    return out


def _organisations(passage: Passage) -> list[_Thing]:
    """Companies and public bodies ("… Agency", "… Council", "Ministry of …")."""
    agencies = [_Thing(passage, m.start("name"), m.end("name"), None) for m in _AGENCY.finditer(passage.text)
                if m["name"].split()[0] not in ("The", "A", "An", "In", "And")]
    return sorted(_companies(passage) + agencies, key=lambda t: t.start)


def _countries(passage: Passage) -> list[_Thing]:
    """Countries by name (not by capital or people); a name inside a ship's ("HMS Prince of Wales")
    is none."""
    ships = _ships(passage)
    text = passage.text
    return [_Thing(passage, a, b, country) for a, b, country in country_spans(text, people=False)
            if fold(text[a:b]).lower() in country.names
            and not any(t.start <= a and b <= t.end for t in ships)]


# Who wrote a story, by how a column or story credits it: "ADM journalist Corey Lee Bell covers …",
# "this story written by David Pugliese", a byline "By Jane Doe".
_AUTHOR = re.compile(r"(?:\b(?:journalist|reporter|correspondent|columnist|writer)\s+|\b(?:written|reported|authored)\s+by\s+"
                     r"|^By\s+)(?P<name>[A-ZÀ-ÖØ-Þ][\w’'-]+(?:\s+[A-ZÀ-ÖØ-Þ][\w’'-]+){1,2})", re.M)


def _speakers(passage: Passage) -> list[_Thing]:
    """The speakers of quotes, each as the text names them ("Defence Secretary Michael Fallon")."""
    return [_Thing(passage, a, b, None) for a, b in quoted_people(passage.text)]


def _authors(passage: Passage) -> list[_Thing]:
    return [_Thing(passage, m.start("name"), m.end("name"), None) for m in _AUTHOR.finditer(passage.text)]


# "Mogami-class multi-role frigate", "Roald Amundsen Fridtjof Nansen-class frigate": a class by its name.
_CLASS = re.compile(r"(?P<name>(?:[A-Z][\w’'-]*\s+){0,1}[A-Z][\w’'-]*)-class\b")


def _classes(passage: Passage) -> list[_Thing]:
    return [_Thing(passage, m.start("name"), m.end("name"), None) for m in _CLASS.finditer(passage.text)]


# "Captain Yoshida", "Lieutenant Alex Coleman": an officer by the rank written before the name.
_OFFICER = re.compile(r"\b(?:Lieutenant|Lt\.|Captain|Capt\.|Commander|Cdr\.|Colonel|Col\.|Major|Admiral|Adm\.|Commodore|"
                      r"Sergeant|Sgt\.|Brigadier|Ensign)(?:\s+(?:Commander|General|Colonel))?\s+"
                      r"(?P<name>[A-ZÀ-ÖØ-Þ][\w’'-]+(?:\s+[A-ZÀ-ÖØ-Þ][\w’'-]+){0,2})")


def _officers(passage: Passage) -> list[_Thing]:
    return [_Thing(passage, m.start(), m.end("name"), None) for m in _OFFICER.finditer(passage.text)]


_FIND = {"class": _classes, "officer": _officers, "ship": _ships, "company": _companies, "organisation": _organisations, "country": _countries,
         "missile": _missiles, "author": _authors, "speaker": _speakers}


def _nationalities(question: str) -> list[Country]:
    """The countries whose things the question asks for, by their people ("japanese or british")
    or navy ("Royal Navy")."""
    q = fold(question).lower()
    found = [country for a, b, country in country_spans(question) if q[a:b] in country.people]
    # a navy's prefix before the ships asked for ("the HM ships … on the japanese command ship"): that navy's
    prefixed = [country_of(_SHIP_PREFIX_COUNTRY[m[1]]) for m in re.finditer(r"\b(\w+)\s+(?:war)?ships?\b", q)
                if m[1] in _SHIP_PREFIX_COUNTRY]
    if prefixed:
        return prefixed
    return found + [country_of(code) for form, code in _NAVIES.items() if re.search(r"\b%s\b" % form, q)]


def _company_country(thing: _Thing) -> Country | None:
    """A company's country as its sentence states it: the country named last in the few words before
    it ("Japan’s major defense contractor Mitsubishi Heavy Industries", "a U.S. defense equipment
    maker Raytheon Co."), else the first named in a relative clause after it ("Mitsubishi Electric,
    which also supplies missile parts for Japan’s Self-Defense Forces")."""
    text = thing.passage.text
    if named := countries_named(text[thing.start:thing.end]):
        return named[0]  # "Turkey’s Defence Industry Agency"
    a, b = next(((a, b) for a, b in split_sentences(text) if a <= thing.start < b), (0, len(text)))
    a = max([a] + [t.end for t in _companies(thing.passage) if t.end <= thing.start])  # not another's words
    before = " ".join(text[a:thing.start].split()[-6:])
    if named := countries_named(before):
        last = list(country_spans(before))[-1]
        if not re.search(r"\b(?:of|with|from|to|by|for|and)\b", before[last[1]:]):
            return named[-1]  # "Japan’s major defense contractor X", not "Japan’s acquisition of X"
    after = re.split(r"[.;]", text[thing.end:b])[0]
    if not re.match(r"\s*,\s*(?:which|that|who)\b", after):
        return None  # only a clause about the company itself says where it is from
    named = countries_named(" ".join(after.split()[:12]))
    return named[0] if named else None


def _about_words(question: str) -> set[str]:
    """The question's words less those naming the kind asked for and the asking ones."""
    kinds = {w for pattern in _ASKS.values() for w in content_words(" ".join(pattern.findall(question.lower())))}
    return content_words(question) - kinds - ASKING_WORDS - {"involv", "take", "part", "play", "role"}


def _about(thing: _Thing, words: set[str]) -> bool:
    """The thing's sentence holds ``ABOUT_SHARE`` of the question's words."""
    text = thing.passage.text
    a, b = next(((a, b) for a, b in split_sentences(text) if a <= thing.start < b), (0, len(text)))
    return len(words & content_words(text[a:b])) >= ABOUT_SHARE * len(words)


def compose_inventory(question: str, passages: list[Passage], top_document: str) -> Composition | None:
    """Every ship, company or country the passages mention (those of the document the question is
    about, ``top_document``, unless it asks across the documents), each cited once; None when the
    question asks for no inventory or none is found."""
    if asks_representatives(question):
        return compose_representatives(question, passages)
    kind, about = asked_kind(question), asked_about(question)
    if about:
        kind = about
    elif not kind:  # the days or countries of an event, or what a sentence enumerates
        return compose_event_items(question, passages) or compose_enumeration(question, passages) \
            or compose_modifiers(question, passages)
    scope = passages if _ALL_DOCUMENTS.search(question) else [p for p in passages if p.doc_id == top_document]
    words = _about_words(question) if about else set()
    wanted = _nationalities(question) if kind in ("ship", "company", "organisation", "speaker") else []
    asked_countries = set(countries_named(question)) if kind == "country" else set()
    things: list[_Thing] = []
    for passage in sorted(scope, key=lambda p: (p.doc_id, p.start)):
        for thing in (_versions(question, passage) if kind == "version" else _FIND[kind](passage)):
            if wanted and kind in ("company", "organisation") and _company_country(thing) not in wanted:
                continue  # "Japanese companies", "Turkish organisations"
            if wanted and kind == "ship" and thing.country not in wanted:
                continue
            if wanted and kind == "speaker" and (named := countries_named(thing.passage.text[thing.start:thing.end])) \
                    and not set(named) & set(wanted):
                continue  # "British people": not the Japanese minister quoted
            if thing.country is not None and thing.country in asked_countries:
                continue  # "which countries has Japan …": not Japan itself
            if words and not _about(thing, words):
                continue  # "involved in the seeker gyro export deal": not in a sentence about it
            if not any(t.same(thing) for t in things):
                things.append(thing)
    if not things:
        return None
    citations = [span_citation(t.passage, t.start, t.end, kind="answer") for t in things]
    sentences = {}
    for t in things:
        s = next(((a, b) for a, b in split_sentences(t.passage.text) if a <= t.start < b), (t.start, t.end))
        sentences.setdefault((t.passage.doc_id, t.passage.start + s[0]), (t.passage, s))
    citations += [span_citation(p, *s, kind="support") for p, s in sentences.values()]
    names = [c.text for c in citations[:len(things)]]
    return Composition(text=joined(names), confidence=0.0, citations=citations)


# --- the people of one side, across the documents --------------------------------------------------
# A country's person by the title it binds: "Norway’s State Secretary to Minister of Defence, Andreas
# Flåm", "Norwegian Defense Minister Bjorn Gram": the owner, a capitalised run holding a title word
# (with "of", "to", "for" inside), then the name (after a comma or not).
_OWNED_PERSON = re.compile(r"(?<![\w’'-])(?P<owner>[A-Z][\w-]+(?:[’']s)?)\s+(?P<run>[A-Z][\w-]*(?:,?\s+(?:(?:of|to|for)\s+"
                           r"(?:the\s+)?)?[A-ZÀ-ÖØ-Þ][\w’'-]*){1,8})")


# "which norwegian defence officials …": a people's name before the noun for the people asked for.
_PEOPLE_OF = re.compile(r"\b(?=(?P<people>[A-Za-z]+)\s+(?P<words>(?:[a-z]+\s+){0,2}?)(?:officials|ministers|representatives|delegates|"
                        r"officers|leaders|envoys|people)\b)", re.I)


def _side(question: str) -> tuple[Country | None, set[str]]:
    """The country whose people the question asks for, and the words their titles must hold: the
    side it asks about ("who represented Norway"), or a people's name before the people asked for, where
    the question names another country they are asked with ("which Norwegian defence officials have
    met Japan's defence minister": "defence")."""
    if side := side_asked(question):
        return side, set()
    for m in _PEOPLE_OF.finditer(question):
        if (named := countries_named(m["people"])) and fold(m["people"]).lower() in named[0].people and \
                any(c != named[0] for c in countries_named(question)):
            return named[0], content_words(m["words"].replace("defense", "defence"))
    return None, set()


def asks_representatives(question: str) -> bool:
    """"Who has represented Norway in the talks … covered by these articles?", "which Norwegian
    defence officials have met Japan's defence minister, according to the articles?": the people of
    one country's side across the documents, not one sentence's."""
    return bool(_ALL_DOCUMENTS.search(question)) and analyse(question).answer_type == "person" \
        and not asked_kind(question) and bool(_side(question)[0])


def _owned_people(passage: Passage, country: Country, needed: set[str] = frozenset()) -> list[_Thing]:
    """The names the passage binds to a title of ``country`` ("Norway’s … Minister of Defence, X")."""
    out = []
    text = passage.text
    for m in _OWNED_PERSON.finditer(text):
        if countries_named(m["owner"]) != [country]:
            continue
        runs = [(m.start("run"), m["run"])]
        if shared := _AND_RUN.match(text, m.end("run")):  # "… Richard Marles and Foreign Minister Penny Wong"
            runs.append((shared.start("run"), shared["run"]))
        for start, run in runs:
            thing = _titled_name(passage, start, run)
            title = content_words(text[start:thing.start].replace("Defense", "Defence")) if thing else set()
            if thing and needed <= title:  # "which Norwegian defence officials": a title of defence
                out.append(thing)
    return out


# "… and Foreign Minister Penny Wong": a second title and name the owner before the first binds too.
_AND_RUN = re.compile(r"\s+and\s+(?P<run>[A-Z][\w-]*(?:,?\s+(?:(?:of|to|for)\s+(?:the\s+)?)?[A-ZÀ-ÖØ-Þ][\w’'-]*){1,8})")


def _titled_name(passage: Passage, start: int, run: str) -> _Thing | None:
    """The name after the title in ``run`` (a capitalised run at ``start``), else None."""
    words = list(re.finditer(r"[^\s,]+", run))
    titled = [n for n, w in enumerate(words) if is_title(w.group())]
    if not titled:
        return None
    name = words[titled[-1] + 1:]
    if "," in run:  # "… Minister of Defence, Andreas Flåm": the name after the comma
        name = [w for w in name if w.start() > run.rindex(",")]
    while len(name) > 1 and name[0].group() in ("of", "to", "for", "the"):
        name = name[2:] if name[1].group() != "the" else name[1:]  # "… Minister of Defence Bjørn Arild Gram"
    if not 2 <= len(name) <= 3 or any(w.group() in ("of", "to", "for", "the") for w in name):
        return None  # "… Minister of Defence signed": no name after the title
    return _Thing(passage, start + name[0].start(), start + name[-1].end(), None)


def compose_representatives(question: str, passages: list[Passage]) -> Composition | None:
    """Every person the passages bind to a title of the country whose side the question asks for, in
    sentences naming each other country the question names ("in the talks with Japan"), each once
    (by surname) as fully as it is written, cited with its sentence; None when none is found."""
    country, needed = _side(question)
    others = [c for c in countries_named(question) if c != country]
    found: dict[str, _Thing] = {}
    sentences: dict[tuple[str, int], tuple[Passage, tuple[int, int]]] = {}
    for passage in sorted(passages, key=lambda p: (p.doc_id, p.start)):
        for thing in _owned_people(passage, country, needed):
            s = next(((a, b) for a, b in split_sentences(passage.text) if a <= thing.start < b), None)
            if s is None or any(c not in countries_named(passage.text[s[0]:s[1]]) for c in others):
                continue  # not the talks with the other country the question names
            name = passage.text[thing.start:thing.end]
            surname = fold(name.split()[-1]).lower()
            if surname not in found or len(name) > len(found[surname].passage.text[found[surname].start:found[surname].end]):
                found[surname] = thing
            sentences.setdefault((passage.doc_id, passage.start + s[0]), (passage, s))
    if not found:
        return None
    things = sorted(found.values(), key=lambda t: (t.passage.doc_id, t.passage.start + t.start))
    citations = [span_citation(t.passage, t.start, t.end, kind="answer") for t in things]
    citations += [span_citation(p, *s, kind="support") for p, s in sentences.values()]
    return Composition(text=joined([c.text for c in citations[:len(things)]]), confidence=0.0, citations=citations)
