"""Why and how: the sentence that gives the reason or the means, however it is phrased.

A span reader trained on SQuAD answers "why" with whatever sentence shares the question's words
("Japan and Norway have agreed to strengthen cooperation" for "Why does Norway want to strengthen
ties with Japan?"). A reason is marked: "because", "due to", "in order to", "so that", "it is in
X's interest to", "aims to", "given …", a permission or an obligation ("licensed to", "required by law
to"); a means by "by …ing", "through", "using". Among the
sentences of the passages the reader finds relevant, the one sharing most of the question's words
and carrying such a marker is the answer; without a marked sentence the reader's sentence stands.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from rag.answering.base import span_citation
from rag.answering.composers import Composition
from rag.answering.countries import country_spans
from rag.answering.grounding import replaced_name, unstated_ordinal
from rag.answering.question_analysis import QuestionAnalysis, excluded
from rag.answering.reader import Reading
from rag.ingest.sentences import split_sentences
from rag.search.lexicon import content_words
from rag.types import Passage

# Words for the same event, as stems ("why is Norway creating the post" against "by establishing a
# defence attaché position", "following developments" against "monitor developments", "far apart"
# against "geographically distant"): each counts as the first of its group.
_SAME_EVENT = [("creat", "establish"), ("buy", "bought", "procur", "purchas", "acquir", "acquisit"),
               ("stress", "emphas", "emphasis", "underlin", "underscor", "highlight"), ("eas", "relax", "loosen"),
               ("improv", "enhanc", "boost", "better"), ("send", "sent", "deploy", "dispatch"),
               ("monitor", "follow", "track", "watch"), ("far", "distant"), ("seek", "sought", "look"),
               ("recent", "late"), ("stop", "quit", "ceas", "halt"), ("signal", "show", "shown", "demonstr", "indicat"),
               ("close", "closer"),
               ("countri", "nation"), ("import", "matter", "vital", "crucial", "essenti")]
_EVENT = {stem: group[0] for group in _SAME_EVENT for stem in group}


def _country_word(country) -> str:
    """One word for a country however it is named ("the UK", "United Kingdom", "Britain" -> "britain")."""
    return next((n for n in country.names if n.isalpha() and len(n) >= 4), country.names[0])


def _words(text: str) -> set[str]:
    """The content words of ``text``, one stem for the words of an event (see ``_SAME_EVENT``) and one
    word for a country however it is named ("Britain", "the UK", "United Kingdom"; its people and its
    capital stay themselves: "Japanese" is no "Japan")."""
    for a, b, country in reversed(country_spans(text, people=False)):
        if text[a:b].lower() not in country.capitals:
            text = text[:a] + _country_word(country) + text[b:]
    return {_EVENT.get(w, w) for w in content_words(text)}


# Being allowed or made to do it is why one does it ("why does X make gyros for Y" -> "X has been licensed to
# produce gyros for Y"), but no purpose ("what is the purpose of the agreement Japan has to sign").
_PERMISSION = re.compile(r"\b(?:licen[sc]ed|authori[sz]ed|permitted|allowed|required|obliged|obligated|mandated|"
                         r"commissioned|contracted|invited|tasked|asked|requested)(?: by (?:law|\w+))? to\b", re.I)
_CAUSE = re.compile(r"\b(?:because|due to|owing to|thanks to|as a result of|in order to|so as to|so that|"
                     r"in (?:\w+[’'] ?s? |the )?interests? (?:of|to)|interest to|aims? (?:to|at)|aimed (?:to|at)|"
                     r"in a bid to|with the aim of|the (?:reason|purpose|goal|aim) (?:is|was|of)|purpose|"
                     r"motivated by|driven by|stems? from|given (?:that|the|its|their|his|her|our|\w+[’']s)|since (?:the|it|they|we)|"
                     r"which is why|that is why|reasons?|(?:wants?|wanted|hopes?|hoped|seeks?|sought) to|(?:comes|came) as|"
                     r"(?:vital|crucial|essential|key|important|critical|necessary) (?:for|to)|by \w+ing|"
                     r"(?:^|[,;–-]\s*)(?:recogni[sz]ing|considering|noting|acknowledging|citing|emphasi[sz]ing|stressing|"
                     r"underlining|underscoring|mindful of|believing)|in (?:light|view) of|"
                     r"on the (?:grounds|basis) (?:of|that)|in (?:response|reaction) to|(?:prompted|triggered|caused|sparked) by|"
                     r"(?:indignation|anger|outrage|dismay|shock|sorrow|grief|alarm|concerns?) (?:at|over|about)|"
                     r"hop(?:e|es|ed|ing) (?:that|the|it|to)|(?:can|could|will|would) (?:lead to|bring about|result in)|"
                     r"to (?:help|support|ensure|allow|enable|strengthen|boost|improve|promote|deter|counter|defend|"
                     r"protect|develop|build|deepen|enhance|address|defeat|combat|fight|tackle|prevent|stop|maintain|"
                     r"secure|safeguard|preserve|meet|reduce|increase|expand|achieve|advance|foster|facilitate|"
                     r"monitor|reinforce|bolster|contribute|uphold|respond|take part|participate|attend|discuss)|"
                     # an event one goes to ("met separately for detailed discussions", "for a two-plus-two meeting")
                     r"for (?:(?:a|an|the|more|further|detailed|closer|bilateral|in-depth|high-level|formal|informal|"
                     r"[“\"]?[\w-]+[”\"]?) ){0,2}(?:talks|discussions?|consultations?|negotiations?|meetings?)|"
                     # a circumstance opening the sentence ("With space becoming an important domain for defense, …",
                     # "As the world becomes more interconnected, …"), or one it stands in ("comes amidst a sharp uptick")
                     r"^[“\"–-]?\s*with (?:[\w’'-]+ ){1,6}?(?:becoming|being|growing|increasing|rising|getting|now)|"
                     r"^[“\"–-]?\s*as (?:[\w’'-]+ ){1,8}?(?:becomes?|grows?|increases?|rises?|is|are|was|were|has|have)\b(?=[^,]*,)|"
                     r"amid(?:st)?|in the wake of)\b", re.I)
_REASON = re.compile(f"{_CAUSE.pattern}|{_PERMISSION.pattern}", re.I)
# Words that name a reason outright; a bare purpose ("to strengthen …") is a weaker sign.
_STRONG = re.compile(r"^[“\"–-]?\s*(?:[Ww]ith|[Aa]s)\b|\b(?:because|due to|owing to|as a result|in order to|so that|so as to|interests?|aims?|aimed|"
                     r"response|reaction|prompted|triggered|caused|sparked|indignation|anger|outrage|dismay|"
                     r"recogni[sz]ing|grounds|basis|hop\w+|lead to|bring about|result in|"
                     r"purpose|reasons?|given|motivated|driven|stems?|why|bid|wants?|wanted|seeks?|sought|comes as|came as|"
                     r"vital|crucial|essential)\b|%s" % _PERMISSION.pattern, re.I)
# "They are situated on opposite sides of Russia, which further strengthens their common interests":
# what a relative clause says follows from, is what comes before it.
_WHICH = re.compile(r",\s*which (?:further |also |in turn |thereby |only )?(?:strengthen|boost|raise|increase|reduce|make|mean|"
                    r"explain|lead|help|allow|enable|cause|prompt|give|underline|underscore|deepen|heighten|fuel|drive)"
                    r"(?:s|ed|d)?\b", re.I)
_MEANS = re.compile(r"\b(?:by (?:\w+ing|means of|using)|through|via|using|with the help of|thanks to|"
                    r"by working|by establishing|framework|under)\b|\b[\w]+-based\b", re.I)
_ANAPHOR = re.compile(r"(?:[–-]\s*)?[“\"]?(?:He|She|It|They|This|That|These|Those|We|Its|Their|His|Her)\b")
# A sentence opening with a demonstrative says something of what the sentence before it states.
_POINTS_BACK = re.compile(r"[“\"]?(?:That|This|These|Those)\s+(?:is|was|are|were|has|have|had|will|would)\b")
# A purpose asked in the words the text uses for it ("what are officials hoping to get" against
# "officials are hoping the research can lead to …"; "meant to achieve" against "aimed at").
# What one expects is what one hopes for ("what did officials expect the research to produce").
_PURPOSE_WORDS = [re.compile(r"\b(?:hop(?:e|es|ed|ing)|expect(?:s|ed|ing)?)\b", re.I),
                  re.compile(r"\b(?:aim(?:s|ed)?|meant|intend(?:s|ed)?|designed|purpose|goal|objective)\b", re.I)]
ASKED_PURPOSE = 0.3
# What a question asks for names the marker that answers it: a basis ("on what basis did Japan ban its
# arms exports" -> "under its war-renouncing constitution"), a significance ("why was the approval a
# milestone" -> "The approval marks the first defense technology transfer since …").
_ASKS = [(re.compile(r"\b(?:on|upon) (?:what|which|whose) (?:basis|grounds?|authority)|\bunder (?:what|which|whose)\b|"
                     r"\bbased on what\b|\bwhat (?:law|rule|authority|principle|basis)\b|"
                     r"^\W*what\b(?! \w+ of\b).*\b(?:based on|based upon|grounded in|rooted in)\W*$|"
                     # what makes it possible: "what allows X to export …" -> "Under the approval, … X can export"
                     r"^\W*what (?:\w+ )?(?:allow(?:s|ed)?|enable[sd]?|lets|permit(?:s|ted)?|entitle[sd]?)\b", re.I),
          re.compile(r"\bunder (?:its|the|their|his|her|a|an|this|that)\b|\bbased on\b|\bin (?:line|accordance|keeping) with\b|"
                     r"\bpursuant to\b|\bon the (?:basis|grounds) of\b|\bas required by\b", re.I)),
         (re.compile(r"\b(?:milestones?|landmarks?|historic(?:al)?|significan(?:t|ce)|notable|remarkable|groundbreaking|"
                     r"breakthrough|turning point|unprecedented|stands? out|stood out|distinctive|exceptional|unusual|"
                     r"symbolic|big deal|matter(?:s|ed)?)\b", re.I),
          re.compile(r"\bmarks? (?:the|a|an) (?:first|milestone|turning point|new)\b|\b(?:the )?first(?: ever)?\b[^.;]*\b(?:since|ever|in (?:a|an|\d+|\w+) (?:years?|decades?|centur(?:y|ies)|generations?))\b|"
                     r"\bfor the first time\b|\bfirst[ -]ever\b|\bmilestone\b|\blandmark\b|\bhistoric\b|\bunprecedented\b|"
                     r"\bone of the (?:most|largest|biggest)\b[^.;]*\bhistory\b|\b(?:sharp|steep|dramatic) (?:uptick|rise|increase)\b",
                     re.I)),
         # why something is only a first step: what it leads up to
         (re.compile(r"\bfirst step\b|\bonly a (?:start|beginning)\b|\bstepping stone\b", re.I),
          re.compile(r"\b(?:precursor|prelude|stepping stone|first step|step towards|paves? the way|lays? the groundwork)\b",
                     re.I)),
         # what two have in common: what both are, or share ("We are both maritime countries")
         (re.compile(r"\bin common\b|\bshare\b", re.I),
          re.compile(r"\bboth\b|\bshare[sd]?\b|\bcommon\b|\b(?:the )?same\b", re.I))]
# "Why did Coleman call his time a fantastic opportunity?": the sentence that calls it so says why.
_CALLED = re.compile(r"\b(?:call(?:s|ed)?|describ(?:e|es|ed)|consider(?:s|ed)?|term(?:s|ed)?|dubb?(?:s|ed)?|label(?:s|l?ed)?|"
                     r"regard(?:s|ed)?|see|saw|view(?:s|ed)?)\b.*\b(?:as |an? )(?P<what>[\w’'\- ]+?)\s*[?.!]?\s*$", re.I)


CALLED_WORDS = 2  # what the question says it was called: a description ("a fantastic opportunity")


# A reason asked of its source ("how did Japan's government justify …", "according to the government
# statement, how would …") is the one that source gives: "Japan’s government said the export is …".
_SOURCE = re.compile(r"\baccording to (?P<a>[^,?]+)|\bhow (?:did|does|do|would|will|has|have|can|could) (?P<b>.+?) "
                     r"(?:justify|explain|defend|argue|rationali[sz]e|account for)\b|"
                     r"\bwhat (?:reasons?|justifications?|explanations?|grounds?|rationale) (?:did|does|do|has|have|had) "
                     r"(?P<c>.+?) (?:give|gave|given|offer|cite|provide|put forward)|"
                     # whose view the reason is: "why does Hammond think it is so important …"
                     r"^\W*why (?:did|does|do|would|should) (?P<d>[^\s,]+(?: [^\s,]+){0,3}?) (?:think|thinks|say|says|believe|feel|argue|"
                     r"consider|claim|insist|contend|suggest)\b", re.I)
_REPORTED = re.compile(r"\b(?:said|says|according to|stated|states|statement|told|explained|argued|noted)\b", re.I)


def _source(question: str) -> set[str]:
    """The words naming whose reason is asked for, where the question names one."""
    if not (m := _SOURCE.search(question)):
        return set()
    return _words(m.group("a") or m.group("b") or m.group("c") or m.group("d"))


def _asked_markers(question: str) -> list[re.Pattern]:
    return [marker for asks, marker in _ASKS if asks.search(question)]


def _called(question: str) -> set[str]:
    """The words of what the question says someone called the thing ('a fantastic opportunity'); none
    for a bare adjective ('see the region as so important'): any sentence using it would do."""
    what = _words(m.group("what")) if (m := _CALLED.search(question)) else set()
    return what if len(what) >= CALLED_WORDS else set()


def _same_purpose(question: str, sentence: str) -> bool:
    return any(p.search(question) and p.search(sentence) for p in _PURPOSE_WORDS)


# A purpose asked outright ("what's the purpose of the agreement") is answered by a purpose clause
# ("The agreement establishes a legal framework to allow Japan and its partners to transfer …").
_ASKS_PURPOSE = re.compile(r"\b(?:purposes?|aims?|goals?|objectives?|meant to|intended to|designed to|for what|what for|"
                           r"the point)\b|^\W*(?:\w+\W+){0,3}?what (?!kind|sort|type)\w+\b.*\bfor(?: (?:in|at|on|during|inside|within|that|"
                           r"this|last|then|now|there|these|those)\b[^?]{0,40})?\W*$", re.I)
# (asked what they met for: "for detailed discussions around their individual briefs")
_PURPOSE_CLAUSE = re.compile(r"(?:to|in order to|so as to|so that|aim(?:s|ed)? (?:to|at)|for)\b", re.I)


def _purpose_given(question: str, marker: str) -> bool:
    return bool(_ASKS_PURPOSE.search(question)) and bool(_PURPOSE_CLAUSE.match(marker))


# "It will be vital to build on the progress we’ve made today. We therefore welcome the plan …": a
# sentence restating the question that says it follows from something gives that something before it.
_THEREFORE = re.compile(r"\b(?:therefore|thus|hence|consequently|accordingly|for this reason|for that reason|"
                        r"that is why|this is why|as a result(?! of)|in this (?:regard|context|light)|to this end|"
                        r"with this in mind|against this (?:backdrop|background)|in (?:light|view) of this|"
                        r"in response(?! to))\b", re.I)
# "How did the UK side react to …": what was done in response, a sentence pointing back ("In this regard, …")
_ASKS_RESPONSE = re.compile(r"\b(?:react|respond|reply|replied|retaliat)\w*", re.I)
# "Lieutenant Alex Coleman … He said: “To be at the forefront …": the quote is the speaker's words.
_SAID = re.compile(r"\b(?:said|says|say|stated|states|noted|notes|added|adds|told \w+|explained|explains|commented|"
                   r"remarked|declared|wrote|writes)\s*:\s*$", re.I)
# "… the project, aimed at …": the definite noun is the one named a sentence or two before.
_DEFINITE = re.compile(r"\b[Tt]he (\w[\w-]+)")
DEFINITE_REACH = 3
_CALLED_HERE = re.compile(r"[“\"'‘–-]*\s*")
_ENDS = re.compile(r"[.!?…][\"'”’)\]]*\s*$")
_BY_MEANS = re.compile(r"\bby (?:\w+ing)\b")
# A sentence holding this share of the question's words restates it; the next one may explain it.
RESTATED = 0.5
READ_WEIGHT = 0.6
# The marker the question asks for ("only a first step" -> "a precursor to", "in common" -> "both",
# "according to Hammond" -> Hammond's quote) in a sentence holding this share of its words: the
# composer's own evidence, so the reader's low probability for the passage (it reads for a span,
# and a quote or a restated claim rarely holds one) no longer caps the confidence under this floor.
ASKED_SHARED = 0.4
ASKED_FLOOR = 0.5
FOLLOWS_CLAIM = 0.3
# A sentence holding this share of the question's words and naming a reason outright (a strong
# marker: "given Norway's strategic position", "because …"): the reader's probability for its
# passage no longer caps the confidence under ASKED_FLOOR ("Why did Gram stress the importance of
# defending maritime regions?" was refused at the reader's 0.34).
FIRM_SHARED = 0.5
WHOLE_SHARED = 0.8
_QUESTION_WORDS = {"why", "how", "reason", "purpos", "want", "come", "way", "mean", "method"}
# Words of how a reason is asked, not of what it is asked about ("what prompted …", "in Gram's view",
# "why does X matter so much"): a sentence answering need not hold them.
_ASKING_WORDS = {"prompt", "motiv", "behind", "caus", "drove", "driven", "led", "explain", "view", "think", "believ",
                 "feel", "much", "realli", "actual", "exact", "decid", "made"}
INFLECTED = 4  # a shorter stem is no inflection of a longer one ("japan" of "japanes", not "us" of "use")


def _inflects(word: str, words: set[str]) -> bool:
    """Whether ``word`` or an inflection of it is one of ``words`` ("strateg" of "strategi")."""
    return word in words or any(min(len(word), len(w)) >= INFLECTED and (w.startswith(word) or word.startswith(w))
                                for w in words)


def _binds(asked: set[str], words: set[str]) -> bool:
    """Whether the sentence (its ``words`` and those of what it points back at) holds every content word of
    the question, each or an inflection of it, the words of asking aside: the question restated whole,
    so its reason marker answers it however unsure the reader is of the passage (see ``ASKED_FLOOR``)."""
    return all(_inflects(w, words) for w in asked - _ASKING_WORDS)


# A need or demand stated: what a following sentence's action answers to.
_NEED = re.compile(r"\b(?:(?:great|growing|urgent|pressing|clear|real|increasing) )?(?:need|demand|call)s? for\b", re.I)
_CLAUSE_END = re.compile(r"[,.;:!?”\"]")


# "Japan and Norway have agreed to strengthen cooperation": what one agrees, plans or pledges to do is what is
# done, no purpose of it ("to strengthen" after "agreed" says nothing of why).
_COMPLEMENT = re.compile(r"\b(?:agree[sd]?|agreeing|decide[sd]?|deciding|plan(?:s|ned)?|pledge[sd]?|vow(?:s|ed)?|"
                         r"promise[sd]?|continue[sd]?|fail(?:s|ed)?|refuse[sd]?|tr(?:y|ies|ied)|begin|began|"
                         r"start(?:s|ed)?|is set|are set|was set|were set)\s+$", re.I)


def _new_marker(marker: re.Pattern, sentence: str, asked: set[str]) -> re.Match | None:
    """The first marker of the sentence that says something the question does not: "… joint research
    with Britain using Japanese seeker technology" asked how that research is carried out names
    no means, it repeats the question; nor is "to …" after "agreed" or "plans" (see ``_COMPLEMENT``)."""
    for m in marker.finditer(sentence):
        if _COMPLEMENT.search(sentence, 0, m.start()) and m.group(0)[:3].lower() == "to ":
            continue
        end = _CLAUSE_END.search(sentence, m.end())
        said = _words(sentence[m.end():end.start() if end else len(sentence)])
        if not said or not _within(said, asked):
            return m
    return None


def _named_before(sentence: str, earlier: list[tuple[set[str], set[str]]]) -> set[str]:
    """The words of the sentence, a few before, that names what this one calls 'the X' (each sentence held
    as its words and the words before its marker); none where this one calls by 'the Y' what that one gives
    only as its reason: "The two Japanese ships had deployed to the Gulf to take part in the exercise.
    HMS Atherstone, for the purpose of the exercise, participated …" tells what another ship did for the
    ships' purpose, not why the ships went."""
    found: set[str] = set()
    for noun in _DEFINITE.findall(sentence):
        if not (stem := _words(noun)):
            continue
        for words, before_marker in reversed(earlier[-DEFINITE_REACH:]):
            if stem <= words:
                if not stem <= before_marker:
                    return set()
                found = found or words
                break
    return found


