#!/usr/bin/env bash
# Message search benchmark (issue 13): search latency p50/p99 against a plain history read, and
# the post path with the search index against without, on H2 and (with --pg-url) PostgreSQL.
# Builds offline (tests skipped), then runs from the repository root. Options go to the driver:
# bench/search.sh --help; --messages 100000,1000000 adds the 1 M run. The report goes to stdout,
# progress to stderr. See docs/benchmarks.md, section "Message search".
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mvn -q -o -B -DskipTests package -pl bench -am
exec java ${BENCH_JAVA_OPTS:-} -cp bench/target/fedchat-bench.jar dev.fedchat.bench.load.SearchBench "$@"
