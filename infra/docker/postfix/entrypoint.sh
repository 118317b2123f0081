#!/usr/bin/env bash
# Sets the mail domain from MAIL_DOMAIN and runs Postfix in the foreground (logging to stdout).
set -euo pipefail
: "${MAIL_DOMAIN:?MAIL_DOMAIN must name the mail domain Dovecot holds mailboxes for}"
postconf -e "myhostname=mail.${MAIL_DOMAIN}" "mydomain=${MAIL_DOMAIN}" "myorigin=${MAIL_DOMAIN}" \
  "virtual_mailbox_domains=${MAIL_DOMAIN}"
exec postfix start-fg