def _sentences_before(passage: Passage, passages: list[Passage], marker: re.Pattern,
                      asked: set[str]) -> list[tuple[set[str], set[str]]]:
    """The ``DEFINITE_REACH`` sentences of the document just before ``passage`` starts, as another
    retrieved passage of it holds them (each as its words and the words before its marker): "The
    agreement establishes a legal framework to allow …" opening a passage names the agreement the
    passage before calls "a deeper agreement on the Transfer of Defense Equipment and Technology"."""
    before = max((q for q in passages if q.doc_id == passage.doc_id and q.start < passage.start <= q.end),
                 key=lambda q: passage.start - q.start, default=None)
    if before is None:
        return []
    text = before.text[:passage.start - before.start]
    found = []
    for a, b in split_sentences(text)[-DEFINITE_REACH:]:
        sentence = text[a:b]
        if not _ENDS.search(sentence):
            continue  # cut where the passage starts: the sentence goes on in it
        m = _new_marker(marker, sentence, asked)
        found.append((_words(sentence), _words(sentence[:m.start()]) if m else _words(sentence)))
    return found


def _closes_quote(sentence: str) -> bool:
    last = max(sentence.rfind("”"), sentence.rfind("“"))
    return last >= 0 and sentence[last] == "”"


# "exporting seeker gyros to the UK": a destination the question states, a country after "to".
_TO = re.compile(r"\b(?:to|into)\s+(?:the\s+)?$", re.I)


