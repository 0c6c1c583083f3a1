"""What kind of answer a question wants, decided by rules before anything is read.

The reader finds spans; whether the user wants a span, a "Yes"/"No", a reason, every item of a
list or the name bound to an exact title depends on the question's form, which rules read well:
  * ``yes_no``   starts with an auxiliary ("did Japan sign…", "is there a…", typed in lower case
                 without "?" too), unless it offers a choice ("…X or Y?");
  * ``why_how``  asks for a reason ("why…", "for what reason…", "what is the purpose of…") or a
                 means ("how did/does/can…", not "how many/much/long…");
  * ``role``     "who is X's Y", "who is the Y of X", "what is X's position/title/role";
  * ``list``     asks for several things ("which countries…", "what are the…", "name the…"), among
                 them every holder of a title ("which japanese prime ministers are mentioned");
  * ``factoid``  everything else: who/what/which/when/where/how many/how much; marked ``several``
                 where it may want several things with no plural noun after the wh-word ("whose
                 leaders …", a bare "where …"), which the evidence's coordination then decides.
The expected answer type (person, organisation, place, date, number, other) comes from the wh-word
and the noun it asks about ("whose …" asks for an owner, a person or a body: other; "what was X
worth": a number). A closed class of words answers two factoid forms no type test knows: "what day
of the week" (a weekday) and "how often" (a frequency, "fortnightly"). One title is implied rather than written: "who led/headed/ran X's
government" asks for X's prime minister (the only title this module maps a phrase to). ``role`` also carries the title and its holder's owner ("Minister of
Defence", "Norway") for the composer that binds names to exact titles.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from rag.answering.countries import country_of
from rag.answering.ship_question import asks_ship
from rag.search.lexicon import STOPWORDS

KINDS = ("factoid", "yes_no", "why_how", "list", "role")
ANSWER_TYPES = ("person", "organisation", "place", "date", "number", "other")

_AUX = ("is", "are", "was", "were", "am", "do", "does", "did", "can", "could", "will", "would", "shall",
        "should", "has", "have", "had", "may", "might", "must")
_AUX_RE = re.compile(r"^(?:%s)(?:n[’']t)?\b" % "|".join(_AUX))
_FILLER = re.compile(r"^(?:(?:and|so|but|also|then|ok|okay|well|please|now|hey)\b[\s,]*)+")
# A leading clause before the question proper: "apart from being symbolic, why …", "according to X, how …".
_LEADING_CLAUSE = re.compile(r"^(?:apart from|aside from|besides|other than|according to|citing|as for)\b[^,?]*,\s*")
# A clause setting the scene before the question proper: "during the exercise in the Gulf, was …",
# "in the ministry's account of the meeting, what was …": up to the comma before a wh-word or an auxiliary.
_SCENE_CLAUSE = re.compile(r"^(?:during|in|at|on|after|before|since|for|with|under|as|from|by|within|throughout|"
                           r"when|while|once|given|regarding|concerning|about)\b[^,?]{2,100},\s*"
                           r"(?=(?:who|whom|whose|what|which|when|where|why|how|%s)\b)" % "|".join(_AUX))
_ASKING = re.compile(r"^(?:(?:please )?(?:explain|describe)(?: to (?:me|us))?(?= (?:why|how|what|who|when|where|which)\b)|"
                     r"(?:can|could|would|will) you (?:please )?(?:tell|show|say|explain(?: to)?)(?: me| us)?"
                     r"(?: about)?|(?:do|does) (?:anyone|you|somebody) know|tell me|i (?:want|would like|wonder)"
                     r"(?: to know)?|i'd like to know)\b[\s,]*")
_CHOICE = re.compile(r"\b\w+(?:\s+\w+){0,3}\s+or\s+(?!not\b)\w+")
_REASON = re.compile(r"^(?:why\b|how come\b|for what (?:reason|purpose)\b|on what (?:grounds?|basis)\b|"
                     r"what (?:reasons?|grounds|justification|explanation|motive) (?:does|did|do|is|was|are|were|has|have|had)\b|"
                     r"what (?:is|was|are|were|do|does|did) .+ (?:hoping|hope|hoped|trying|try|seeking|seek|aiming|aim|"
                     r"want|wanting|expect|expecting|expected) (?:\w+ ){0,6}?to (?:get|gain|achieve|accomplish|win|produce|"
                     r"bring|yield|deliver|lead to|result in|come out of|come of|come from)\b|what (?:is|was|are|were) .+ (?:aiming|aimed|hoping) (?:for|at)\b"
                     # what lies behind a decision, a change, a belief ("what was behind the easing of the rules"),
                     # not behind a thing ("what is behind the station": a place)
                     r"|what (?:is|was|are|were|lies|lay) (?:really |mainly )?behind (?:\S+ ){0,5}?(?:\w+(?:ing|ment|ance|"
                     r"ence|ief|ism|ity|sion)|\w+(?<!st)ation|decision|move|push|drive|plan|idea|view|change|shift|policy|"
                     r"deal|interest|call|demand|choice|rise|fall|boost|surge|uptick|rush|growth|bid|effort|trend|stance|"
                     r"turn|hope|fear|concern|warning|attack|ban|cut|vote|offer|order|visit|trip|tie|pact|agreement)s?\b"
                     r"|what (?:is|was|are|were) (?:the |(?:\S+ ){0,4}?\S+?[’']s? )"
                     r"(?:reasons?|reasoning|purposes?|aims?|goals?|motivations?|rationale|objectives?|motives?|intentions?|causes?|justifications?|explanations?|grounds|point|thinking|logic|idea) (?:of|for|behind|in)\b|what (?:is|was|are|were) the "
                     r"(?:reasons?|reasoning|purposes?|aims?|goals?|motivations?|rationale|objectives?|motives?|intentions?|causes?|justifications?|explanations?|grounds)\b|what (?:made|led|caused|prompted)\b"
                     # what a thing is there to do: "what purpose does the gyro serve"
                     r"|what (?:purposes?|ends?|functions?|aims?|goals?) (?:does|did|do|will|would|can|could) .+ (?:serve|have)\b"
                     # a bare "what" that a closing "for" governs asks a purpose ("what are X coming to Japan for",
                     # "what will the post be for"), unlike "what kind of meeting are they coming for" (a thing);
                     # a bare "what" that something rests on asks its basis ("what is the vision based on")
                     # ("what is the gyro used for in the missile", "what did they meet for that morning"), unlike a
                     # verb whose "for" takes its object ("what is Japan known for", "what did they ask for")
                     r"|what (?:is|was|are|were|do|does|did|has|have|had|will|would|can|could|should|must)\b"
                     r"(?!.* (?:known|famous|noted|renowned|responsible|liable|eligible|stands?|stood|look(?:s|ed|ing)?|"
                     r"search(?:es|ed|ing)?|wait(?:s|ed|ing)?|ask(?:s|ed|ing)?|call(?:s|ed|ing)?|vot(?:e|es|ed|ing)|"
                     r"appl(?:y|ies|ied)|account(?:s|ed)?|pa(?:y|ys|id)|exchang(?:e|es|ed)|trad(?:e|es|ed)|named) for\b).+ "
                     r"(?:for(?: (?:in|at|on|during|inside|within|that|this|last|then|now|there|these|those)\b[^?]{0,40})?|"
                     r"based on|based upon|grounded in|rooted in)$"
                     # what is there to do: "what were the ships in the gulf to do"
                     r"|what (?:is|was|are|were) .+ to do$"
                     # a hope or an aim asked by what it is to accomplish: "what does the agreement aim to do",
                     # "what does gram hope it achieves" (what it leads to is a thing: "a technology …")
                     r"|what (?:is|was|are|were|do|does|did|will|would) .+ \b(?:hop(?:e|es|ed|ing)|aim(?:s|ed|ing)?|"
                     r"expect(?:s|ed|ing)?|want(?:s|ed)?|intend(?:s|ed)?)\b.* (?:achieve[sd]?|accomplish(?:es|ed)?|do)$"
                     # "what" as the subject of a verb that brings about or makes possible ("what brought the
                     # frigate to Yokosuka", "what allows X to export …")
                     r"|what (?:further |also |else |really |first )?(?:brought|brings|took|takes|drew|draws|sent|sends|allow(?:s|ed)?|enable[sd]?|lets|"
                     r"pushed|pushes|spurred|spurs|triggered|triggers|sparked|sparks|inspired|inspires|persuaded|"
                     r"convinced|forced|compelled|moved|motivated|motivates|got)\b(?! (?:to|place)\b)"
                     r"|what (?:is|was|are|were) .+ (?:meant|intended|designed|supposed|aimed|expected) to (?:achieve|do|accomplish)\b"
                     # what brings something about: "what further strengthens their interests", "what makes X stand out"
                     r"|what (?:further |also |else |really )?(?:makes|leads|causes|prompts|explains|drives|drove|"
                     r"fuels|fuelled|fueled|motivates|motivated|justifies|justified|strengthens|strengthened|"
                     r"underlies|lies behind)\b"
                     # a trait shared, a claim's grounds: "what do X and Y have in common", "what did X say Y showed"
                     r"|what (?:do|does|did) .+ (?:have|has|share|shares) in common\b"
                     r"|what (?:did|does|do) .+ (?:say|said|says|think|believe) .+ "
                     r"(?:showed|shows|demonstrated|demonstrates|proved|proves|revealed|reveals|illustrated|illustrates|"
                     r"meant|means|signalled|signaled|underlined|underscored)\b)")
# A reason asked by a phrase standing anywhere in the question ("… matters for what reasons?", "to what end did …",
# "Norway opened the post because of what?", "in order to do what?"), or a fragment naming it ("the reason Japan …?").
_REASON_IN_SITU = re.compile(r"\b(?:for|with|to|on|out of) (?:what|which) (?:reasons?|purposes?|ends?|aims?|goals?|"
                             r"motives?|grounds?|basis|objectives?|intentions?)\b|\b(?:because of|due to|in (?:response|"
                             r"reaction|reply) to|as a result of|in order to \w+|so as to \w+) what\b|^(?:the|its|their|his|"
                             r"her) (?:reasons?|purpose|cause|motive|rationale)\b(?! (?:is|was|are|were)\b)")
# What someone did in response to something asks the response ("what did the UK side do in response to …").
_RESPONSE_ASKED = re.compile(r"^what (?:did|does|do|has|have|had|will|would) .+ do in (?:response|reaction|reply) to\b")
_HOW_QUANTITY = re.compile(r"^how (?:many|much|long|old|far|big|large|often|tall|high|soon|fast|deep|wide|"
                           r"heavy|early|late|recently|frequently)\b")
_HOW_MEANS = re.compile(r"^how (?:(?:%s)(?:n[’']t)?|to)\b|^by (?:what|which) (?:means|methods?|ways?|route|mechanisms?)\b"
                        r"|^(?:through|via) (?:what|which)(?= (?:%s)\b)|^in what (?:ways?|manner)\b" % ("|".join(_AUX), "|".join(_AUX)))
# "how" in a statement's word order after an asking verb ("can you explain how Norway will monitor …"):
# a subject then a verb, no auxiliary first ("how great were the losses" asks a degree: no asking verb).
_EMBEDDED_HOW = re.compile(r"^how (?!(?:about|come|so|many|much|long|old|far|big|large|often|soon)\b)(?:\S+ ){1,6}?"
                           r"(?:%s|\w+ed|\w+s)\b" % "|".join(_AUX))
_ROLE_WORDS = (r"minister|secretary|president|vice[- ]president|premier|chancellor|king|queen|prince|"
               r"ceo|chief|chair(?:man|woman|person)?|director|head|leader|governor|mayor|ambassador|"
               r"attach[ée]|commander|captain|admiral|general|officer|spokes(?:person|man|woman)|founder|"
               r"author|editor|journalist|speaker|chairman|manager|owner|coach|judge|envoy|deputy|"
               r"counterpart|reporter|columnist|correspondent|official|advis[eo]r|lieutenant|colonel|commodore|"
               r"sergeant|analyst")
_ROLE_TITLE = re.compile(r"\b(?:%s)s?\b" % _ROLE_WORDS)
_WHO_ROLE = re.compile(r"^who(?:[’']s| (?:is|was|are|were|will be|has been|had been))\s+(?:currently\s+|now\s+)?"
                       r"(?P<rest>.+)$")
_MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
_WHAT_ROLE = re.compile(r"^what (?:is|was|(?:does|do|did) .+ call)\s+(?P<owner>.+?)[’']s? (?:(?:formal|official|full|"
                        r"current|exact|new|actual|military|naval) )?(?:position|title|role|job|office|post|rank)\b"
                        r"(?!\s+(?:on|about|regarding|towards?)\b|\s+in\b(?!\s+(?:(?:%s)\s+)?(?:1[5-9]|20)\d\d))"
                        r"|^what (?:position|title|role|job|office|post|rank) (?:does|did|do) (?P<owner2>.+?) "
                        r"(?:hold|have|occupy)\b|^what (?:position|title|rank) (?:is|was) (?P<owner3>\S+(?: \S+)?)$"
                        r"|^in what (?:capacity|role|position) (?:is|was|were|are|does|did|do) (?P<owner4>.+?) "
                        r"(?:\w+ed|\w+ing|speak|serve|act|attend|appear|work|comment|say|talk)\b" % _MONTHS)
# "What honorific did the minister use for Gen Nakatani?": the form of address written before a name
# ("His Excellency", "the Rt Hon"), asked as the role HONORIFIC of that person.
HONORIFIC = "honorific"
_HONORIFIC_ASK = re.compile(r"^(?:what|which) (?:honorifics?|forms? of address|styles? of address) (?:did|does|do|is|was) "
                            r"(?:.+? )?(?:use|used|give|gave|apply|applied) (?:for|to|with|when addressing) (?P<person>.+)$")
# "What does Toru Hotchi do?": a person's occupation, their title.
_WHAT_DOES_DO = re.compile(r"^what (?:does|did) (?P<person>.+?) do(?: for (?:a living|work))?$")
# "Who led Japan's government when …": a government's head is its prime minister (the one title
# this maps to; a country led by a president names it so: "who was X's president").
_GOVERNMENT_HEAD = re.compile(r"^who (?:led|leads|headed|heads|ran|runs|was leading|was heading) (?:the )?"
                              r"(?P<owner>[^\s’']+(?: [^\s’']+)?)(?:[’']s| of) government\b|"
                              r"^who (?:led|leads|headed|heads|ran|runs) the (?P<owner2>[^\s’']+) government\b")
_NAME_OF = re.compile(r"^(?:what(?: is| was)?|give me|tell me) the (?:full )?name of (?P<rest>(?:the|a|an) .+|.+[’']s? .+)$")
_POSSESSIVE = re.compile(r"^(?:the\s+)?(?P<owner>[^\s’']+(?:\s+[^\s’']+){0,3}?)[’']s?\s+(?P<title>.+)$")
_OF_SPLIT = re.compile(r"\s+(?:of|for|in|at)\s+")
_DEMONYM_OWNER = re.compile(r"^(?:the\s+)?(?P<owner>[A-Z]\w+(?:ese|ian|ish|ean|ic|an|i|ch)|[A-Z]{2,3})\s+(?P<title>.+)$")
_YEAR = re.compile(r"\b(?:in|during|as of|since)\s+(?:[a-z]+\s+)?((?:1[5-9]|20)\d\d)\b")

_WHICH_NOUN = re.compile(r"^(?:(?:on|in|at|from|to|for|with|by|during|of)\s+)?(?:which|what)\s+(?P<first>[a-z-]+)(?:\s+(?P<second>[a-z-]+))?(?:\s+(?P<third>[a-z-]+))?")
_PLURAL = re.compile(r"^[a-z-]*(?:ies|[a-rt-z]s|ves|children|people|men)$")
_ADJECTIVE = re.compile(r"(?:an|ese|ish|al|ic|ive|ous|ern|ed|ing|ful|ary|ian)$|^(?:new|old|other|main|key|big|major|"
                        r"small|large|top|first|last|next|latest|recent|early|former|current|few|many|several)$")
_NOT_NOUNS = set(_AUX) | {"this", "its", "his", "hers", "ours", "yours", "theirs", "as", "us", "thus", "plus",
                          "news", "series", "species", "means", "less", "unless", "across", "perhaps"}
_LIST_ASK = re.compile(r"^(?:name|list|enumerate|give)\b|^(?:what|which|who) (?:are|were) (?:the|all|some)\b"
                       r"|\b(?:which|what) (?:two|three|four|five|six|seven|eight|nine|ten|\d{1,3}) (?!of\b)[a-z]"
                       r"|\b(?:all (?:the|of the)|both|each of the|every one of)\b")

_PERSON_ASK = re.compile(r"^who(?:m)?\b|^(?:which|what) (?:person|people|man|woman|minister|official|"
                         r"officer|leader|president|secretary|journalist|author)\b")
_ORG_ASK = re.compile(r"^(?:which|what) (?:[\w-]+ )?(?:company|companies|firm|organi[sz]ation|agency|ministry|department|"
                      r"manufacturer|contractor|maker|group|body|institution|newspaper|website|alliance)\b"
                      r"|^who (?:makes|made|produces|produced|manufactures|manufactured|builds|built|develops|"
                      r"developed|supplies|supplied|owns|owned|publishes|published)\b")
_PLACE_ASK = re.compile(r"^where\b|^(?:in |at |to |from |aboard |on )?(?:which|what) (?:[\w-]+ )?(?:city|cities|country|countries|nation|nations|"
                        r"place|places|base|region|port|state|province|town|continent|island|sea|ocean|location|"
                        r"venue|capital|ship)\b")
_DATE_ASK = re.compile(r"^when\b|^(?:on |in )?(?:which|what) (?:years?|dates?|days?|weekdays?|months?|time|decades?|centur(?:y|ies)|weeks?)\b"
                       r"|^since when\b")
_NUMBER_ASK = re.compile(r"^how (?:many|much|long|old|far|big|large|often|tall|high|fast|deep|wide|heavy)\b"
                         r"|^(?:which|what) (?:number|percentage|amount|value|sum|price|cost|total|share|size|"
                         r"proportion|figure)\b|^what (?:is|was) the (?:value|cost|price|amount|number|size|"
                         r"total|budget|worth)\b|^what (?:is|was|are|were|will) .+ (?:be )?worth\b")


@dataclass(frozen=True)
class QuestionAnalysis:
    kind: str                 # one of KINDS
    answer_type: str          # one of ANSWER_TYPES
    title: str = ""           # the title asked about ("Minister of Defence"): role questions, lists of its
                              # holders ("which japanese prime ministers …"), "which british prime minister …"
    owner: str = ""           # whose title ("Norway"), "" when not said; role: the person whose title is asked
    year: str = ""            # a year the question restricts itself to ("in 2015")
    asks_means: bool = False  # why_how: "how" (a means) rather than "why" (a reason)
    counts: bool = False      # "how many …": a count of things, not an amount of money
    noun: str = ""            # what a which/what question asks for ("european missile programme", "body")
    counted: str = ""         # "how many …": the words naming what is counted ("japanese hostages");
                              # "how long …": HOW_LONG, the units of time and length
    ordinal: str = ""         # role: an ordinal the question states of the occasion ("at the second meeting")
    closed: str = ""          # a closed class of words answers: WEEKDAY ("what day of the week …") or
                              # FREQUENCY ("how often …"), words no reader type test knows
    several: bool = False     # factoid: may want several things with no plural noun after the wh-word
                              # ("whose leaders …", a bare "where …"): the coordination the evidence
                              # writes where the reader's span points into one (see asks_several)
    ship: str = ""            # factoid: the words naming the ship asked for ("japanese ship": see asks_ship),
                              # whatever the wh-word's type ("aboard which ship" reads as a place)


_EXCEPT = re.compile(r"\b(?:besides|apart from|aside from|other than|except(?: for)?|in addition to)\s+(?P<what>[^,?]+)",
                     re.I)


def excluded(question: str) -> str:
    """What the question sets aside ("Who else did he meet besides the defence minister?" -> "the
    defence minister"), "" when nothing."""
    m = _EXCEPT.search(question)
    return m["what"].strip() if m else ""


# An event the question times its own by ("… the week before the Kaga meeting", "ahead of the summit",
# "in the run-up to the vote"): only a point in time, not what is asked about. "After" is not one: what
# follows an event is often told with it ("the week after the meeting": the same account).
_TIME_ANCHOR = re.compile(r"\s+(?:before|ahead of|prior to|in the (?:run|lead)[- ]up to)\s+"
                          r"(?:the\s+|his\s+|her\s+|their\s+)?[^,;?]+?(?=\s*(?:[,;?]|$))", re.I)


def without_time_anchor(question: str) -> str:
    """The question less the event it only times itself by ("Which three countries did Nakatani
    travel to the week before the Kaga meeting?" -> "… travel to the week?"): a sentence stating
    what is asked need not name that event."""
    return _TIME_ANCHOR.sub("", question)


def is_title(text: str) -> bool:
    """Whether ``text`` holds a title word (minister, secretary, president, …)."""
    return bool(_ROLE_TITLE.search(text.lower()))


_OWNERS_TITLE = re.compile(r"\b(?P<owner>[A-Za-z][\w-]+)[’']s\s+(?P<title>(?:[a-z-]+\s+){0,2}?(?:%s))\b" % _ROLE_WORDS, re.I)


def owners_title(question: str) -> tuple[str, str] | None:
    """A country's title the question names on the way ("What issues did Nakatani discuss with
    Jordan's foreign minister?" -> ("Jordan", "foreign minister")), or None."""
    m = _OWNERS_TITLE.search(question)
    return (m["owner"], m["title"]) if m and country_of(m["owner"]) else None


# A tag asking to confirm the statement before it: ", right?", ", correct?", ", isn't it?", ", didn't they?";
# typed without the question mark too ("the meeting lasted 40 minutes, right").
CONFIRM_TAG = re.compile(r"\s*,\s*(?:right|correct|true|yes or no|no|is that (?:right|so|true|correct)|"
                         r"(?:is|are|was|were|do|does|did|has|have|had|will|would|can|could|should)(?:n[’']t| not)"
                         r"\s+(?:it|that|this|they|he|she|there|we|you|i)(?:\s+(?:right|so|true))?)\s*(?=\?*\s*$)", re.I)
_WH_WORD = re.compile(r"\b(?:who|whom|whose|what|which|when|where|why|how)\b", re.I)
# A statement asked with "?": a finite verb (an auxiliary or a past tense) and no wh-word anywhere.
_STATEMENT_VERB = re.compile(r"\b(?:is|are|was|were|has|have|had|will|would|can|could|does|did|\w{3,}ed|"
                             r"went|met|made|took|gave|said|told|sent|held|led|came|became|began|bought|sold|won|"
                             r"saw|left|flew|paid|got|put|set|spent|brought|sought|thought|kept|found|meant|built|"
                             # a present tense after an adverb that only goes before verbs ("also covers tokyo")
                             r"(?:also|still|already|currently|now|actually|really|indeed|even|only)\s+[a-z]{3,}s)\b", re.I)
# A wh-word opening the statement (after a filler or a preposition) makes it a wh-question; one after a noun
# is a relative pronoun ("the minister who met Flåm was Kihara, right?").
_OPENING_WH = re.compile(r"^\W*(?:(?:and|so|but|also|then|ok|okay|well)\s+)?(?:[a-z]+\s+)?(?:who|whom|whose|what|which|"
                         r"when|where|why|how)\b", re.I)
_NOT_A_STATEMENT = re.compile(r"^(?:and|or|but|also|what about|how about|as for|name|list|tell|give|show|explain|"
                              r"describe)\b", re.I)
MIN_STATEMENT_WORDS = 4


def asks_confirmation(question: str) -> bool:
    """Whether ``question`` asks to confirm a statement: one ending in a confirming tag ("…, right?",
    "…, wasn't it?", with or without its "?"), or a statement of four words or more with a finite verb
    and no wh-word ended by "?" ("the meeting lasted an hour?"; not a follow-up such as "and in 2015?")."""
    q = question.strip()
    if CONFIRM_TAG.search(q):
        return not _OPENING_WH.search(CONFIRM_TAG.sub("", q))
    if not q.endswith("?"):
        return False
    body = q.rstrip("?").strip()
    return (len(body.split()) >= MIN_STATEMENT_WORDS and not _WH_WORD.search(body) and not _NOT_A_STATEMENT.match(body)
            and bool(_STATEMENT_VERB.search(body)))


def core(question: str) -> str:
    """The question without fillers ("and", "so", "can you tell me"), lower case, trailing marks."""
    q = " ".join(question.strip().split()).lower().rstrip("?!. ")
    for _ in range(3):
        q = _ASKING.sub("", _FILLER.sub("", _SCENE_CLAUSE.sub("", _LEADING_CLAUSE.sub("", q))))
    q = _PREPOSITION_HOW.sub("", q)  # "over how many years …", "to how many countries …"
    return q


# A relative clause after a title ("… minister who went to Japan"): what its holder did.
_RELATIVE = re.compile(r"\s+(?:who|that|whom)\s+\S")
_LOWER_OWNER = re.compile(r"^(?:the\s+)?(?P<owner>[a-z]+)\s+(?P<title>.+)$")


def _role_parts(rest: str, original_rest: str) -> tuple[str, str] | None:
    """(title, owner) of "Norway's Minister of Defence" / "the Minister of Defence of Norway" /
    "the Norwegian defence minister"; None when ``rest`` names no title (a verb or a person)."""
    if not _ROLE_TITLE.search(rest):
        return None
    if (cut := _RELATIVE.search(rest)) and _ROLE_TITLE.search(rest[:cut.start()]):
        # "the norwegian defence minister who came to tokyo": the clause says what the holder did, not
        # whose title it is (its "tokyo" is no owner), so the title is read without it
        rest, original_rest = rest[:cut.start()], original_rest[:cut.start()]
    if m := _POSSESSIVE.match(original_rest):
        if _ROLE_TITLE.search(m["title"].lower()):
            return m["title"], m["owner"]
    if m := _DEMONYM_OWNER.match(original_rest):
        if _ROLE_TITLE.search(m["title"].lower()):
            return m["title"], m["owner"]
    if (m := _LOWER_OWNER.match(original_rest)) and country_of(m["owner"]) and _ROLE_TITLE.search(m["title"].lower()):
        return m["title"], m["owner"]  # "the norwegian defence minister", typed in lower case
    for m in reversed(list(_OF_SPLIT.finditer(original_rest))):  # the last "of": "Minister of Defence of Norway"
        title, owner = original_rest[:m.start()], original_rest[m.end():]
        if _ROLE_TITLE.search(title.lower()) and not _ROLE_TITLE.search(owner.lower()):
            return re.sub(r"^the\s+", "", title, flags=re.I), re.sub(r"^the\s+", "", owner, flags=re.I)
    first = rest.split()[0] if rest.split() else ""
    if _ROLE_TITLE.match(rest) or first in ("the", "a", "an"):
        return re.sub(r"^(?:the|a|an)\s+", "", original_rest, flags=re.I), ""
    return None


_NAME_WORD = re.compile(r"[^\W\d_][\w’'.-]*")


def _is_name(text: str) -> bool:
    """Whether ``text`` (as typed) is a person's name: one to four words, each capitalised, or two
    to four in a question typed in lower case ("ahn gyu-back"), none a common word or a verb form."""
    words = text.split()
    if not 1 <= len(words) <= 4 or not all(_NAME_WORD.fullmatch(w) for w in words):
        return False
    if all(w[0].isupper() for w in words):
        return not is_title(text)
    return (len(words) >= 2 and text.islower() and not is_title(text)
            and not any(w in STOPWORDS or re.search(r"(?:ing|ed|ly)$", w) for w in words))


_TITLES_ASKED = re.compile(r"^(?:which|what|name|list)(?: all)?(?: the)? (?P<title>(?:(?!(?:%s|the|a|an)\b)[\w’'-]+ ){0,3}?"
                           r"(?:%s)s?)\b(?! of)" % ("|".join(_AUX), _ROLE_WORDS))
_SERVED_AS = re.compile(r"^(?:which|what|who) (?:(?:people|persons|officials|individuals) )?(?:\w+ ){0,2}?(?:served|serve|"
                        r"serves|been|were|are) (?:as )?(?P<title>(?:[\w’'-]+ ){0,3}?(?:%s)s?(?: (?:of|for|to) (?:the )?"
                        r"[\w’'-]+(?: [\w’'-]+)?)?)\b" % _ROLE_WORDS)


_WHICH_TITLE = re.compile(r"^which (?P<title>(?:(?!(?:%s|the|a|an)\b)[\w’'-]+ ){1,3}?(?:%s))\b(?! of)"
                          % ("|".join(_AUX), _ROLE_WORDS))


def _singular(title: str) -> str:
    """"prime ministers" -> "prime minister", "defence secretaries of the UK" -> "defence secretary of the UK"."""
    words = title.split()
    at = max((i for i, w in enumerate(words) if is_title(w)), default=len(words) - 1)
    if _PLURAL.match(words[at].lower()):
        words[at] = re.sub(r"ies$", "y", words[at]) if words[at].endswith("ies") else words[at][:-1]
    return " ".join(words)


def _listed_title(q: str, original: str) -> tuple[str, str]:
    """(title, owner) of a list of role holders ("which japanese prime ministers are mentioned",
    "which people have served as japan's defence minister"), singular; ("", "") otherwise, and for a
    bare title with no owner or qualifier ("which ministers …": every minister of every country)."""
    if m := _SERVED_AS.match(q):
        parts = _role_parts(m["title"], original[m.start("title"):m.end("title")])
        return (_singular(parts[0]), parts[1]) if parts and parts[1] else ("", "")
    m = _TITLES_ASKED.match(q)
    if not m or not _PLURAL.match(m["title"].split()[-1]):
        return "", ""  # "which minister …": one holder
    title, owner = _owner_first(_singular(original[m.start("title"):m.end("title")]))
    return (title, owner) if owner or len(title.split()) > 1 else ("", "")


# "which country's prime minister …", "which nation's …": the wh-word asks for the owner itself.
_OWNER_ASKED = re.compile(r"^(?:country|nation|state|government|side|organi[sz]ation|agency|company|firm)$", re.I)


def _owner_first(title: str) -> tuple[str, str]:
    """(title, owner) of "japanese prime minister", "Japan's defence minister", "UK minister"."""
    words = title.split()
    if m := re.match(r"^(?P<owner>[^\s’']+)[’']s?$", words[0]):
        return " ".join(words[1:]), m["owner"]
    if len(words) > 1 and re.fullmatch(r"[A-Za-z]\w+(?:ese|ian|ish|ean|ic|an|i|ch)|[A-Z]{2,3}", words[0]) \
            and not is_title(words[0]):
        return " ".join(words[1:]), words[0]
    return title, ""


# "the trip took him to which nations": which/what standing inside a question that opens without it.
_IN_SITU = re.compile(r"^(?!(?:who|whom|whose|what|which|when|where|why|how)\b)\S.*?\s(?=(?:which|what)\s+"
                      r"(?!(?:during|in|on|at|to|for|with|by|from|of|after|before|about|if|else)\b))")


# "what fits the framework", "what happens when", "what serves as": the word after "what" is the
# question's verb (the subject is "what"), not a plural noun, when a determiner or a clause word follows it.
_AFTER_A_VERB = {"the", "a", "an", "every", "each", "its", "their", "his", "her", "this", "these", "those",
                 "when", "if", "as", "whenever", "unless"}


def _asks_plural(q: str) -> bool:
    """"which countries…", "what new topics…", "… took him to which nations": the noun asked about
    (the first or second word after which/what, before any verb) is plural."""
    m = _WHICH_NOUN.match(_IN_SITU.sub("", q, count=1))
    if not m or m["first"] in _NOT_NOUNS or m["second"] in _AFTER_A_VERB:
        return False
    # The second word is the noun after an adjective ("which European countries") or before an
    # auxiliary ("which aircraft carriers did …"); else it is the verb ("which service operates").
    second_is_noun = (bool(_ADJECTIVE.search(m["first"])) and not _PLURAL.match(m["first"])) or m["third"] in _AUX
    words = [m["first"]] + ([m["second"]] if second_is_noun and m["second"] and m["second"] not in _NOT_NOUNS else [])
    return any(_PLURAL.match(w) and w not in _NOT_NOUNS for w in words)


# "whose leaders held …", "on whose ships …": "whose" and the noun it asks the owners of.
_WHOSE = re.compile(r"^((?:(?:on|in|at|from|to|for|with|by|during|of)\s+)?)whose\b")
# A bare "where" then its verb ("where will Norway deploy …"), not "where in London" or "where exactly".
_BARE_WHERE = re.compile(r"^where (?:%s)(?:n[’']t)?\b" % "|".join(_AUX))


def asks_several(q: str) -> bool:
    """Whether a question with no plural noun after "which"/"what" may still want several things:
    "whose" and a plural noun ("whose leaders held a summit": the owners of several, "Japan and
    South Korea"), or a bare "where" (its places may be coordinated: "to Japan and the
    Indo-Pacific"). ``q`` is the question's core. The evidence decides: only a coordination the
    reader's span points into makes the answer several."""
    if _WHOSE.match(q):
        return _asks_plural(_WHOSE.sub(r"\1which", q, count=1))
    return bool(_BARE_WHERE.match(q))


_NAME_OF_NOUN = re.compile(r"^what(?: is| was)? the (?:full )?name of (?:the|a|an) (?P<first>[a-z-]+)")
_NOUN_STOP = re.compile(r"^(?:the|a|an|of|in|on|at|to|for|with|by|from|did|does|do|that|which|who)$|ed$")


def asked_noun(question: str) -> str:
    """The words after which/what naming the thing asked for, up to the verb ("Which European missile
    programme is …" -> "european missile programme", "Which body approved …" -> "body", "Which
    company makes …" -> "company makes"); "" for other questions."""
    q = core(plain_form(question))
    m = _NAME_OF_NOUN.match(q) or _WHICH_NOUN.match(q)  # "what is the name of the norwegian frigate that …"
    if not m or m["first"] in _NOT_NOUNS:
        return ""
    words = []
    for word in q[m.start("first"):].split()[:4]:
        if word in _AUX or _NOUN_STOP.search(word):
            break
        words.append(word)
    return " ".join(words)


def _answer_type(q: str) -> str:
    for pattern, kind in ((_ORG_ASK, "organisation"), (_PLACE_ASK, "place"), (_DATE_ASK, "date"),
                          (_NUMBER_ASK, "number"), (_PERSON_ASK, "person")):
        if pattern.search(q):
            return kind
    return "other"


_WHEN_TAIL = re.compile(r"\s+(?:in|during|as of|since|on|by)\s+(?:(?:early|late|mid)[- ])?(?:%s)?\s*(?:\d{1,2}\s+)?"
                        r"(?:(?:1[5-9]|20)\d\d)?\b.*$" % "january|february|march|april|may|june|july|august|"
                        "september|october|november|december", re.I)


_WHEN_CLAUSE = re.compile(r"\s+(?:when|while|at the time|back)\b.*$"
                          r"|\s+(?:at|during|on|with|after|before)\s+(?:the|a|an|his|her|their|its)\b.*$", re.I)
_ORDINAL = re.compile(r"\b(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)\b")
_ANY_YEAR = re.compile(r"\b(?:1[5-9]|20)\d\d\b")


def _strip_year(text: str) -> str:
    """The role without a time or event restriction: "defence minister in August 2025" -> "defence
    minister", "defence minister when HMS Prince of Wales visited" / "at the 2015 meeting" ->
    "defence minister"."""
    text = _WHEN_CLAUSE.sub("", text)
    m = _WHEN_TAIL.search(text)
    return (text[:m.start()] if m and re.search(r"\d|[A-Za-z]{3,}", m.group(0)) and
            re.search(r"\d{4}|january|february|march|april|may|june|july|august|september|october|"
                      r"november|december", m.group(0), re.I) else text).strip(" ,")


_PREPOSITION_HOW = re.compile(r"^(?:to|for|over|in|within|after|by|of|from|during|at|since|until)\s+"
                              r"(?=how\s+(?:many|much|long|often|far|old)\b)")
# What "how many" counts: up to three words before the verb ("how many paid holiday days do …").
_COUNTED = re.compile(r"^how many\s+(?P<noun>(?:(?!(?:%s)\b)[a-z][\w-]*\s*){1,3})" % "|".join(_AUX))
# Questions a closed class of words answers: a day of the week ("Saturday"), a frequency ("fortnightly").
WEEKDAY, FREQUENCY = "weekday", "frequency"
_CLOSED_ASK = ((WEEKDAY, re.compile(r"^(?:on )?(?:what|which) (?:day of the week|weekday)\b")),
               (FREQUENCY, re.compile(r"^how (?:often|frequently)\b|^(?:at |with )?(?:what|which) (?:frequency|interval)\b")))
_HOW_LONG_ASKED = re.compile(r"^how long\b(?!\s+ago\b)")
# What "how long …" counts: a span is its answer when one of these units is in it or right after it.
# What "how long …" measures: time, or a length ("How long is the bridge?" -> "nearly 8 km").
HOW_LONG = ("seconds minutes hours days weeks months years decades centuries "
            "kilometres kilometers km metres meters miles feet inches")
_CONTRACTED = re.compile(r"\b(what|who|where|when|which|how)[’']s\b", re.I)
_TOPIC = re.compile(r"^(?P<topic>[^—–?]{2,60}?)\s*[—–]\s*(?P<rest>(?:who|what|which|when|where|why|how)\b.+)$", re.I)
_PRONOUN = re.compile(r"\b(?:his|her|its|their)\b", re.I)
# A topic, then a yes/no question about it by a pronoun: "norway's new defence policy, does it include …".
_TOPIC_YES_NO = re.compile(r"^[^,?]{3,80},\s*(?:%s)(?:n[’']t)?\s+(?:it|they|he|she|this|that|there|these|those)\b"
                           % "|".join(_AUX))


def plain_form(question: str) -> str:
    """The question with a topic put back in place ("Toru Hotchi — what's his position?" -> "what
    is Toru Hotchi's position?") and "what's" written out, so one set of rules reads both."""
    question = _CONTRACTED.sub(lambda m: m[1] + " is", question.strip())
    if m := _TOPIC.match(question):
        topic = m["topic"].strip(" ,:")
        rest = m["rest"]
        question = _PRONOUN.sub(topic + "’s", rest, count=1) if _PRONOUN.search(rest) else rest
    return question


# A statement before the question proper: "The Janes piece says the MOU is a precursor to a deeper deal. Why
# does Japan have to sign that deeper agreement with Norway?"
_STATED_FIRST = re.compile(r"^.*?[^A-Z][.!]\s+(?=[A-Z“\"])(?P<asked>[^.!]*\?\s*)$", re.S)


def question_proper(question: str) -> str:
    """The question after a statement setting it up ("… wanted to defend the global commons. Where
    exactly?": "Where exactly?"), else the whole question: what it asks for is worded there."""
    m = _STATED_FIRST.match(question.strip())
    return m["asked"].strip() if m else question


def analyse(question: str) -> QuestionAnalysis:
    """The kind and expected answer type of ``question`` (see the module's docstring); a reason asked
    after a statement setting it up is read as the reason it asks for."""
    if (proper := question_proper(question)) != question and (asked := analyse(proper)).kind == "why_how":
        return asked
    question = plain_form(question)
    q = core(question)
    year = m[1] if (m := _YEAR.search(q) or _YEAR.search(question.lower())) else ""  # "in 2015, who was …" too
    if _REASON.match(q):
        return QuestionAnalysis("why_how", "other", year=year)
    if _REASON_IN_SITU.search(q):
        return QuestionAnalysis("why_how", "other", year=year)
    embedded = bool(_ASKING.match(_FILLER.sub("", " ".join(question.lower().split()))))  # "can you explain how …"
    if ((_HOW_MEANS.match(q) or (embedded and _EMBEDDED_HOW.match(q))) and not _HOW_QUANTITY.match(q)) \
            or _RESPONSE_ASKED.match(q):
        return QuestionAnalysis("why_how", "other", year=year, asks_means=True)
    if _AUX_RE.match(q) and not _CHOICE.search(q):
        return QuestionAnalysis("yes_no", "other", year=year)
    if asks_confirmation(question):  # "Norway and Japan signed an MOU, right?", "the meeting lasted an hour?"
        return QuestionAnalysis("yes_no", "other", year=year)
    if _TOPIC_YES_NO.match(q) and not _CHOICE.search(q):  # "the new defence policy, does it include …"
        return QuestionAnalysis("yes_no", "other", year=year)
    # The original casing of the question's core, for titles and owners quoted back.
    original = question.strip().rstrip("?!. ")
    cut = len(original) - len(q)
    original_core = original[cut:] if original[cut:].lower() == q else q
    if (m := _NAME_OF.match(q)) and is_title(m["rest"]):  # "what is the name of Norway's defence minister": who
        q, original_core = "who is " + m["rest"], "who is " + original_core[m.start("rest"):]
    if m := _WHO_ROLE.match(q):
        rest, original_rest = _strip_year(m["rest"]), _strip_year(original_core[m.start("rest"):])
        if parts := _role_parts(rest, original_rest):
            year = year or (y[0] if (y := _ANY_YEAR.search(m["rest"])) else "")  # "at the 2015 meeting"
            ordinal = o[0] if (o := _ORDINAL.search(m["rest"][len(rest):])) else ""  # "at the second meeting"
            return QuestionAnalysis("role", "person", title=parts[0].strip(), owner=parts[1].strip(), year=year,
                                    ordinal=ordinal)
        if _is_name(original_rest):  # "who is Ahn Gyu-Back?": what the person is, their title
            return QuestionAnalysis("role", "other", owner=original_rest.strip(), year=year)
    if m := _WHAT_ROLE.match(q):
        group = next(g for g in ("owner", "owner2", "owner3", "owner4") if m[g])
        owner = original_core[m.start(group):m.end(group)]
        return QuestionAnalysis("role", "other", owner=owner.strip(), year=year)
    if m := _HONORIFIC_ASK.match(q):
        return QuestionAnalysis("role", "other", title=HONORIFIC, owner=original_core[m.start("person"):m.end("person")],
                                year=year)
    if (m := _WHAT_DOES_DO.match(q)) and _is_name(person := original_core[m.start("person"):m.end("person")]):
        return QuestionAnalysis("role", "other", owner=person, year=year)
    if m := _GOVERNMENT_HEAD.match(q):
        owner = original_core[m.start("owner"):m.end("owner")] if m["owner"] else \
            original_core[m.start("owner2"):m.end("owner2")]
        return QuestionAnalysis("role", "person", title="prime minister", owner=owner, year=year)
    title, owner = _listed_title(q, original_core)
    if title:  # "which japanese prime ministers …": every holder of the title
        return QuestionAnalysis("list", "person", title=title, owner=owner, year=year)
    if m := _WHICH_TITLE.match(q):  # "which british prime minister announced …": a factoid, its title checked
        title, owner = _owner_first(original_core[m.start("title"):m.end("title")])
        if owner and not _OWNER_ASKED.match(owner):  # "which country's prime minister": the owner is asked
            return QuestionAnalysis("factoid", "person", title=title, owner=owner, year=year)
    answer_type = _answer_type(q)
    if answer_type == "other" and (moved := _IN_SITU.sub("", q, count=1)) != q:
        answer_type = _answer_type(moved)  # "the gyros go to which country": a place
    # "… took place in which building?": the noun the wh-word asks about inside the question
    noun = asked_noun(question) or asked_noun(_IN_SITU.sub("", q, count=1))
    if _LIST_ASK.search(q) or _asks_plural(q):
        return QuestionAnalysis("list", answer_type, year=year, noun=noun)
    counted = m["noun"].strip() if (m := _COUNTED.match(q)) else HOW_LONG if _HOW_LONG_ASKED.match(q) else ""
    closed = next((name for name, pattern in _CLOSED_ASK if pattern.match(q)), "")
    if closed == FREQUENCY:
        answer_type = "other"  # "fortnightly" holds no number
    return QuestionAnalysis("factoid", answer_type, year=year, counts=q.startswith("how many"), counted=counted,
                            noun=noun, closed=closed, several=asks_several(q), ship=asks_ship(noun, q))
