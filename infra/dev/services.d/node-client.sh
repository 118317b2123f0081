#!/usr/bin/env bash
# Node and the openid-client package for the end-to-end tests: an independent OpenID Connect relying
# party run against our provider. Nothing runs; `start` installs the locked packages once (npm ci),
# again only when package-lock.json changed since the last install.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
. "$root/infra/dev/common.sh"
client="$root/tests/ContactCenter.EndToEnd.Tests/oidc-client"

case "${1:-start}" in
  start)
    command -v node >/dev/null && command -v npm >/dev/null || ensure_packages nodejs npm
    stamp="$client/node_modules/.package-lock.sha256"
    want="$(sha256sum "$client/package-lock.json" | cut -d' ' -f1)"
    if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
      (cd "$client" && npm ci --no-audit --no-fund --loglevel=error)
      echo "$want" > "$stamp"
    fi
    ;;
  stop|status) ;;
  *) echo "usage: $0 start" >&2; exit 2 ;;
esac
