#!/usr/bin/env bash
# Builds the libFuzzer binary (library sources + Tests/Fuzz/FuzzTargets.swift, ASan) and runs each target.
# Usage: Tests/Fuzz/run.sh [RUNS_PER_TARGET] [TARGET ...]   (default: 2000000 runs; every target)
# Seeds come from the bundled files; crashing inputs are written to Tests/Fuzz/crashes/.
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-2000000}; shift || true
targets=("$@"); [ ${#targets[@]} -eq 0 ] && targets=(csv json campaign scenario ptk store sidecar args)
build=.build/fuzz; mkdir -p "$build" Tests/Fuzz/crashes
if [ ! -x "$build/fuzz" ] || [ -n "$(find Sources/ChainMatch Tests/Fuzz -newer "$build/fuzz" -name '*.swift' | head -1)" ]; then
  echo "building $build/fuzz (a few minutes)…"
  swiftc -sanitize=fuzzer,address -parse-as-library -O -module-name ChainMatch \
    -I Sources/COpenBLAS $(pkg-config --cflags-only-I openblas | sed 's/-I/-Xcc -I/g') -lopenblas \
    $(find Sources/ChainMatch -name '*.swift' | sort) Tests/Fuzz/FuzzTargets.swift -o "$build/fuzz" 2>&1 | grep -v "Cannot export local symbol" || true
fi
seeds() {   # a seed folder per target from the bundled files
  local t=$1 dir="$build/seeds-$t"; rm -rf "$dir"; mkdir -p "$dir"
  case $t in
    csv) head -c 20000 datasets/enterprises.csv > "$dir/e.csv"; head -c 20000 datasets/parks.csv > "$dir/p.csv"; cp datasets/regions.csv "$dir/";;
    json|campaign) cp datasets/campaigns/*.json "$dir/";;
    scenario) printf '%s' '{"name":"s","targets":{"add":[{"node":"li.pack","gap":"fill"}],"remove":["li.cell"]},"capacity":{"land_mu":500},"endowment":{"water":0.5}}' > "$dir/s.json";;
    ptk) cp Tests/Fuzz/corpus/*.ptk "$dir/";;
    store) cp Tests/Fuzz/corpus/*.store "$dir/";;
    sidecar) cp Tests/Fuzz/corpus/*.needs "$dir/";;
    args) printf '%s' '--campaign qh-golmud-salt-lake-lithium --top 30 --format csv --reasons' > "$dir/a";;
  esac
  echo "$dir"
}
for t in "${targets[@]}"; do
  dir=$(seeds "$t")
  echo "== $t: $runs runs"
  FUZZ_TARGET=$t CHAINMATCH_HOME=$PWD "$build/fuzz" -runs="$runs" -max_len=65536 -timeout=10 -rss_limit_mb=4096 \
    -artifact_prefix=Tests/Fuzz/crashes/$t- "$dir" 2>&1 | grep -E "^Done|ERROR|SUMMARY|stat::number_of_executed_units" || true
done
