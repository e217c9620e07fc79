#!/usr/bin/env bash
# Runs the sample app as a cluster of two instances on this machine, with one command:
#
#   1. asks Maven for the class path of an Apache Kafka broker (cluster/broker/pom.xml: Kafka 4.2.2,
#      the version Spring Boot 4.1.2 manages), formats a KRaft storage directory and starts the
#      broker in a JVM of its own on 127.0.0.1:9092 (broker and controller in one process);
#   2. builds the sample app once and starts it twice with the "cluster" profile: on
#      http://127.0.0.1:8080 (instance sample-8080) and http://127.0.0.1:8081 (instance sample-8081);
#   3. waits. Ctrl-C stops the three processes (the instances gracefully, then the broker) and
#      deletes the temporary directory that holds the broker's data and every log.
#
# Loopback addresses only, no Docker, no download besides Maven's. Needs JDK 17+ and Maven.
#
# Environment (all optional):
#   MVN_FLAGS     extra Maven options, e.g. "-o" to build offline
#   SKIP_BUILD=1  reuse sample-app/target/sample-app-*.jar from an earlier build
#   KAFKA_PORT    the broker's port (9092); the controller listens on KAFKA_PORT + 1
#   JAVA_OPTS     options of the two application JVMs ("-Xmx512m")
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
KAFKA_PORT="${KAFKA_PORT:-9092}"
CONTROLLER_PORT="$((KAFKA_PORT + 1))"
APP_PORTS=(8080 8081)
MVN="${MVN:-mvn}"
read -r -a MVN_EXTRA <<< "${MVN_FLAGS:-}"
read -r -a APP_JAVA_OPTS <<< "${JAVA_OPTS:--Xmx512m}"
if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then JAVA="$JAVA_HOME/bin/java"; else JAVA="java"; fi

say() { printf '[run-two-instances] %s\n' "$*"; }
fail() { printf '[run-two-instances] ERROR: %s\n' "$*" >&2; exit 1; }

command -v "$JAVA" > /dev/null || fail "no java on the PATH (JDK 17 or later is needed)"
command -v "$MVN" > /dev/null || fail "no mvn on the PATH"

# Something listening on 127.0.0.1:port?
listening() { (exec 3<> "/dev/tcp/127.0.0.1/$1") 2> /dev/null; }

for port in "$KAFKA_PORT" "$CONTROLLER_PORT" "${APP_PORTS[@]}"; do
  if listening "$port"; then
    fail "port $port on 127.0.0.1 is in use (another broker or sample app?); stop it first"
  fi
done

WORK="$(mktemp -d "${TMPDIR:-/tmp}/orchestrator-cluster.XXXXXX")"
BROKER_PID=""
APP_PIDS=()

# Stops a process gracefully (SIGTERM), forcibly after $2 seconds.
stop_process() {
  local pid="$1" patience="$2" name="$3"
  kill -0 "$pid" 2> /dev/null || return 0
  kill -TERM "$pid" 2> /dev/null || return 0
  for ((i = 0; i < patience * 10; i++)); do
    kill -0 "$pid" 2> /dev/null || { wait "$pid" 2> /dev/null || true; return 0; }
    sleep 0.1
  done
  say "$name (pid $pid) did not stop within ${patience} s; killing it"
  kill -KILL "$pid" 2> /dev/null || true
  wait "$pid" 2> /dev/null || true
}