def _destinations(text: str) -> set[str]:
    """The countries ``text`` names right after "to"/"into" ("… transferred to Qatar")."""
    return {c.names[0] for a, _, c in country_spans(text, people=False) if _TO.search(text[:a])}


def _other_destination(question: str, asked: set[str], passages: list[Passage]) -> str:
    """Where the sentences that restate the question send the thing to another country than the
    question does, and none to the asked one ("exporting seeker gyros to the UK" against "… the
    export … to the U.S.", "transferred to Qatar"): the asked country, else ""."""
    wanted = _destinations(question)
    if not wanted:
        return ""
    stated: set[str] = set()
    for p in passages:
        for a, b in split_sentences(p.text):
            sentence = p.text[a:b]
            if len(asked & _words(sentence)) / len(asked) >= RESTATED:
                stated |= _destinations(sentence)
    return next(iter(wanted)) if stated and not stated & wanted else ""


# "Mitsubishi Heavy makes the gyros for Raytheon, which stopped producing them itself": what a
# relative clause states is told, not explained; asked why, the sentence gives no reason.
_RELATIVE = re.compile(r",\s*which\b", re.I)


def _asks_the_aside(asked: set[str], sentence: str) -> bool:
    """Whether the question asks about what the sentence's closing ", which …" clause states, and
    that clause says no more than the question: words of the question only it holds, none other."""
    m = _RELATIVE.search(sentence)
    if not m:
        return False
    clause = _words(sentence[m.end():])
    return bool(asked & clause - _words(sentence[:m.start()])) and _within(clause, asked)


