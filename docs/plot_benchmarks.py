#!/usr/bin/python3
"""Turns docs/benchmarks.json (JMH) and docs/scale.json (VirtualThreadScale) into the ratio table
of docs/benchmarks.md (printed as Markdown) and the chart docs/benchmarks.png.

Every figure is a ratio of two results of the same run; its error combines the two relative errors
(JMH: 99.9 % confidence half-width; scale harness: standard deviation over its rounds).
Run with Debian's python3 and python3-matplotlib:  /usr/bin/python3 docs/plot_benchmarks.py
"""
import json
import math
import os

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
PKG = "dev.orchestrator.bench."


def load_jmh(path):
    results = {}
    for entry in json.load(open(path)):
        name = entry["benchmark"].replace(PKG, "")
        results[name] = entry
    return results


def primary(results, name):
    m = results[name]["primaryMetric"]
    return m["score"], m["scoreError"], m["scoreUnit"]


def secondary(results, name, metric):
    m = results[name]["secondaryMetrics"][metric]
    return m["score"], m["scoreError"], m["scoreUnit"]


def ratio(a, ea, b, eb):
    r = a / b
    err = r * math.sqrt((ea / a) ** 2 + (eb / b) ** 2) if a and b else float("nan")
    return r, err


def fmt(v, e, unit=""):
    def num(x):
        if x != x:
            return "n/a"
        if abs(x) >= 100:
            return f"{x:,.0f}"
        if abs(x) >= 10:
            return f"{x:.1f}"
        if abs(x) >= 0.1 or x == 0:
            return f"{x:.2f}"
        return f"{x:.2g}"
    return f"{num(v)} ± {num(e)}{(' ' + unit) if unit else ''}"


