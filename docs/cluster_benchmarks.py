#!/usr/bin/env python3
"""Cluster-mode benchmarks (issue 9): merges the JMH results of the rounds of
run_cluster_benchmarks.sh into cluster-benchmarks.json and prints the table of docs/benchmarks.md,
"Cluster mode".

  cluster_benchmarks.py ROUND_DIR   merge ROUND_DIR/*.json (and the [cpu] lines of the matching .log
                                    files) into docs/cluster-benchmarks.json, then print the table
  cluster_benchmarks.py             print the table of docs/cluster-benchmarks.json

Each JMH invocation of the script is one benchmark (and one instance count) in one fork; its file is
named <round>-<benchmark>-<instances>.json. A figure pools the measured iterations of every round:
mean and 99.9 % confidence half-width (Student's t over all iterations, as JMH computes its error
within one run). A ratio's error combines the two relative errors (in quadrature), as
plot_benchmarks.py does for the core's figures. Only the Python standard library.
"""
import glob
import json
import math
import os
import re
import statistics
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "cluster-benchmarks.json")
PACKAGE = "dev.orchestrator.spring.bench."

# two-sided 99.9 % quantiles of Student's t (0.9995), by degrees of freedom
T999 = {1: 636.62, 2: 31.60, 3: 12.92, 4: 8.61, 5: 6.87, 6: 5.96, 7: 5.41, 8: 5.04, 9: 4.78,
        10: 4.59, 11: 4.44, 12: 4.32, 13: 4.22, 14: 4.14, 15: 4.07, 16: 4.01, 17: 3.97, 18: 3.92,
        19: 3.88, 20: 3.85, 21: 3.82, 22: 3.79, 23: 3.77, 24: 3.75, 25: 3.73, 26: 3.71, 27: 3.69,
        28: 3.67, 29: 3.66, 30: 3.65, 40: 3.55, 60: 3.46, 120: 3.37}


def t999(df):
    if df in T999:
        return T999[df]
    for limit in (40, 60, 120):
        if df < limit:
            return T999[limit]
    return 3.29


def merge(directory):
    merged = []
    for path in sorted(glob.glob(os.path.join(directory, "*.json"))):
        name = os.path.basename(path)[:-5]
        round_no = int(name.split("-")[0])
        with open(path) as f:
            results = json.load(f)
        log = path[:-5] + ".log"
        cpu = None
        taken = None
        if os.path.exists(log):
            with open(log, errors="replace") as f:
                text = f.read()
            m = re.search(r"\[cpu\] .*?over (\d+) measured jobs: benchmark JVM (\d+) us, broker (\d+) us", text)
            if m:
                cpu = {"measuredJobs": int(m.group(1)), "benchmarkJvmMicros": int(m.group(2)),
                       "brokerMicros": int(m.group(3))}
            m = re.search(r"taken per (?:instance|consumer) after the warm-up: \[([0-9, ]+)\]", text)
            if m:
                taken = [int(x) for x in m.group(1).split(",")]
        for result in results:
            result["round"] = round_no
            if cpu:
                result["cpuPerJob"] = cpu
            if taken:
                result["takenPerConsumer"] = taken
            merged.append(result)
    with open(OUT, "w") as f:
        json.dump(merged, f, indent=2)
    return merged


def iterations(result):
    """The score of each measured iteration: its mean round trip for sample time."""
    metric = result["primaryMetric"]
    if "rawDataHistogram" in metric:
        means = []
        for fork in metric["rawDataHistogram"]:
            for histogram in fork:
                count = sum(n for _, n in histogram)
                means.append(sum(v * n for v, n in histogram) / count)
        return means
    return [v for fork in metric["rawData"] for v in fork]


def pooled(results):
    values = [v for r in results for v in iterations(r)]
    mean = statistics.fmean(values)
    err = t999(len(values) - 1) * statistics.stdev(values) / math.sqrt(len(values)) if len(values) > 1 else float("nan")
    return mean, err, len(values)


def percentile(results, q):
    """The q-quantile of every sampled round trip of the results (sample time only), else None."""
    samples = []
    for r in results:
        for fork in r["primaryMetric"].get("rawDataHistogram", []):
            for histogram in fork:
                samples.extend(histogram)
    if not samples:
        return None
    samples.sort()
    total = sum(n for _, n in samples)
    seen = 0
    for v, n in samples:
        seen += n
        if seen >= q * total:
            return v
    return samples[-1][0]


def ratio(a, ea, b, eb):
    r = a / b
    return r, r * math.sqrt((ea / a) ** 2 + (eb / b) ** 2)


