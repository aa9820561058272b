#!/usr/bin/env bash
# Edit-to-reload latency of `yizhan serve` on synthetic corpora.
#
#   bench/serve.sh [ORGS...]        default: 1000 10000   (0 = the bundled sample site)
#
# Starts the server, listens on its reload channel, appends a line to one
# organization file EDITS times and reports the median time from the save
# to the reload message, with the server's memory (resident after the
# edits, and its peak).
set -euo pipefail
cd "$(dirname "$0")/.."

GEN=${GEN:-../shared/bench/gen_corpus.py}
EDITS=${EDITS:-5}
WORK=${WORK:-${TMPDIR:-/tmp}/yizhan-bench}
PORT=${PORT:-18111}
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000)

cargo build --release --quiet
BIN=$PWD/target/release/yizhan
mkdir -p "$WORK"

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

printf '| site | edit → reload (median of %s) | min | max | memory (peak) |\n|---|---|---|---|---|\n' "$EDITS"
for n in "${sizes[@]}"; do
  if [ "$n" = 0 ]; then
    dir=$WORK/sample; rm -rf "$dir"; mkdir -p "$dir"; cp -r content "$dir/"
    file=$dir/content/organizations/xiaocao.md; label=sample
  else
    dir=$WORK/c$n
    [ -f "$dir/content/site.yaml" ] || python3 "$GEN" --orgs "$n" --out "$dir" --format yizhan >/dev/null
    file=$(find "$dir/content/organizations" -name '*.md' | sort | sed -n 1p); label="$n orgs"
  fi
  cp "$file" "$WORK/saved.md"
  "$BIN" --root "$dir" serve --port "$PORT" >"$WORK/serve.out" 2>&1 &
  server=$!
  trap 'kill $server 2>/dev/null; cp "$WORK/saved.md" "$file"' EXIT
  until curl -sf -o /dev/null "http://127.0.0.1:$PORT/"; do sleep 0.2; done
  curl -sN "http://127.0.0.1:$PORT/__yizhan/events" >"$WORK/events.log" &
  listener=$!
  sleep 0.5
  times=()
  for i in $(seq "$EDITS"); do
    before=$(grep -c '^event: reload' "$WORK/events.log" || true)
    t0=$(date +%s%N)
    printf '\n编辑 %s\n' "$i" >>"$file"
    until [ "$(grep -c '^event: reload' "$WORK/events.log" || true)" -gt "$before" ]; do sleep 0.002; done
    t1=$(date +%s%N)
    times+=($(( (t1 - t0) / 1000000 )))
    sleep 0.5
  done
  rss=$(awk '/^VmRSS/ {print int($2/1024)}' "/proc/$server/status")
  hwm=$(awk '/^VmHWM/ {print int($2/1024)}' "/proc/$server/status")
  kill "$listener" "$server" 2>/dev/null || true
  wait 2>/dev/null || true
  cp "$WORK/saved.md" "$file"
  trap - EXIT
  sorted=$(printf '%s\n' "${times[@]}" | sort -n)
  printf '| %s | %s ms | %s ms | %s ms | %s MB (%s MB) |\n' "$label" "$(printf '%s\n' "${times[@]}" | median)" "$(head -1 <<<"$sorted")" "$(tail -1 <<<"$sorted")" "$rss" "$hwm"
done
