"""What retrieval must do in every mode, whatever ranks it (a ranker of your own included):
passages that are exact spans of their documents, ranked 1..n best first, at most k, the same on
a second call, and a smaller k giving the start of a larger k's list."""
from __future__ import annotations



def check_retrieval(assistant, questions: list[str], k: int = 5) -> None:
    """``assistant``: an Assistant (or anything with ``retrievers``, ``retrieve`` and ``document``)
    over an index; every mode it offers is checked: each ranker alone, and hybrid."""
    for mode in assistant.retrievers:
        for question in questions:
            passages = assistant.retrieve(question, k=k, retriever=mode)
            assert 0 < len(passages) <= k, f"{mode}: between 1 and k passages for {question!r}"
            assert [p.rank for p in passages] == list(range(1, len(passages) + 1)), f"{mode}: ranks 1..n"
            scores = [p.score for p in passages]
            assert scores == sorted(scores, reverse=True), f"{mode}: best first"
            for p in passages:
                text = assistant.document(p.doc_id).text
                assert text[p.start:p.end] == p.text, f"{mode}: a passage is an exact span of its document"
            again = assistant.retrieve(question, k=k, retriever=mode)
            assert [(p.doc_id, p.start, p.end) for p in again] == [(p.doc_id, p.start, p.end) for p in passages], \
                f"{mode}: the same question gives the same passages"
            top = assistant.retrieve(question, k=1, retriever=mode)
            assert [(p.doc_id, p.start) for p in top] == [(p.doc_id, p.start) for p in passages[:1]], \
                f"{mode}: k=1 is the start of the longer list"
