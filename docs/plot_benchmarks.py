#!/usr/bin/python3
"""Ratio table and chart of a benchmark run (docs/run_benchmarks.sh).

Usage:  /usr/bin/python3 docs/plot_benchmarks.py [DIR] [--publish]

DIR (default: docs, the published run) holds the run's results:
  benchmarks.json  JMH results: one JSON list; a run of docs/run_benchmarks.sh has one entry per
                   benchmark and round (each with its "round"); when DIR/rounds exists, its
                   per-round files (*.json, with the flood rates of *.rates.jsonl) are merged into
                   it anew
  scale.json       the virtual-thread scale harness (optional)
Prints the ratio table (Markdown, also written to DIR/table.md) and draws DIR/benchmarks.png when
python3-matplotlib is installed (apt-get install python3-matplotlib); the table needs only the
standard library. For the published run (DIR = docs) it writes nothing unless --publish is given,
and then only docs/benchmarks.png.

Statistics. A figure is the mean of its measured iterations, pooled over all rounds (forks), with
the half-width of its 99.9 % confidence interval (Student's t over the iterations, as JMH's own
error). A ratio of two figures gets a 99.9 % interval from the two means' standard errors: the
log of the ratio has the standard error sqrt((s_a/m_a)^2/n_a + (s_b/m_b)^2/n_b) with
Welch-Satterthwaite's degrees of freedom, so the interval is asymmetric and never negative. A
percentile's standard error comes from its spread over the rounds. A verdict is printed only when
the interval supports it: "met" when all of it is on the target's side, "missed" when none of it is,
"inconclusive" when it straddles the target. "per round" lists the ratio of each round's means
(ours and the baseline ran back to back in each round), which shows drift that pooling hides.
"""
import glob
import json
import math
import os
import random
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
PKG = "dev.orchestrator.bench."
# the Disruptor's default wait strategy per benchmark (WaitStrategies in the benchmarks' sources);
# results with another one (-p waitStrategy=...) are keyed "<name>[<strategy>]"
DEFAULT_WAIT_STRATEGY = {"BusFanOutBenchmark": "liteBlocking", "SaturationLatencyBenchmark": "liteBlocking"}


# ---- Student's t, standard library only -------------------------------------------------------

def _betacf(a, b, x):
    """Continued fraction of the regularized incomplete beta function (modified Lentz)."""
    tiny = 1e-300
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 300):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < 1e-12:
            break
    return h


def _betai(a, b, x):
    if x <= 0:
        return 0.0
    if x >= 1:
        return 1.0
    lbeta = math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log(1 - x)
    if x < (a + 1) / (a + b + 2):
        return math.exp(lbeta) * _betacf(a, b, x) / a
    return 1.0 - math.exp(lbeta) * _betacf(b, a, 1 - x) / b


def t_quantile(p, df):
    """The p-quantile (p > 0.5) of Student's t with df degrees of freedom (df may be fractional)."""
    def upper_tail(t):  # P(T > t)
        return 0.5 * _betai(df / 2.0, 0.5, df / (df + t * t))
    lo, hi = 0.0, 1.0
    while upper_tail(hi) > 1 - p:
        hi *= 2
    for _ in range(200):
        mid = (lo + hi) / 2
        if upper_tail(mid) > 1 - p:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def t999(df):
    return t_quantile(0.9995, df) if df and df > 0 and df == df else float("nan")


# ---- figures ----------------------------------------------------------------------------------

class Figure:
    """A mean over samples (iterations, or rounds), its standard error and degrees of freedom."""

    def __init__(self, values, mean=None, unit=""):
        self.values = [v for v in values if v == v]
        n = len(self.values)
        self.n = n
        self.unit = unit
        self.mean = mean if mean is not None else (sum(self.values) / n if n else float("nan"))
        self.median = median(self.values) if n else float("nan")
        if n > 1:
            m = sum(self.values) / n
            sd = math.sqrt(sum((v - m) ** 2 for v in self.values) / (n - 1))
            self.se = sd / math.sqrt(n)
            self.df = n - 1
        else:
            self.se, self.df = float("nan"), 0

    @property
    def half_width(self):
        return t999(self.df) * self.se if self.df else float("nan")

    def rel_se(self):
        return self.se / self.mean if self.mean else float("nan")


