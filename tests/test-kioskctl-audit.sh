#!/bin/sh
# kioskctl audit verify: an intact log verifies; on a copy of the database with the append-only
# triggers dropped (an attacker with the file), editing, deleting, inserting or reordering an
# entry makes verify exit 1 naming that entry; entries written before the chain existed are
# chained when the kiosk next opens the store.
set -u
ctl=$1
child=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
fails=0

ok () { n=$((n + 1)); echo "ok $n $1"; }
not_ok () { n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n $1"; sed 's/^/# /' "$tmp/out"; }
# verify_says DIR STATUS TEXT DESCRIPTION: runs audit verify on DIR, wants STATUS and TEXT.
verify_says () {
  "$ctl" --state-dir "$1" audit verify >"$tmp/out" 2>&1
  got=$?
  if [ "$got" -eq "$2" ] && grep -q -- "$3" "$tmp/out"; then ok "$4"; else not_ok "$4 (exit $got)"; fi
}
# tamper NAME SQL: a copy of the store, triggers dropped, SQL applied; prints the copy's path.
tamper () {
  rm -rf "$tmp/$1"
  cp -r "$tmp/state" "$tmp/$1"
  sqlite3 "$tmp/$1/queue.db" "DROP TRIGGER audit_log_append_only_u;
    DROP TRIGGER audit_log_append_only_d; DROP TRIGGER audit_log_chained; $2" || echo "Bail out! sqlite3 $1"
  echo "$tmp/$1"
}

echo "1..9"
"$child" audit "$tmp/state" 20 2>"$tmp/out" || { echo "Bail out! writing entries failed"; exit 1; }
verify_says "$tmp/state" 0 "audit log: 20 entries, chain intact" "an intact log verifies"

d=$(tamper edited "UPDATE audit_log SET detail = 'n=999' WHERE id = 7;")
verify_says "$d" 1 "audit entry 7 was edited" "an edited entry is named"

d=$(tamper deleted "DELETE FROM audit_log WHERE id = 9;")
verify_says "$d" 1 "audit entries before entry 10 were deleted" "a deleted entry is named by the one after it"

d=$(tamper tail "DELETE FROM audit_log WHERE id >= 19;")
verify_says "$d" 1 "audit entries after entry 18 were deleted" "entries deleted from the end are found"

# An entry slid in at 12: the later ones renumbered to make room, as an attacker would.
d=$(tamper inserted "UPDATE audit_log SET id = id + 1000 WHERE id >= 12;
  UPDATE audit_log SET id = id - 999 WHERE id >= 1000;
  INSERT INTO audit_log (id, at, event, detail, actor, prev_hash, hash)
    SELECT 12, at, 'test.entry', 'n=forged', 'asha', prev_hash, hash FROM audit_log WHERE id = 11;")
verify_says "$d" 1 "audit entry 12 was inserted" "an inserted entry is named"

d=$(tamper reordered "UPDATE audit_log SET id = -1 WHERE id = 4; UPDATE audit_log SET id = 4 WHERE id = 5;
  UPDATE audit_log SET id = 5 WHERE id = -1;")
verify_says "$d" 1 "audit entry 4 is out of order (reordered): it was written after entry 5" \
  "two swapped entries are named"

# Entries from before the chain (schema 3) have no links; the next writable open chains them.
d=$(tamper legacy "UPDATE store_meta SET value = (SELECT value FROM store_meta WHERE name = 'audit_genesis')
    WHERE name = 'audit_head';
  UPDATE audit_log SET prev_hash = NULL, hash = NULL;")
sqlite3 "$d/queue.db" "CREATE TRIGGER audit_log_append_only_u BEFORE UPDATE ON audit_log
  WHEN OLD.hash IS NOT NULL OR OLD.prev_hash IS NOT NULL OR NEW.hash IS NULL
  BEGIN SELECT RAISE (ABORT, 'the audit log is append-only'); END;"
verify_says "$d" 1 "audit entry 1 was inserted" "unchained entries do not verify"
"$child" audit "$d" 1 2>"$tmp/out" || not_ok "writing after the migration"
verify_says "$d" 0 "audit log: 21 entries, chain intact" "the next open chains the old entries"

# The kiosk's own store refuses the attacker's statements while its triggers stand.
if sqlite3 "$tmp/state/queue.db" "UPDATE audit_log SET detail = 'x' WHERE id = 3" 2>"$tmp/out"; then
  not_ok "the append-only trigger refuses an edit"
else
  ok "the append-only trigger refuses an edit"
fi
[ "$fails" -eq 0 ]
