"""What a pronoun in a follow-up can stand for: the things the previous turn named, each typed.

Candidates come from the previous turn only: its short answer (typed by what its question asked
for), the noun phrase its question was about, the names in its question and the names in the
sentence cited for its answer. Types are person, organisation, place, time, number and thing,
read from the words around a name ("Minister Kihara", "Mitsubishi Heavy Industries Ltd.",
"in Tokyo", "August 21"); ``plural`` marks "X and Y" and plural nouns. A pronoun's slot takes only
referents of its type ("he" a person, "it" a thing, "there" a place, "then" a time), so a person
never lands in an "it".
"""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from rag.answering.composers.answer_types import matches_type
from rag.answering.countries import country_of
from rag.answering.conversation.rules import DEMONYM, PRONOUNS, SUBJECT_PRONOUNS, Turn, event_clause, topic_phrase
from rag.answering.question_analysis import analyse

_OBJECT_PRONOUNS = {"them", "it", "him", "us", "me"}  # after a verb only
PRO_ADVERBS = {"then", "there", "here", "now"}  # words that stand for a time or place, never a topic
TYPES = ("person", "organisation", "place", "time", "number", "thing", "role")  # a role fills no pronoun
_ROLE_WORDS = {"minister", "secretary", "president", "chancellor", "ambassador", "attaché", "governor", "mayor",
               "speaker", "premier", "commissioner"}
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december")
TITLES = {"minister", "secretary", "president", "prime", "captain", "lieutenant", "mr", "mrs", "ms", "dr",
           "general", "admiral", "commander", "officer", "speaker", "chancellor", "journalist", "ambassador",
           "attaché", "excellency", "hon", "mp", "governor", "mayor", "chief", "director", "head", "leader"}
_ORG_WORDS = {"ltd", "ltd.", "co", "co.", "inc", "inc.", "company", "industries", "aerospace", "ministry",
              "agency", "council", "corporation", "group", "electric", "heavy", "press", "citizen", "navy",
              "force", "forces", "government", "office", "department", "university", "bank",
              "division", "delegation", "squadron", "fleet"}  # a body: never "he"
_THING_WORDS = {"missile", "missiles", "frigate", "carrier", "ship", "ships", "aircraft", "fighter", "fighters",
                "warship", "warships", "vessel", "vessels", "destroyer", "submarine", "jet", "jets",
                "memorandum", "agreement", "mou", "exercise", "initiative", "program", "programme", "project",
                "contract", "system", "base", "meeting", "story", "statement", "accord", "treaty", "deal"}
_PLACE_BEFORE = {"in", "at", "to", "near", "from", "aboard", "onboard", "visited", "visit", "towards"}
_STOP_CAPS = {"The", "A", "An", "On", "In", "At", "Which", "What", "Who", "When", "Where", "How", "Why", "And",
              "Did", "Does", "Do", "Is", "Was", "Were", "Are", "Can", "Will", "Whom", "Whose", "It", "He", "She",
              "They", "This", "That", "Among", "Other", "Earlier", "Last", "According", "Under", "During", "Today",
              "Today’s", "Citing", "Recently", "Both", "Although", "Over", "Through", "With", "For", "But",
              "I", "We", "Our", "His", "Her", "Their", "Its", "These", "Those"}
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_TOKEN = re.compile(r"[\w’'][\w’'.\-–&]*[\w’'.]|[\w&]|[,;:()“”\"]")
_NAME_PART = re.compile(r"^(?:[A-ZÀ-ÖØ-Þ0-9][\w’'.\-–]*|&|of|de|van|von)$")
_POSSESSIVE = re.compile(r"[’']s?$")
_PLURAL_NOUN = re.compile(r"^[a-z-]+(?:ies|[a-rt-z]s|ves)$")
# lower-case words ending like a plural noun that are not nouns, or words a noun phrase does not hold
_NOT_NOUNS = {"is", "was", "has", "does", "its", "this", "his", "thus", "yes", "as", "us", "always",
              "perhaps", "sometimes", "besides", "towards", "afterwards", "whereas", "various", "previous",
              "serious", "famous", "numerous", "the", "a", "an", "and", "or", "of", "to", "in", "on", "at",
              "for", "with", "by", "from", "did", "do", "can", "could", "will", "would", "which", "what"}
_HEAD_ENDS = {"for", "of", "to", "from", "with", "by", "in", "on", "at", "which", "that", "who"}
_VERB_BEFORE = {"to", "did", "do", "does", "can", "could", "will", "would", "should", "may", "might", "must"}
# a one-word name followed by one of these after "did/will/can" is someone acting ("did Nakatani meet")
_PERSON_VERBS = {"meet", "visit", "tour", "say", "tell", "lead", "discuss", "speak", "travel", "attend",
                 "sign", "hold", "inspect"}


