#!/usr/bin/env bash
# Dovecot (IMAP, POP3, LMTP) and Postfix (submission, SMTPS) for the mail tests: private instances with
# their own configuration, a throw-away CA, loopback only, high ports. Never touches a system-wide
# Dovecot or Postfix (their default config directories, ports and pid files stay untouched).
#   infra/dev/services.d/mail.sh start   installs the packages, writes the configuration, starts both (idempotent)
#   infra/dev/services.d/mail.sh stop    stops both
# Tests read ports, users and the CA from $CC_DEV_DIR/mail/services.env (KEY=VALUE lines).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$here/common.sh"

MAIL_DIR="$CC_DEV_DIR/mail"
TLS_DIR="$MAIL_DIR/tls"
DC_DIR="$MAIL_DIR/dovecot"
PF_DIR="$MAIL_DIR/postfix"
MAILDIRS="$MAIL_DIR/maildirs"
HOST=127.0.0.1
IMAP_PORT=31143 IMAPS_PORT=31993 POP3_PORT=31110 POP3S_PORT=31995 LMTP_PORT=31024 AUTH_PORT=31012
SUBMISSION_PORT=31587 SMTPS_PORT=31465
USERS="alice bob carol dave erin frank grace heidi bench pop1 pop2 pop3 pop4 pop5 pop6 pop7 pop8 fetch1 fetch2 fetch3 fetch4 fetch5 fetch6"
# Mail files belong to Debian's 'mail' user: Dovecot refuses to deliver as root.
MAIL_UID=8 MAIL_GID=8

install_packages() {
  # "No configuration" keeps the package from setting up (and starting) a system-wide Postfix on port 25.
  echo "postfix postfix/main_mailer_type select No configuration" | as_root debconf-set-selections
  ensure_packages dovecot-imapd dovecot-pop3d dovecot-lmtpd postfix openssl
}

