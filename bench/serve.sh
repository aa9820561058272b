#!/usr/bin/env bash
# Save-to-reload latency of `yizhan serve` on synthetic corpora, for each
# kind of one-record change an editor makes.
#
#   bench/serve.sh [ORGS...]        default: 1000 10000   (0 = the bundled sample site)
#   EDITS=9 bench/serve.sh 10000    changes of each kind (default 5)
#   BIN=/path/to/yizhan bench/serve.sh 10000
#                                   time another binary (default: this
#                                   checkout's release build)
#   PAD=1 bench/serve.sh 10000      one organization more while measuring:
#                                   at 10,000 (200 full pages of 50) every
#                                   add or delete starts or ends a page of
#                                   the organization index, which then
#                                   changes on every page; one in 50 does
#                                   in a directory of any other size
#
# Starts the server, listens on its reload channel, and for each kind of
# change makes it EDITS times, reporting the median, min and max time
# from the save to the reload message:
#
#   edit     a line appended to an organization's text
#   name     an organization's name changed (stories holding the old or
#            the new name are linked again)
#   add      a new organization file (its id sorts after every other)
#   rename   that file renamed (a delete plus an add)
#   delete   the renamed file removed
#   add-middle, delete-middle
#            the same with an id in the middle of the list, so that the
#            pages of the organization index after it change
#
# Two pages are open while it measures, as in an editor's browser: the
# page of the organization edited, and the first page of the
# organization index, which every add and delete changes. The server
# makes the open pages a change reaches first and reloads them as soon
# as they are final (see src/serve/first.rs); "rebuild" is the time the
# server reports for the whole rebuild (from the change seen to every
# page made, the large data files after it excepted).
#
# Then the server's memory: resident once the first build is served,
# after the changes, and its peak.
set -euo pipefail
cd "$(dirname "$0")/.."

GEN=${GEN:-../shared/bench/gen_corpus.py}
EDITS=${EDITS:-5}
WORK=${WORK:-${TMPDIR:-/tmp}/yizhan-bench}
PORT=${PORT:-18111}
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000)

cargo build --release --quiet
BIN=${BIN:-$PWD/target/release/yizhan}
mkdir -p "$WORK"

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

reloads() { grep -c '^event: reload' "$WORK/events.log" || true; }

# Listens on the server's reload channel for the page in $1 and writes
# each event's lines to stdout, a reload after the moment it came
# (`at` and nanoseconds since the epoch, the clock of `date +%s%N`): the
# time is taken as the message arrives, not when a poll of the file
# notices it, which would add the poll's delay (and its processes would
# take the processor from the server).
listen() {
  curl -sN "http://127.0.0.1:$PORT/__yizhan/events?page=$1" | python3 -u -c '
import sys, time
for line in iter(sys.stdin.readline, ""):
    if line.startswith("event: reload"):
        sys.stdout.write("at %d\n" % time.time_ns())
    sys.stdout.write(line)
'
}

rebuilds() { grep -c '^Rendered' "$WORK/serve.out" || true; }

# The server's processor time so far, in clock ticks.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$server/stat"; }

# Waits until the server has used no processor time for 100 ms: the
# work a rebuild leaves for after its report (the large data files, the
# search index stored, memory handed back) is done.
idle() {
  local before after
  before=$(cpu_ticks)
  while sleep 0.1; after=$(cpu_ticks); [ "$before" != "$after" ]; do before=$after; done
}

# Runs the command in "$@", waits for the next reload and the end of the
# rebuild; prints the milliseconds from the save to the reload, and the
# whole rebuild's as the server reports them. Each change comes to a
# server done with the one before, then idle for 0.3 s, as after an
# editor's save.
timed() {
  local before done t0 t1
  before=$(reloads)
  done=$(rebuilds)
  t0=$(date +%s%N)
  "$@"
  until [ "$(reloads)" -gt "$before" ]; do sleep 0.005; done
  t1=$(grep '^at ' "$WORK/events.log" | tail -1 | cut -d' ' -f2)
  until [ "$(rebuilds)" -gt "$done" ]; do sleep 0.01; done
  echo "$(( (t1 - t0) / 1000000 )):$(grep '^Rendered' "$WORK/serve.out" | tail -1 | sed 's/.* in \([0-9]*\) ms.*/\1/')"
  idle
  sleep 0.3
}