@dataclass(frozen=True)
class Referent:
    """A thing the previous turn named: its text, type (TYPES) and number; ``source`` says where it
    came from (answer, topic, question, support), which orders candidates of the same type."""

    text: str
    type: str
    plural: bool = False
    source: str = "question"


def recase(text: str, sources: str) -> str:
    """``text`` with lower-case words written as ``sources`` write them when those write them only
    capitalised: a whole capitalised phrase ("north korea" -> "North Korea"), or a word that stands
    alone as a name there, never a title, never only at a sentence's start ("Last week") nor only
    inside a longer name ("Frigate" of "Sea 3000 General-Purpose Frigate"): "nakatani's trip to
    turkey" -> "Nakatani's trip to Turkey"."""
    if not sources or not re.search(r"\b[a-z]", text):
        return text
    lower = {w.lower() for w in re.findall(r"(?<![\w’'-])[a-z][\w-]*", sources)}
    single: dict[str, str] = {}
    for m in re.finditer(r"(?<![\w’'-])[A-Z][\w-]*(?:\s+[A-Z][\w-]*)*", sources):
        before = sources[:m.start()].rstrip()
        if not before or before[-1] in ".!?:;“\"–—-(":
            continue  # a sentence's first word may be any word
        run = m.group(0).split()
        if len(run) > 1 and run[0] in ("The", "A", "An"):  # "the UK side", never "The UK side" mid-question
            run = run[1:]
        if len(run) == 1:
            single.setdefault(run[0].lower(), run[0])
        elif all(w.lower() not in TITLES for w in run):
            phrase = " ".join(run)
            text = re.sub(rf"(?<![\w’'-]){re.escape(phrase.lower())}(?![\w-])", phrase, text)

    def fix(m: re.Match) -> str:
        low = m.group(0)
        if low not in single or low in lower or low in TITLES or low in _FUNCTION or low in _AUXES or len(low) < 2:
            return low
        return single[low]
    return re.sub(r"(?<![\w’'-])[a-z][\w-]*", fix, text)