make_tls() {
  [ -f "$TLS_DIR/server.crt" ] && return 0
  mkdir -p "$TLS_DIR"
  openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=ContactCenter dev mail CA" \
    -keyout "$TLS_DIR/ca.key" -out "$TLS_DIR/ca.crt" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" \
    -keyout "$TLS_DIR/server.key" -out "$TLS_DIR/server.csr" 2>/dev/null
  printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n' > "$TLS_DIR/server.ext"
  openssl x509 -req -in "$TLS_DIR/server.csr" -CA "$TLS_DIR/ca.crt" -CAkey "$TLS_DIR/ca.key" -CAcreateserial \
    -days 3650 -extfile "$TLS_DIR/server.ext" -out "$TLS_DIR/server.crt" 2>/dev/null
  chmod 644 "$TLS_DIR"/*.crt
  chmod 600 "$TLS_DIR"/*.key
}

write_dovecot_conf() {
  mkdir -p "$DC_DIR/run" "$DC_DIR/state" "$MAILDIRS"
  chown "$MAIL_UID:$MAIL_GID" "$MAILDIRS"
  : > "$DC_DIR/users"
  for u in $USERS; do echo "$u@cc.test:{PLAIN}$u-secret" >> "$DC_DIR/users"; done
  cat > "$DC_DIR/dovecot.conf" <<CONF
# Private test instance: everything below \$CC_DEV_DIR, loopback only.
instance_name = cc-dev-dovecot
base_dir = $DC_DIR/run
state_dir = $DC_DIR/state
log_path = $DC_DIR/dovecot.log
protocols = imap pop3 lmtp
listen = $HOST
ssl = yes
ssl_cert = <$TLS_DIR/server.crt
ssl_key = <$TLS_DIR/server.key
ssl_min_protocol = TLSv1.2
disable_plaintext_auth = no
auth_mechanisms = plain login
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $DC_DIR/users
}
userdb {
  driver = static
  args = uid=$MAIL_UID gid=$MAIL_GID home=$MAILDIRS/%d/%n
}
first_valid_uid = $MAIL_UID
first_valid_gid = $MAIL_GID
mail_location = maildir:~/Maildir
mail_fsync = never
namespace inbox {
  inbox = yes
  separator = /
}
recipient_delimiter = +
lmtp_save_to_detail_mailbox = yes
lda_mailbox_autocreate = yes
pop3_uidl_format = %08Xu%08Xv
imap_max_line_length = 1M
mail_max_userip_connections = 100
protocol imap {
  mail_max_userip_connections = 100
}
service imap-login {
  inet_listener imap {
    address = $HOST
    port = $IMAP_PORT
  }
  inet_listener imaps {
    address = $HOST
    port = $IMAPS_PORT
    ssl = yes
  }
}
service pop3-login {
  inet_listener pop3 {
    address = $HOST
    port = $POP3_PORT
  }
  inet_listener pop3s {
    address = $HOST
    port = $POP3S_PORT
    ssl = yes
  }
}
service lmtp {
  inet_listener lmtp {
    address = $HOST
    port = $LMTP_PORT
  }
}
service auth {
  inet_listener {
    address = $HOST
    port = $AUTH_PORT
  }
}
CONF
}

write_postfix_conf() {
  mkdir -p "$PF_DIR/conf" "$PF_DIR/queue" "$PF_DIR/data"
  chown postfix "$PF_DIR/data"
  cat > "$PF_DIR/conf/main.cf" <<CONF
# Private test instance: everything below \$CC_DEV_DIR, loopback only, delivering into Dovecot over LMTP.
compatibility_level = 3.6
queue_directory = $PF_DIR/queue
data_directory = $PF_DIR/data
maillog_file = $PF_DIR/postfix.log
maillog_file_prefixes = $PF_DIR
mail_owner = postfix
setgid_group = postdrop
inet_interfaces = $HOST
inet_protocols = ipv4
myhostname = mail.cc.test
mydomain = cc.test
myorigin = cc.test
mydestination =
mynetworks = 127.0.0.0/8
relay_domains =
alias_maps =
alias_database =
local_recipient_maps =
virtual_mailbox_domains = cc.test
virtual_transport = lmtp:inet:$HOST:$LMTP_PORT
recipient_delimiter = +
message_size_limit = 104857600
smtpd_relay_restrictions = permit_sasl_authenticated, reject_unauth_destination
smtpd_recipient_restrictions = permit_sasl_authenticated, reject_unauth_destination
smtpd_sasl_type = dovecot
smtpd_sasl_path = inet:$HOST:$AUTH_PORT
smtpd_tls_cert_file = $TLS_DIR/server.crt
smtpd_tls_key_file = $TLS_DIR/server.key
smtpd_tls_security_level = may
smtp_dns_support_level = disabled
lmtp_host_lookup = native
smtputf8_enable = yes
biff = no
CONF
  # Only the services we need; the submission and SMTPS listeners replace port 25. Nothing is chrooted.
  cat > "$PF_DIR/conf/master.cf" <<CONF
$HOST:$SUBMISSION_PORT inet n - n - - smtpd
  -o syslog_name=postfix/submission
  -o smtpd_tls_security_level=encrypt
  -o smtpd_sasl_auth_enable=yes
  -o smtpd_tls_auth_only=yes
  -o smtpd_client_restrictions=permit_sasl_authenticated,reject
$HOST:$SMTPS_PORT inet n - n - - smtpd
  -o syslog_name=postfix/smtps
  -o smtpd_tls_wrappermode=yes
  -o smtpd_sasl_auth_enable=yes
  -o smtpd_client_restrictions=permit_sasl_authenticated,reject
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
tlsmgr    unix  -       -       n       1000?   1       tlsmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
proxywrite unix -       -       n       -       1       proxymap
smtp      unix  -       -       n       -       -       smtp
relay     unix  -       -       n       -       -       smtp
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
lmtp      unix  -       -       n       -       -       lmtp
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
CONF
}

write_env() {
  cat > "$MAIL_DIR/services.env" <<ENV
CC_MAIL_HOST=$HOST
CC_MAIL_IMAP_PORT=$IMAP_PORT
CC_MAIL_IMAPS_PORT=$IMAPS_PORT
CC_MAIL_POP3_PORT=$POP3_PORT
CC_MAIL_POP3S_PORT=$POP3S_PORT
CC_MAIL_SUBMISSION_PORT=$SUBMISSION_PORT
CC_MAIL_SMTPS_PORT=$SMTPS_PORT
CC_MAIL_CA=$TLS_DIR/ca.crt
CC_MAIL_DOMAIN=cc.test
CC_MAIL_PASSWORD_SUFFIX=-secret
CC_MAIL_MAILDIRS=$MAILDIRS
CC_MAIL_DOVECOT_CONF=$DC_DIR/dovecot.conf
CC_MAIL_UID=$MAIL_UID
CC_MAIL_GID=$MAIL_GID
ENV
}

dovecot_running() {
  [ -f "$DC_DIR/run/master.pid" ] && kill -0 "$(cat "$DC_DIR/run/master.pid")" 2>/dev/null
}

postfix_running() {
  postfix -c "$PF_DIR/conf" status >/dev/null 2>&1
}

wait_port() {
  local port=$1 i
  for i in $(seq 1 100); do
    (exec 3<>"/dev/tcp/$HOST/$port") 2>/dev/null && return 0
    sleep 0.1
  done
  echo "port $port did not open" >&2; return 1
}

cmd="${1:-start}"
case "$cmd" in
  start)
    install_packages
    mkdir -p "$MAIL_DIR"
    chmod 755 "$CC_DEV_DIR" "$MAIL_DIR"
    make_tls
    write_dovecot_conf
    write_postfix_conf
    if dovecot_running; then
      echo "dovecot already running"
    else
      rm -f "$DC_DIR/run/master.pid"
      dovecot -c "$DC_DIR/dovecot.conf"
      echo "dovecot started on $HOST:$IMAP_PORT/$IMAPS_PORT (IMAP), $POP3_PORT/$POP3S_PORT (POP3), $LMTP_PORT (LMTP)"
    fi
    if postfix_running; then
      echo "postfix already running"
    else
      # A stale pid file from a killed instance would make 'postfix start' refuse.
      rm -f "$PF_DIR/queue/pid/master.pid"
      if ! postfix -c "$PF_DIR/conf" start >/dev/null 2>&1; then
        # Postfix reports fatal errors only to a terminal or syslog; give it a terminal so the reason is shown.
        echo "postfix did not start:" >&2
        script -qc "postfix -c $PF_DIR/conf check" /dev/null >&2 || true
        tail -n 20 "$PF_DIR/postfix.log" >&2 2>/dev/null || true
        exit 1
      fi
      echo "postfix started on $HOST:$SUBMISSION_PORT (submission), $SMTPS_PORT (SMTPS)"
    fi
    for p in $IMAP_PORT $IMAPS_PORT $POP3_PORT $POP3S_PORT $LMTP_PORT $SUBMISSION_PORT $SMTPS_PORT; do wait_port "$p"; done
    write_env
    ;;
  stop)
    if [ -f "$PF_DIR/conf/main.cf" ] && postfix_running; then postfix -c "$PF_DIR/conf" stop >/dev/null 2>&1 || true; fi
    if dovecot_running; then
      kill "$(cat "$DC_DIR/run/master.pid")"
      # Wait for the listeners to close, so that a start right after a stop finds the ports free.
      for _ in $(seq 1 100); do dovecot_running || break; sleep 0.1; done
    fi
    echo "mail services stopped"
    ;;
  *)
    echo "usage: $0 start|stop" >&2; exit 2
    ;;
esac
