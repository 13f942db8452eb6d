#!/usr/bin/env bash
# JMH benchmark of the federation codec (seal, open, both) for 1, 10 and 32 KiB bodies, on 1 or 2 threads, with the
# JDK's and the native crypto provider. Extra arguments go to JMH. See docs/benchmarks.md.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mvn -q -B -DskipTests package -pl bench -am
exec java -cp bench/target/fedchat-bench.jar org.openjdk.jmh.Main CodecBench -f 1 -wi 3 -w 2s -i 5 -r 2s "$@"