def key(result):
    return result["benchmark"].replace(PACKAGE, ""), result.get("params", {}).get("instances", "")


def cpu_text(results):
    cpu = [r["cpuPerJob"] for r in results if "cpuPerJob" in r]
    if not cpu:
        return "n/a"
    jvm = statistics.fmean(c["benchmarkJvmMicros"] for c in cpu)
    broker = statistics.fmean(c["brokerMicros"] for c in cpu)
    return f"{jvm:,.0f} + {broker:,.0f} µs"


def table(merged):
    groups = {}
    for result in merged:
        groups.setdefault(key(result), []).append(result)
    rounds = sorted({r["round"] for r in merged})
    unit = {k: v[0]["primaryMetric"]["scoreUnit"] for k, v in groups.items()}
    lines = []
    lines.append("| figure | ours (orchestrator) | baseline (bare Kafka) | ratio | target | met | per round | CPU per job, ours (benchmark JVM + broker) | CPU per job, bare |")
    lines.append("|---|---|---|---|---|---|---|---|---|")

    def row(label, ours_key, bare_key, invert, target, good):
        ours, bare = groups.get(ours_key), groups.get(bare_key)
        if not ours or not bare:
            return
        a, ea, na = pooled(ours)
        b, eb, nb = pooled(bare)
        r, er = ratio(a, ea, b, eb)
        per_round = []
        for n in rounds:
            o = [x for x in ours if x["round"] == n]
            k = [x for x in bare if x["round"] == n]
            if o and k:
                per_round.append(f"{pooled(o)[0] / pooled(k)[0]:.2f}")
        met = "—" if target is None else ("yes" if good(r) else "**no**")
        u = unit[ours_key].replace("us/op", "µs").replace("ops/s", "jobs/s")
        lines.append(f"| {label} | {a:,.0f} ± {ea:,.0f} {u} | {b:,.0f} ± {eb:,.0f} {u} | {r:.2f} ± {er:.2f} × | "
                     f"{target or '—'} | {met} | {', '.join(per_round)} | {cpu_text(ours)} | {cpu_text(bare)} |")

    row("round trip, ours ÷ bare (time; lower is better)",
        ("ClusterRoundTripBenchmark.orchestrator", ""), ("ClusterRoundTripBenchmark.kafka", ""),
        False, "≤ 1.5×", lambda r: r <= 1.5)
    for n in ("1", "2", "3"):
        row(f"throughput, {n} instance{'s' if n != '1' else ''} ({n} share consumer{'s' if n != '1' else ''}), ours ÷ bare (rate; higher is better)",
            ("ClusterThroughputBenchmark.orchestrator", n), ("ClusterThroughputBenchmark.kafka", n),
            True, None, None)
    print("\n".join(lines))
    print()
    ours = groups.get(("ClusterRoundTripBenchmark.orchestrator", ""))
    bare = groups.get(("ClusterRoundTripBenchmark.kafka", ""))
    if ours and bare and percentile(ours, 0.5) is not None:
        cells = []
        for q in (0.5, 0.9, 0.99):
            a, b = percentile(ours, q), percentile(bare, q)
            cells.append(f"p{q * 100:g} {a:,.0f} ÷ {b:,.0f} µs = {a / b:.2f}×")
        n_ours = sum(n for r in ours for f in r["primaryMetric"]["rawDataHistogram"] for h in f for _, n in h)
        n_bare = sum(n for r in bare for f in r["primaryMetric"]["rawDataHistogram"] for h in f for _, n in h)
        print(f"round trip percentiles, ours ÷ bare (all measured round trips, {n_ours:,} and {n_bare:,}): " + "; ".join(cells))
        print()
    print(f"rounds: {', '.join(str(n) for n in rounds)}; iterations pooled per figure: "
          + ", ".join(f"{k[0].split('.')[-1]}{'/' + k[1] if k[1] else ''} {len([v for r in g for v in iterations(r)])}"
                      for k, g in sorted(groups.items())))
    for k, g in sorted(groups.items()):
        spread = [r.get("takenPerConsumer") for r in g if r.get("takenPerConsumer")]
        if spread and len(spread[0]) > 1:
            print(f"{k[0]} instances={k[1]}: jobs taken per consumer (after the warm-up), per round: {spread}")


def main():
    if len(sys.argv) > 1:
        merged = merge(sys.argv[1])
    else:
        with open(OUT) as f:
            merged = json.load(f)
    table(merged)


if __name__ == "__main__":
    main()
