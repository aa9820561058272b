#!/usr/bin/env bash
# Time and peak memory of `yizhan import table` on a sheet of ROWS venues
# (default 10000), into a copy of the bundled sample site.
#
#   bench/import.sh [ROWS...]
#
# The sheet is made here, deterministically: each row a venue in one of the
# sample's communities, with the Chinese headers editors use (名称, 所在社区,
# 地址, 经纬度, 开放时间 in words, 运营机构 by short name, 无障碍, 面积),
# written as CSV and, when Python has openpyxl, as .xlsx too. Each file is
# imported three times (a dry run, which reads, checks and writes nothing,
# then a real import into a fresh copy) and the median wall time and peak
# memory (max RSS from GNU time) reported.
set -euo pipefail
cd "$(dirname "$0")/.."

WORK=${WORK:-${TMPDIR:-/tmp}/yizhan-bench}/import
rows=("$@")
[ ${#rows[@]} -gt 0 ] || rows=(10000)

cargo build --release --quiet
BIN=$PWD/target/release/yizhan
mkdir -p "$WORK"

make_sheet() { # ROWS OUT_BASE
    python3 - "$1" "$2" <<'PY'
import csv, sys
n, out = int(sys.argv[1]), sys.argv[2]
communities = ["穆柯寨社区", "盐场堡社区", "北面滩社区", "山子石社区", "金塔巷社区",
               "西城巷社区", "中街子社区", "永昌路社区", "南关社区", "小西湖社区", "万里社区"]
operators = ["小草", "社创", "简公益", "遇见未来", "市总工会"]
hours = ["周一至周五 9:00-17:00", "周二至周日 9:00-17:00，周一闭馆", "每天 8:30-21:00",
         "周一至周五 上午9点-12点 下午2点半-5点半", "周六日 10:00-16:00；节假日休息"]
head = ["名称", "所在社区", "地址", "经纬度", "开放时间", "运营机构", "无障碍", "面积（平方米）"]
rows = [head]
for i in range(n):
    c = communities[i % len(communities)]
    rows.append([f"{c}第{i + 1}职工服务点", c, f"兰州市{c}{i % 40 + 1}号楼",
                 f"{103.80 + (i % 97) / 1000:.4f},{36.05 + (i % 89) / 1000:.4f}",
                 hours[i % len(hours)], operators[i % len(operators)],
                 "电梯、无障碍卫生间" if i % 3 == 0 else "", 60 + i % 200])
with open(out + ".csv", "w", newline="", encoding="utf-8") as f:
    csv.writer(f).writerows(rows)
try:
    import openpyxl
except ImportError:
    sys.exit(0)
book = openpyxl.Workbook()
sheet = book.active
sheet.title = "场所"
for r in rows:
    sheet.append(r)
book.save(out + ".xlsx")
PY
}

measure() { # FILE [--dry-run]
    local site="$WORK/site"
    rm -rf "$site" && mkdir -p "$site" && cp -r content "$site/"
    /usr/bin/time -f "%e %M" -o "$WORK/time" "$BIN" --root "$site" import table "$1" --kind venues ${2:-} >/dev/null 2>"$WORK/err" || {
        tail -5 "$WORK/err"; exit 1; }
    cat "$WORK/time"
}

median() { sort -n | sed -n 2p; }

printf '| rows | file | dry run (median of 3) | import (median of 3) | peak memory |\n|---|---|---|---|---|\n'
for n in "${rows[@]}"; do
    base="$WORK/venues-$n"
    make_sheet "$n" "$base"
    for file in "$base.csv" "$base.xlsx"; do
        [ -f "$file" ] || continue
        dry=(); real=(); mem=()
        for _ in 1 2 3; do
            read -r t m < <(measure "$file" --dry-run); dry+=("$t")
            read -r t m < <(measure "$file"); real+=("$t"); mem+=("$m")
        done
        d=$(printf '%s\n' "${dry[@]}" | median)
        r=$(printf '%s\n' "${real[@]}" | median)
        m=$(printf '%s\n' "${mem[@]}" | median)
        printf '| %s | %s | %s s | %s s | %s MB |\n' "$n" "${file##*.}" "$d" "$r" "$((m / 1024))"
    done
done