def _marked_aside(marker: re.Pattern, sentence: str, asked: set[str]) -> bool:
    """Whether the closing ", which …" clause itself gives a reason or means: a marker in the main clause
    ("X has been licensed to produce gyros for Y, which stopped producing them itself") is about the
    main clause's event, not about the one the question asks of (what Y stopped)."""
    m = _RELATIVE.search(sentence)
    hit = _new_marker(marker, sentence, asked)
    return bool(m and hit and hit.start() >= m.start())


def _repeats(words: set[str], asked: set[str]) -> bool:
    """Whether a sentence says no more than the question, a word aside: "This is the first ever meeting of
    this kind", asked why "the first meeting of its kind" mattered, states what is asked, not why."""
    return sum(not _within({w}, asked) for w in words) <= 1


MARKER_HEAD = 3  # the words of a marker that may restate the question ("the first ever")


def _stated(hit: re.Match, asked: set[str]) -> bool:
    """Whether the question itself states the marker the sentence holds ("the first meeting of its
    kind" against "the first ever meeting"): its first words, one of them the question's. A sentence
    whose one word beyond the question is the marker ("why was the meeting notable" against "the
    meeting was unprecedented") gives what is asked."""
    return any(_within({w}, asked) for w in _words(" ".join(hit.group(0).split()[:MARKER_HEAD])))


