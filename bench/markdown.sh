#!/usr/bin/env bash
# JMH benchmark of a message's md parse (and parse + JSON) for five kinds of message, from a short line to
# 5,000 characters. Extra arguments go to JMH. See docs/benchmarks.md.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mvn -q -B -DskipTests package -pl bench -am
exec java -cp bench/target/fedchat-bench.jar org.openjdk.jmh.Main MarkdownBench -f 1 -wi 3 -w 2s -i 5 -r 2s "$@"
