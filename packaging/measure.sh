#!/usr/bin/env bash
# Measure the built bundle (run scripts/build-app first):
#   packaging/measure.sh [RUNS] [BUNDLE_DIR]      (BUNDLE_DIR: dist/amzdesk)
# prints the size on disk, the size of a .tar.gz of dist/amzdesk (what a user downloads), and the
# frozen app's start-up: wall time until `amzdesk --smoke-test` exits, and the time from process
# start to the main window's first frame (reported by the smoke test); median and best of RUNS (5).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNS="${1:-5}"
BUNDLE="$(cd "${2:-$ROOT/dist/amzdesk}" && pwd)"
[ -x "$BUNDLE/amzdesk" ] || { echo "no bundle at $BUNDLE; run scripts/build-app" >&2; exit 1; }

bytes=$(du -sb "$BUNDLE" | cut -f1)
files=$(find "$BUNDLE" -type f | wc -l)
archive=$(tar -C "$(dirname "$BUNDLE")" -czf - "$(basename "$BUNDLE")" | wc -c)
echo "bundle: $((bytes / 1048576)) MiB on disk ($files files), $((archive / 1048576)) MiB as .tar.gz"

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
exits=() frames=()
QT_QPA_PLATFORM=offscreen "$BUNDLE/amzdesk" --smoke-test >/dev/null 2>&1 || true  # warm the page cache
for _ in $(seq "$RUNS"); do
  start=$(date +%s.%N)
  out=$(env -u PYTHONPATH QT_QPA_PLATFORM=offscreen "$BUNDLE/amzdesk" --smoke-test 2>&1 || true)
  end=$(date +%s.%N)
  exits+=("$(awk -v a="$start" -v b="$end" 'BEGIN {printf "%.3f", b - a}')")
  frame=$(echo "$out" | sed -n 's/.*first frame \([0-9.]*\) s.*/\1/p')
  frames+=("${frame:-nan}")
done
minimum() { sort -n | head -1; }
printf 'start-up (offscreen, %s runs, median / best): first frame %.2f / %.2f s, ' "$RUNS" \
  "$(printf '%s\n' "${frames[@]}" | median)" "$(printf '%s\n' "${frames[@]}" | minimum)"
printf -- '--smoke-test exits after %.2f / %.2f s\n' \
  "$(printf '%s\n' "${exits[@]}" | median)" "$(printf '%s\n' "${exits[@]}" | minimum)"
