"""Batch evaluation (`rag eval`): question-set readers, metrics, runner, report and plots."""
from rag.evaluation.metrics import METRIC_KEYS
from rag.evaluation.questions import EvalSet, Question, load_set

__all__ = ["METRIC_KEYS", "EvalSet", "Question", "load_set"]
