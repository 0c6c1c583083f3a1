"""A question's pointer to where it read something ("according to the ADM column", "in the MOD
write-up", "per the press release") names a document, not a fact: the passages never hold those
words, so they pull the reader away from the sentence that answers. They are taken out of the
question the reader reads; retrieval keeps them (they may lead it to the document), and the answer
keeps the user's question. "In the articles" (plural) asks about them all and stays. A person or body as the source ("according to Kihara", "per the ministry") is no document and
stays: whose words are asked for is part of the question (composers/speakers.py)."""
from __future__ import annotations

import re

# Nouns that name a piece of writing; the qualifier must end with one of them.
_DOCUMENT = (r"(?:column|article|story|piece|report|write-?up|account|summary|press release|release|post|"
             r"blog(?: post)?|feature|news item|item|text|document)")  # one: "in the articles" means them all
_SOURCE = rf"(?:the |this |that |an? )?(?:[\w’'&.-]+ ){{0,4}}?{_DOCUMENT}"
_LEADING = re.compile(rf"^(?:according to|per|as (?:reported|stated|said|described) in|in|from) {_SOURCE}\s*,\s*",
                      re.IGNORECASE)
_TRAILING = re.compile(rf",?\s+(?:according to|per|as (?:reported|stated|said|described) in|in|from) {_SOURCE}"
                       r"(?=\s*[?.!]*\s*$)", re.IGNORECASE)
_FUNCTION = {"what", "who", "whom", "which", "when", "where", "why", "how", "is", "are", "was", "were", "did",
             "do", "does", "the", "an", "of", "in", "on", "at", "to", "it", "he", "she", "they", "said", "say",
             "says", "written", "there", "this", "that"}


def without_source(question: str) -> str:
    """``question`` without a leading or trailing pointer to a document; unchanged when it has
    none or when nothing would be left of it."""
    text = question.strip()
    stripped = _TRAILING.sub("", _LEADING.sub("", text, count=1), count=1).strip()
    if stripped == text or len([w for w in re.findall(r"\w\w+", stripped.lower()) if w not in _FUNCTION]) < 2:
        return question  # "what was said in the report": the pointer is all it asks about
    return stripped[0].upper() + stripped[1:] if text[:1].isupper() else stripped