def referents(turn: Turn) -> list[Referent]:
    """Every candidate referent of ``turn``, most likely first, without repeats."""
    out: list[Referent] = []
    sources = " ".join(filter(None, [turn.support, turn.answer, turn.context]))
    turn = dataclasses.replace(turn, question=recase(turn.question, sources))
    context = " ".join(filter(None, [turn.support, turn.context]))
    asked = analyse(turn.question) if turn.question else None
    if turn.answer and turn.answer.lower().rstrip(".") in ("yes", "no"):  # a yes/no answer names nothing
        turn = dataclasses.replace(turn, answer="")
    if turn.answer:
        asked_type = asked.answer_type if asked else ""
        kind = {"person": "person", "organisation": "organisation", "place": "place", "date": "time",
                "number": "number"}.get(asked_type, "")
        if not kind or not matches_type(turn.answer, asked_type):  # "seeker gyros for Raytheon" is no company
            kind = type_of(turn.answer, turn.support)
        if _asks_for_thing(turn.question):  # "Which British ship …?" -> a ship, whatever the reader typed
            kind = "thing"
        if kind in ("thing", "person") and _is_role(turn.answer):  # "State Secretary to Minister of Defence" is no "it"
            kind = "role"
        apposed = re.match(r"^([A-Z][^,]{2,60}),\s+(?:the|a|an)\s+\S", turn.answer)
        if kind == "person" and apposed:  # "Lieutenant Alex Coleman, the Operations Officer": one person
            turn = dataclasses.replace(turn, answer=apposed.group(1))
        head = _phrase_head(turn.answer)
        plural = bool(re.search(r"\band\b|,", turn.answer)) or (asked is not None and asked.kind == "list") \
            or bool(head) and bool(_PLURAL_NOUN.match(head.split()[-1])) or _plural_headed(turn.answer)
        people = _people(turn.answer, turn.question) if kind == "person" else []
        if people and len(people) == 1:  # "Jordanian Prime Minister and Minister of Defense Jafar Hassan"
            plural = False               # is one person, best named by the name
            out.append(Referent(people[0], "person", False, "answer"))
        owned = re.match(r"^[A-Z][^’']*[’']s?\s+(?:\([A-Z]+\)\s+)?(.+)$", turn.answer)
        if owned and kind == "thing" and is_noun_phrase(owned.group(1), spanned=True):
            out.append(Referent(owned.group(1), kind, plural, "answer"))  # "MHI’s new-model frigate": the frigate
        counted = re.match(r"^(?:nearly\s+|about\s+|some\s+)?[\d,.]+\s+(?:[a-z]+\s+)?[a-z]+s$", turn.answer)
        if counted and kind == "number":  # "15 other countries": "them" are the countries
            out.append(Referent(f"the {turn.answer}", "thing", True, "answer"))
        if re.match(r"(?:in|at|on|onboard|aboard|near|inside)\s+\S", turn.answer) and asked is not None \
                and asked.answer_type == "place":
            kind = "place"  # "onboard the JS Kaga" answers where: a place, never an "it"
        # "a Memorandum of Understanding" once answered is "the Memorandum of Understanding"
        out.append(Referent(re.sub(r"^(?:a|an)\s+(?=\S+\s*\S)", "the ", _clean(turn.answer)), kind, plural, "answer"))
        asked_for = _asked_for(turn.question, turn.answer)
        if asked_for:  # "a deeper agreement on the Transfer … that Japan is required …" to "what agreement …?"
            out.append(Referent(asked_for, kind, bool(_PLURAL_NOUN.match(asked_for.split()[1])), "answer"))
        if head and head != turn.answer:  # "seeker gyros for Raytheon": "seeker gyros" too, of its own number
            # ("complex weapons enterprise to link …, Tornado, Typhoon and F-35" is one enterprise: "that")
            own = bool(re.search(r"\band\b|,", head)) or bool(_PLURAL_NOUN.match(head.split()[-1]))
            out.append(Referent(head, kind, own, "answer"))
        # each person the answer names, the ones its question does not name first: "she" after
        # "Who is visiting with Richard Marles?" -> "… Richard Marles and Foreign Minister Penny Wong"
        # is Penny Wong
        for name in people:
            if name != _clean(turn.answer):
                out.append(Referent(name, "person", False, "answer"))
    event = event_clause(turn.question) if turn.answer and (type_of(turn.answer, "") == "time" or (
        asked is not None and asked.answer_type == "date")) else ""  # "last year" answers when too
    if event:  # "then" after "When did Japan ease its military export rules?" -> "April", or the event itself
        out.append(Referent(f"when {event}", "time", False, "event"))
    if turn.answer and turn.support:  # "Joint Strike Missile (JSM)": the answer's long form too
        for alias in _aliases(turn.answer, turn.support):
            out.append(Referent(alias, out[0].type, out[0].plural, "answer"))
    topic = topic_phrase(turn.question)
    if topic.lower() in PRONOUNS.keys() | SUBJECT_PRONOUNS | PRO_ADVERBS:
        topic = ""  # "Which company buys them?", "who is then": the question stands for no topic of its own
    if topic and len(topic.split()) <= MAX_TOPIC_WORDS:
        head = _head_noun(topic)
        # "Who is Norway's State Secretary…": the topic is a person
        # ("Who will seeker gyros be exported to?" is about things: only a copula's subject is the one asked)
        who = bool(asked) and asked.answer_type == "person" and turn.question.lower().startswith("who") \
            and bool(re.match(r"who(?:[’']s|\s+(?:is|was|are|were)\b)", turn.question, re.I))
        kind = "person" if who else (type_of(topic, turn.support or turn.question) if topic[:1].isupper() else "thing")
        if not who and kind in ("thing", "place") and _is_plain_name(topic):  # "what does Gram say …", "when is
            kind = _name_type(topic, kind, turn.question, context)       # Nakatani expected …": people acting
        pair = next((c for c in _coordinations(turn.question) if c.text.lower() == topic.lower()), None)
        kind = pair.type if pair and not who else kind  # "What did Japan and Norway sign?": two countries acting
        compound = topic.split() if re.fullmatch(r"[a-z][a-z -]*", topic) and len(topic.split()) <= 3 else []
        plural = bool(_PLURAL_NOUN.match(head)) and head in topic.split() or bool(  # "seeker gyros": its last word
            compound and _PLURAL_NOUN.match(compound[-1]) and compound[-1] not in _NOT_NOUNS) or bool(  # "the ships", not "Andreas"
            re.match(r"(?:the\s+)?[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)* and [A-Z]", topic))  # "Japan and South Korea",
        # not "the ship the meeting between Nakatani and Flåm was held on"
        out.append(Referent(topic, kind, plural, "topic"))
        many = _plural_form(topic, context) if kind == "thing" and not plural else ""
        if many:  # "what is the seeker gyro": "them" are the seeker gyros the documents write of
            out.append(Referent(many, "thing", True, "topic"))
        if plural and re.match(rf"[A-Z][\w-]*(?:\s+[A-Z][\w-]*)*[’']s?\s+(?:[a-z-]+\s+)?{re.escape(head)}\b", topic):
            out.append(Referent(f"the {head}", kind, True, "topic"))  # "Japan's ministers in Tokyo": "the ministers"
    for pair in _coordinations(turn.question):  # "What did the UK and Japan stress …": "they"
        out.append(pair)
    for name in names(turn.question, skip_first=True):
        out.append(Referent(name, _name_type(name, type_of(name, turn.question), turn.question, context), False,
                            "question"))
    for name in names(turn.support):
        out.append(Referent(name, type_of(name, turn.support), False, "support"))
    for phrase in noun_phrases(turn.question, turn.support):
        out.append(Referent(phrase, "thing", True, "question"))
    for phrase in bare_objects(turn.question, f"{turn.support} {context}"):  # "export seeker gyro": "they"
        out.append(Referent(phrase, "thing", True, "question"))
    for phrase in singular_phrases(turn.question):  # "it" after "did Norway announce a new defence policy"
        named = next((k for k, r in enumerate(out) if r.source == "question" and r.text == phrase.split()[-1]), None)
        if named is None:
            out.append(Referent(phrase, "thing", False, "question"))
        else:  # "their defence equipment MOU" says more than "MOU": it comes first
            out.insert(named, Referent(phrase, "thing", False, "question"))
    seen: set[str] = set()
    unique = []
    for r in out:
        key = r.text.lower()
        if r.text and key not in seen and not _inside_answer(r, out) \
                and (r.source == "event"  # "when Japan eased …" is a clause, not a noun phrase
                     or is_noun_phrase(r.text, spanned=r.source == "answer",
                                       longest=MAX_TOPIC_WORDS if r.source == "topic" else MAX_REFERENT_WORDS,
                                       stranded=r.source == "topic")):
            seen.add(key)
            unique.append(r)
    pair = _pair(unique)
    if pair:  # "they" after "Which minister did Nakatani meet?" -> "Yaşar Güler": the two who met
        at = next((k + 1 for k, r in enumerate(unique) if r.source == "answer"), 0)
        unique.insert(at, pair)
    return unique


