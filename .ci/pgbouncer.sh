#!/usr/bin/env bash
# Start a PgBouncer in transaction pooling mode in front of the PostgreSQL on 127.0.0.1:5432.
# Usage: .ci/pgbouncer.sh PORT   (prints its directory; `kill "$(cat DIR/pgbouncer.pid)"` stops it)
set -euo pipefail
port="${1:?usage: .ci/pgbouncer.sh PORT}"
dir="$(mktemp -d)"
cat >"$dir/pgbouncer.ini" <<INI
[databases]
; any database name the client asks for, on the local server (trust auth, user postgres)
* = host=127.0.0.1 port=5432

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $port
unix_socket_dir =
auth_type = trust
auth_file = $dir/users.txt
pool_mode = transaction
; fewer server connections than the gateway's client pool, so transactions of one client
; connection really move between server connections (what breaks named prepared statements)
default_pool_size = 4
max_client_conn = 200
logfile = $dir/pgbouncer.log
pidfile = $dir/pgbouncer.pid
INI
echo '"postgres" ""' >"$dir/users.txt"
# PgBouncer refuses to run as root; -u drops to the postgres user, who must own the directory.
as_user=()
if [ "$(id -u)" = 0 ]; then
  chown -R postgres "$dir"
  as_user=(-u postgres)
fi
"$(command -v pgbouncer || echo /usr/sbin/pgbouncer)" -d -q "${as_user[@]}" "$dir/pgbouncer.ini"
for _ in $(seq 50); do
  pg_isready -h 127.0.0.1 -p "$port" -q && { echo "$dir"; exit 0; }
  sleep 0.1
done
echo "pgbouncer did not accept connections on 127.0.0.1:$port; its log:" >&2
cat "$dir/pgbouncer.log" >&2
exit 1
