#!/usr/bin/env bash
# Runs the core's benchmarks (issues 5 and 11) into a new directory, never over the published results:
#   target/benchmark-runs/<UTC time>[-quick]/
#     rounds/<round>-<benchmark>.json   JMH results, one file per benchmark and round (-prof gc)
#     rounds/*.rates.jsonl, rounds/*.log flood rates of the saturation benchmark; JMH's output
#     benchmarks.json                    all rounds merged (each result with its "round")
#     scale.json                         the virtual-thread scale harness (full runs; JDK 21+)
#     table.md, benchmarks.png           the ratio table (also printed) and its chart
#
# Usage, from the repository root:
#   docs/run_benchmarks.sh                 full run: every benchmark, 5 rounds, and the scale harness
#                                          (22-26 minutes on the 2-core machine: 19.5 of JMH rounds)
#   docs/run_benchmarks.sh quick           the three headline ratios only (round trip ÷ submit/get,
#                                          fan-out ÷ Disruptor and Reactor, routing ÷ bare subscriber),
#                                          3 rounds, no scale harness (5-6 minutes)
#   docs/run_benchmarks.sh --publish       full run, then copies benchmarks.json, scale.json and the
#                                          chart over docs/ (the published results)
#   docs/run_benchmarks.sh ... -- <JMH options>   extra options for every JMH run (e.g. -- -i 3)
# Environment: JAVA_HOME selects the JDK (published figures: Temurin 25); ROUNDS=n overrides the
# number of rounds; SKIP_BUILD=1 reuses orchestrator-core/target/benchmarks.jar; MVN_FLAGS is
# added to the Maven build (e.g. -o); JMH_IGNORE_LOCK=1 runs even when another JMH holds
# /tmp/jmh.lock (otherwise each benchmark waits for it: two JMH runs at once measure each other).
#
# Each round runs every benchmark in its own JMH run of one fork, ours and its baselines back to
# back, the order reversed every other round, so that a ratio compares results measured minutes
# apart, not a whole run apart; plot_benchmarks.py pools the rounds (99.9 % intervals) and also
# prints each round's ratio.
set -euo pipefail
cd "$(dirname "$0")/.."
START=$(date +%s)

MODE=full
PUBLISH=0
JMH_EXTRA=()
while [ $# -gt 0 ]; do
  case "$1" in
    quick) MODE=quick ;;
    full) MODE=full ;;
    --publish) PUBLISH=1 ;;
    --) shift; JMH_EXTRA=("$@"); break ;;
    *) echo "Unknown argument '$1' (quick, full, --publish, -- <JMH options>)" >&2; exit 64 ;;
  esac
  shift
done
if [ "$MODE" = quick ] && [ "$PUBLISH" = 1 ]; then
  echo "A quick run measures only the headline ratios; publish a full run instead." >&2
  exit 64
fi

# The chart needs Debian's python3 with matplotlib: check now, not after 20 minutes of benchmarks.
PYTHON=/usr/bin/python3
[ -x "$PYTHON" ] || PYTHON="$(command -v python3)"
if ! "$PYTHON" -c 'import matplotlib' 2>/dev/null; then
  echo "python3-matplotlib is missing: install it with  apt-get install python3-matplotlib  (Debian/Ubuntu)." >&2
  if [ "$PUBLISH" = 1 ]; then
    echo "A published run needs its chart: not starting." >&2
    exit 1
  fi
  echo "Continuing: the ratio table is printed, the chart is skipped." >&2
fi

JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
JAR=orchestrator-core/target/benchmarks.jar
if [ "${SKIP_BUILD:-}" != 1 ]; then
  # shellcheck disable=SC2086
  mvn -B -q ${MVN_FLAGS:-} -Pbench -pl orchestrator-core -DskipTests -Dmaven.javadoc.skip clean package
fi

STAMP="$(date -u +%Y%m%d-%H%M%S)"
OUT="target/benchmark-runs/$STAMP$([ "$MODE" = quick ] && echo -quick || true)"
mkdir -p "$OUT/rounds"
echo "Results: $OUT ($MODE run; $(nproc) cores; $("$JAVA" -version 2>&1 | head -1); load $(cut -d' ' -f1-3 /proc/loadavg))"

