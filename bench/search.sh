#!/usr/bin/env bash
# Search budgets (see BENCHMARKS.md, "Search"): builds the sample site and
# the synthetic corpora with the release binary, times the search index on
# its own, then measures the browser side in headless Chromium
# (bench/search.mjs: JS size, bytes to the first result, bytes per query,
# keystroke to results).
#
#   bench/search.sh [ORGS...]     default: 1000 10000
set -euo pipefail
cd "$(dirname "$0")/.."

GEN=${GEN:-../shared/bench/gen_corpus.py}
WORK=${WORK:-${TMPDIR:-/tmp}/yizhan-bench}
OUT=${OUT:-/dev/shm/yizhan-search}
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000)

cargo build --release --quiet --bin yizhan --example index_time
TARGET=${CARGO_TARGET_DIR:-$PWD/target}
BIN=$TARGET/release/yizhan
TIMER=$TARGET/release/examples/index_time
[ -d audit/node_modules ] || npm ci --prefix audit --ignore-scripts --no-audit --no-fund
mkdir -p "$WORK" "$OUT"

sites=("sample=$OUT/sample")
roots=("$PWD")
for n in "${sizes[@]}"; do
  dir=$WORK/c$n
  [ -f "$dir/content/site.yaml" ] || python3 "$GEN" --orgs "$n" --out "$dir" --format yizhan >/dev/null
  # One language: the figures compare with earlier ones and with other
  # generators building the same pages (the copies in zh-Hant and en
  # would triple the pages; see BENCHMARKS.md, "Languages").
  sed -i '/^languages:/d' "$dir/content/site.yaml"
  sites+=("$n orgs=$OUT/c$n")
  roots+=("$dir")
done

echo "| site | full build: wall / CPU | search index alone: wall / CPU (median of 3) | index files | index bytes |"
echo "|---|---:|---:|---:|---:|"
for i in "${!sites[@]}"; do
  name=${sites[$i]%%=*}
  out=${sites[$i]#*=}
  root=${roots[$i]}
  /usr/bin/time -f '%e %U %S' -o "$WORK/search-time.txt" "$BIN" --root "$root" build -o "$out" >/dev/null
  read -r wall user sys < "$WORK/search-time.txt"
  read -r idx idx_cpu files bytes < <("$TIMER" "$root" 3)
  printf '| %s | %.2f s / %.2f s | %s s / %s s | %s | %s MB |\n' "$name" "$wall" "$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')" \
    "$idx" "$idx_cpu" "$files" "$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1048576 }')"
done
echo
node bench/search.mjs "${sites[@]}"
