"""BENCHMARKS.md: every figure beside its floor from the same run."""

from __future__ import annotations

from bench.load import Result

# scenario -> the floor it is compared with, and the target ratio (None: report only)
COMPARISONS = {
    "landing": ("hello", None),
}


def _row(r: Result) -> str:
    return (
        f"| {r.name} | {r.requests:,} | {r.throughput:,.0f} | {r.p50 * 1000:.1f} | {r.p99 * 1000:.1f} | {r.errors} |"
    )


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
    lines += ["", "| scenario | compared with | throughput ratio | p99 ratio | target |", "|---|---|---:|---:|---|"]
    for name, (floor, target) in COMPARISONS.items():
        if name in results and floor in results:
            r, f = results[name], results[floor]
            ratio = r.throughput / f.throughput if f.throughput else 0
            p99 = r.p99 / f.p99 if f.p99 else 0
            lines.append(f"| {name} | {floor} | {ratio:.2f} | {p99:.2f} | {target or '—'} |")
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")
