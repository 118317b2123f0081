#!/usr/bin/env bash
# Tools the letter tests use to look at the PDFs we produce (text, fonts, structure, raster), and the
# fonts the default letter stylesheet names. Nothing runs; `start` only installs.
set -euo pipefail
. "$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/common.sh"

case "${1:-start}" in
  start) ensure_packages poppler-utils qpdf fonts-dejavu-core fonts-liberation2 ;;
  stop|status) ;;
  *) echo "usage: $0 start" >&2; exit 2 ;;
esac