def _within(words: set[str], asked: set[str]) -> bool:
    """Whether every word is one of the question's, stems compared loosely ("japanes" is "japan")."""
    return all(any(w[:5] == a[:5] for a in asked) for w in words)


def _near_miss(question: str, asked: set[str], passages: list[Passage], sentence: str) -> str:
    """Why the question is not the one the passages answer, though close: an ordinal they never
    state ("the second meeting", only "the first" stated), a name the answering sentence replaces
    ("Mitsubishi Electric" against "Mitsubishi Heavy"), another destination; "" otherwise."""
    context = " ".join(f"{p.title}\n{p.text}" for p in passages)
    if ordinal := unstated_ordinal(question, context):
        return f"no passage mentions the {ordinal}, only another"
    if name := replaced_name(question, sentence, context):
        return f"the passage is about another than {name}"
    if country := _other_destination(question, asked, passages):
        return f"the passages state another destination than {country}"
    if country := _replaced_country(question, asked, sentence):
        return f"the passage is about another country than {country}"
    return ""


def _countries(text: str) -> set[str]:
    """The countries ``text`` names, one word each (see ``_country_word``), by their capitals too ("Canberra’s
    recently announced decision")."""
    return {_country_word(c) for _, _, c in country_spans(text, people=False)}


# A pronoun that may stand for a country ("They are situated on opposite sides of Russia")
_STANDS_FOR = re.compile(r"(?:[–-]\s*)?[“\"]?(?:It|They|We|Its|Their|Our)\b")


def _replaced_country(question: str, asked: set[str], sentence: str) -> str:
    """The country the question names where the sentence, stating all else the question asks, names another
    ("Why did Sweden decide to join the UK carrier strike group's deployment …" against "… Norway's commitment
    to join the UK's carrier strike group (CSG) in deployments to Japan and the Indo-Pacific …"); "" otherwise,
    and for a sentence whose pronoun may stand for the country ("They are situated on opposite sides of …")."""
    named = _countries(question)
    missing = named - _countries(sentence)
    if len(missing) != 1 or not _countries(sentence) - named or _STANDS_FOR.match(sentence):
        return ""
    country = next(iter(missing))
    rest = asked - _words(country)
    return country if _binds(rest, _words(sentence)) else ""


RESTATES_BESIDE = 2  # words beside the question's a sentence restating it may hold ("long", "shared")


def _told_next(text: str, end: int, asked: set[str], source: set[str] = frozenset()) -> tuple[int, int] | None:
    """The sentence after the one ending at ``end`` in its paragraph, when that one restates the question
    (half its words, at most RESTATES_BESIDE words beside them) and the next adds to it (a word of its own
    beyond the question's, and not a question itself), unless it is another's account than the ``source``
    the question names; None otherwise."""
    spans = split_sentences(text)
    here = next(((a, b) for a, b in spans if b == end), None)
    after = next(((a, b) for a, b in spans if a >= end and text[end:a].strip() == "" and "\n" not in text[end:a]), None)
    if here is None or after is None:
        return None
    words = _words(text[here[0]:here[1]])
    if len(asked & words) / len(asked) < RESTATED or sum(not _within({w}, asked) for w in words) > RESTATES_BESIDE:
        return None
    nxt = text[after[0]:after[1]]
    if source and _REPORTED.search(nxt) and 2 * len(source & _words(nxt)) < len(source):
        return None  # another's account than the one asked for
    return after if not nxt.rstrip().endswith("?") and not _repeats(_words(nxt), asked) else None


