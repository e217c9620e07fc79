#!/usr/bin/env bash
# Runs the cluster-mode benchmarks of issue 9 and writes docs/cluster-benchmarks.json:
#   - builds the starter's bench profile (target/cluster-benchmarks.jar),
#   - starts one Kafka broker in a JVM of its own (BenchBroker: spring-kafka-test's KRaft broker)
#     and warms it up,
#   - runs ClusterRoundTripBenchmark and ClusterThroughputBenchmark (1, 2, 3 instances) against it,
#     ours and the bare-Kafka baseline back to back, in ROUNDS rounds whose order alternates (each a
#     JMH run of one fork), so that both sides see the same broker and the same load,
#   - merges the rounds into docs/cluster-benchmarks.json and prints the table (cluster_benchmarks.py),
#   - prints where the time of one round trip goes (ClusterRoundTripBreakdown).
# Usage, from the repository root:  docs/run_cluster_benchmarks.sh [ROUNDS]   (default 3, ~13 min)
# JAVA_HOME selects the JDK. JMH options of the round-trip and throughput runs (defaults: the round
# trip's annotations, 4 warm-up and 5 measured iterations of 2 s; throughput 2 and 3 of 3 s), e.g. a
# quick look:  RT_OPTS="-wi 1 -i 2" TP_OPTS="-wi 1 -i 1" docs/run_cluster_benchmarks.sh 1
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS="${1:-3}"
RT_OPTS="${RT_OPTS:-}"
TP_OPTS="${TP_OPTS:--wi 2 -i 3}"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
JAR=orchestrator-spring-boot-starter/target/cluster-benchmarks.jar
# SKIP_BUILD=1 reuses the jar of an earlier build
[ "${SKIP_BUILD:-}" = 1 ] || mvn -B -q -Pbench -pl orchestrator-spring-boot-starter -am -Dmaven.test.skip=true -Dmaven.javadoc.skip package

WORK="$(mktemp -d)"
"$JAVA" -Xmx1g -cp "$JAR" dev.orchestrator.spring.bench.BenchBroker "$WORK/broker" >"$WORK/broker.log" 2>&1 &
BROKER=$!
trap 'kill "$BROKER" 2>/dev/null || true; wait "$BROKER" 2>/dev/null || true; rm -rf "$WORK"' EXIT
for _ in $(seq 120); do
  [ -s "$WORK/broker" ] && break
  kill -0 "$BROKER" 2>/dev/null || { cat "$WORK/broker.log" >&2; exit 1; }
  sleep 0.5
done
[ -s "$WORK/broker" ] || { echo "The benchmark broker did not start" >&2; cat "$WORK/broker.log" >&2; exit 1; }
SERVERS="$(cat "$WORK/broker")"
echo "Broker at $SERVERS (pid $BROKER); $(nproc) cores; $("$JAVA" -version 2>&1 | head -1)"
mkdir -p "$WORK/rounds"
# A new broker is slow until its own code is compiled: warm it up with both paths (results dropped),
# so that the first benchmark of round 1 does not run against a cold broker.
echo "warming up the broker"
"$JAVA" "-Dbench.kafka=$SERVERS" -cp "$JAR" dev.orchestrator.spring.bench.ClusterRoundTripBreakdown 1000 >/dev/null 2>&1

run() { # run <round> <benchmark> <instances or -> <JMH options>
  local round="$1" bench="$2" instances="$3" opts="$4"
  local out="$WORK/rounds/$round-$bench-$instances"
  local params=()
  [ "$instances" = "-" ] || params=(-p "instances=$instances")
  echo "round $round: $bench ${params[*]:-}"
  # shellcheck disable=SC2086
  "$JAVA" -jar "$JAR" "dev.orchestrator.spring.bench.$bench\$" "${params[@]}" -f 1 \
      -jvmArgsAppend "-Dbench.kafka=$SERVERS -Dbench.kafka.pid=$BROKER" \
      -rf json -rff "$out.json" $opts >"$out.log" 2>&1 \
    || { tail -50 "$out.log" >&2; exit 1; }
  grep -oE '\[(cpu|orchestrator|kafka)\].*' "$out.log" | sed 's/^/    /' || true
  sed -n '/^Result/,/^# Run complete/p' "$out.log" | grep -E '^ +(mean|p\(50\.0+\)|[0-9.]+ ±)' | sed 's/^ */    /' || true
}

for round in $(seq "$ROUNDS"); do
  if [ $((round % 2)) -eq 1 ]; then order=(kafka orchestrator); else order=(orchestrator kafka); fi
  for side in "${order[@]}"; do
    run "$round" "ClusterRoundTripBenchmark.$side" - "$RT_OPTS"
  done
  for n in 1 2 3; do
    for side in "${order[@]}"; do
      run "$round" "ClusterThroughputBenchmark.$side" "$n" "$TP_OPTS"
    done
  done
done

/usr/bin/python3 docs/cluster_benchmarks.py "$WORK/rounds"
echo
"$JAVA" "-Dbench.kafka=$SERVERS" -cp "$JAR" dev.orchestrator.spring.bench.ClusterRoundTripBreakdown 1000 2>/dev/null \
    | grep -E '^(orchestrator|kafka) '
