#!/usr/bin/env bash
# Catch-up benchmark (issue 12): dnsmasq and two fedchat servers in their own JVMs; 1,000 events
# queued for a peer that is down until the sender is deep in its backoff, then the peer comes
# back: time from its first answer to its last queued event stored, with the liveness probe and,
# as the same-run baseline, without (the stored backoff). Builds offline (tests skipped), then runs
# from the repository root. Options go to the driver: bench/catchup.sh --help. The report goes to
# stdout, progress to stderr. See docs/benchmarks.md, section "Catch-up of a returning peer".
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mvn -q -o -B -DskipTests package -pl bench,app -am
exec java ${BENCH_JAVA_OPTS:-} -cp bench/target/fedchat-bench.jar dev.fedchat.bench.load.CatchUpBench "$@"