printf '| site | change | save → reload (median of %s) | min | max | rebuild (median) |\n|---|---|---|---|---|---|\n' "$EDITS"
memory=()
for n in "${sizes[@]}"; do
  if [ "$n" = 0 ]; then
    dir=$WORK/sample; rm -rf "$dir"; mkdir -p "$dir"; cp -r content "$dir/"
    label=sample
  else
    dir=$WORK/c$n
    [ -f "$dir/content/site.yaml" ] || python3 "$GEN" --orgs "$n" --out "$dir" --format yizhan >/dev/null
    # One language: the figures compare with earlier ones and with other
    # generators building the same pages (the copies in zh-Hant and en
    # would triple the pages; see BENCHMARKS.md, "Languages").
    sed -i '/^languages:/d' "$dir/content/site.yaml"
    label="$n orgs"
  fi
  orgs=$dir/content/organizations
  file=$(find "$orgs" -name '*.md' | sort | sed -n 2p)
  cp "$file" "$WORK/saved.md"
  if [ "${PAD:-0}" = 1 ]; then
    printf -- '---\nname: 多一个的机构\nkind: social-organization\n---\n\n多一个。\n' >"$orgs/zz-bench-pad.md"
  fi
  YIZHAN_LANG=en "$BIN" --root "$dir" serve --port "$PORT" >"$WORK/serve.out" 2>&1 &
  server=$!
  trap 'kill $server 2>/dev/null; cp "$WORK/saved.md" "$file"; rm -f "$orgs"/zz-bench-*.md "$orgs"/m-bench-*.md' EXIT
  until curl -sf -o /dev/null "http://127.0.0.1:$PORT/"; do sleep 0.2; done
  ready=$(awk '/^VmRSS/ {print int($2/1024)}' "/proc/$server/status")
  id=$(basename "$file" .md)
  curl -sfo /dev/null "http://127.0.0.1:$PORT/organizations/$id/"
  listen "/organizations/$id/" >"$WORK/events.log" &
  listener=$!
  curl -sN "http://127.0.0.1:$PORT/__yizhan/events?page=/organizations/" >/dev/null &
  index=$!
  idle
  declare -A results=()
  for i in $(seq "$EDITS"); do
    results[edit]+=" $(timed sh -c "printf '\n编辑 %s\n' $i >>'$file'")"
    results[name]+=" $(timed sed -i "0,/^name: /s/^name: .*/name: 改名的机构$i/" "$file")"
    new=$orgs/zz-bench-$i.md
    results[add]+=" $(timed sh -c "printf -- '---\nname: 新加的机构%s\nkind: social-organization\n---\n\n新机构。\n' $i >'$new'")"
    results[rename]+=" $(timed mv "$new" "$orgs/zz-bench-$i-b.md")"
    results[delete]+=" $(timed rm "$orgs/zz-bench-$i-b.md")"
    # An id in the middle of the list: the index pages after it change.
    mid=$orgs/m-bench-$i.md
    results[add-middle]+=" $(timed sh -c "printf -- '---\nname: 新加的机构%s\nkind: social-organization\n---\n\n新机构。\n' $i >'$mid'")"
    results[delete-middle]+=" $(timed rm "$mid")"
  done
  for kind in edit name add rename delete add-middle delete-middle; do
    # shellcheck disable=SC2086
    sorted=$(printf '%s\n' ${results[$kind]} | cut -d: -f1 | sort -n)
    # shellcheck disable=SC2086
    whole=$(printf '%s\n' ${results[$kind]} | cut -d: -f2 | sort -n)
    printf '| %s | %s | %s ms | %s ms | %s ms | %s ms |\n' "$label" "$kind" \
      "$(median <<<"$sorted")" "$(head -1 <<<"$sorted")" "$(tail -1 <<<"$sorted")" \
      "$(median <<<"$whole")"
  done
  unset results
  rss=$(awk '/^VmRSS/ {print int($2/1024)}' "/proc/$server/status")
  hwm=$(awk '/^VmHWM/ {print int($2/1024)}' "/proc/$server/status")
  memory+=("| $label | $ready MB | $rss MB | $hwm MB |")
  kill "$listener" "$index" "$server" 2>/dev/null || true
  wait 2>/dev/null || true
  cp "$WORK/saved.md" "$file"
  rm -f "$orgs/zz-bench-pad.md"
  trap - EXIT
done
printf '\n| site | memory once ready | after the changes | peak |\n|---|---|---|---|\n'
printf '%s\n' "${memory[@]}"
