#!/usr/bin/env bash
# The main command: the app with a private PostgreSQL (unless ConnectionStrings__OcopLive is set),
# migrations, the bootstrap admin and the Hà Tĩnh demo data; prints the URLs once it is ready.
#   OCOPLIVE_URL (default http://127.0.0.1:5080)   where Kestrel listens
#   OcopLive__Bootstrap__AdminPassword (default admin-demo-2026)
#   OcopLive__PublicBaseUrl (default OCOPLIVE_URL)   the address printed in the order QR
#   OcopLive__DataProtection__CertificatePath (default .data/keys/dataprotection.pem, made once)
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
# The order QR on air points here (not at whatever Host header a request carries).
export OcopLive__PublicBaseUrl="${OcopLive__PublicBaseUrl:-$URL}"
# The keys that sign logins are stored in PostgreSQL encrypted to this certificate (made once,
# kept in .data/ beside the private database; a deployment brings its own, see docs/security.md).
if [ -z "${OcopLive__DataProtection__CertificatePath:-}" ]; then
  KEYS="$ROOT/.data/keys"
  if [ ! -s "$KEYS/dataprotection.pem" ]; then
    mkdir -p "$KEYS" && chmod 700 "$KEYS"
    openssl req -x509 -newkey rsa:3072 -nodes -days 3650 -subj "/CN=OcopLive data protection" \
      -keyout "$KEYS/key.pem" -out "$KEYS/cert.pem" 2>/dev/null
    cat "$KEYS/cert.pem" "$KEYS/key.pem" > "$KEYS/dataprotection.pem" && rm -f "$KEYS/cert.pem" "$KEYS/key.pem"
    chmod 600 "$KEYS/dataprotection.pem"
  fi
  export OcopLive__DataProtection__CertificatePath="$KEYS/dataprotection.pem"
fi

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
