# Shared helpers for the dev/CI service scripts. Sourced, not run.
# Services live under one folder of their own and listen on loopback only.
CC_DEV_DIR="${CC_DEV_DIR:-/tmp/contactcenter-dev}"

# Runs a command as root: directly when we are root, through sudo otherwise.
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# Installs Debian packages that are not installed yet; idempotent and quiet when nothing is missing.
# Waits for the dpkg lock, since several service scripts may install at once.
ensure_packages() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "installing Debian packages: ${missing[*]}"
  # Several service scripts may install at once: the lock timeout covers dpkg, the retries the package lists.
  local attempt
  for attempt in 1 2 3 4 5; do
    if as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 update -qq \
      && as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; then
      return 0
    fi
    echo "apt-get failed (attempt $attempt); retrying in 10 s" >&2
    sleep 10
  done
  return 1
}
