#!/usr/bin/env bash
# Presence fan-out benchmark (issue 13): one fedchat server in this JVM, 1,000 DDP sessions
# listening; the cost of one presence change (a user-status frame to every session) against the
# same-run baseline of one message to the same sessions. Builds offline (tests skipped), then runs
# from the repository root. Options: --watchers N --rounds N --warmup N. The report goes to stdout.
# See docs/benchmarks.md, section "Presence fan-out".
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mvn -q -o -B -DskipTests package -pl bench -am
exec java ${BENCH_JAVA_OPTS:-} -cp bench/target/fedchat-bench.jar dev.fedchat.bench.load.PresenceBench "$@"
