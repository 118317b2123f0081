#!/usr/bin/env bash
# Debian's Chromium for the end-to-end browser tests (Playwright drives it through ExecutablePath;
# Playwright's own browser download cannot reach its host here). Nothing runs; `start` only installs.
set -euo pipefail
. "$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/common.sh"

case "${1:-start}" in
  start) ensure_packages chromium ;;
  stop|status) ;;
  *) echo "usage: $0 start" >&2; exit 2 ;;
esac