# Benchmarks of one comparison run back to back in each round, listed ours first.
P=dev.orchestrator.bench
if [ "$MODE" = quick ]; then
  ROUNDS="${ROUNDS:-3}"
  GROUPS_OF_BENCHMARKS=(
    "JobRoundTripBenchmark.orchestrator JobRoundTripBenchmark.executorSubmitGet"
    "BusFanOutBenchmark.signalBus BusFanOutBenchmark.disruptor BusFanOutBenchmark.reactor BusFanOutBenchmark.pooledTasksFloor"
    "RoutingBenchmark.orchestrator RoutingBenchmark.bareSubscriber"
  )
else
  ROUNDS="${ROUNDS:-5}"
  GROUPS_OF_BENCHMARKS=(
    "JobRoundTripBenchmark.orchestrator JobRoundTripBenchmark.executorSubmitGet JobRoundTripBenchmark.resilience4jRetryTimeLimiter JobRoundTripBenchmark.threeHandOffFloor"
    "BusFanOutBenchmark.signalBus BusFanOutBenchmark.disruptor BusFanOutBenchmark.reactor BusFanOutBenchmark.pooledTasksFloor"
    "RoutingBenchmark.orchestrator RoutingBenchmark.bareSubscriber"
    "SaturationLatencyBenchmark.signalBus SaturationLatencyBenchmark.disruptorDropping"
    "SaturationLatencyBenchmark.signalBusDefaultCapacity SaturationLatencyBenchmark.disruptorBlocking"
  )
fi

LOCK_OPT=()
[ "${JMH_IGNORE_LOCK:-}" = 1 ] && LOCK_OPT=(-Djmh.ignoreLock=true)

run() { # run <round> <Class.method>
  local round="$1" bench="$2" base="$OUT/rounds/$1-$2" waited=0
  echo "round $round/$ROUNDS: $bench"
  while true; do
    if "$JAVA" "${LOCK_OPT[@]}" -jar "$JAR" "^$P\\.$bench\$" -f 1 -prof gc -rf json -rff "$base.json" \
        -jvmArgsAppend "-Dbench.rates=$PWD/$base.rates.jsonl" "${JMH_EXTRA[@]}" >"$base.log" 2>&1; then
      break
    fi
    if grep -q 'Unable to acquire the JMH lock' "$base.log"; then
      [ "$waited" = 1 ] || echo "    another JMH run holds /tmp/jmh.lock: waiting (JMH_IGNORE_LOCK=1 to run anyway)"
      waited=1
      sleep 5
      continue
    fi
    tail -40 "$base.log" >&2
    echo "$bench failed in round $round (log: $base.log)" >&2
    exit 1
  done
  [ -s "$base.json" ] || { tail -40 "$base.log" >&2; echo "$bench gave no result (log: $base.log)" >&2; exit 1; }
  grep -E '^\[(signalBus|disruptor)' "$base.log" | sed 's/^/    /' || true
}

for round in $(seq "$ROUNDS"); do
  for group in "${GROUPS_OF_BENCHMARKS[@]}"; do
    read -r -a benches <<<"$group"
    if [ $((round % 2)) -eq 0 ]; then # reversed every other round
      for ((i = ${#benches[@]} - 1; i >= 0; i--)); do run "$round" "${benches[$i]}"; done
    else
      for bench in "${benches[@]}"; do run "$round" "$bench"; done
    fi
  done
done

if [ "$MODE" = full ]; then
  echo "scale harness"
  set +e
  "$JAVA" -cp "$JAR" $P.VirtualThreadScale "$OUT/scale.json" 2>&1 | tee "$OUT/scale.log"
  status=${PIPESTATUS[0]}
  set -e
  if [ "$status" = 2 ]; then
    echo "Scale harness skipped: it needs JDK 21+ (set JAVA_HOME)" >&2
  elif [ "$status" != 0 ]; then
    echo "The scale harness failed (status $status; log: $OUT/scale.log)" >&2
    exit 1
  fi
fi

"$PYTHON" docs/plot_benchmarks.py "$OUT"

if [ "$PUBLISH" = 1 ]; then
  cp "$OUT/benchmarks.json" docs/benchmarks.json
  if [ -f "$OUT/scale.json" ]; then cp "$OUT/scale.json" docs/scale.json; fi
  cp "$OUT/benchmarks.png" docs/benchmarks.png
  echo "Published: docs/benchmarks.json, docs/scale.json, docs/benchmarks.png (update the tables of docs/benchmarks.md)"
fi
echo "Done in $(( ($(date +%s) - START) / 60 )) min $(( ($(date +%s) - START) % 60 )) s: $OUT"
