#!/usr/bin/env bash
# Full-build benchmark on synthetic corpora from ../shared/bench/gen_corpus.py.
#
#   bench/run.sh [ORGS...]        default: 1000 10000
#   BIN=/path/to/yizhan bench/run.sh   time another binary (default: this
#                                      checkout's release build)
#   OUT=/dev/shm/yizhan bench/run.sh   write the output (and the copy) to
#                                      another folder, e.g. a RAM disk, to
#                                      take the disk out of the measurement
#
# For each size: generates the corpus (deterministic), builds it RUNS times
# with the release binary, and reports the median wall time and peak memory
# (max RSS from GNU time), beside the copy floor (`cp -r` of the output).
# Each build is followed at once by a copy of its output, and the ratio of
# the two is taken pair by pair (the median of the ratios): the speed of a
# shared machine drifts by a third within an hour, which a ratio of two
# medians taken minutes apart would measure instead of the build.
#
# The build and the copy start alike: the folder they write is removed
# first, untimed. A build over an earlier output also removes the old
# files once the new ones are in place; that is timed apart ("rebuild",
# the same build again with its previous output there), because no copy
# floor has it.
set -euo pipefail
# The summary line is read below: in English, whatever the site.
export YIZHAN_LANG=en
cd "$(dirname "$0")/.."

GEN=${GEN:-../shared/bench/gen_corpus.py}
RUNS=${RUNS:-3}
WORK=${WORK:-${TMPDIR:-/tmp}/yizhan-bench}
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000)

cargo build --release --quiet
BIN=${BIN:-$PWD/target/release/yizhan}
mkdir -p "$WORK"

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

printf '| orgs | pages | files | build (median of %s) | peak memory | copy floor (cp -r) | × copy floor (median of pairs) | rebuild over the output |\n' "$RUNS"
printf '|---|---|---|---|---|---|---|---|\n'
for n in "${sizes[@]}"; do
  dir=$WORK/c$n
  out=${OUT:+$OUT/c$n}
  out=${out:-$dir/public}
  if [ ! -f "$dir/content/site.yaml" ]; then
    python3 "$GEN" --orgs "$n" --out "$dir" --format yizhan >/dev/null
    # One language: the figures compare with earlier ones and with other
    # generators building the same pages (the copies in zh-Hant and en
    # would triple the pages; see BENCHMARKS.md, "Languages").
    sed -i '/^languages:/d' "$dir/content/site.yaml"
  fi
  times=(); mems=(); ctimes=(); ratios=(); line=""
  for _ in $(seq "$RUNS"); do
    rm -rf "$out" "$out.copy"; sync
    /usr/bin/time -f '%e %M' -o "$WORK/time.txt" "$BIN" --root "$dir" build -o "$out" >"$WORK/out.txt" 2>"$WORK/err.txt" || {
      cat "$WORK/err.txt" >&2; exit 1; }
    read -r t m <"$WORK/time.txt"
    times+=("$t"); mems+=("$m")
    line=$(grep '^Built' "$WORK/out.txt")
    sync
    /usr/bin/time -f '%e' -o "$WORK/time.txt" cp -r "$out" "$out.copy"
    c=$(cat "$WORK/time.txt")
    ctimes+=("$c")
    ratios+=("$(awk -v b="$t" -v c="$c" 'BEGIN {printf "%.2f", b / c}')")
  done
  rm -rf "$out.copy"
  pages=$(sed -E 's/^Built ([0-9]+) pages.*/\1/' <<<"$line")
  files=$(sed -E 's/.*\(([0-9]+) files\).*/\1/' <<<"$line")
  t=$(printf '%s\n' "${times[@]}" | median)
  m=$(printf '%s\n' "${mems[@]}" | median)
  c=$(printf '%s\n' "${ctimes[@]}" | median)
  x=$(printf '%s\n' "${ratios[@]}" | median)
  rtimes=()
  for _ in $(seq "$RUNS"); do
    sync
    /usr/bin/time -f '%e' -o "$WORK/time.txt" "$BIN" --root "$dir" build -o "$out" >/dev/null 2>"$WORK/err.txt" || {
      cat "$WORK/err.txt" >&2; exit 1; }
    rtimes+=("$(cat "$WORK/time.txt")")
  done
  r=$(printf '%s\n' "${rtimes[@]}" | median)
  printf '| %s | %s | %s | %s s | %s MB | %s s | %s× | %s s |\n' "$n" "$pages" "$files" "$t" "$((m / 1024))" "$c" "$x" "$r"
done
