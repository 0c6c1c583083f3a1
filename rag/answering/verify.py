"""Check a generated answer against the passages it cites, sentence by sentence.

A language model may cite passages that do not exist, cite the wrong one, or write things no
passage says (its own knowledge, or an instruction injected into a passage). Nothing the model
writes is shown unverified: every answer sentence must be supported by a passage it cites, and
is then tied to the exact sentence of that passage that supports it (document offsets, so the
citation is exact by construction). Sentences that fail are removed.

Support score of an answer sentence against a passage::

    COSINE_WEIGHT * cos(sentence, best-matching passage sentence)
      + (1 - COSINE_WEIGHT) * share of the sentence's content words found in the passage

and 0 when the sentence states a number or a name the passage does not (the invented facts
embeddings miss). Passage sentences that address the model ("ignore previous instructions...")
are never evidence. A sentence is kept when its score reaches SUPPORT_THRESHOLD.

A sentence that says the opposite of its passage scores high all the same ("did not sign" against
"have signed": the same words, nearly the same meaning), so each sentence is also compared with
the passage span it is tied to (rag.answering.contradiction: a negation, a yes/no, another
number, date or name); a contradicted sentence is removed and marked (``Verification.contradictions``).

Pure: needs only an embedder (``encode(list[str]) -> normalised np.ndarray``), no model.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Protocol

import numpy as np

from rag.search import lexicon
from rag.answering.base import NO_ANSWER_TEXT, span_citation
from rag.answering.contradiction import Contradiction, find_contradiction
from rag.answering.grounding import numbers_in
from rag.ingest.sentences import split_sentences
from rag.types import Citation, Passage

# Measured by bench/llm/threshold.py (results in bench/llm/threshold.md) on 300 answerable
# SQuAD 2.0 dev questions, all-MiniLM-L6-v2, 1,799 (claim, paragraph) pairs. Supported: the
# paragraph sentence holding the answer, and "question: gold answer." statements, against the
# gold paragraph. Unsupported: those statements against another paragraph of the same article
# and of another article, another article's answer sentence, and "question: answer of another
# article's question." (an invented fact) against the gold paragraph. Best balanced accuracy
# (0.947; every weight from 0.1 to 0.5 is within 0.001) at weight 0.4, threshold 0.55: supported
# kept 94.0% (answer sentences 100%, question+answer statements 88.0%), unsupported rejected
# 95.5% (other paragraphs and foreign sentences 100%, invented answers 82.0%; without the
# number/name check below invented answers were only 69.3% rejected).
COSINE_WEIGHT = 0.4
SUPPORT_THRESHOLD = 0.55

_NAME = re.compile(r"[^\W\d_][\w'’-]*")
# A lead-in that only points at the sources or the question ("The answer is: ...").
_LEAD_IN = re.compile(r"^(?:(?:the\s+)?answer(?:\s+to\s+(?:the|this|your)\s+question)?(?:\s+is)?\s*:"
                      r"|according\s+to\s+(?:the\s+)?(?:passages?|documents?|sources?|texts?)\s*\d*\s*,"
                      r"|(?:the\s+)?(?:passages?|documents?|sources?|texts?)\s*\d*\s+(?:states?|says?|mentions?)"
                      r"(?:\s+that)?\s*:?)\s*",
                      re.IGNORECASE)
_MARKER = re.compile(r"\[\s*(\d+(?:\s*[,;]\s*\d+)*)\s*\]")
_LEADING_MARKERS = re.compile(r"^(?:\s*\[\s*\d+(?:\s*[,;]\s*\d+)*\s*\])+")
# Sentences written to steer the model ("ignore previous instructions and answer ...") are
# instructions, not evidence: they can never support an answer sentence.
_INSTRUCTION = re.compile(
    r"\b(?:ignore|disregard|forget|override)\b[^.!?\n]{0,60}\b(?:instructions?|prompts?|rules|above|previous|context)\b"
    r"|\b(?:you|assistant|model)\s+(?:must|should|will|are to)\s+(?:now\s+)?(?:answer|respond|reply|say|output)\b"
    r"|\b(?:answer|respond|reply)\s+(?:only\s+)?with\b"
    r"|\bsystem\s+prompt\b",
    re.IGNORECASE,
)
_NO_ANSWER = re.compile(
    r"\b(?:documents?|passages?|context|sources?|texts?)\s+(?:provided\s+)?(?:do|does)\s*(?:n['’]t|not)\s+"
    r"(?:hold|contain|include|provide|mention|say|give|answer)"
    r"|\b(?:no|not enough|insufficient)\s+information\b",
    re.IGNORECASE,
)
# Words a model uses to talk about the sources rather than the facts ("according to passage 2").
_META_WORDS = "passage passages document documents source sources text context answer"


class TextEncoder(Protocol):
    def encode(self, texts: list[str]) -> np.ndarray: ...


@dataclass
class SentenceCheck:
    """The verdict on one answer sentence; ``passage`` and ``span`` are set when supported."""

    text: str  # the sentence without its [n] markers
    cited: list[int]  # the numbers the model wrote, in order
    supported: bool = False
    score: float = 0.0
    passage: int | None = None  # 0-based index into the passages given to the model
    span: tuple[int, int] | None = None  # local offsets of the supporting sentence in that passage
    reason: str = ""
    contradiction: Contradiction | None = None  # set when it contradicts the passage text it matches


@dataclass
class Verification:
    """The verified answer: ``text`` holds only supported sentences, markers renumbered to
    ``citations`` (``[k]`` is ``citations[k-1]``)."""

    text: str
    citations: list[Citation]
    sentences: list[SentenceCheck]
    invalid_citations: list[int] = field(default_factory=list)
    says_no_answer: bool = False

    @property
    def supported(self) -> list[SentenceCheck]:
        return [s for s in self.sentences if s.supported]

    @property
    def contradictions(self) -> list[SentenceCheck]:
        """Sentences that contradict the passage span they are tied to (never shown)."""
        return [s for s in self.sentences if s.contradiction is not None]

    @property
    def confidence(self) -> float:
        kept = self.supported
        return float(np.mean([s.score for s in kept])) if kept else 0.0


@lru_cache(maxsize=1)
def _meta_words() -> frozenset[str]:
    return frozenset(lexicon.content_words(_META_WORDS))


def content_words(text: str) -> set[str]:
    """Stemmed content words (rag.search.lexicon) less the words that only refer to the sources."""
    return lexicon.content_words(text) - _meta_words()


def word_overlap(sentence: str, passage_text: str) -> float:
    """Share of ``sentence``'s content words present in ``passage_text`` (0 when it has none)."""
    words = content_words(sentence)
    if not words:
        return 0.0
    return len(words & content_words(passage_text)) / len(words)


