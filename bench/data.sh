#!/usr/bin/env bash
# What the data outputs cost: the HSDS feed (hsds/) and the records as
# JSON (data/), beside a full build of the same corpus.
#
#   bench/data.sh [ORGS]          default: 10000
#   OUT=/dev/shm/yizhan bench/data.sh   write the outputs to a RAM disk
#
# Times, RUNS times each in turn (so that a busy machine slows all alike),
# `yizhan check` (loading and checking alone), `yizhan export hsds`,
# `yizhan export json` and `yizhan build`, and prints for each the median
# and best wall time and the median CPU time (user + system). An export
# is a check followed by its files, so export minus check is what making
# and writing the part costs on its own.
set -euo pipefail
cd "$(dirname "$0")/.."

GEN=${GEN:-../shared/bench/gen_corpus.py}
RUNS=${RUNS:-5}
WORK=${WORK:-${TMPDIR:-/tmp}/yizhan-bench}
n=${1:-10000}

cargo build --release --quiet
BIN=${BIN:-${CARGO_TARGET_DIR:-$PWD/target}/release/yizhan}
dir=$WORK/c$n
out=${OUT:-$dir}
mkdir -p "$out"
if [ ! -f "$dir/content/site.yaml" ]; then
  python3 "$GEN" --orgs "$n" --out "$dir" --format yizhan >/dev/null
  # One language: the figures compare with earlier ones and with other
  # generators building the same pages (the copies in zh-Hant and en
  # would triple the pages; see BENCHMARKS.md, "Languages").
  sed -i '/^languages:/d' "$dir/content/site.yaml"
fi

declare -A wall cpu
steps=(check hsds json build)
for _ in $(seq "$RUNS"); do
  for step in "${steps[@]}"; do
    case $step in
      check) args=(check) ;;
      hsds) args=(export hsds --to "$out/export-hsds" --force) ;;
      json) args=(export json --to "$out/export-json" --force) ;;
      build) args=(build -o "$out/public") ;;
    esac
    /usr/bin/time -f '%e %U %S' -o "$WORK/time.txt" "$BIN" --root "$dir" "${args[@]}" >/dev/null 2>"$WORK/err.txt" || {
      cat "$WORK/err.txt" >&2; exit 1; }
    read -r e u s <"$WORK/time.txt"
    wall[$step]+="$e "
    cpu[$step]+="$(echo "$u + $s" | bc) "
  done
done

median() { tr ' ' '\n' | sed '/^$/d' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
best() { tr ' ' '\n' | sed '/^$/d' | sort -n | head -1; }
printf '| %s orgs | wall, median of %s | wall, best | CPU, median |\n|---|---|---|---|\n' "$n" "$RUNS"
for step in "${steps[@]}"; do
  printf '| %s | %s s | %s s | %s s |\n' "$step" \
    "$(median <<<"${wall[$step]}")" "$(best <<<"${wall[$step]}")" "$(median <<<"${cpu[$step]}")"
done