# "The policy change reverses Japan’s ban … It comes as Abe’s government wants to give Japan …": a sentence
# opening on what the one before states and saying what that came out of ("It comes as", "This follows",
# "This is because") explains it.
_CAUSE_OF_BEFORE = re.compile(r"[“\"–-]?\s*(?:It|This|That)\s+(?:(?:comes|came)\s+(?:as|amid|amidst|after|on the heels of|"
                              r"in response to)|follows|followed|(?:is|was)\s+(?:because|due to|in response to))\b")


def _explained_next(text: str, end: int) -> tuple[int, int] | None:
    """The sentence right after the one ending at ``end`` (a line break between them allowed: some documents
    put each sentence on a line of its own) when it opens by saying what that one came out of; None otherwise."""
    after = next(((a, b) for a, b in split_sentences(text) if a >= end and text[end:a].strip() == ""
                  and text[end:a].count("\n") <= 1), None)
    return after if after is not None and _CAUSE_OF_BEFORE.match(text, after[0]) else None


def _same_sentence(passages: list[Passage], pick: "_Pick") -> list[tuple[int, tuple[int, int]]]:
    """The picked sentence where the retrieved passages hold it (its own passage first), as (passage, span
    in it): a passage may end with it, and another of the document go on past it."""
    p = passages[pick.passage]
    found = [(pick.passage, (pick.start, pick.end))]
    for j, q in enumerate(passages):
        a, b = p.start + pick.start - q.start, p.start + pick.end - q.start
        if j != pick.passage and q.doc_id == p.doc_id and 0 <= a and b < len(q.text):
            found.append((j, (a, b)))
    return found


def _fits(analysis: QuestionAnalysis, question: str, marker: str, asked_for: bool) -> bool:
    """Whether the marker is the kind the question asks for: the one its wording names (``_ASKS``, a
    source, a description), a purpose clause asked a purpose, "by …ing" asked how. Such a sentence
    holding as much of the question as the reader's unmarked one is the answer: the reader reads for
    a span, and its probability is the passage's, not the sentence's."""
    return asked_for or _purpose_given(question, marker) or (analysis.asks_means and bool(_BY_MEANS.match(marker)))


_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


def _years_before(passage: Passage, passages: list[Passage], end: int) -> set[str]:
    """The years the document states before ``end`` (an offset in ``passage``), as the retrieved passages
    of it hold them: the time what follows is set in ("… published in the Ottawa Citizen on July 22, 2014: …
    It comes as Abe's government wants …" binds "2014" of "what motivated Japan's 2014 change")."""
    upto = passage.start + end
    return {y for q in passages if q.doc_id == passage.doc_id and q.start < upto
            for y in _YEAR.findall(q.text[:upto - q.start])}


# A name the question writes with capitals past its first word ("Kihara", "Japan", "MOU"): a sentence holding
# only names of the question ("Minister Kihara emphasized the strategic similarities between Japan and Norway",
# asked "how will the MOU help Japan and Norway according to Kihara") restates no claim of it.
_NAME = re.compile(r"(?<=\s)[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*")


def _names(question: str) -> set[str]:
    """The words of the names the question writes with capitals past its first word."""
    return set().union(*(_words(n) for n in _NAME.findall(question)))


# "Separately, the government gave a green light to the joint research with Britain. It's a simulation-based
# project … . Hotchi said officials are hoping the research can lead to …": the reader lands beside the reason
# and reads a sentence that gives none. A sentence this close to it naming a reason outright and holding more of
# the question's words takes the reader's evidence for the passage (its probability is the passage's, not the
# sentence's).
BESIDE_READ = 2


def _reader_sentence(text: str, spans: list[tuple[int, int]], reading: Reading, marker: re.Pattern,
                     asked: set[str]) -> tuple[int, bool, float]:
    """The index of the sentence holding the reader's span, whether it carries no marker, and the share of the
    question's words it holds; (-1, False, 1.0) where no sentence holds it."""
    at = next((k for k, (a, b) in enumerate(spans) if a <= reading.start < b), -1)
    if at < 0:
        return -1, False, 1.0
    sentence = text[spans[at][0]:spans[at][1]]
    return at, _new_marker(marker, sentence, asked) is None, len(asked & _words(sentence)) / len(asked)


@dataclass
class _Pick:
    """The sentence chosen so far: its score, passage and span, where its marked clause starts, and what
    decides how it is cited and how sure the answer is."""
    score: float
    passage: int
    start: int
    end: int
    clause: int  # where the reason clause starts (the sentence's start when unmarked)
    before_clause: bool = False  # "X, which further strengthens Y": the part before the clause is the reason
    sure: bool = False  # the composer's own evidence: the reader's probability does not cap the confidence
    unmarked: bool = False  # no marker: the sentence after it may explain it
    bound: bool = False  # it binds every content word of the question (see ``_binds``)
    shared: float = 0.0  # the share of the question's words it holds (with what it points back at)
    named: bool = False  # it carries the marker the question's wording names (``_ASKS``, what it was called)