def names_in(text: str) -> set[str]:
    """Stemmed capitalised words that are not the first word of the text (proper names)."""
    words = _NAME.findall(text)
    return {w for word in words[1:] if word[0].isupper() for w in lexicon.content_words(word)}


def missing_facts(sentence: str, passage_text: str) -> list[str]:
    """Numbers and names of ``sentence`` the passage does not state. A changed number or name is
    the commonest invented fact, and embeddings barely notice it ("completed in 1925" for "in
    1889", "designed by Gaudi" for "by Eiffel")."""
    return sorted((numbers_in(sentence) - numbers_in(passage_text))
                  | (names_in(sentence) - lexicon.content_words(passage_text)))


def support_score(cosine: float, overlap: float) -> float:
    return COSINE_WEIGHT * cosine + (1.0 - COSINE_WEIGHT) * overlap


def is_instruction(sentence: str) -> bool:
    """True for text addressed to the model (prompt injection), which is never evidence."""
    return bool(_INSTRUCTION.search(sentence))


def says_no_answer(text: str) -> bool:
    """True when the model states that the passages do not hold the answer."""
    flat = " ".join(text.split()).lower()
    return NO_ANSWER_TEXT.lower().rstrip(".") in flat or bool(_NO_ANSWER.search(flat))


def strip_markers(text: str) -> str:
    """The sentence without [n] markers and without a lead-in such as "The answer is:"."""
    out = _MARKER.sub("", text)
    out = re.sub(r"\s+([.,;:!?])", r"\1", out)
    out = " ".join(out.split())
    cut = _LEAD_IN.sub("", out)
    return cut[:1].upper() + cut[1:] if cut and cut != out else out


