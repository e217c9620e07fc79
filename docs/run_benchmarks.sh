#!/usr/bin/env bash
# Runs every benchmark of issue 5 and writes the results next to this script:
#   benchmarks.json  JMH results (all JMH benchmarks, with -prof gc for the bytes per operation)
#   scale.json       the virtual-thread scale harness (needs JDK 21+)
#   benchmarks.png   the chart of the ratios, and the ratio table on standard output
# Usage, from the repository root:  docs/run_benchmarks.sh
# JAVA_HOME selects the JDK (the published figures: Temurin 25). Extra arguments go to JMH,
# for example a quick run:  docs/run_benchmarks.sh -f 1 -wi 2 -i 3
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
mvn -B -q -Pbench -pl orchestrator-core -DskipTests clean package
"$JAVA" -jar orchestrator-core/target/benchmarks.jar -prof gc -rf json -rff docs/benchmarks.json "$@"
# The scale harness exits with status 2 below JDK 21; its ratios stand alone, so the chart then
# keeps the scale.json of an earlier run.
"$JAVA" -cp orchestrator-core/target/benchmarks.jar dev.orchestrator.bench.VirtualThreadScale docs/scale.json \
    || echo "Scale harness skipped (needs JDK 21+): docs/scale.json is from an earlier run" >&2
/usr/bin/python3 docs/plot_benchmarks.py