def compose_reason(analysis: QuestionAnalysis, question: str, passages: list[Passage],
                   readings: list[Reading]) -> Composition | None:
    """The best marked sentence of the passages the reader read (most probable first); the
    sentence holding a reading's span counts in its favour by that reading's probability. A near
    miss (see ``_near_miss``) and a question about what the sentence only states in passing
    (``_asks_the_aside``) are refused."""
    asks_purpose = bool(_ASKS_PURPOSE.search(question))
    marker = _MEANS if analysis.asks_means else _CAUSE if asks_purpose else _REASON
    asked = _words(question) - _QUESTION_WORDS
    if not asked:
        return None
    extra = _asked_markers(question.replace(excluded(question), "") if excluded(question) else question)
    called = _called(question)
    responds = analysis.asks_means and bool(_ASKS_RESPONSE.search(question))
    source = _source(question)
    plain = asked - _names(question)
    dated = bool(_YEAR.search(question))  # a year asked may be bound by the document's date (_years_before)
    best: _Pick | None = None
    marked: _Pick | None = None
    for rank, reading in enumerate(readings):
        i = reading.passage
        p = passages[i]
        claim = 0.0  # how much of the question the previous sentence restated, when it gave no reason
        previous: set[str] = set()
        last: tuple[int, int] | None = None  # the sentence before
        needed = False  # whether it states a need
        earlier = _sentences_before(p, passages, marker, asked)  # the words of the sentences before, nearest last, and
        # the words before each one's marker
        speaker: set[str] = set()  # whose quote this sentence is in, when one is open
        spans = split_sentences(p.text)
        read_at, read_plain, read_shared = _reader_sentence(p.text, spans, reading, marker, asked)
        for k, (a, b) in enumerate(spans):
            sentence = p.text[a:b]
            said_by = speaker
            m = _new_marker(marker, sentence, asked)
            words = _words(sentence)
            strong = bool(m) and bool(_STRONG.search(m.group(0)))
            if not m and (hit := _WHICH.search(sentence)) and \
                    len(asked & _words(sentence[hit.start():])) / len(asked) >= FOLLOWS_CLAIM:
                m, strong = hit, True  # (what the question asks about follows from it)
            asked_for = False  # the marker is of what the question asks for: it answers that
            asks_named = False
            for asks in extra:  # the marker of what the question asks for comes first
                if (hit := asks.search(sentence)) and not (_stated(hit, asked) and _repeats(words, asked)):
                    m, strong, asked_for, asks_named = hit, True, True, True
            # "Japan’s government said …", asked how it justified it; "Kihara emphasized the similarities.
            # “We are both maritime countries …,” he noted.", asked how Kihara explained them
            told_by = words | (previous if _ANAPHOR.match(sentence) else set())
            if source and (hit := _REPORTED.search(sentence)) and 2 * len(source & told_by) >= len(source):
                m, strong, asked_for = hit, True, True
            elif source and m and said_by and 2 * len(source & said_by) >= len(source):
                strong, asked_for = True, True  # "Philip Hammond said: “… how important it is we work together to defeat …"
            # someone else's account, the question naming whose it wants ("official Toru Hotchi said …",
            # asked what the government statement expects)
            told_else = bool(source) and not asked_for and bool(_REPORTED.search(sentence)) and \
                not (said_by and 2 * len(source & said_by) >= len(source))
            if called and called <= words:  # "… was a fantastic opportunity": the sentence that calls it so
                m, strong, asked_for, asks_named = _CALLED_HERE.match(sentence), True, True, True
            answers_back = False  # a response pointing back at what the sentence before states
            if responds and not m and (hit := _THEREFORE.search(sentence)):
                m, answers_back = hit, True  # "In this regard, the UK side expressed strong support": the response
            # ("Japan's joint research with Britain … It's a simulation-based project …": the reader's read
            # of the claim counts for the sentence about its subject that explains it)
            read_before = bool(last) and last[0] <= reading.start < last[1] and (bool(_ANAPHOR.match(sentence)) or answers_back)
            read_here = a <= reading.start < b
            shared = own = len(asked & words) / len(asked)
            # (a heading restates no claim: it names a topic)
            follows, claim = claim, (shared if not m and _ENDS.search(sentence) and
                                     (not plain or plain & words) else 0.0)
            around = set(words)  # its words and those of what it points back at
            if m and _ANAPHOR.match(sentence):  # "He noted that the region is vital for …": about the last one's subject
                shared = max(shared, len(asked & (words | previous)) / len(asked))
                around |= previous
            if m and (named := _named_before(sentence, earlier)):
                shared = max(shared, len(asked & (words | named)) / len(asked))
                around |= named
            if said_by:
                shared = max(shared, len(asked & (words | said_by)) / len(asked))
                around |= said_by
            if _SAID.search(sentence):
                speaker = words | (previous if _ANAPHOR.match(sentence) else set())
            elif speaker and _closes_quote(sentence):
                speaker = set()
            previous = words
            earlier.append((words, _words(sentence[:m.start()]) if m else words))
            if (not responds and last and (then := _THEREFORE.search(sentence)) and shared >= RESTATED
                    and not marker.search(sentence, 0, then.start())):
                # "… We therefore welcome the plan": the sentence before is why (unless this one says
                # why before its "thus": "because they were nomads and thus had no experience")
                score = shared + 0.3 + FOLLOWS_CLAIM - 0.05 * rank + (0.6 * reading.probability if read_here else 0.0)
                if best is None or score > best.score:
                    best = _Pick(score, i, *last, last[0])
            if last and needed and shared >= FOLLOWS_CLAIM and not strong and not analysis.asks_means:
                # "We see a great need for military equipment. The government has taken significant
                # steps to strengthen production": the need stated just before is why (a reason: asked how,
                # "how did they say they would strengthen …", it is no means)
                score = shared + 0.3 + FOLLOWS_CLAIM - 0.05 * rank + (0.6 * reading.probability if read_here else 0.0)
                if best is None or score > best.score:
                    best = _Pick(score, i, *last, last[0])
            needed = bool(_NEED.search(sentence))
            last = (a, b)
            told = not m and bool(_told_next(p.text, b, asked, source))  # explained by the sentence after it
            if not m and not read_here and not told:
                continue
            # A marked sentence right after one restating the question gives its reason ("Although
            # we are far apart, we share the same challenges. We are both maritime nations …").
            explains = bool(m) and follows >= (FOLLOWS_CLAIM if answers_back else RESTATED) and not told_else
            # "… enhancing its ability to monitor … by establishing a defence attaché position in
            # Tokyo": what is done by the means the question asks the reason for, is the reason.
            if m and (by := _BY_MEANS.search(sentence)) and \
                    len(asked & _words(sentence[by.end():])) / len(asked) >= RESTATED:
                explains, m = True, by
            shared = max(shared, follows) if explains else shared
            score = (shared - 0.05 * rank + (0.3 if strong else 0.1 if m else 0.0)
                     + (READ_WEIGHT * reading.probability if read_here or (explains and read_before) or (
                         read_plain and 0 < abs(k - read_at) <= BESIDE_READ and strong and m.re is marker and
                         not _PERMISSION.search(m.group(0)) and not told_else and shared > read_shared) else 0.0)
                     + (FOLLOWS_CLAIM if explains or told else 0.0) - (ASKED_PURPOSE if told_else else 0.0)
                     + (ASKED_PURPOSE if m and _same_purpose(question, sentence) else 0.0)
                     + (ASKED_PURPOSE if asked_for or (m and _purpose_given(question, m.group(0))) else 0.0))
            # a reason named outright ("given …", "because …") in a sentence holding most of the
            # question is the composer's own evidence too (see ``FIRM_SHARED``)
            # as is any marker in a sentence stating the whole question ("Why were X and Y sent to the Gulf?"
            # against "X and Y … had deployed to the Gulf to take part in …"), by its own words, even where the
            # sentence before restates the question too ("HMS Atherstone … in the waters of the Gulf.")
            firm = ((strong and not explains) or own >= WHOLE_SHARED) and own >= FIRM_SHARED
            pick = _Pick(score, i, a, b, a + m.start() if m else a, before_clause=m is not None and m.re is _WHICH,
                         sure=(asked_for and shared >= ASKED_SHARED) or firm, unmarked=m is None,
                         bound=(m is not None or told) and _binds(asked, around | (
                             _years_before(p, passages, b) if dated else set())),
                         shared=shared, named=asks_named and m is not None)
            if m is not None and shared >= 0.3 and _fits(analysis, question, m.group(0), asked_for) and \
                    (marked is None or score > marked.score):
                marked = pick
            if (shared >= 0.3 or read_here) and (best is None or score > best.score):
                best = pick
    if best is None:
        return None
    # an unmarked sentence that only restates the question is explained by the one after it
    after = _told_next(passages[best.passage].text, best.end, asked, source) if best.unmarked else None
    read_in = best.passage  # the passage whose reading stands for the sentence
    if best.unmarked and not after and not analysis.asks_means:
        # "… reverses Japan’s ban. It comes as Abe’s government wants …": what it came out of is why (asked how,
        # no means); the sentence may go on in another retrieved passage of the document than the one read
        for j, (x, y) in _same_sentence(passages, best):
            if explained := _explained_next(passages[j].text, y):
                best, after = replace(best, passage=j, start=x, end=y), explained
                break
    if marked is not None and best.unmarked and (marked.shared >= best.shared or marked.named) and not after:
        # "How will Norway keep a closer eye on developments?": the reader reads "Norway is paying closer
        # attention to the region" (no means); "… by establishing a defence attaché position" holds as much;
        # the marker the question's wording names ("why a milestone" -> "The approval marks the first …")
        # answers it however many of its words the reader's sentence holds
        best = marked
    score, i, a, b, clause = best.score, best.passage, best.start, best.end, best.clause
    before_clause, sure, unmarked, bound = best.before_clause, best.sure, best.unmarked, best.bound
    p = passages[i]
    if unmarked and after:
        # "“The UK and Japan have long shared a very strong relationship. We work together in the G7 …"
        citations = [span_citation(p, *after, kind="answer"), span_citation(p, a, after[1], kind="support")]
        held = next(r.probability for r in readings if r.passage == read_in)
        held = max(held, ASKED_FLOOR) if bound else held
        return Composition(text=p.text[a:after[1]], confidence=min(0.95, 0.35 + 0.4 * score, held),
                           citations=citations, passage=i)
    refused = _near_miss(question, asked, passages, p.text[a:b]) or (
        "the passage states what is asked but gives no reason for it"
        if not before_clause and _asks_the_aside(asked, p.text[a:b]) and not _marked_aside(marker, p.text[a:b], asked)
        else "")
    if refused:
        return Composition.refuse(refused)
    before = next(((x, y) for x, y in split_sentences(p.text) if y <= a and p.text[y:a].strip() == ""), None)
    # The composer picks the sentence; the reader says whether its passage holds it, so the
    # reader's probability for that passage caps the confidence, unless the sentence holds what
    # the question asks for (see ``ASKED_FLOOR``).
    held = next(r.probability for r in readings if r.passage == i)
    held = max(held, ASKED_FLOOR) if sure or bound else held
    confidence = min(0.95, 0.35 + 0.4 * score, held)
    if before and _POINTS_BACK.match(p.text[a:b]):
        # "This is the first ever meeting of its kind. That is hugely symbolic": what "That" is, is the reason
        citations = [span_citation(p, *before, kind="answer"), span_citation(p, before[0], b, kind="support")]
        return Composition(text=p.text[before[0]:b], confidence=confidence, citations=citations, passage=i)
    citations = [span_citation(p, a, b, kind="support")]
    if before_clause and clause - a >= 25:  # "X, which further strengthens Y": X is why
        citations.insert(0, span_citation(p, a, clause, kind="answer"))
    elif clause > a + 20 and b - clause >= 25:  # the reason clause itself, when the sentence has more
        citations.insert(0, span_citation(p, clause, b, kind="answer"))
    return Composition(text=p.text[a:b], confidence=confidence, citations=citations, passage=i)