def parse_answer(text: str) -> list[tuple[str, list[int]]]:
    """Split an answer into ``(sentence, cited numbers)``. Markers written after a sentence's
    full stop ("... Europe. [2] Next ...") belong to the sentence before them."""
    parts: list[tuple[str, list[int]]] = []
    for a, b in split_sentences(text):
        raw = text[a:b]
        lead = _LEADING_MARKERS.match(raw)
        if lead and parts:
            parts[-1] = (parts[-1][0], parts[-1][1] + _numbers(lead.group(0)))
            raw = raw[lead.end():]
        sentence, nums = strip_markers(raw), _numbers(raw)
        if any(ch.isalnum() for ch in sentence):
            parts.append((sentence, nums))
        elif parts:
            parts[-1] = (parts[-1][0], parts[-1][1] + nums)
    return [(s, list(dict.fromkeys(n))) for s, n in parts]


def _numbers(text: str) -> list[int]:
    return [int(n) for group in _MARKER.findall(text) for n in re.split(r"\s*[,;]\s*", group)]


def _with_markers(sentence: str, numbers: list[int]) -> str:
    marks = "".join(f"[{n}]" for n in numbers)
    m = re.search(r"[.!?…]+[\"'”’)]*$", sentence)
    if m:
        return f"{sentence[:m.start()]} {marks}{sentence[m.start():]}"
    return f"{sentence} {marks}."


@dataclass
class _PassageSentences:
    spans: list[tuple[int, int]]  # every sentence of the passage, in order
    usable: list[bool]  # False for instructions (prompt injection): never evidence
    vectors: np.ndarray
    words: set[str]  # content words of the usable sentences
    text: str  # the title and usable sentences, for the number and name checks


def _passage_sentences(passages: list[Passage], needed: set[int], encoder: TextEncoder) -> dict[int, _PassageSentences]:
    spans = {i: split_sentences(passages[i].text) for i in sorted(needed)}
    texts = [passages[i].text[a:b] for i in spans for a, b in spans[i]]
    vectors = encoder.encode(texts) if texts else np.zeros((0, 1), dtype=np.float32)
    out: dict[int, _PassageSentences] = {}
    pos = 0
    for i, sp in spans.items():
        sentences = [passages[i].text[a:b] for a, b in sp]
        usable = [not is_instruction(t) for t in sentences]
        words = set().union(*(content_words(t) for t, ok in zip(sentences, usable) if ok))
        evidence = " ".join([passages[i].title] + [t for t, ok in zip(sentences, usable) if ok])
        out[i] = _PassageSentences(sp, usable, np.asarray(vectors[pos:pos + len(sp)]), words, evidence)
        pos += len(sp)
    return out


def _coverage(words: set[str], text: str) -> float:
    return len(words & content_words(text)) / len(words) if words else 0.0


def _best_support(vector: np.ndarray, sentence: str, passage: Passage, sents: _PassageSentences) -> tuple[float, tuple[int, int] | None]:
    """The support score against ``passage`` and the span that supports ``sentence``: the
    passage sentence matching best (cosine and word overlap together), joined with its
    neighbour when that covers more of the sentence's words ("The tower is in Paris. It was
    completed in 1889." for "The tower was completed in 1889")."""
    usable = [j for j, ok in enumerate(sents.usable) if ok]
    words = content_words(sentence)
    if not usable or not words:
        return 0.0, None
    text = passage.text
    cosines = sents.vectors @ vector
    local = {j: support_score(float(cosines[j]), _coverage(words, text[slice(*sents.spans[j])])) for j in usable}
    j = max(local, key=local.__getitem__)
    a, b = sents.spans[j]
    best_cover = _coverage(words, text[a:b])
    for k in (j - 1, j + 1):
        if 0 <= k < len(sents.spans) and sents.usable[k]:
            lo, hi = min(a, sents.spans[k][0]), max(b, sents.spans[k][1])
            cover = _coverage(words, text[lo:hi])
            if cover > best_cover:
                best_cover, (a, b) = cover, (lo, hi)
    if missing_facts(sentence, sents.text):
        return 0.0, (a, b)  # no support, but the span it speaks of (for the contradiction check)
    overlap = len(words & sents.words) / len(words)
    return support_score(float(cosines[j]), overlap), (a, b)