_FUNCTION = {"the", "a", "an", "and", "or", "but", "of", "to", "in", "on", "at", "for", "with", "by", "from",
             "as", "that", "which", "who", "whom", "whose", "what", "when", "where", "why", "how", "if", "than",
             "until", "into", "about", "over", "under", "after", "before", "during", "since", "through", "there",
             "it", "its", "they", "them", "their", "he", "she", "his", "her", "him", "this", "these", "those",
             "not", "so", "such", "also", "very"}
_AUXES = {"is", "was", "are", "were", "be", "been", "being", "did", "do", "does", "has", "have", "had", "can",
          "could", "will", "would", "should", "may", "might", "must", "shall"}
_OPENERS = {"the", "a", "an", "this", "that", "these", "those", "its", "their", "his", "her", "our"}
MAX_REFERENT_WORDS = 10
_STRANDED = {"on", "in", "at", "to", "for", "with", "from", "by", "about", "of", "into"}
MAX_TOPIC_WORDS = 12  # what a question asked about: "the ship the meeting between Nakatani and Flåm was held on"


def _name_type(name: str, kind: str, question: str, context: str) -> str:
    """A name's type read again where its own words did not say: the question ("does Gram say")
    then the passages read ("Nakatani joined …" says who); a person found there wins."""
    if kind == "thing" and question:
        kind = type_of(name, question)
    if context and kind in ("thing", "place"):  # "between Nakatani and Flåm", "nakatani's trip"
        found = type_of(name, context)
        kind = found if found == "person" or kind == "thing" else kind
    return kind


def _asks_for_thing(question: str) -> bool:
    """"Which British ship/carrier/missile …": the question names the kind of thing it asks for."""
    words = re.findall(r"[\w’'-]+", question.lower())
    if not words or words[0] not in ("which", "what"):
        return False
    head = []
    for w in words[1:5]:
        if w in _AUXES or w in _FUNCTION:
            break
        head.append(w)
    return any(w in _THING_WORDS for w in head)


_NAME_GLUE = {"of", "and", "&", "the", "to", "for", "de", "van", "von", "in", "on", "at", "–", "-"}


def _is_name_phrase(words: list[str]) -> bool:
    """A capitalised phrase that is a name or an owner's noun ("Kongsberg Defence & Aerospace",
    "South Korea's defence minister", "the Gram–Kihara meeting"), not a clause ("Kihara raise
    concerns about in his talks with Gram"): a lower-case content word only after an owner's
    "'s" (or another such word), or as the last word."""
    after_owner = False
    for k, w in enumerate(words):
        low = w.lower().strip(",.;:")
        if w[:1].isupper() or w[:1].isdigit() or low in _NAME_GLUE:
            after_owner = bool(re.search(r"[’']s$", w))
            continue
        if after_owner and not re.search(r"(?:ed|ing)$", low) or k == len(words) - 1:
            continue
        return False
    return True


