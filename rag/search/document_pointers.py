"""Which document a question points at: "in the Janes article", "the ADM column", "per the sldinfo
post", "the piece about Japan and Norway joining forces", "the second article", "in file 003",
"in 002_7c382053da63ecea.txt".

A pointer is a phrase around a noun that names a piece of writing (article, column, piece, post,
press release, ...). Its words are matched against what each document says about itself, as the
index stores it: its title, its opening and closing lines (a byline, a photo caption, "read more
at ...", a site's address, where the site name is kept and the rest of the address dropped) and
its file name. A word names a document when that document's own lines hold it and no other
document holds it anywhere (so "Janes" or "sldinfo" names one document, "Japan" or "MoD" none);
every naming word of a pointer must name the same document. An ordinal ("the second article",
"document 3") counts in the order the assistant lists its documents; a file name, or the start of
one up to a separator ("file 003"), names that file. Retrieval then reads the named document only
(Assistant.retrieve). Anything less certain names nothing, and the question is answered as if it had
no pointer."""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from rag.search.lexicon import STOPWORDS, words

# Nouns that name a piece of writing (singular: "the articles" asks about them all).
_NOUNS = (r"(?:article|column|story|piece|report|write-?up|account|summary|post|blog(?:\s+post)?|press\s+release|"
          r"release|feature|news\s+item|item|op-?ed|editorial|document|doc|file|text)")
_NOUN = re.compile(rf"\b{_NOUNS}\b", re.IGNORECASE)
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
             "eighth": 8, "ninth": 9, "tenth": 10, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4, "5th": 5,
             "last": -1, "final": -1}
_ORDINAL = re.compile(rf"\bthe\s+({'|'.join(_ORDINALS)})\s+{_NOUNS}\b(?!\s+of\b)", re.IGNORECASE)
_NUMBERED = re.compile(r"\b(?:document|doc|file)\s+(?:number\s+|no\.?\s*|#\s*)?(\d{1,3})\b(?![-_.\w])", re.IGNORECASE)
_FILE_TOKEN = re.compile(r"[\w.-]*\d[\w.-]*|[\w-]+\.(?:txt|md|pdf|html?|docx?|pptx?|xlsx?|csv|json)\b", re.IGNORECASE)
# The words before the noun that may name it ("the Janes", "Corey Lee Bell's ADM"), back to a
# determiner, a possessive or a preposition; and what it is about ("on the MOU", "about X").
_BEFORE = 5
_ABOUT = re.compile(r"^\s*(?:about|on|covering|describing|reporting|that\s+\w+|which\s+\w+)\s+([^,;:?!]*)", re.IGNORECASE)
_ABOUT_WORDS = 10
_STOP_BEFORE = {"in", "from", "per", "by", "to", "of", "at", "with", "according", "does", "did", "do", "is", "was",
                "what", "which", "who", "whose", "how", "when", "where", "why", "and", "or", "that", "this", "these"}
# Words of a pointer that never name one document: the nouns above and words about writing.
_GENERIC = set(STOPWORDS) | {"article", "column", "story", "piece", "report", "write-up", "writeup", "write", "up",
                             "post", "blog", "press", "release", "account", "summary", "feature", "news", "item", "op-ed", "editorial",
                             "document", "doc", "file", "text", "website", "site", "web", "online", "page",
                             "one", "other", "same", "new", "latest", "recent", *_ORDINALS}
_URL = re.compile(r"(?:https?://)?(?:www\.)?((?:[\w-]+\.)+)(?:com|org|net|gov|int|mil|edu|info|co|uk|no|jp|au|io|news)"
                  r"\b(?:/\S*)?", re.IGNORECASE)
HEAD_LINES = 2  # opening lines that may say what a document is (byline, caption, dateline)
TAIL_LINES = 2  # closing lines (source, "read more at", the site's address)
LINE_WORDS = 40  # of a long opening line (a lead paragraph), the first words only


def terms(text: str) -> set[str]:
    """Words for matching: lowercased, accents folded, each possessive also without its "'s" and
    each hyphened word also in its parts ("Jane's" -> janes, jane; "2015-03-07" -> 2015, 03, 07)."""
    out: set[str] = set()
    for word in words(text):
        word = word.strip("'-")
        if not word:
            continue
        plain = word.replace("'", "")
        out.add(plain)
        if word.endswith("'s"):
            out.add(word[:-2])
        out.update(p for p in re.split(r"[-']", word) if p)
    return {w for w in out if len(w) > 1 or w.isdigit()}


