#!/usr/bin/env bash
# Federation benchmark: dnsmasq and two (three) fedchat servers in their own JVMs on this machine;
# events/s from one to the other next to the RSA ceilings (one lane, the machine) and a
# one-event-per-request baseline, post → remote DDP frame latency, and a three-domain group whose
# third domain is dead. Builds offline (tests skipped), then runs from the repository root. Options
# go to the driver: bench/federation.sh --help. The report goes to stdout, progress to stderr.
# See docs/benchmarks.md, section "Federation".
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mvn -q -o -B -DskipTests package -pl bench,app -am
exec java ${BENCH_JAVA_OPTS:-} -cp bench/target/fedchat-bench.jar dev.fedchat.bench.load.FederationBench "$@"