def is_noun_phrase(text: str, spanned: bool = False, longest: int = 10, stranded: bool = False) -> bool:
    """Whether ``text`` can stand for a pronoun: a name, a capitalised phrase, a time or number, or
    a short noun phrase; never a verb ("happened"), a sentence, or a fragment that starts or ends
    with a function word ("with the Japanese 51st Mine Division", "to strengthen defence …") or
    opens with a lower-case word before a name ("nakatani talk to South Korea's defence"; not so for
    a ``spanned`` answer the reader cut out: "seeker gyros for Raytheon")."""
    words = text.replace("’", "'").split()
    if not words or len(words) > longest:
        return False
    low = [re.sub(r"'s?$", "", w.lower()).strip(",.;:") for w in words]
    # a preposition left at the end of a question's relative clause ("the ship X was held on") is fine
    last = low[-1] in _FUNCTION and not (stranded and low[0] == "the" and low[-1] in _STRANDED)
    if last or low[-1] in _AUXES or (low[0] in _FUNCTION and low[0] not in _OPENERS):
        return False
    if words[0][:1].isupper() or words[0][:1].isdigit() or words[0][:1] == "$":
        return spanned or _is_name_phrase(words)
    if low[0] in _OPENERS:  # "the missile Japan's F-35A fighters can carry internally"
        return len(words) > 1
    # a lower-case phrase: no auxiliary, not ending in a verb form, and no name after a lower-case opener
    if any(w in _AUXES for w in low) or re.search(r"(?:ed|ing)$", low[-1]) and len(words) == 1:
        return False
    if any(w[:1].isupper() for w in words[1:]) and not spanned:
        return False
    return len(words) <= 5 and not re.search(r"(?:ed|ly)$", low[-1])


def noun_phrases(question: str, support: str = "") -> list[str]:
    """Lower-case plural noun phrases of the question that its cited sentence also names ("seeker
    gyros", "security policy meetings", "Japanese ships" after a nationality): what "they" or "them" can stand for when no name does.
    Two words at least, so a bare "fighters" or "ties" is not offered."""
    words = _TOKEN.findall(_strip_q(question))
    text = " " + " ".join((support or question).lower().replace("’", "'").split()) + " "
    out = []
    for j, w in enumerate(words):
        if j == 0 or not _PLURAL_NOUN.match(w) or w in _NOT_NOUNS:
            continue
        if j + 1 < len(words) and words[j + 1].lower() in _OBJECT_PRONOUNS:
            continue  # "which company buys them": a verb with its object, not a plural noun
        best = ""
        for i in range(j - 1, max(j - 4, 0) - 1, -1):  # up to three modifiers before the noun
            if DEMONYM.match(words[i]) and (f" {' '.join(words[i:j + 1]).lower()} " in text):
                best = " ".join(words[i:j + 1])  # "the Japanese ships": a nationality opens it
                break
            if not re.fullmatch(r"[a-z][a-z-]*", words[i]) or words[i] in _NOT_NOUNS:
                break
            if i > 0 and words[i - 1].lower() in _VERB_BEFORE or i > 1 and words[i - 1][:1].isupper() \
                    and words[i - 2].lower() in _VERB_BEFORE:
                break  # "agree to deepen security ties", "did Kihara raise concerns": a verb, not a modifier
            phrase = " ".join(words[i:j + 1])
            if f" {phrase} " in text or f" {phrase}" in text:
                best = phrase
        if best:
            out.append(best)
    return out


_ACRONYM = re.compile(r"^[A-Z]{2,5}$")  # "MOU", "EPA": a noun phrase's head written in capitals


def bare_objects(question: str, text: str) -> list[str]:
    """The bare lower-case object of the question's verb ("can export seeker gyro to Raytheon" ->
    "seeker gyro"), in the plural the documents also write it in ("seeker gyros"): a mass or
    generic noun that "they" may stand for. Up to three words, ending before a preposition or the end."""
    words = _TOKEN.findall(_strip_q(question))
    low = " " + " ".join(text.lower().replace("’", "'").split()) + " "
    out = []
    for k in range(len(words) - 2):
        if words[k].lower() not in _VERB_BEFORE or not re.fullmatch(r"[a-z]+", words[k + 1]):
            continue
        run = []
        for w in words[k + 2:k + 5]:
            if not re.fullmatch(r"[a-z][a-z-]*", w) or w in _FUNCTION or w in _AUXES or w in _NOT_NOUNS:
                break
            run.append(w)
        end = k + 2 + len(run)
        if not run or end < len(words) and words[end].lower() not in _STRANDED or _PLURAL_NOUN.match(run[-1]):
            continue
        plural = " ".join([*run[:-1], run[-1] + "s"])
        if f" {plural} " in low or f" {plural}," in low or f" {plural}." in low:
            out.append(plural)
    return out


def _plural_form(phrase: str, text: str) -> str:
    """A lower-case singular noun phrase of up to three words ("the seeker gyro") in the plural the
    documents write it in ("seeker gyros"); '' when they do not."""
    words = phrase.split()
    if words and words[0] in ("the", "a", "an"):
        words = words[1:]
    if not 1 <= len(words) <= 3 or not all(re.fullmatch(r"[a-z][a-z-]*", w) for w in words) \
            or any(w in _FUNCTION or w in _AUXES or w in _NOT_NOUNS for w in words) or _PLURAL_NOUN.match(words[-1]) \
            or words[-1].endswith("s"):
        return ""
    plural = " ".join([*words[:-1], words[-1] + "s"])
    low = " " + " ".join(text.lower().replace("’", "'").split()) + " "
    return plural if re.search(rf"(?<![\w-]){re.escape(plural)}(?![\w-])", low) else ""