def _own_lines(title: str, text: str) -> str:
    """What a document says about itself: its title, opening and closing lines, a URL as its site name."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    head = [" ".join(ln.split()[:LINE_WORDS]) for ln in lines[:HEAD_LINES]]
    tail = lines[-TAIL_LINES:] if len(lines) > HEAD_LINES else []
    own = " \n".join([title, *head, *tail])
    return _URL.sub(lambda m: " " + m[1].replace(".", " ") + " ", own)


@dataclass(frozen=True)
class Card:
    """One document as pointers see it."""

    doc_id: str
    order: int  # 1-based, in the assistant's listing
    own: frozenset[str]  # terms of its own lines (_own_lines)
    all: frozenset[str]  # terms of its whole text and title


def cards(documents: Sequence[tuple[str, str, str]]) -> list[Card]:
    """Cards of (doc_id, title, text) in listing order."""
    return [Card(doc_id, n, frozenset(terms(_own_lines(title, text))), frozenset(terms(f"{title}\n{text}")))
            for n, (doc_id, title, text) in enumerate(documents, 1)]


def has_pointer(question: str) -> bool:
    """Cheap test: whether the question may point at a document at all."""
    return bool(_NOUN.search(question) or _FILE_TOKEN.search(question))


def pointed_documents(question: str, load: Callable[[], list[Card]] | Sequence[Card]) -> list[str]:
    """The ids of the document(s) the question's pointer names ([] when none names one surely).
    ``load``: the cards, or a function giving them (called only when the question has a pointer)."""
    if not has_pointer(question):
        return []
    docs = load() if callable(load) else list(load)
    if not docs:
        return []
    named = _by_file_name(question, docs) or _by_order(question, docs) or _by_words(question, docs)
    return [named] if named else []


def _by_file_name(question: str, docs: Sequence[Card]) -> str | None:
    """A file's whole name or stem anywhere; the start of one up to a separator only after "file"
    or "document" ("file 003": a year that starts a file name is no pointer)."""
    found = set()
    for m in _FILE_TOKEN.finditer(question):
        token = m[0].strip(".-").lower()
        if len(token) < 3:
            continue
        introduced = re.search(r"\b(?:file|document|doc)\s+(?:number\s+|no\.?\s*|#\s*)?$", question[:m.start()], re.IGNORECASE)
        for d in docs:
            name = d.doc_id.lower().rsplit("/", 1)[-1]
            stem = name.rsplit(".", 1)[0]
            if token in (name, stem) or (introduced and name.startswith(token) and name[len(token)] in "_-. "):
                found.add(d.doc_id)
    return found.pop() if len(found) == 1 else None


def _by_order(question: str, docs: Sequence[Card]) -> str | None:
    m = _ORDINAL.search(question)
    if m:
        n = _ORDINALS[m[1].lower()]
    else:
        m = _NUMBERED.search(question)
        n = int(m[1]) if m else 0
    if n == -1:
        return docs[-1].doc_id
    return docs[n - 1].doc_id if 1 <= n <= len(docs) else None


def pointer_words(question: str) -> list[set[str]]:
    """For each pointer in the question, the words that may name its document: those before the
    noun back to a determiner, possessive or preposition, and what it is said to be about."""
    found = []
    for m in _NOUN.finditer(question):
        before = question[:m.start()].split()
        kept: list[str] = []
        for word in reversed(before[-_BEFORE:]):
            bare = word.strip(",.;:?!\"“”()").lower()
            if bare in _STOP_BEFORE or not bare or word[-1:] in ",;:?!":
                break
            if bare in ("the", "a", "an", "this", "that"):
                break
            kept.insert(0, bare)
        about = _ABOUT.match(question[m.end():])
        after = " ".join(about[1].split()[:_ABOUT_WORDS]) if about else ""
        naming = terms(" ".join(kept) + " " + after) - _GENERIC
        if naming:
            found.append(naming)
    return found


def _by_words(question: str, docs: Sequence[Card]) -> str | None:
    named: set[str] = set()
    for naming in pointer_words(question):
        for word in naming:
            holders = [d for d in docs if word in d.all]
            if len(holders) == 1 and word in holders[0].own:
                named.add(holders[0].doc_id)
    return named.pop() if len(named) == 1 else None


def naming_terms(cards_: Iterable[Card]) -> dict[str, str]:
    """Each word that names one document, with that document (for listing what pointers can use)."""
    cards_ = list(cards_)
    return {w: c.doc_id for c in cards_ for w in c.own if sum(w in d.all for d in cards_) == 1}
