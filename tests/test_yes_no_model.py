"""The shipped yes/no classifier (rag/models/yesno-int8.onnx, trained by bench/train_yesno.py)."""
from __future__ import annotations

import numpy as np
import pytest

from rag.answering.yes_no_model import CARD_FILE, MODEL_FILE, NO, UNRELATED, YES, YesNoModel
from rag.errors import RagError

QUESTION = "Is Oslo the capital of Norway?"
UNRELATED_TEXT = ("The tomato is the edible berry of the plant Solanum lycopersicum. The species originated "
                  "in western South America and Central America, and it is grown in gardens worldwide.")

needs_model = pytest.mark.skipif(
    not (MODEL_FILE.is_file() and CARD_FILE.is_file()),
    reason=f"{MODEL_FILE.name} is not built (train it with bench/train_yesno.py train, then export)")


def test_missing_model_is_a_one_line_error(tmp_path):
    with pytest.raises(RagError, match="missing") as err:
        YesNoModel(tmp_path / "yesno-int8.onnx").probabilities(QUESTION, ["Oslo is the capital of Norway."])
    assert "\n" not in str(err.value)


def test_no_texts_no_work(tmp_path):
    assert YesNoModel(tmp_path / "absent.onnx").probabilities(QUESTION, []).shape == (0, 3)


@pytest.mark.slow
@needs_model
def test_probabilities_are_distributions_in_order():
    texts = ["Oslo is the capital of Norway.", "Bergen is the capital of Norway.", UNRELATED_TEXT]
    p = YesNoModel().probabilities(QUESTION, texts)
    assert p.shape == (3, 3)
    assert np.all(p >= 0) and np.allclose(p.sum(axis=1), 1.0, atol=1e-5)
    # one at a time gives the same (up to the int8 graph's per-batch activation scales)
    alone = np.stack([YesNoModel().probabilities(QUESTION, [t])[0] for t in texts])
    assert np.abs(alone - p).max() < 0.05


@pytest.mark.slow
@needs_model
def test_an_unrelated_passage_is_unrelated():
    p = YesNoModel().probabilities(QUESTION, [UNRELATED_TEXT])[0]
    assert p.argmax() == UNRELATED, p


@pytest.mark.slow
@needs_model
def test_a_stated_fact_reads_yes_and_a_contradicting_one_less_so():
    model = YesNoModel()
    yes_text, no_text = model.probabilities(QUESTION, ["Oslo is the capital and most populous city of Norway.",
                                                       "Bergen is the capital and most populous city of Norway."])
    assert yes_text[YES] > yes_text[NO], yes_text
    assert yes_text[UNRELATED] < 0.5, yes_text
    # the contradicting passage moves the decision towards "no"
    assert (no_text[YES] - no_text[NO]) < (yes_text[YES] - yes_text[NO]), (yes_text, no_text)