def singular_phrases(question: str) -> list[str]:
    """Lower-case singular noun phrases the question opens with "a/an/the" ("did Norway recently
    announce a new long-term defence policy" -> "the new long-term defence policy"): what "it"
    can stand for when the turn's answer names nothing (a yes/no answer). Two words at least
    after "a/an" ("a lot" is no thing), up to five; they end before a preposition, a verb or a name."""
    words = _TOKEN.findall(_strip_q(question))
    out = []
    for i, w in enumerate(words):
        det = w.lower()
        if i == 0 or det not in ("a", "an", "the", "its", "their", "his", "her"):
            continue  # "their first ministerial meeting" -> "the first ministerial meeting"
        run = []
        for x in words[i + 1:i + 6]:
            if not (x[:1].islower() and re.fullmatch(r"[^\W\d_][\w-]*", x)) or x in _NOT_NOUNS or x in _FUNCTION \
                    or x in _AUXES:
                break
            run.append(x)
        while run and re.search(r"(?:ly|ed)$", run[-1]):
            run.pop()
        if not run or det in ("a", "an") and len(run) < 2 or _PLURAL_NOUN.match(run[-1]):
            continue
        nxt = words[i + 1 + len(run)] if i + 1 + len(run) < len(words) else ""
        after = words[i + 2 + len(run)] if i + 2 + len(run) < len(words) else ""
        if run and _ACRONYM.match(nxt) and not after[:1].isupper():  # "their defence equipment MOU"
            run.append(nxt)
            nxt = after
        if nxt[:1].isupper() or nxt.lower() in _AUXES:  # "the defence minister Kihara", "the MOU was"
            continue
        out.append(" ".join(["the", *run]))
    return out


def _people(answer: str, question: str) -> list[str]:
    """The people an answer names, those its question does not name first."""
    found = [n for n in names(answer) if type_of(n, answer) == "person" or len(n.split()) >= 2]
    last = re.search(r"(?:^|\s)([A-Z][\w’'\-]+\s+[A-Z][\w’'\-]+)$", answer.strip())
    if not found and last and not any(w.lower() in TITLES | _ORG_WORDS for w in last.group(1).split()):
        found = [last.group(1)]  # "… Minister of Defense Jafar Hassan": the name closes the titles
    return sorted(dict.fromkeys(found), key=lambda n: n.lower() in question.lower())


def _coordinations(question: str) -> list[Referent]:
    """Two names joined by "and" in the question ("the UK and Japan"), as one plural referent:
    what "they" acting in the next question most likely stands for."""
    out = []
    for m in re.finditer(r"((?:the\s+)?[A-Z][\w’'\-]*(?:\s+[A-Z][\w’'\-]*)*)\s+and\s+"
                         r"((?:the\s+)?[A-Z][\w’'\-]*(?:\s+[A-Z][\w’'\-]*)*)", question):
        first, second = m.group(1), m.group(2)
        if first.split()[-1] in _STOP_CAPS or re.search(r"[’']s$", second) or m.start() == 0:
            continue
        noun = re.match(r"\s+([a-z]+(?:ies|[a-rt-z]s|ves|men))\b", question[m.end():])
        if noun and DEMONYM.match(second.split()[-1]):  # "the UK and Japanese ministers": the ministers
            out.append(Referent(f"{first} and {second} {noun.group(1)}", "person", True, "question"))
            continue
        types = {type_of(first.removeprefix("the "), question), type_of(second.removeprefix("the "), question)}
        kind = "person" if types == {"person"} else "place" if "place" in types else "organisation"
        out.append(Referent(f"{first} and {second}", kind, True, "question"))
    return out


def _pair(refs: list[Referent]) -> Referent | None:
    """The two people of the turn as one plural referent: its answer and a person its question
    names ("Minoru Kihara and Bjørn Arild Gram"), or the two its question names."""
    people = [r for r in refs if r.type == "person" and not r.plural and (
        r.source in ("answer", "question") or r.source == "topic" and _is_plain_name(r.text))]
    # a title-and-name answer gives way to the name inside it ("… Minister of Defense Jafar Hassan")
    people = [r for r in people if not any(o is not r and o.text in r.text and _is_plain_name(o.text)
                                               for o in people)]
    distinct = []
    for r in people:
        if not any(r.text in d.text or d.text in r.text for d in distinct):
            distinct.append(r)
    if len(distinct) < 2:
        return None
    return Referent(f"{distinct[0].text} and {distinct[1].text}", "person", True, "pair")


