#!/usr/bin/env bash
# Start a local PostgreSQL for the test suite (installing Debian's package if missing) and
# create the `backstride` role that may create the test database. Prints the DATABASE_URL.
#
# Only the URL goes to stdout, because callers capture it with $(...). Everything the tools
# print goes to stderr, and so does the server's inherited stdout: a server holding the
# captured pipe open would make the caller wait forever.
set -euo pipefail

version=""
port=""

start_cluster() {
  if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
    echo "Installing PostgreSQL from Debian"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  fi

  version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
  if ! pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main"' | grep -q .; then
    pg_createcluster "$version" main >/dev/null
  fi
  if ! pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" && $4 == "online"' | grep -q .; then
    pg_ctlcluster "$version" main start
  fi
  port=$(pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" {print $3}')

  for _ in $(seq 1 30); do
    pg_isready -q -h 127.0.0.1 -p "$port" && break
    sleep 1
  done

  su postgres -c "psql -q -p $port -v ON_ERROR_STOP=1" <<SQL >/dev/null
DO \$\$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'backstride') THEN
    CREATE ROLE backstride LOGIN PASSWORD 'backstride' CREATEDB;
  END IF;
END
\$\$;
SELECT 'CREATE DATABASE backstride OWNER backstride'
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'backstride')\gexec
SQL
}

start_cluster >&2
echo "postgres://backstride:backstride@127.0.0.1:${port}/backstride"
