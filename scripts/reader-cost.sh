#!/usr/bin/env bash
# Instructions and heap allocations of reading generated gazettes, counted
# by valgrind (callgrind and DHAT): figures that do not move with the
# machine's load, unlike the timings of scripts/bench.sh, so a change to a
# reader can be judged on a shared machine. Installs valgrind if missing.
#
#   scripts/reader-cost.sh            # one flat-table and one markdown gazette
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v valgrind >/dev/null; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get install -y valgrind >/dev/null || { $sudo apt-get update >/dev/null && $sudo apt-get install -y valgrind >/dev/null; }
fi
cargo build --release --locked --bin duban --example synth
work=target/reader-cost
rm -rf "$work" && mkdir -p "$work"
# Two files: the generator alternates the flat and the markdown format.
target/release/examples/synth gazettes --tasks 8000 --files 2 --out "$work/gazettes" >/dev/null
for f in "$work"/gazettes/*.txt; do
  read_it=(target/release/duban --db "$work/unused.db" import --dry-run "$f")
  ir=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null "${read_it[@]}" 2>&1 >/dev/null | sed -n 's/.*Collected : //p')
  blocks=$(valgrind --tool=dhat --dhat-out-file=/dev/null "${read_it[@]}" 2>&1 >/dev/null | sed -n 's/.*Total: .* in \(.*\) blocks/\1/p')
  printf '%s (%s bytes, %s): %s instructions, %s allocations\n' "$(basename "$f")" "$(wc -c <"$f")" \
    "$(grep -c '^| ' "$f" >/dev/null && echo markdown || echo flat)" "$ir" "$blocks"
done
