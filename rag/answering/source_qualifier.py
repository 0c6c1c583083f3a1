"""A question's pointer to where it read something ("according to the ADM column", "in the MOD
write-up", "per the press release") names a document, not a fact: the passages never hold those
words, so they pull the reader away from the sentence that answers. They are taken out of the
question the reader reads; retrieval keeps them (they may lead it to the document), and the answer
keeps the user's question (retrieval reads only the document a pointer names surely:
rag/search/document_pointers.py). A file by name or number ("in file 003") is such a pointer; a leading
one takes what it is said to be about with it ("In the piece about X, ..."); a pointer that is the subject of
a reporting verb leaves the claim ("Does the ADM column say the meeting lasted an hour?" is read "Does the
meeting lasted an hour?"). "In the articles" (plural) asks about them all and stays. A person or body as the
source ("according to Kihara", "per the ministry") is no document and stays: whose words are asked for is
part of the question (composers/speakers.py)."""
from __future__ import annotations

import re

# Nouns that name a piece of writing; the qualifier must end with one of them.
_DOCUMENT = (r"(?:column|article|story|piece|report|write-?up|account|summary|press release|release|post|"
             r"blog(?: post)?|feature|news item|item|text|document)")  # one: "in the articles" means them all
# A file by its name or number: "in 002_7c38.txt", "in file 003", "according to document 2".
_FILE = r"(?:(?:the )?(?:file|document|doc) (?:number |no\.? ?|# ?)?[\w.-]*\d[\w.-]*|[\w-]*\d[\w-]*\.[a-z]{2,4}|[\w-]+\.(?:txt|md|pdf|html?|docx?|pptx?|xlsx?|csv|json))"
_SOURCE = rf"(?:(?:the |this |that |an? )?(?:[\w’'&.-]+ ){{0,4}}?{_DOCUMENT}|{_FILE})"
# "In the piece about the MOU, ...": what a leading pointer is said to be about goes with it (at the
# end of a question it stays: "Which people are quoted in the article about UK–Japan ties?" needs it).
_ABOUT = r"(?: (?:about|on) [^,;:?!]+?)?"
_LEADING = re.compile(rf"^(?:according to|per|as (?:reported|stated|said|described) in|in|from) {_SOURCE}{_ABOUT}\s*,\s*",
                      re.IGNORECASE)
_TRAILING = re.compile(rf",?\s+(?:according to|per|as (?:reported|stated|said|described) in|in|from) {_SOURCE}"
                       r"(?=\s*[?.!]*\s*$)", re.IGNORECASE)
# A pointer as the subject of a reporting verb: "Does the ADM column say the meeting lasted an hour?",
# "Which countries does the 2015 article say are ...?": the reader reads the claim, asked the same way
# ("Does the meeting lasted an hour?", "Which countries are ...?").
_REPORTED = re.compile(rf"\b(?P<aux>do|does|did) {_SOURCE} (?:say|state|report|claim|write|note|suggest|indicate)s? "
                       r"(?:that )?", re.IGNORECASE)
_FUNCTION = {"what", "who", "whom", "which", "when", "where", "why", "how", "is", "are", "was", "were", "did",
             "do", "does", "the", "an", "of", "in", "on", "at", "to", "it", "he", "she", "they", "said", "say",
             "says", "written", "there", "this", "that"}


def without_source(question: str) -> str:
    """``question`` without a leading or trailing pointer to a document; unchanged when it has
    none or when nothing would be left of it."""
    text = question.strip()
    stripped = _TRAILING.sub("", _LEADING.sub("", text, count=1), count=1).strip()
    reported = _REPORTED.search(stripped)
    if reported:
        before = stripped[:reported.start()]
        stripped = before + (reported["aux"] + " " if not before.strip() else "") + stripped[reported.end():]
    if stripped == text or len([w for w in re.findall(r"\w\w+", stripped.lower()) if w not in _FUNCTION]) < 2:
        return question  # "what was said in the report": the pointer is all it asks about
    return stripped[0].upper() + stripped[1:] if text[:1].isupper() else stripped
