#!/usr/bin/env bash
# Back up a running portal into one archive: the database (pg_dump, custom format), the
# uploaded documents (a tar of FANXIANG_MEDIA_ROOT) and a manifest (time, commit, counts).
#
#   DATABASE_URL=postgres://user@host:5432/fanxiang FANXIANG_MEDIA_ROOT=/data/media \
#     scripts/backup.sh [ARCHIVE]      # default: fanxiang-backup-<UTC time>.tar
#
# The portal may keep running: pg_dump reads one consistent snapshot, and the files are
# copied after it, so every document the dump names is in the archive (a file uploaded
# meanwhile may be there too, without its row; it is harmless). Restore with scripts/restore.sh.
set -euo pipefail

: "${DATABASE_URL:?set DATABASE_URL to the PostgreSQL database of the portal}"
root="$(cd "$(dirname "$0")/.." && pwd)"
media="${FANXIANG_MEDIA_ROOT:-${FANXIANG_VAR_DIR:-$root/var}/media}"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
archive="${1:-fanxiang-backup-$stamp.tar}"
case "$archive" in /*) ;; *) archive="$PWD/$archive" ;; esac

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

pg_dump --format=custom --no-owner --no-privileges --file="$work/database.dump" "$DATABASE_URL"
mkdir -p "$media"
tar -C "$media" -czf "$work/media.tar.gz" .

count() { psql "$DATABASE_URL" -X -A -t -v ON_ERROR_STOP=1 -c "SELECT count(*) FROM $1"; }
commit="${FANXIANG_COMMIT:-$(git -C "$root" rev-parse HEAD 2>/dev/null || echo unknown)}"
made_at="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
database="$(psql "$DATABASE_URL" -X -A -t -c "SELECT current_database()")"
counts="\"users\": $(count accounts_user), \"programmes\": $(count services_programme),"
counts+=" \"applications\": $(count applications_application),"
counts+=" \"referrals\": $(count applications_referral),"
counts+=" \"documents\": $(count applications_document),"
counts+=" \"wallet_documents\": $(count applications_walletdocument),"
counts+=" \"media_files\": $(find "$media" -type f | wc -l)"
printf '{\n  "made_at": "%s",\n  "commit": "%s",\n  "database": "%s",\n  "counts": {%s}\n}\n' \
  "$made_at" "$commit" "$database" "$counts" > "$work/manifest.json"

tar -C "$work" -cf "$archive" manifest.json database.dump media.tar.gz
echo "Backed up to $archive"
cat "$work/manifest.json"
