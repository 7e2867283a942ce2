#!/usr/bin/env bash
# The province-scale benchmark (see BENCHMARKS.md). Installs the public tools
# it compares against (Debian's hyperfine, taskwarrior, sqlite3, time) when
# missing, builds duban in release mode and runs scripts/bench.py.
#
#   scripts/bench.sh                  # 1,000,000 tasks, 5,000,000 entries
#   scripts/bench.sh --tasks 100000   # a quick run
#   scripts/bench.sh --check-states   # also prove the stored states equal a refold
set -euo pipefail
cd "$(dirname "$0")/.."
missing=()
for t in hyperfine:hyperfine task:taskwarrior sqlite3:sqlite3 /usr/bin/time:time; do
  command -v "${t%%:*}" >/dev/null || missing+=("${t#*:}")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get install -y "${missing[@]}" >/dev/null || { $sudo apt-get update >/dev/null && $sudo apt-get install -y "${missing[@]}" >/dev/null; }
fi
cargo build --release --locked --bin duban --example synth
exec python3 scripts/bench.py "$@"
