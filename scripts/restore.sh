#!/usr/bin/env bash
# Restore an archive of scripts/backup.sh into an EMPTY database and an empty uploads folder.
#
#   createdb fanxiang_restored
#   DATABASE_URL=postgres://user@host:5432/fanxiang_restored FANXIANG_MEDIA_ROOT=/data/media \
#     scripts/restore.sh fanxiang-backup-20261123T040000Z.tar
#
# Refuses a database that has tables or a folder that has files, so nothing is overwritten.
# Checks the restored counts against the manifest. Start the portal on them afterwards
# (`manage.py migrate` then applies any migration newer than the backup).
set -euo pipefail

: "${DATABASE_URL:?set DATABASE_URL to an empty PostgreSQL database}"
archive="${1:?usage: scripts/restore.sh ARCHIVE}"
root="$(cd "$(dirname "$0")/.." && pwd)"
media="${FANXIANG_MEDIA_ROOT:-${FANXIANG_VAR_DIR:-$root/var}/media}"

query() { psql "$DATABASE_URL" -X -A -t -v ON_ERROR_STOP=1 -c "$1"; }
tables="$(query "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")"
if [ "$tables" != 0 ]; then
  echo "The database already has $tables tables: restore only into an empty one." >&2
  exit 1
fi
if [ -d "$media" ] && [ -n "$(find "$media" -mindepth 1 -print -quit)" ]; then
  echo "$media is not empty: restore the uploads only into an empty folder." >&2
  exit 1
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
tar -C "$work" -xf "$archive" manifest.json database.dump media.tar.gz

pg_restore --no-owner --no-privileges --exit-on-error --dbname="$DATABASE_URL" "$work/database.dump"
mkdir -p "$media"
tar -C "$media" -xzf "$work/media.tar.gz"

# The counts restored must be those of the manifest.
expected="$(tr -d ' \n' < "$work/manifest.json" | grep -o '"counts":{[^}]*}')"
actual="\"counts\":{\"users\":$(query 'SELECT count(*) FROM accounts_user'),"
actual+="\"programmes\":$(query 'SELECT count(*) FROM services_programme'),"
actual+="\"applications\":$(query 'SELECT count(*) FROM applications_application'),"
actual+="\"referrals\":$(query 'SELECT count(*) FROM applications_referral'),"
actual+="\"documents\":$(query 'SELECT count(*) FROM applications_document'),"
actual+="\"wallet_documents\":$(query 'SELECT count(*) FROM applications_walletdocument'),"
actual+="\"media_files\":$(find "$media" -type f | wc -l)}"
if [ "$expected" != "$actual" ]; then
  echo "Restored counts differ from the manifest:" >&2
  echo "  manifest: $expected" >&2
  echo "  restored: $actual" >&2
  exit 1
fi
echo "Restored $archive into $(query 'SELECT current_database()') and $media"
echo "$actual"
