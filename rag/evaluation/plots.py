"""PNG plots for the evaluation report (matplotlib, Agg backend: no display needed)."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Sequence

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def _save(fig, path: Path) -> Path:
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def plot_recall_curve(curve: Sequence[float], path: Path) -> Path:
    fig, ax = plt.subplots(figsize=(6, 4))
    ks = range(1, len(curve) + 1)
    ax.plot(ks, curve, marker="o")
    ax.set(xlabel="k (documents)", ylabel="recall@k", title="Document recall@k", ylim=(0, 1.02),
           xticks=list(ks))
    ax.grid(alpha=0.3)
    return _save(fig, path)


def plot_latency(latencies_ms: Sequence[float], path: Path) -> Path:
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.hist(latencies_ms, bins=30, color="tab:gray")
    ax.set(xlabel="latency per question (ms)", ylabel="questions", title="End-to-end latency")
    return _save(fig, path)


def plot_confidence(records: Sequence[dict[str, Any]], threshold: float | None, path: Path) -> Path:
    """Confidence histograms: answered vs abstained, and gold answerable vs unanswerable.
    The second panel is the one that shows where the abstention threshold should sit."""
    rows = [r for r in records if r["confidence"] is not None]
    fig, axes = plt.subplots(1, 2, figsize=(11, 4), sharex=True)
    panels = [("answered vs abstained", [("answered", lambda r: not r["abstained"]),
                                         ("abstained", lambda r: r["abstained"])]),
              ("gold answerable vs unanswerable", [("answerable", lambda r: bool(r["answers"])),
                                                   ("unanswerable", lambda r: not r["answers"])])]
    values = [r["confidence"] for r in rows]
    lo, hi = (min(values), max(values)) if values else (0.0, 1.0)
    if threshold is not None:
        lo, hi = min(lo, threshold), max(hi, threshold)
    bins = [lo + (hi - lo) * i / 30 for i in range(31)] if hi > lo else 30
    for ax, (title, groups) in zip(axes, panels):
        for label, keep in groups:
            ax.hist([r["confidence"] for r in rows if keep(r)], bins=bins, alpha=0.6, label=label)
        if threshold is not None:
            ax.axvline(threshold, color="black", linestyle="--", label=f"threshold {threshold:g}")
        ax.set(xlabel="confidence", ylabel="questions", title=title)
        ax.legend()
    return _save(fig, path)


def plot_threshold_sweep(sweep: Sequence[dict[str, Any]], threshold: float | None, path: Path) -> Path:
    """Answer recall against abstention precision and recall as the threshold moves: where to
    set ``--abstain-threshold`` for this kind of question."""
    fig, ax = plt.subplots(figsize=(7, 4))
    xs = [row["threshold"] for row in sweep]
    for key, label in (("answer_recall", "answer recall"), ("abstain_precision", "abstention precision"),
                       ("abstain_recall", "abstention recall")):
        ys = [row[key] for row in sweep]
        if any(y is not None for y in ys):
            ax.plot(xs, [float("nan") if y is None else y for y in ys], label=label)
    if threshold is not None:
        ax.axvline(threshold, color="black", linestyle="--", label=f"threshold in use {threshold:g}")
    ax.set(xlabel="abstention threshold", ylabel="share", ylim=(0, 1.02),
           title="What each abstention threshold would give")
    ax.grid(alpha=0.3)
    ax.legend()
    return _save(fig, path)
