"""bench/train_reader.py: the training windows and their labels, and going on from the shipped reader."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import train_reader  # noqa: E402

from rag.answering.reader import encode_windows  # noqa: E402

CONTEXT = "The Vistula flows through Warsaw. The city was rebuilt after the Second World War."
QUESTION = "Which river flows through Warsaw?"


def item(answer: str | None) -> dict:
    return {"question": QUESTION, "context": CONTEXT, "answers": [answer] if answer else [],
            "start": CONTEXT.index(answer) if answer else None,
            "others": ["Krakow lies on the same river, further south.", "Warsaw has a metro with two lines."]}


def decoded(row: dict) -> str:
    from rag.answering.reader import tokenizer

    return tokenizer().decode(row["input_ids"][row["start_positions"]:row["end_positions"] + 1])


def test_each_answerable_question_reads_its_gold_paragraph_and_the_retrieved_negative():
    negative = "Warsaw's old town was listed as a World Heritage Site in 1980."
    rows = train_reader.features([item("The Vistula"), item(None)], negative_share=1.0,
                                 retrieved={QUESTION: negative})
    assert len(rows) == 3  # gold + negative for the answerable question, gold for the unanswerable one
    gold, neg, unanswerable = rows
    assert gold["answerable"] == 1.0 and decoded(gold).lower() == "the vistula"
    assert (neg["start_positions"], neg["end_positions"], neg["answerable"]) == (0, 0, 0.0)
    assert neg["input_ids"] == encode_windows(QUESTION, [negative])[0].ids
    assert (unanswerable["start_positions"], unanswerable["answerable"]) == (0, 0.0)


def test_without_a_retrieved_negative_the_question_reads_its_gold_paragraph_only():
    rows = train_reader.features([item("The Vistula")], negative_share=1.0, retrieved={})
    assert len(rows) == 1 and rows[0]["answerable"] == 1.0


def test_the_word_sharing_negative_is_an_other_paragraph_without_the_answer():
    others = ["Krakow lies on the Vistula too.", "Warsaw has a metro: the river is crossed by two lines.",
              "Poland joined the European Union in 2004."]
    assert train_reader.hardest_negative(QUESTION, others, ["The Vistula"]) == others[1]


@pytest.mark.slow
def test_training_can_go_on_from_the_shipped_reader():
    """The int8 ONNX reader's weights, dequantized into the torch model, give its answer, and
    give it every time: evaluation runs without dropout."""
    pytest.importorskip("onnx", reason="the test extra (pip install -e '.[test]')")
    from rag.embedding.sentence_transformer import model_path
    from rag.answering.reader import MODEL_FILE, Reader

    model = train_reader.build_model_class().from_pretrained(str(model_path()))
    model.train()  # as the Trainer leaves it
    train_reader.load_onnx_weights(model, MODEL_FILE)  # raises when the logits do not match
    assert model.training, "loading keeps the mode the model was in"
    shipped = Reader().read(QUESTION, [CONTEXT])[0]
    first, second = (train_reader.read_gold(model, [item("The Vistula")])[0] for _ in range(2))
    assert first == second
    prob, text = first
    assert text == CONTEXT[shipped.start:shipped.end]
    # int8 activations move the has-answer logit by up to about one
    assert abs(prob - shipped.probability) < 0.15 and prob > 0.5, (prob, shipped.probability)
