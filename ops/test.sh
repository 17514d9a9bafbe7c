#!/usr/bin/env bash
# The test command: installs what the tests need, starts the private PostgreSQL (unless
# ConnectionStrings__OcopLive points at one), runs every test project of OcopLive.sln and ends
# with one plain line "N passed, N failed". Exit code is non-zero on any failure.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

"$ROOT/ops/deps.sh" test || { echo "0 passed, 1 failed"; exit 1; }

if [ -z "${ConnectionStrings__OcopLive:-}" ]; then
  ConnectionStrings__OcopLive="$("$ROOT/ops/pg.sh" start)" || { echo "0 passed, 1 failed"; exit 1; }
  export ConnectionStrings__OcopLive
fi

RESULTS="$ROOT/artifacts/test-results"
# The in-process apps log to artifacts/test-logs/ (one file per app), not to this console; a
# browser test's share of them is printed with the test only when it fails.
rm -rf "$RESULTS" "$ROOT/artifacts/test-logs"
mkdir -p "$RESULTS"
dotnet test "$ROOT/OcopLive.sln" -c Release --logger "trx" --logger "console;verbosity=normal" --results-directory "$RESULTS" "$@"
rc=$?

passed=0; failed=0
for f in "$RESULTS"/*.trx; do
  [ -f "$f" ] || continue
  counters="$(grep -o '<Counters [^>]*>' "$f" | head -1)"
  p="$(echo "$counters" | sed -n 's/.* passed="\([0-9]*\)".*/\1/p')"
  x="$(echo "$counters" | sed -n 's/.* failed="\([0-9]*\)".*/\1/p')"
  passed=$((passed + ${p:-0})); failed=$((failed + ${x:-0}))
done
if [ "$failed" -gt 0 ]; then
  # The console log scrolls away: repeat each failed test with the head of its message at the end.
  echo "Failed tests:"
  for f in "$RESULTS"/*.trx; do
    [ -f "$f" ] || continue
    awk '
      /<UnitTestResult / && /outcome="Failed"/ { n = $0; sub(/.*testName="/, "", n); sub(/".*/, "", n); print "  - " n; inside = 1; lines = 0; next }
      inside && /<Message>/ { msg = 1 }
      inside && msg { line = $0; gsub(/<\/?Message>/, "", line); if (lines < 12) print "      " line; lines++ }
      inside && /<\/Message>/ { msg = 0 }
      inside && /<\/UnitTestResult>/ { inside = 0; msg = 0 }
    ' "$f" | sed -e 's/&quot;/"/g' -e "s/&apos;/'/g" -e 's/&lt;/</g' -e 's/&gt;/>/g' -e 's/&amp;/\&/g'
  done
fi
if [ "$failed" -gt 0 ]; then echo "The apps' logs of this run: artifacts/test-logs/"; fi
if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "$passed passed, $failed failed"
[ "$rc" -eq 0 ] && [ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