def main():
    jmh = load_jmh(os.path.join(HERE, "benchmarks.json"))
    scale_path = os.path.join(HERE, "scale.json")
    scale = json.load(open(scale_path)) if os.path.exists(scale_path) else None
    rows = []  # (label, ratio, error, target, lower_is_better, figures text, target text)

    rt = "JobRoundTripBenchmark."
    ours = primary(jmh, rt + "orchestrator")
    base = primary(jmh, rt + "executorSubmitGet")
    r4j = primary(jmh, rt + "resilience4jRetryTimeLimiter")
    floor = primary(jmh, rt + "threeHandOffFloor")
    rows.append(("1 round trip ÷ submit(noop).get()", *ratio(ours[0], ours[1], base[0], base[1]), 1.5, True,
                 f"ours {fmt(ours[0], ours[1], 'µs')}; submit/get {fmt(base[0], base[1], 'µs')}", "≤ 1.5×"))
    rows.append(("1 round trip ÷ Resilience4j Retry+TimeLimiter", *ratio(ours[0], ours[1], r4j[0], r4j[1]), 1.0, True,
                 f"Resilience4j {fmt(r4j[0], r4j[1], 'µs')}", "< 1× (faster)"))
    rows.append(("1 (reference) three hand-offs ÷ submit/get", *ratio(floor[0], floor[1], base[0], base[1]), None, True,
                 f"three hand-offs {fmt(floor[0], floor[1], 'µs')}", "— (floor of any design that delivers on another pool)"))
    rows.append(("1 (reference) round trip ÷ three hand-offs", *ratio(ours[0], ours[1], floor[0], floor[1]), None, True,
                 "", "—"))

    fo = "BusFanOutBenchmark."
    bus = primary(jmh, fo + "signalBus")
    dis = primary(jmh, fo + "disruptor")
    rea = primary(jmh, fo + "reactor")
    rows.append(("2 fan-out ÷ Disruptor", *ratio(bus[0], bus[1], dis[0], dis[1]), 1.5, True,
                 f"bus {fmt(bus[0], bus[1], 'ms')}; Disruptor {fmt(dis[0], dis[1], 'ms')}", "≤ 1.5×"))
    rows.append(("2 fan-out ÷ Reactor", *ratio(bus[0], bus[1], rea[0], rea[1]), 0.5, True,
                 f"Reactor {fmt(rea[0], rea[1], 'ms')}", "≤ 0.5× (≥ 2× faster)"))

    ro = "RoutingBenchmark."
    orch = primary(jmh, ro + "orchestrator")
    bare = primary(jmh, ro + "bareSubscriber")
    r, e = ratio(bare[0], bare[1], orch[0], orch[1])  # rate ratio = inverse time ratio
    rows.append(("3 routing rate ÷ bare subscriber rate", r, e, 0.5, False,
                 f"orchestrator {fmt(orch[0], orch[1], 'ms')}; bare {fmt(bare[0], bare[1], 'ms')} per 10,000 events",
                 "≥ 0.5×"))

    sa = "SaturationLatencyBenchmark."
    pb = secondary(jmh, sa + "signalBus", "signalBusProbe")
    pd = secondary(jmh, sa + "disruptor", "disruptorProbe")
    pct_b = jmh[sa + "signalBus"]["secondaryMetrics"]["signalBusProbe"]["scorePercentiles"]
    pct_d = jmh[sa + "disruptor"]["secondaryMetrics"]["disruptorProbe"]["scorePercentiles"]
    rows.append(("4 saturated latency (mean) ÷ Disruptor", *ratio(pb[0], pb[1], pd[0], pd[1]), 2.0, True,
                 f"bus {fmt(pb[0], pb[1], 'µs')} (p50 {pct_b['50.0']:.1f}, p99 {pct_b['99.0']:.0f} µs); "
                 f"Disruptor {fmt(pd[0], pd[1], 'µs')} (p50 {pct_d['50.0']:.1f}, p99 {pct_d['99.0']:.0f} µs)", "≤ 2×"))
    rows.append(("4 saturated latency (p99) ÷ Disruptor", pct_b["99.0"] / pct_d["99.0"], float("nan"), 2.0, True,
                 "", "≤ 2×"))

    gc = "gc.alloc.rate.norm"
    ab = secondary(jmh, rt + "orchestrator", gc)
    bb = secondary(jmh, rt + "executorSubmitGet", gc)
    rb = secondary(jmh, rt + "resilience4jRetryTimeLimiter", gc)
    rows.append(("5 bytes per job round trip ÷ 1 KB", ab[0] / 1024, ab[1] / 1024, 1.0, True,
                 f"ours {fmt(ab[0], ab[1], 'B/op')}; submit/get {fmt(bb[0], bb[1], 'B/op')} "
                 f"(ratio {ab[0] / bb[0]:.1f}×); Resilience4j {fmt(rb[0], rb[1], 'B/op')}", "≤ 1 KB (1,024 B)"))

    if scale:
        w_o, w_r = scale["orchestratorWallSeconds"], scale["rawWallSeconds"]
        h_o, h_r = scale["orchestratorHeapBytesPerJob"], scale["rawHeapBytesPerTask"]
        rows.append(("6 scale: wall ÷ raw virtual threads", *ratio(w_o["mean"], w_o["stdev"], w_r["mean"], w_r["stdev"]),
                     1.3, True, f"ours {fmt(w_o['mean'], w_o['stdev'], 's')}; raw {fmt(w_r['mean'], w_r['stdev'], 's')}",
                     "≤ 1.3×"))
        rows.append(("6 scale: live heap per job ÷ raw", *ratio(h_o["mean"], h_o["stdev"], h_r["mean"], h_r["stdev"]),
                     2.0, True, f"ours {fmt(h_o['mean'], h_o['stdev'], 'B')}; raw {fmt(h_r['mean'], h_r['stdev'], 'B')}",
                     "≤ 2×"))

    print("| figure | ratio | target | met | measured (same run) |")
    print("|---|---|---|---|---|")
    for label, r, e, target, lower, text, ttext in rows:
        met = "—" if target is None else ("yes" if (r <= target if lower else r >= target) else "**no**")
        print(f"| {label} | {fmt(r, e, '×')} | {ttext} | {met} | {text} |")

    charted = [row for row in rows if row[3] is not None]
    fig, ax = plt.subplots(figsize=(10, 0.55 * len(charted) + 1.6))
    ys = list(range(len(charted)))[::-1]
    for y, (label, r, e, target, lower, _, ttext) in zip(ys, charted):
        met = r <= target if lower else r >= target
        ax.barh(y, r, color="#4caf50" if met else "#e53935", alpha=0.85,
                xerr=None if e != e else e, capsize=3)
        ax.plot([target, target], [y - 0.4, y + 0.4], color="black", linewidth=2)
        ax.text(max(r + (e if e == e else 0), target) * 1.15, y, f"{fmt(r, float('nan')).split(' ±')[0]}×  (target {ttext})", va="center", fontsize=8)
    ax.set_yticks(ys)
    ax.set_yticklabels([row[0] for row in charted], fontsize=8)
    ax.set_xscale("log")
    ax.set_xlim(min(row[1] for row in charted) / 3, max(row[1] for row in charted) * 30)
    ax.set_xlabel("ratio to the baseline of the same run (log scale); black bar = target; green = met, red = missed")
    jdk = next(iter(jmh.values())).get("jdkVersion", "?")
    ax.set_title(f"Orchestrator benchmarks vs baselines, same run (JDK {jdk}, 2 cores)", fontsize=10)
    ax.grid(axis="x", which="both", alpha=0.3)
    fig.tight_layout()
    fig.savefig(os.path.join(HERE, "benchmarks.png"), dpi=110)


if __name__ == "__main__":
    main()