cleanup() {
  trap - EXIT INT TERM
  say "stopping ..."
  local i
  for i in ${APP_PIDS[@]+"${!APP_PIDS[@]}"}; do
    kill -TERM "${APP_PIDS[$i]}" 2> /dev/null || true # both at once: each hands its jobs back
  done
  for i in ${APP_PIDS[@]+"${!APP_PIDS[@]}"}; do
    stop_process "${APP_PIDS[$i]}" 30 "sample-${APP_PORTS[$i]}"
  done
  if [[ -n "$BROKER_PID" ]]; then
    stop_process "$BROKER_PID" 30 "the Kafka broker"
  fi
  rm -rf "$WORK"
  say "stopped; $WORK deleted"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Waits until 127.0.0.1:$1 accepts connections, while process $2 runs; at most $3 seconds.
await_port() {
  local port="$1" pid="$2" seconds="$3" log="$4" name="$5"
  for ((i = 0; i < seconds * 5; i++)); do
    if ! kill -0 "$pid" 2> /dev/null; then
      tail -n 40 "$log" >&2 || true
      fail "$name ended before it listened on 127.0.0.1:$port; see the lines above"
    fi
    if listening "$port"; then
      return 0
    fi
    sleep 0.2
  done
  tail -n 40 "$log" >&2 || true
  fail "$name did not listen on 127.0.0.1:$port within $seconds s"
}

# ---- 1. the broker ---------------------------------------------------------------------------

say "resolving the Kafka broker's class path with Maven ($HERE/broker/pom.xml) ..."
"$MVN" -B -q ${MVN_EXTRA[@]+"${MVN_EXTRA[@]}"} -f "$HERE/broker/pom.xml" dependency:build-classpath \
  -Dmdep.includeScope=runtime -Dmdep.outputFile="$WORK/broker.classpath" > "$WORK/maven-broker.log" 2>&1 \
  || { cat "$WORK/maven-broker.log" >&2; fail "Maven could not resolve the broker's class path"; }
BROKER_CP="$(cat "$WORK/broker.classpath")"

cat > "$WORK/server.properties" << EOF
# One Kafka node in KRaft combined mode (broker and controller), on loopback addresses only.
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=127.0.0.1:$CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$WORK/kafka-data
num.partitions=1
# A single broker: every internal topic has one replica.
offsets.topic.replication.factor=1
offsets.topic.num.partitions=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
# Share groups (Kafka Queues), which hand the jobs out: their state topic on one broker too.
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
share.coordinator.state.topic.num.partitions=1
# A consumer that vanished without leaving (kill -9) is dropped from the share group after 10 s.
group.share.min.heartbeat.interval.ms=500
group.share.heartbeat.interval.ms=1000
group.share.min.session.timeout.ms=5000
group.share.session.timeout.ms=10000
EOF

BROKER_JAVA=("$JAVA" -Xmx1g -XX:+UseSerialGC -cp "$BROKER_CP")
say "formatting the broker's storage in $WORK/kafka-data ..."
CLUSTER_ID="$("${BROKER_JAVA[@]}" kafka.tools.StorageTool random-uuid 2>> "$WORK/broker.log")"
"${BROKER_JAVA[@]}" kafka.tools.StorageTool format --standalone -t "$CLUSTER_ID" -c "$WORK/server.properties" \
  >> "$WORK/broker.log" 2>&1 || { tail -n 40 "$WORK/broker.log" >&2; fail "formatting the storage failed"; }

say "starting the Kafka broker on 127.0.0.1:$KAFKA_PORT (log: $WORK/broker.log) ..."
"${BROKER_JAVA[@]}" kafka.Kafka "$WORK/server.properties" >> "$WORK/broker.log" 2>&1 &
BROKER_PID=$!
await_port "$KAFKA_PORT" "$BROKER_PID" 90 "$WORK/broker.log" "The Kafka broker"
say "broker up (pid $BROKER_PID)"

# ---- 2. the two instances --------------------------------------------------------------------

if [[ "${SKIP_BUILD:-}" != "1" ]]; then
  say "building the sample app (mvn -pl sample-app -am package, tests skipped) ..."
  (cd "$ROOT" && "$MVN" -B -q ${MVN_EXTRA[@]+"${MVN_EXTRA[@]}"} -pl sample-app -am package -Dmaven.test.skip=true \
    -Dmaven.javadoc.skip=true > "$WORK/maven-build.log" 2>&1) \
    || { tail -n 60 "$WORK/maven-build.log" >&2; fail "the build failed"; }
fi
JAR="$(find "$ROOT/sample-app/target" -maxdepth 1 -name 'sample-app-*.jar' ! -name '*-sources.jar' \
  ! -name '*-javadoc.jar' 2> /dev/null | head -n 1)"
[[ -n "$JAR" ]] || fail "no sample-app/target/sample-app-*.jar; run without SKIP_BUILD=1"

for port in "${APP_PORTS[@]}"; do
  "$JAVA" ${APP_JAVA_OPTS[@]+"${APP_JAVA_OPTS[@]}"} -jar "$JAR" \
    --spring.profiles.active=cluster \
    --server.address=127.0.0.1 \
    --server.port="$port" \
    --orchestrator.cluster.instance-id="sample-$port" \
    --spring.kafka.bootstrap-servers="127.0.0.1:$KAFKA_PORT" \
    > "$WORK/sample-$port.log" 2>&1 &
  APP_PIDS+=($!)
  say "starting instance sample-$port (pid $!, log: $WORK/sample-$port.log) ..."
done
for i in "${!APP_PORTS[@]}"; do
  await_port "${APP_PORTS[$i]}" "${APP_PIDS[$i]}" 120 "$WORK/sample-${APP_PORTS[$i]}.log" "sample-${APP_PORTS[$i]}"
done

cat << EOF

  Two instances of the sample app share their jobs through Kafka (127.0.0.1:$KAFKA_PORT):

    http://127.0.0.1:${APP_PORTS[0]}   instance sample-${APP_PORTS[0]}   pid ${APP_PIDS[0]}
    http://127.0.0.1:${APP_PORTS[1]}   instance sample-${APP_PORTS[1]}   pid ${APP_PIDS[1]}

  Try:
    - start an upload on one page: next to it, "on sample-8080" or "on sample-8081" names the
      instance that runs it (either one, whichever took it from Kafka);
    - stop that instance while the upload runs, if it is not the one whose page you watch:
        kill <its pid>            (SIGTERM: a graceful stop)
      it hands the job back after 1 s, and the page shows the upload start again and finish
      on the other instance;
    - log in on one page: chat and cart react on both (UserLoggedInEvent is shared);
    - /actuator/orchestrator (the "cluster" section) and /actuator/orchestrator/jobs
      ("runningHere") on each port.

  Logs: $WORK
  Ctrl-C stops everything and deletes that directory.

EOF

# Until Ctrl-C: report an instance that stops; end when the broker does.
reported=()
while kill -0 "$BROKER_PID" 2> /dev/null; do
  for i in "${!APP_PIDS[@]}"; do
    if [[ -z "${reported[$i]:-}" ]] && ! kill -0 "${APP_PIDS[$i]}" 2> /dev/null; then
      reported[$i]=1
      code=0
      wait "${APP_PIDS[$i]}" 2> /dev/null || code=$?
      say "instance sample-${APP_PORTS[$i]} (pid ${APP_PIDS[$i]}) stopped (exit code $code); the other goes on"
    fi
  done
  sleep 1 &
  wait $! || true # a signal interrupts the wait at once
done
say "the Kafka broker stopped; see $WORK/broker.log"
tail -n 20 "$WORK/broker.log" >&2 || true
exit 1
