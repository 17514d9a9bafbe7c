#!/usr/bin/env bash
# The main command: the app with a private PostgreSQL (unless ConnectionStrings__OcopLive is set),
# migrations, the bootstrap admin and the Hà Tĩnh demo data; prints the URLs once it is ready.
#   OCOPLIVE_URL (default http://127.0.0.1:5080)   where Kestrel listens
#   OcopLive__Bootstrap__AdminPassword (default admin-demo-2026)
#   OCOPLIVE_REHEARSAL_RATE (unset: off)  e.g. 5: simulated viewers order the product on air at that
#     many orders a second through the real API (tools/Rehearsal); OCOPLIVE_REHEARSAL_SESSION picks
#     the session (default: the demo session). It waits for go-live and stops when ordering closes.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

"$ROOT/ops/deps.sh" app
if [ -z "${ConnectionStrings__OcopLive:-}" ]; then
  ConnectionStrings__OcopLive="$("$ROOT/ops/pg.sh" start)"
  export ConnectionStrings__OcopLive
fi
export OcopLive__Bootstrap__AdminPassword="${OcopLive__Bootstrap__AdminPassword:-admin-demo-2026}"
export OcopLive__Demo__Seed="${OcopLive__Demo__Seed:-true}"
export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Production}"
URL="${OCOPLIVE_URL:-http://127.0.0.1:5080}"

dotnet build "$ROOT/src/OcopLive/OcopLive.csproj" -c Release -nologo -v q
if [ -n "${OCOPLIVE_REHEARSAL_RATE:-}" ]; then
  # The rehearsal's viewers solve the order challenge like the page does, but they all come from
  # this machine's address: the per-address cap (docs/flash-deals.md) would stop them after 200 units.
  export OcopLive__Orders__UnitsPerAddress="${OcopLive__Orders__UnitsPerAddress:-0}"
  dotnet build "$ROOT/tools/Rehearsal/Rehearsal.csproj" -c Release -nologo -v q
  # In the background: it waits for /health/ready, then for go-live; it ends with the app ($$ after exec).
  dotnet "$ROOT/tools/Rehearsal/bin/Release/net10.0/Rehearsal.dll" --base "$URL" --app-pid "$$" \
    --session "${OCOPLIVE_REHEARSAL_SESSION:-demo}" --rate "$OCOPLIVE_REHEARSAL_RATE" &
fi
exec dotnet "$ROOT/src/OcopLive/bin/Release/net10.0/OcopLive.dll" --urls "$URL" --contentRoot "$ROOT/src/OcopLive" "$@"