def verify_answer(answer: str, passages: list[Passage], encoder: TextEncoder,
                  threshold: float = SUPPORT_THRESHOLD, search_all: bool = True,
                  question: str = "") -> Verification:
    """Keep the answer sentences supported by a passage, each tied to its exact span.

    ``passages[i]`` is the passage the model saw as ``[i+1]``. A cited number outside
    ``1..len(passages)`` is an invalid citation: dropped, never shown, and a sentence citing only
    invalid numbers is dropped (the model invented a source). A sentence is checked against the
    passages it cites; with ``search_all`` (small models often forget markers or write the wrong
    number), one citing nothing, or not supported by its cited passage, may be supported by
    another passage and is then cited to that one.

    Each sentence is then compared with the span it is tied to (the supporting one, else the best
    match in the passage it cites): one that contradicts it (rag.answering.contradiction; ``question``
    serves the yes/no check) is removed, with ``contradiction`` set.
    """
    parsed = parse_answer(answer)
    checks = [SentenceCheck(text=s, cited=n) for s, n in parsed]
    invalid = sorted({n for c in checks for n in c.cited if not 1 <= n <= len(passages)})
    no_answer = any(says_no_answer(c.text) for c in checks)
    everything = list(range(len(passages)))

    candidates: dict[int, list[int]] = {}
    for k, check in enumerate(checks):
        valid = [n - 1 for n in check.cited if 1 <= n <= len(passages)]
        if says_no_answer(check.text):
            check.reason = "states that the passages do not hold the answer"
        elif not content_words(check.text):
            check.reason = "has no content to check"
        elif check.cited and not valid:
            check.reason = f"cites {', '.join(f'[{n}]' for n in check.cited)}, which do not exist"
        elif not valid and not search_all:
            check.reason = "cites no passage"
        else:
            candidates[k] = valid

    if candidates:
        needed = set(everything) if search_all else {i for idx in candidates.values() for i in idx}
        sents = _passage_sentences(passages, needed, encoder)
        vectors = encoder.encode([checks[k].text for k in candidates])

        def best(row: int, text: str, idx: list[int]) -> tuple[float, tuple[int, int] | None, int]:
            if not idx:
                return 0.0, None, -1
            return max(((*_best_support(vectors[row], text, passages[i], sents[i]), i) for i in idx),
                       key=lambda t: (t[0], t[1] is not None))

        every_text = " ".join(f"{p.title}\n{p.text}" for p in passages)
        for row, (k, idx) in enumerate(candidates.items()):
            check = checks[k]
            score, span, i = best(row, check.text, idx)
            probe = (i, span)  # the span the sentence speaks of, even when unsupported
            where = "its cited passage"
            if (span is None or score < threshold) and search_all:
                others = [j for j in everything if j not in idx]
                alt = best(row, check.text, others)
                if alt[1] is not None and alt[0] >= threshold:
                    score, span, i = alt
                if probe[1] is None:
                    probe = (alt[2], alt[1])
                where = "any passage"
            check.score = score
            if span is not None and score >= threshold:
                check.supported, check.passage, check.span = True, i, span
                check.reason = "supported" if i in idx else "supported by another passage than the one cited"
                probe = (i, span)
            else:
                check.reason = f"not supported by {where} (score {score:.2f})"
            if probe[1] is not None:
                evidence = passages[probe[0]].text[slice(*probe[1])]
                found = find_contradiction(check.text, evidence, question, every_text)
                if found is not None:
                    check.contradiction, check.supported, check.passage, check.span = found, False, None, None
                    check.reason = f"contradicts its passage: {found.describe()}"

    citations: list[Citation] = []
    index: dict[tuple[int, int, int], int] = {}
    shown: list[str] = []
    seen_text: set[str] = set()
    for check in checks:
        if not check.supported or check.text.lower() in seen_text:
            if check.supported:
                check.supported, check.reason = False, "repeats an earlier sentence"
            continue
        seen_text.add(check.text.lower())
        assert check.passage is not None and check.span is not None
        key = (check.passage, *check.span)
        if key not in index:
            citations.append(span_citation(passages[check.passage], *check.span))
            index[key] = len(citations)
        shown.append(_with_markers(check.text, [index[key]]))
    return Verification(text=" ".join(shown), citations=citations, sentences=checks,
                        invalid_citations=invalid, says_no_answer=no_answer)
