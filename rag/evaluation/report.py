"""Human-readable output: the metrics table (stdout) and a Markdown report with plots."""
from __future__ import annotations

from pathlib import Path

from rag.evaluation import plots
from rag.evaluation.runner import EvalResult


def fmt(value, digits: int = 4) -> str:
    if value is None:
        return "-"
    return f"{value:.{digits}f}" if isinstance(value, float) else str(value)


def metrics_table(metrics: dict) -> str:
    """Markdown table, one metric per row; null metrics show as '-'."""
    lines = ["| metric | value |", "|---|---|"]
    lines += [f"| {k} | {fmt(v, 1 if k.startswith('latency') else 4)} |" for k, v in metrics.items()]
    return "\n".join(lines)


KIND_COLUMNS = ["questions", "right", "short_answers", "f1", "answer_recall", "abstain_precision", "abstain_recall"]


def kinds_table(kinds: dict[str, dict]) -> str:
    """Markdown table: the main metrics, one row per question kind."""
    lines = ["| kind | " + " | ".join(KIND_COLUMNS) + " |", "|---|" + "---|" * len(KIND_COLUMNS)]
    lines += [f"| {kind} | " + " | ".join(fmt(m.get(c), 3) for c in KIND_COLUMNS) + " |" for kind, m in kinds.items()]
    return "\n".join(lines)


TURN_COLUMNS = ["questions", "right", "right_short", "short_answers", "answer_recall", "citation_accuracy"]


def turns_table(positions: dict[str, dict]) -> str:
    """Markdown table: chain metrics per turn position (1, 2, 3+)."""
    lines = ["| turn | " + " | ".join(TURN_COLUMNS) + " |", "|---|" + "---|" * len(TURN_COLUMNS)]
    lines += [f"| {p} | " + " | ".join(fmt(m.get(c), 3) for c in TURN_COLUMNS) + " |" for p, m in positions.items()]
    return "\n".join(lines)


def chain_turns_table(records: list[dict]) -> str:
    """Markdown table, one row per turn: what was typed, how it was asked, the answer, and whether
    it was right and short."""
    lines = ["| turn | question | asked as | answer | right | short |", "|---|---|---|---|---|---|"]
    for r in records:
        answer = "(abstained)" if r["abstained"] else _cell(r["answer"], 60)
        asked = "" if r["asked_as"] == r["question"] else _cell(r["asked_as"], 70)
        short = r["scores"].get("right_short")
        lines.append(f"| {r['id']} | {_cell(r['question'], 60)} | {asked} | {answer} | "
                     f"{_yes(r['scores'].get('right'))} | {_yes(short)} |")
    return "\n".join(lines)


def _cell(text: str, width: int) -> str:
    text = " ".join(str(text).split()).replace("|", "\\|")
    return text if len(text) <= width else text[:width - 1] + "…"


def _yes(value) -> str:
    return "-" if value is None else ("yes" if value else "no")


def _question_section(r: dict) -> list[str]:
    status = "FAIL" if r["failed"] else "ok"
    gold = r["answers"] if r["answers"] is not None else "(retrieval only)"
    if r["answers"] == []:
        gold = "(unanswerable)"
    lines = [f"### [{status}] {r['id']} ({r.get('kind') or '-'}): {r['question']}", "",
             f"- gold answers: {gold}; gold sources: {', '.join(r['sources']) or '-'}"]
    if r["answer"] is not None:
        how = "abstained" if r["abstained"] else "answered"
        lines.append(f"- answer ({how}, confidence {r['confidence']:.3f}): {r['answer']}")
        if r.get("reason"):
            lines.append(f"- reason: {r['reason']}")
        for c in r["citations"]:
            quote = " ".join(c["text"].split())
            lines.append(f"- cited `{c['doc_id']}`[{c['start']}:{c['end']}]: \"{quote}\"")
    gold_set = set(r["sources"])
    docs = ", ".join(f"**{d}**" if d in gold_set else d for d in r["retrieved"])
    lines += [f"- retrieved (gold in bold): {docs or '-'}",
              "- scores: " + ", ".join(f"{k} {fmt(v)}" for k, v in r["scores"].items() if v is not None),
              f"- latency: {r['latency_ms']:.0f} ms", ""]
    return lines


def sweep_table(sweep: list[dict], threshold: float | None) -> list[str]:
    """Every 0.1 of the sweep, and the threshold in use."""
    lines = ["| abstention threshold | answer_recall | abstain_precision | abstain_recall |", "|---|---|---|---|"]
    for row in sweep:
        current = threshold is not None and abs(row["threshold"] - threshold) < 1e-6
        if round(row["threshold"] * 50) % 5 == 0 or current:
            mark = " (in use)" if current else ""
            lines.append(f"| {row['threshold']:{'g' if current else '.2f'}}{mark} | {fmt(row['answer_recall'])} | "
                         f"{fmt(row['abstain_precision'])} | {fmt(row['abstain_recall'])} |")
    return lines + [""]


def write_report(result: EvalResult, out_dir: str | Path) -> Path:
    """Write report.md plus its PNG plots into ``out_dir``; returns the report path."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    images = []
    if result.recall_curve:
        plots.plot_recall_curve(result.recall_curve, out / "recall_at_k.png")
        images.append(("Document recall@k, k = 1..20", "recall_at_k.png"))
    if result.per_question:
        plots.plot_latency([r["latency_ms"] for r in result.per_question], out / "latency.png")
        images.append(("Latency per question", "latency.png"))
    if any(r["confidence"] is not None for r in result.per_question):
        plots.plot_confidence(result.per_question, result.threshold, out / "confidence.png")
        images.append(("Answer confidence (dashed line: abstention threshold)", "confidence.png"))
    if result.sweep:
        plots.plot_threshold_sweep(result.sweep, result.threshold, out / "threshold_sweep.png")
        images.append(("Answer recall and abstention at each threshold (`--abstain-threshold`)",
                       "threshold_sweep.png"))

    cfg = result.config
    failures = [r for r in result.per_question if r["failed"]]
    lines = [f"# Evaluation report: {cfg['set']}", "",
             "Configuration: " + ", ".join(f"{k} = {fmt(v)}" for k, v in cfg.items()), "",
             "## Metrics", "", metrics_table(result.metrics), ""]
    if result.positions:
        lines += ["## By turn position", "", turns_table(result.positions), "",
                  "## Turns", "", chain_turns_table(result.per_question), ""]
    if result.kinds:
        lines += ["## By question kind", "", kinds_table(result.kinds), ""]
    for caption, name in images:
        lines += [f"**{caption}**", "", f"![{caption}]({name})", ""]
    if result.sweep:
        lines += sweep_table(result.sweep, result.threshold)
    lines += [f"## Questions ({len(failures)} failures first, then the rest)", ""]
    for r in failures + [r for r in result.per_question if not r["failed"]]:
        lines += _question_section(r)
    path = out / "report.md"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path
