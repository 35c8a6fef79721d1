#!/usr/bin/env bash
# Copyright 2026 The Tandem Authors
# SPDX-License-Identifier: Apache-2.0
#
# redis-benchmark's list tests side by side: redis-server and a tandem-server jar, started here on
# free loopback ports (no persistence) and stopped at the end; one warm-up pass each (JIT), then
# the measured pass. Prints requests/s per test and Tandem / Redis; SET is the baseline of the
# command path without lists.
#
# Usage: scripts/list-benchmark.sh [requests] [pipeline]   (defaults 200000, 1)
# Build the jar first: mvn -B -q -o package -pl examples -am -DskipTests (TANDEM_JAR=... for another build)
set -euo pipefail
cd "$(dirname "$0")/.."
REQUESTS=${1:-200000}
PIPELINE=${2:-1}
TESTS=set,lpush,rpush,lpop,rpop,lrange_100,lrange_300
JAR=${TANDEM_JAR:-examples/target/tandem-server.jar}
[ -f "$JAR" ] || { echo "build $JAR first" >&2; exit 1; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
RP=$(free_port); TP=$(free_port)
redis-server --port "$RP" --bind 127.0.0.1 --save '' --appendonly no --daemonize no --logfile '' >/dev/null &
RPID=$!
java -Xmx2g -jar "$JAR" --port "$TP" --bind 127.0.0.1 --save '' --appendonly no >/dev/null 2>&1 &
TPID=$!
trap 'kill $RPID $TPID 2>/dev/null || true' EXIT
for p in "$RP" "$TP"; do
  for _ in $(seq 1 300); do redis-cli -p "$p" ping >/dev/null 2>&1 && break; sleep 0.1; done
done
run() { redis-benchmark -p "$1" -t "$TESTS" -n "$REQUESTS" -c 50 -P "$PIPELINE" -q --csv; }
run "$TP" >/dev/null; redis-cli -p "$TP" flushall >/dev/null
run "$RP" >/dev/null; redis-cli -p "$RP" flushall >/dev/null
T=$(run "$TP"); R=$(run "$RP")
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg); requests $REQUESTS, 50 clients, pipeline $PIPELINE"
python3 - "$T" "$R" <<'PY'
import csv, io, sys
def parse(s):
    return {row[0]: float(row[1]) for row in csv.reader(io.StringIO(s)) if row and row[0] != 'test'}
t, r = parse(sys.argv[1]), parse(sys.argv[2])
print(f"{'test':<40} {'tandem rps':>12} {'redis rps':>12} {'T/R':>6}")
for k in r:
    print(f"{k:<40} {t.get(k, 0):>12.0f} {r[k]:>12.0f} {t.get(k, 0) / r[k]:>6.2f}")
PY