def names(text: str, skip_first: bool = False) -> list[str]:
    """Capitalised word runs ("Kongsberg Defence & Aerospace", "Gen Nakatani"), without a
    possessive 's and without the title words before a person's name."""
    words = _TOKEN.findall(text)
    runs, i = [], 1 if skip_first else 0
    while i < len(words):
        if words[i][:1].isupper() and words[i] not in _STOP_CAPS and words[i].lower() not in ("i",):
            j = i + 1
            while j < len(words) and _NAME_PART.match(words[j]) and not _POSSESSIVE.search(words[j - 1]):
                j += 1
            while j > i + 1 and words[j - 1] in ("of", "and", "&", "de", "van", "von"):
                j -= 1
            run = _after_titles(words[i:j])
            if run and run[-1][:1].isupper():
                runs.append(_clean(" ".join(run)))
            i = j
        else:
            i += 1
    # a lone adjective of nationality ("Japanese", "Norwegian") names nothing a pronoun stands for
    return [r for r in runs if r and r not in _STOP_CAPS and r[:1].isupper()
            and not re.fullmatch(r"[A-Z][a-z]+(?:ese|ian|ish|ean|ic)", r)]


def _after_titles(run: list[str]) -> list[str]:
    """The name after the last title word ("Defence Secretary Michael Fallon" -> "Michael
    Fallon"); [] when the run is a title ("State Secretary", "Minister of Defence")."""
    last = max((k for k, w in enumerate(run) if w.lower().rstrip(".’'s") in TITLES), default=-1)
    rest = run[last + 1:]
    while rest and rest[0] in ("of", "&", "de", "van", "von"):
        return []
    return rest


def type_of(name: str, context: str) -> str:
    """The type of ``name`` from itself and the words around it in ``context``."""
    low = name.lower()
    words = low.replace("’", "'").split()
    if any(m in words for m in _MONTHS + _WEEKDAYS) or re.fullmatch(r"(?:1[5-9]|20)\d\d", low):
        return "time"
    if re.match(r"^[\d$]", low):
        return "number"
    known = _place_type(name)
    if known == "place":
        return known
    if any(w.rstrip(".,") in _ORG_WORDS for w in words):
        return "organisation"
    if any(w in _THING_WORDS for w in words):
        return "thing"
    for k, (before, after) in enumerate(_all_around(name, context)):  # a title or an act says so
        acts = after and (after[0] in ("said", "says", "say", "told", "met", "joined") or k == 0 and (
            after[0] in ("held", "led") or
            (after[0].endswith("ed") and len(words) == 1) or  # "Nakatani visited …"
            (after[0] in _PERSON_VERBS and len(words) == 1 and bool(before) and
             before[-1] in ("did", "does", "will", "would", "can", "could"))))  # "did Nakatani meet"
        if before and before[-1].rstrip(".") in TITLES or acts:
            return known or "person"
    before, after = _around(name, context)
    if before and before[-1] in ("hms", "js", "hnoms", "the") and name[:1].isupper() and len(words) == 1:
        return "thing"
    if before and (before[-1] in _PLACE_BEFORE or before[-1] == "the" and len(before) > 1
                   and before[-2] in _PLACE_BEFORE):  # "in the South China Sea"
        return "place"
    if after and after[0] in ("’s", "'s") and len(words) == 1:
        return "place"
    first = name.split()[0]
    if len(words) >= 2 and len(first) <= 5 and (first.isupper() or sum(c.isupper() for c in first) >= 3):
        return "thing"  # "HMS Atherstone", "JS Kaga", "HNoMS Roald Amundsen": a ship or a system
    if len(words) >= 2 and all(w[:1].isupper() for w in name.split()) and not any(
            w in ("of", "&", "and") for w in words):
        return known or "person"  # two or three capitalised words, no title: most often a person's name
    return "thing"


def _place_type(name: str) -> str:
    """"place" for a capital ("Tokyo"), "thing" for a country ("Japan"): never a person, whatever
    verb follows ("the minister who came to Tokyo say …" reads as if Tokyo spoke); '' otherwise."""
    low = re.sub(r"^the\s+", "", name.strip().lower())
    country = country_of(low)
    if country is None:
        return ""
    return "place" if low in country.capitals else "thing" if low in country.names else ""


def fits(referent: Referent, slot: str) -> bool:
    """Whether ``referent`` can stand where a pronoun of ``slot`` is."""
    if referent.type == "role":
        return False
    if slot == "person":
        return referent.type == "person" and not referent.plural
    if slot == "thing":
        return referent.type in ("thing", "organisation") and not referent.plural
    if slot == "plural":
        return referent.type not in ("time", "number")
    if slot == "place":
        return referent.type == "place"
    if slot == "time":
        return referent.type == "time"
    return referent.type not in ("time", "number")


def _all_around(name: str, context: str, most: int = 6) -> list[tuple[list[str], list[str]]]:
    """``_around`` for each of the first ``most`` occurrences of ``name`` as a whole word."""
    out = []
    for m in re.finditer(rf"(?<![\w]){re.escape(name)}(?![\w])", context):
        out.append(_around(name, context, m.start()))
        if len(out) >= most:
            break
    return out


