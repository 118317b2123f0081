#!/usr/bin/env bash
# Writes a self-signed certificate into the shared /tls volume on first start (Postfix and the app instances read it
# from there), then runs Dovecot in the foreground. Users come from the passwd-file secret /run/secrets/mail-users.
set -euo pipefail
if [ ! -f /tls/server.crt ]; then
  openssl req -x509 -newkey rsa:2048 -nodes -days 825 -subj "/CN=dovecot" \
    -addext "subjectAltName=DNS:dovecot,DNS:postfix" -keyout /tls/server.key -out /tls/server.crt 2>/dev/null
  chmod 644 /tls/server.crt
  chmod 640 /tls/server.key
fi
if [ ! -s /run/secrets/mail-users ]; then
  echo "dovecot: /run/secrets/mail-users is missing or empty (see infra/docker/.env.example)" >&2
  exit 1
fi
exec dovecot -F
