#!/usr/bin/env bash
# Builds the server, the runnable jar and the load driver (offline, tests skipped), then runs the
# driver from the repository root. Options go to the driver: bench/run.sh --help.
# The report goes to stdout, progress to stderr. See docs/benchmarks.md.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mvn -q -B -DskipTests package -pl bench,app -am
exec java ${BENCH_JAVA_OPTS:-} -jar bench/target/fedchat-bench.jar "$@"
