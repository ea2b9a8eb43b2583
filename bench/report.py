"""BENCHMARKS.md: every figure beside its floor from the same run."""

from __future__ import annotations

from bench.load import Result

# scenario -> the floor it is compared with, and the target ratio (None: report only)
COMPARISONS = {
    "landing": ("hello", "≥ 0.5"),
    "landing_member": ("hello", "≥ 0.3"),
}


def _row(r: Result) -> str:
    return f"| {r.name} | {r.requests:,} | {r.throughput:,.0f} | {r.p50 * 1000:.1f} | {r.p99 * 1000:.1f} | {r.errors} |"


def write_report(path: str, meta: dict, results: dict[str, Result]) -> None:
    lines = [
        "# Benchmarks",
        "",
        "Measured by `make bench`. Figures are ratios to floors measured in the same run on the same",
        "machine: *hello* is a bare Flask JSON endpoint; *floor* is a bare Flask endpoint doing one",
        "`UPDATE … RETURNING` and a commit through the same driver and pool.",
        "",
        f"- date: {meta['date']}",
        f"- commit: {meta['commit']}",
        f"- machine: {meta['machine']}",
        f"- database: {meta['database']}",
        f"- load: {meta['clients']} closed-loop clients for {meta['seconds']:.0f} s per endpoint",
        "",
        "| endpoint | requests | req/s | p50 ms | p99 ms | 5xx/errors |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    lines += [_row(r) for r in results.values()]
    lines += [
        "",
        "| scenario | compared with | throughput ratio | p99 ratio | target |",
        "|---|---|---:|---:|---|",
    ]
    for name, (floor, target) in COMPARISONS.items():
        if name in results and floor in results:
            r, f = results[name], results[floor]
            ratio = r.throughput / f.throughput if f.throughput else 0
            p99 = r.p99 / f.p99 if f.p99 else 0
            lines.append(f"| {name} | {floor} | {ratio:.2f} | {p99:.2f} | {target or '—'} |")
    kept = kept_sections(path)  # written by the scenario modules, kept across runs of this one
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n" + "".join(f"\n{section}\n" for section in kept))


def put_section(path: str, start: str, end: str, section: str) -> str:
    """Put (or replace) the section between ``start`` and ``end`` markers of
    the file, leaving the rest as it is; returns the section."""
    try:
        text = open(path, encoding="utf-8").read()
    except FileNotFoundError:
        text = "# Benchmarks\n"
    if start in text and end in text:
        text = text[: text.index(start)] + section + text[text.index(end) + len(end) :]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text)
    return section


def kept_sections(path: str) -> list[str]:
    """Every ``<!-- name:start -->`` … ``<!-- name:end -->`` section of the file."""
    import re

    try:
        text = open(path, encoding="utf-8").read()
    except FileNotFoundError:
        return []
    return [
        m.group(0) for m in re.finditer(r"<!-- ([\w-]+):start -->.*?<!-- \1:end -->", text, re.S)
    ]


# --- reconciliation (python -m bench.reconcile) ----------------------------------

RECON_START, RECON_END = "<!-- reconcile:start -->", "<!-- reconcile:end -->"
RECON_TARGETS = {"ratio": 2.0, "peak_mb": 1024, "growth": 12.0}


def write_reconcile_section(path: str, meta: dict, runs: list) -> None:
    """Put (or replace) the reconciliation section of BENCHMARKS.md, leaving the rest as it is."""
    t = RECON_TARGETS
    lines = [
        RECON_START,
        "## Reconciliation",
        "",
        "Measured by `python -m bench.reconcile`: one tenant's statement lines matched to its ledger payments",
        "(Ref1 first, then amount within ±3 days) by `core.payments.reconciliation.matching.reconcile_account`, against",
        "one hand-written SQL statement doing the same matching and writes on the same data in the same run",
        "(its faster of two runs, JIT on and off). ~70 % of lines match by Ref1, ~20 % by amount and date, ~5 % are ambiguous,",
        "~5 % match nothing.",
        "",
        f"- date: {meta['date']}",
        f"- commit: {meta['commit']}",
        f"- machine: {meta['machine']}",
        f"- database: {meta['database']}",
        "",
        "| lines | payments | hand-written s | ours s | ours / hand-written | matched | ambiguous | peak MB |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in runs:
        lines.append(
            f"| {r.lines:,} | {r.payments:,} | {r.hand_s:.2f} | {r.ours_s:.2f} | {r.ratio:.2f} | "
            f"{r.matched:,} | {r.ambiguous:,} | {r.peak_mb:.0f} |"
        )
    lines += ["", "| check | measured | target |", "|---|---:|---|"]
    if runs:
        largest = runs[-1]
        lines.append(
            f"| ours / hand-written at {largest.lines:,} lines | {largest.ratio:.2f} | ≤ {t['ratio']:.0f} |"
        )
        lines.append(
            f"| peak memory of the process | {max(r.peak_mb for r in runs):.0f} MB | ≤ {t['peak_mb']} MB |"
        )
    if len(runs) >= 2 and runs[0].ours_s:
        small, large = runs[0], runs[-1]
        lines.append(
            f"| ours {small.lines:,} → {large.lines:,} lines | × {large.ours_s / small.ours_s:.1f} "
            f"| ≤ × {t['growth']:.0f} |"
        )
    lines.append(RECON_END)
    put_section(path, RECON_START, RECON_END, "\n".join(lines))