def _around(name: str, context: str, at: int = -1) -> tuple[list[str], list[str]]:
    """The two lower-cased words before and after ``name``'s first occurrence in ``context``."""
    at = context.find(name) if at < 0 else at
    if at < 0:
        return [], []
    before = context[:at].lower().replace("’", "'").split()[-2:]
    after_text = context[at + len(name):].lower()
    after = re.findall(r"[’']s|[\w-]+", after_text)[:2]
    return before, after


def _aliases(answer: str, support: str) -> list[str]:
    """The other name an answer goes by in its sentence: "Joint Strike Missile (JSM)" gives
    "Joint Strike Missile" for "JSM", and "JSM" for "Joint Strike Missile"."""
    out = []
    before = re.search(r"((?:[A-Z][\w’'\-]*\s+){1,5})\(" + re.escape(answer) + r"\)", support)
    if before:
        words = before.group(1).split()
        owner = max((k for k, w in enumerate(words) if re.search(r"[’']s$", w)), default=-1)
        out.append(" ".join(words[owner + 1:]))  # "Kongsberg’s Joint Strike Missile" -> the missile
    after = re.search(re.escape(answer) + r"\s*\(([A-Z][\w\-]{1,10})\)", support)
    if after:
        out.append(after.group(1))
    return out


def _plural_headed(text: str) -> bool:
    """A name phrase whose head is a lower-case plural noun ("F-35A Lightning multi-role fighters"):
    "they/them" agree with it, as with "seeker gyros"."""
    words = text.split()
    return len(words) > 1 and words[0][:1].isupper() and bool(_PLURAL_NOUN.match(words[-1])) \
        and words[-1] not in _NOT_NOUNS


def _phrase_head(answer: str) -> str:
    """A lower-case answer phrase up to its first preposition ("seeker gyros for Raytheon" ->
    "seeker gyros"): what a pronoun in the next question stands for; '' for a name."""
    words = answer.split()
    if not words or not words[0][:1].islower():
        return ""
    cut = next((k for k, w in enumerate(words) if k and w.lower() in _HEAD_ENDS), len(words))
    return " ".join(words[:cut])


def _is_role(text: str) -> bool:
    """An answer naming a post, not a person or a thing: "State Secretary to Minister of Defence",
    "Foreign Minister" (not "Ministry of Defence", not a title and a name: "Defence Minister Kihara")."""
    words = re.findall(r"[\w’'-]+", text)
    return any(w.lower() in _ROLE_WORDS for w in words) and not any(w.lower().rstrip(".") in _ORG_WORDS for w in words) \
        and not _people(text, "")


def _is_plain_name(text: str) -> bool:
    """"Andreas Flåm", not a role ("Norway's State Secretary to Minister of Defence")."""
    words = text.split()
    return 0 < len(words) <= 4 and all(w[:1].isupper() and not _POSSESSIVE.search(w) for w in words)


def _strip_q(text: str) -> str:
    return " ".join(text.split()).rstrip("?!. ")


def _head_noun(phrase: str) -> str:
    words = [w for w in phrase.lower().split() if w.isalpha()]
    return words[1] if len(words) > 1 and words[0] == "the" else (words[0] if words else "")


def _asked_for(question: str, answer: str) -> str:
    """The phrase of a long answer headed by the noun its which/what-question asked for, up to a
    relative clause, with "the": "what agreement is japan required by law to sign …?" -> "a deeper
    agreement on the Transfer of Defense Equipment and Technology that Japan is required …" -> "the
    agreement on the Transfer of Defense Equipment and Technology"; '' when the answer is short
    or does not name that noun."""
    q = re.findall(r"[\w’'-]+", question.lower())
    if len(q) < 3 or q[0] not in ("what", "which") or q[1] in _AUXES or q[2] not in _AUXES \
            or len(answer.split()) <= MAX_REFERENT_WORDS - 2:
        return ""
    stem = q[1][:-1] if q[1].endswith("s") and not q[1].endswith("ss") else q[1]
    m = re.search(rf"(?<![\w-]){re.escape(stem)}s?(?![\w-])(.*?)(?=\s+(?:that|which|who|whom|where|whose)\b|[,;(]|$)",
                  answer)
    if not m or m.start() == 0:
        return ""
    phrase = f"the {m.group(0).strip()}"
    return phrase if is_noun_phrase(phrase) else ""


def _clean(text: str) -> str:
    text = " ".join(text.split()).strip(" ,;:")
    if text.endswith(".") and not re.search(r"\b(?:Ltd|Co|Inc|Corp|Jr|Sr)\.$", text):
        text = text[:-1]
    return _POSSESSIVE.sub("", text) if re.search(r"\w[’']s$", text) else text


def _inside_answer(r: Referent, out: list[Referent]) -> bool:
    """A support-sentence name that is part of the answer adds nothing ("Gram" in "Bjørn Arild Gram")."""
    return r.source == "support" and any(o.source == "answer" and r.text in o.text and r.text != o.text for o in out)
