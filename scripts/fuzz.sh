#!/usr/bin/env bash
# Runs the fuzz targets (cargo-fuzz, libFuzzer) for SECONDS each, starting
# from seed corpora cut from the bundled gazettes. Needs the nightly
# toolchain and `cargo install cargo-fuzz`.
#
#   scripts/fuzz.sh [SECONDS] [TARGET ...]
#
# A crash is saved under fuzz/artifacts/<target>/; turn it into a regression
# test before fixing it (see TESTING.md).
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-600}
shift || true
targets=${*:-"gazette flat_table markdown_table prose deadline names progress_sheet"}
python3 - <<'PY'
import os, glob
root = "fuzz/corpus"
def put(target, name, text):
    d = os.path.join(root, target); os.makedirs(d, exist_ok=True)
    open(os.path.join(d, name), "w", encoding="utf-8").write(text)
for path in sorted(glob.glob("data/gazettes/*.txt")):
    lines = open(path, encoding="utf-8").read().split("\n")
    base = os.path.basename(path)[:-4]
    for i in range(0, len(lines), 80):
        chunk = "\n".join(lines[i:i + 120])
        for t in ("gazette", "flat_table", "markdown_table", "prose"):
            put(t, f"{base}-{i}", chunk)
for i, p in enumerate(["5月底前，并长期坚持", "到 2021 年底", "2019年6月底前", "力争2020年前", "自印发之日起1个月内",
                       "2025 年 1 月-2026 年 12 月", "3月上旬", "一季度", "十二月底前", "长期坚持", "2月30日前"]):
    put("deadline", f"p{i}", p)
for i, n in enumerate(["市发展改革委、人力资源社会保障局、农业农村局，市财政局，各县（区）人民政府",
                       "墨脱县、波密县、察隅县人民政府", "市委政法委、国安办", "商务厅、人行拉萨中心支行（外汇管理局）等按职责分工负责",
                       "各县（区） 市（中、区）直 各单位", "市各委、办、局"]):
    put("names", f"n{i}", n)
put("progress_sheet", "s0", "编号,状态,完成比例,进展情况,日期,期次\n7,推进中,40%,\"征地，\n完成\",2023/7/3,上半年\n")
PY
for t in $targets; do
  [ -f "fuzz/fuzz_targets/$t.rs" ] || continue
  echo "== $t: ${secs}s"
  (cd fuzz && cargo +nightly fuzz run -O "$t" "corpus/$t" -- -max_total_time="$secs" -max_len=16384 -timeout=10 2>&1 | grep -E "^(#|Done|==|INFO: -max_total_time)|SUMMARY|panicked" | tail -3) ||
    echo "== $t: crashed, see fuzz/artifacts/$t/"
done