class Ratio:
    """a / b with a 99.9 % interval (Welch in log space); a constant b has no error."""

    def __init__(self, a, b):
        self.value = a.mean / b.mean if isinstance(b, Figure) else a.mean / b
        ra = a.rel_se() ** 2
        if isinstance(b, Figure):
            rb = b.rel_se() ** 2
            parts = [(ra, a.df), (rb, b.df)]
        else:
            parts = [(ra, a.df)]
        var = sum(v for v, _ in parts)
        if var != var or any(df <= 0 for _, df in parts):
            self.low = self.high = float("nan")
            return
        df = var ** 2 / sum((v ** 2) / df for v, df in parts if v > 0) if var > 0 else 1e9
        w = t999(df) * math.sqrt(var)
        self.low = self.value * math.exp(-w)
        self.high = self.value * math.exp(w)

    @property
    def means(self):
        return self

    def inverse(self):
        inv = object.__new__(Ratio)
        inv.value = 1 / self.value
        inv.low = 1 / self.high if self.high == self.high else float("nan")
        inv.high = 1 / self.low if self.low == self.low else float("nan")
        return inv

    @property
    def relative_error(self):
        """Half the interval's width over the ratio: the "±" of the table."""
        return (self.high - self.low) / 2 / self.value


def median(values):
    ordered = sorted(values)
    n = len(ordered)
    return ordered[n // 2] if n % 2 else (ordered[n // 2 - 1] + ordered[n // 2]) / 2


BOOTSTRAP = 10_000


class MedianRatio:
    """median(a) / median(b) with a 99.9 % percentile-bootstrap interval (iterations resampled
    with replacement, each side on its own; b may be a constant). Carries the ratio of the means
    (Welch, above) beside it."""

    def __init__(self, a, b):
        self.means = Ratio(a, b)
        constant = not isinstance(b, Figure)
        self.value = a.median / (b if constant else b.median)
        if a.n < 2 or (not constant and b.n < 2):
            self.low = self.high = float("nan")
            return
        rng = random.Random(11)  # the same table for the same results
        samples = []
        for _ in range(BOOTSTRAP):
            ma = median(rng.choices(a.values, k=a.n))
            mb = b if constant else median(rng.choices(b.values, k=b.n))
            samples.append(ma / mb)
        samples.sort()
        self.low = samples[int(0.0005 * BOOTSTRAP)]
        self.high = samples[int(0.9995 * BOOTSTRAP) - 1]

    @property
    def relative_error(self):
        return (self.high - self.low) / 2 / self.value


def num(x):
    if x != x:
        return "n/a"
    if abs(x) >= 1e6:
        return f"{x:.2g}"
    if abs(x) >= 100:
        return f"{x:,.0f}"
    if abs(x) >= 10:
        return f"{x:.1f}"
    if abs(x) >= 0.1 or x == 0:
        return f"{x:.2f}"
    return f"{x:.2g}"


def fmt(f, unit=None):
    """median (mean ± 99.9 % half-width) unit"""
    unit = f.unit if unit is None else unit
    return f"{num(f.median)} (mean {num(f.mean)} ± {num(f.half_width)}){(' ' + unit) if unit else ''}"


# ---- loading ----------------------------------------------------------------------------------

def merge_rounds(directory):
    """Merges DIR/rounds/<round>-<name>.json (and .rates.jsonl) into one list of JMH entries."""
    merged = []
    for path in sorted(glob.glob(os.path.join(directory, "rounds", "*.json"))):
        m = re.match(r"(\d+)-", os.path.basename(path))
        rnd = int(m.group(1)) if m else 0
        rates_path = path[: -len(".json")] + ".rates.jsonl"
        rates = []
        if os.path.exists(rates_path):
            rates = [json.loads(line) for line in open(rates_path) if line.strip()]
        for entry in json.load(open(path)):
            entry["round"] = rnd
            if rates:
                entry["floodRates"] = rates
            merged.append(entry)
    return merged


def key_of(entry):
    name = entry["benchmark"].replace(PKG, "")
    params = entry.get("params") or {}
    default = DEFAULT_WAIT_STRATEGY.get(name.split(".")[0])
    if "waitStrategy" in params and params["waitStrategy"] != default:
        name += f"[{params['waitStrategy']}]"
    return name


class Results:
    def __init__(self, entries):
        self.by_name = {}
        for entry in entries:
            self.by_name.setdefault(key_of(entry), []).append(entry)

    def has(self, *names):
        return all(n in self.by_name for n in names)

    def _metric(self, entry, metric):
        return entry["primaryMetric"] if metric is None else entry["secondaryMetrics"][metric]

    @staticmethod
    def _values(m):
        """The measured iterations' scores of one JMH result (all forks)."""
        values = []
        if "rawData" in m:
            for fork in m["rawData"]:
                values.extend(fork)
        else:  # sample time: each iteration's histogram
            for fork in m["rawDataHistogram"]:
                for iteration in fork:
                    total = sum(c for _, c in iteration)
                    values.append(sum(v * c for v, c in iteration) / total if total else float("nan"))
        return values

    def figure(self, name, metric=None):
        """All measured iterations of all rounds (forks)."""
        values = []
        unit = ""
        for entry in self.by_name[name]:
            m = self._metric(entry, metric)
            unit = m["scoreUnit"]
            values.extend(self._values(m))
        return Figure(values, unit=unit.replace("us/op", "µs").replace("ms/op", "ms"))

    def per_round(self, name, metric=None):
        """{round: median of that round's iterations}."""
        out = {}
        for entry in self.by_name[name]:
            out[entry.get("round", 0)] = median(self._values(self._metric(entry, metric)))
        return out

    def percentile(self, name, metric, pct):
        """A percentile's mean over the rounds (one JMH entry per round), its error from their spread."""
        values = [self._metric(e, metric)["scorePercentiles"][pct] for e in self.by_name[name]]
        return Figure(values, unit="µs")

    def rates(self, name, field):
        values = [r[field] / 1e6 for e in self.by_name[name] for r in e.get("floodRates", [])]
        return Figure(values, unit="M/s")

    def rounds(self):
        return sorted({e.get("round", 0) for es in self.by_name.values() for e in es})

    def jdk(self):
        for es in self.by_name.values():
            return es[0].get("jdkVersion", "?")
        return "?"


# ---- the table --------------------------------------------------------------------------------

class Row:
    def __init__(self, label, ratio, target, lower_is_better, text, target_text, per_round=None):
        self.label, self.ratio, self.target = label, ratio, target
        self.lower, self.text, self.target_text = lower_is_better, text, target_text
        self.per_round = per_round or []

    @property
    def verdict(self):
        if self.target is None:
            return "—"
        lo, hi, t = self.ratio.low, self.ratio.high, self.target
        if lo != lo:
            return "inconclusive (no error bar)"
        good_all = hi <= t if self.lower else lo >= t
        bad_all = lo > t if self.lower else hi < t
        if good_all:
            return "met"
        if bad_all:
            return "**missed**"
        return "inconclusive"


def round_ratios(res, a, b, metric_a=None, metric_b=None, invert=False):
    ra, rb = res.per_round(a, metric_a), res.per_round(b, metric_b)
    out = []
    for rnd in sorted(set(ra) & set(rb)):
        r = ra[rnd] / rb[rnd]
        out.append(1 / r if invert else r)
    return out


def build_rows(res, scale):
    rows = []
    rt = "JobRoundTripBenchmark."
    if res.has(rt + "orchestrator", rt + "executorSubmitGet"):
        ours, base = res.figure(rt + "orchestrator"), res.figure(rt + "executorSubmitGet")
        rows.append(Row("1 round trip ÷ submit(noop).get()", MedianRatio(ours, base), 1.5, True,
                        f"ours {fmt(ours)}; submit/get {fmt(base)}", "≤ 1.5×",
                        round_ratios(res, rt + "orchestrator", rt + "executorSubmitGet")))
        if res.has(rt + "resilience4jRetryTimeLimiter"):
            r4j = res.figure(rt + "resilience4jRetryTimeLimiter")
            rows.append(Row("1 round trip ÷ Resilience4j Retry+TimeLimiter", MedianRatio(ours, r4j), 1.0, True,
                            f"Resilience4j {fmt(r4j)}", "< 1× (faster)",
                            round_ratios(res, rt + "orchestrator", rt + "resilience4jRetryTimeLimiter")))
        if res.has(rt + "threeHandOffFloor"):
            floor = res.figure(rt + "threeHandOffFloor")
            rows.append(Row("1 (reference) three hand-offs ÷ submit/get", MedianRatio(floor, base), None, True,
                            f"three hand-offs {fmt(floor)}", "— (floor of any design that delivers on another pool)",
                            round_ratios(res, rt + "threeHandOffFloor", rt + "executorSubmitGet")))
            rows.append(Row("1 (reference) round trip ÷ three hand-offs", MedianRatio(ours, floor), None, True, "", "—",
                            round_ratios(res, rt + "orchestrator", rt + "threeHandOffFloor")))

    fo = "BusFanOutBenchmark."
    if res.has(fo + "signalBus", fo + "disruptor"):
        bus, dis = res.figure(fo + "signalBus"), res.figure(fo + "disruptor")
        rows.append(Row("2 fan-out ÷ Disruptor", MedianRatio(bus, dis), 1.5, True,
                        f"bus {fmt(bus)}; Disruptor {fmt(dis)}", "≤ 1.5×",
                        round_ratios(res, fo + "signalBus", fo + "disruptor")))
        if res.has(fo + "reactor"):
            rea = res.figure(fo + "reactor")
            rows.append(Row("2 fan-out ÷ Reactor", MedianRatio(bus, rea), 0.5, True,
                            f"Reactor {fmt(rea)}", "≤ 0.5× (≥ 2× faster)",
                            round_ratios(res, fo + "signalBus", fo + "reactor")))
        if res.has(fo + "pooledTasksFloor"):
            floor = res.figure(fo + "pooledTasksFloor")
            rows.append(Row("2 (reference) pooled-task floor ÷ Disruptor", MedianRatio(floor, dis), None, True,
                            f"pooled-task floor {fmt(floor)}",
                            "— (floor of a fan-out whose subscribers are tasks on a shared pool)",
                            round_ratios(res, fo + "pooledTasksFloor", fo + "disruptor")))
            rows.append(Row("2 (reference) fan-out ÷ pooled-task floor", MedianRatio(bus, floor), None, True, "", "—",
                            round_ratios(res, fo + "signalBus", fo + "pooledTasksFloor")))

    ro = "RoutingBenchmark."
    if res.has(ro + "orchestrator", ro + "bareSubscriber"):
        orch, bare = res.figure(ro + "orchestrator"), res.figure(ro + "bareSubscriber")
        rows.append(Row("3 routing rate ÷ bare subscriber rate", MedianRatio(bare, orch), 0.5, False,
                        f"orchestrator {fmt(orch)}; bare {fmt(bare)} per 10,000 events", "≥ 0.5×",
                        round_ratios(res, ro + "bareSubscriber", ro + "orchestrator")))

    sa = "SaturationLatencyBenchmark."

    def saturation(bus_name, dis_name, label, target, target_text, what):
        b, d = sa + bus_name, sa + dis_name
        pb, pd = res.figure(b, bus_name + "Probe"), res.figure(d, dis_name + "Probe")
        b50, d50 = res.percentile(b, bus_name + "Probe", "50.0"), res.percentile(d, dis_name + "Probe", "50.0")
        b99, d99 = res.percentile(b, bus_name + "Probe", "99.0"), res.percentile(d, dis_name + "Probe", "99.0")

        def side(title, p, p50, p99, name):
            text = f"{title} {fmt(p)} (p50 {num(p50.mean)}, p99 {num(p99.mean)} µs)"
            delivered, offered = res.rates(name, "deliveredPerSecond"), res.rates(name, "offeredPerSecond")
            if delivered.n:
                text += f", delivered {fmt(delivered)} of {num(offered.mean)} M/s offered per subscriber"
            return text

        ref = "" if target is not None else "(reference) "
        rows.append(Row(f"4 {ref}{label}: probe latency (mean) ÷ Disruptor", MedianRatio(pb, pd), target, True,
                        f"{what}: " + side("bus", pb, b50, b99, b) + "; " + side("Disruptor", pd, d50, d99, d),
                        target_text, round_ratios(res, b, d, bus_name + "Probe", dis_name + "Probe")))
        rows.append(Row(f"4 {ref}{label}: probe latency (p99) ÷ Disruptor", MedianRatio(b99, d99), target, True, "",
                        target_text, [x / y for x, y in zip(b99.values, d99.values)]))
        db, dd = res.rates(b, "deliveredPerSecond"), res.rates(d, "deliveredPerSecond")
        if db.n and dd.n:
            rows.append(Row(f"4 (reference) {label}: delivered events per second, bus ÷ Disruptor", MedianRatio(db, dd),
                            None, False, "", "— (higher: the bus carried more of the flood)"))

    if res.has(sa + "signalBus", sa + "disruptorDropping"):
        saturation("signalBus", "disruptorDropping", "saturated, like for like", 2.0, "≤ 2×",
                   "both hold 1,024 events per subscriber and drop the flood beyond")
    if res.has(sa + "signalBusDefaultCapacity", sa + "disruptorBlocking"):
        saturation("signalBusDefaultCapacity", "disruptorBlocking", "saturated, defaults", None, "—",
                   "bus 10,000 per subscriber, drops; Disruptor ring 1,024, the flood waits")
    elif res.has(sa + "signalBus", sa + "disruptor"):  # runs before issue 11: not like for like
        saturation("signalBus", "disruptor", "saturated (bus drops, Disruptor blocks)", 2.0, "≤ 2×",
                   "bus 10,000 per subscriber, drops; Disruptor ring 1,024, the flood waits")

    gc = "gc.alloc.rate.norm"
    if res.has(rt + "orchestrator") and gc in res.by_name[rt + "orchestrator"][0]["secondaryMetrics"]:
        ab = res.figure(rt + "orchestrator", gc)
        text = f"ours {fmt(ab, 'B/op')}"
        if res.has(rt + "executorSubmitGet"):
            bb = res.figure(rt + "executorSubmitGet", gc)
            text += f"; submit/get {fmt(bb, 'B/op')} (ratio {ab.mean / bb.mean:.1f}×)"
        if res.has(rt + "resilience4jRetryTimeLimiter"):
            text += f"; Resilience4j {fmt(res.figure(rt + 'resilience4jRetryTimeLimiter', gc), 'B/op')}"
        rows.append(Row("5 bytes per job round trip ÷ 1 KB", MedianRatio(ab, 1024.0), 1.0, True, text, "≤ 1 KB (1,024 B)"))

    if scale:
        w_o = Figure(scale["orchestratorWallSeconds"]["values"], unit="s")
        w_r = Figure(scale["rawWallSeconds"]["values"], unit="s")
        h_o = Figure(scale["orchestratorHeapBytesPerJob"]["values"], unit="B")
        h_r = Figure(scale["rawHeapBytesPerTask"]["values"], unit="B")
        wall_rounds = [o / r for o, r in zip(w_o.values, w_r.values)]
        rows.append(Row("6 scale: wall ÷ raw virtual threads", Ratio(w_o, w_r), 1.3, True,
                        f"ours {fmt(w_o)}; raw {fmt(w_r)} ({w_o.n} rounds; standard deviation "
                        f"{num(w_o.se * math.sqrt(w_o.n))} and {num(w_r.se * math.sqrt(w_r.n))} s)", "≤ 1.3×",
                        wall_rounds))
        rows.append(Row("6 scale: live heap per job ÷ raw", Ratio(h_o, h_r), 2.0, True,
                        f"ours {fmt(h_o)}; raw {fmt(h_r)}", "≤ 2×"))
    return rows


def print_table(rows, out):
    lines = ["| figure | ratio (99.9 % interval) | ± | ratio of means (99.9 %) | target | verdict | per round "
             "| measured (same run): median (mean ± 99.9 %) |",
             "|---|---|---|---|---|---|---|---|"]
    for row in rows:
        r = row.ratio
        interval = f"{num(r.value)}× ({num(r.low)}–{num(r.high)})"
        pm = f"{num(100 * r.relative_error)} %" if r.low == r.low else "n/a"
        m = r.means
        means = "same" if m is r else f"{num(m.value)}× ({num(m.low)}–{num(m.high)})"
        per_round = ", ".join(num(x) for x in row.per_round)
        lines.append(f"| {row.label} | {interval} | {pm} | {means} | {row.target_text} | {row.verdict} "
                     f"| {per_round} | {row.text} |")
    text = "\n".join(lines)
    print(text)
    if out:
        with open(out, "w") as f:
            f.write(text + "\n")


def draw(rows, path, title):
    try:
        import matplotlib
    except ImportError:
        print("\nNo chart: python3-matplotlib is not installed (apt-get install python3-matplotlib).",
              file=sys.stderr)
        return False
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    charted = [row for row in rows if row.target is not None]
    if not charted:
        return False
    colors = {"met": "#4caf50", "**missed**": "#e53935"}
    fig, ax = plt.subplots(figsize=(14, 0.55 * len(charted) + 1.8))
    ys = list(range(len(charted)))[::-1]
    points = [row.ratio.value for row in charted] + [row.target for row in charted]
    x_min, x_max = min(points) / 5, max(points) * 60  # error bars beyond are clipped
    for y, row in zip(ys, charted):
        r = row.ratio
        has_err = r.low == r.low
        low = max(r.low, x_min) if has_err else r.value
        high = min(r.high, x_max / 20) if has_err else r.value
        ax.barh(y, r.value, color=colors.get(row.verdict, "#9e9e9e"), alpha=0.85,
                xerr=[[r.value - low], [high - r.value]] if has_err else None, capsize=3)
        ax.plot([row.target, row.target], [y - 0.4, y + 0.4], color="black", linewidth=2)
        verdict = row.verdict.replace("*", "")
        ax.text(max(high, row.target) * 1.15, y, f"{num(r.value)}×  (target {row.target_text}): {verdict}",
                va="center", fontsize=8)
    ax.set_yticks(ys)
    ax.set_yticklabels([row.label for row in charted], fontsize=8)
    ax.set_xscale("log")
    ax.set_xlim(x_min, x_max)
    ax.set_xlabel("ratio to the baseline of the same run (log scale), 99.9 % interval; black bar = target; "
                  "green = met, red = missed, grey = inconclusive", fontsize=8)
    ax.set_title(title, fontsize=10)
    ax.grid(axis="x", which="both", alpha=0.3)
    fig.savefig(path, dpi=110, bbox_inches="tight")
    return True


def main(argv):
    args = [a for a in argv[1:] if a != "--publish"]
    publish = "--publish" in argv[1:]
    directory = os.path.abspath(args[0]) if args else HERE
    published = os.path.samefile(directory, HERE)
    jmh_path = os.path.join(directory, "benchmarks.json")
    if os.path.isdir(os.path.join(directory, "rounds")):  # a run's own files: (re)merge them
        entries = merge_rounds(directory)
        if not entries:
            sys.exit(f"No results in {directory}/rounds")
        with open(jmh_path, "w") as f:
            json.dump(entries, f, indent=1)
    elif os.path.exists(jmh_path):
        entries = json.load(open(jmh_path))
    else:
        sys.exit(f"No results in {directory} (benchmarks.json or rounds/*.json)")
    scale_path = os.path.join(directory, "scale.json")
    scale = json.load(open(scale_path)) if os.path.exists(scale_path) else None
    res = Results(entries)
    rows = build_rows(res, scale)
    rounds = res.rounds()
    print(f"{directory}: {len(entries)} JMH results, rounds {rounds[0]}–{rounds[-1]}; JDK {res.jdk()}"
          + ("; scale harness included" if scale else "; no scale harness"))
    print()
    print_table(rows, None if published else os.path.join(directory, "table.md"))
    if published and not publish:
        return
    title = f"Orchestrator benchmarks vs baselines, same run (JDK {res.jdk()}, {os.cpu_count()} cores)"
    if draw(rows, os.path.join(directory, "benchmarks.png"), title):
        print(f"\nChart: {os.path.join(directory, 'benchmarks.png')}")


if __name__ == "__main__":
    main(sys.argv)
