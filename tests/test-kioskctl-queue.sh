#!/bin/sh
# kioskctl queue / db against a real store populated by test-store-child: listing, PII only on
# request (and audited), operator actions, retention, verification, and the messages and exit
# codes a technician gets for a missing, wrong or exposed key and a damaged database.
set -u
ctl=$1
child=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
dir=$tmp/state
n=0
fails=0

ok () { n=$((n + 1)); echo "ok $n $1"; }
not_ok () { n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n $1"; sed 's/^/# /' "$tmp/out"; }
# expect STATUS DESCRIPTION -- COMMAND…: runs it, output in $tmp/out
expect () {
  want=$1; desc=$2; shift 3
  "$@" >"$tmp/out" 2>&1
  got=$?
  if [ "$got" -eq "$want" ]; then ok "$desc"; else not_ok "$desc (exit $got, wanted $want)"; fi
}
has () { if grep -q -- "$1" "$tmp/out"; then ok "$2"; else not_ok "$2"; fi; }
lacks () { if grep -q -- "$1" "$tmp/out"; then not_ok "$2"; else ok "$2"; fi; }

echo "1..49"
"$child" populate "$dir" 4 >"$tmp/ids" 2>/dev/null || { echo "Bail out! populate failed"; exit 1; }
acked_ref=$(sed -n 1p "$tmp/ids" | cut -d' ' -f2)
quarantined_id=$(sed -n 2p "$tmp/ids" | cut -d' ' -f1)
queued_ref=$(sed -n 3p "$tmp/ids" | cut -d' ' -f2)
k="$ctl --state-dir $dir"

expect 0 "queue list" -- $k queue list
has "quarantined" "list shows the quarantined application"
has "portal conflict (409)" "list shows the last error"
expect 0 "queue list --state queued" -- $k queue list --state queued
if [ "$(grep -c ' queued ' "$tmp/out")" -eq 2 ]; then ok "two queued"; else not_ok "two queued"; fi

expect 0 "queue show by reference" -- $k queue show "$acked_ref"
has "acknowledged" "show has the state"
lacks "Gurpreet" "show without --with-pii has no name"
expect 0 "queue show --with-pii" -- $k queue show "$acked_ref" --with-pii
has "Gurpreet Kaur Sandhu" "show --with-pii has the name"

expect 0 "queue export" -- $k queue export
if python3 -m json.tool "$tmp/out" >/dev/null 2>&1; then ok "export is JSON"; else not_ok "export is JSON"; fi
lacks "Gurpreet" "export has no name"
lacks "9876543210" "export has no mobile"
has "$acked_ref" "export has the references"
expect 0 "queue export --with-pii" -- $k queue export --with-pii
has "Gurpreet Kaur Sandhu" "export --with-pii has the name"

expect 0 "queue retry (quarantined)" -- $k queue retry "$quarantined_id"
has "queued" "retried application is queued"
expect 1 "queue retry of a final application exits 1" -- $k queue retry "$acked_ref"
has "final" "and says it is final"
expect 0 "queue quarantine" -- $k queue quarantine "$queued_ref" duplicate at counter
expect 1 "unknown application exits 1" -- $k queue show PB-XX-00-000000-0000-0

expect 0 "queue purge --days 0" -- $k queue purge --days 0
has "purged the pages of 1 " "purge took the acknowledged application's pages"
expect 0 "queue verify" -- $k queue verify
expect 0 "db check" -- $k db check
has "ok: 4 application" "db check counts applications"

# The key: missing, exposed, wrong.
mv "$dir/store.key" "$tmp/store.key"
expect 3 "db check without the key exits 3" -- $k db check
has "hint: restore" "and says to restore the key"
if [ ! -e "$dir/store.key" ]; then ok "no new key was made"; else not_ok "no new key was made"; fi
mv "$tmp/store.key" "$dir/store.key"
chmod 644 "$dir/store.key"
expect 3 "an exposed key exits 3" -- $k queue list
has "chmod 600" "and says chmod 600"
chmod 600 "$dir/store.key"
"$child" populate "$tmp/other" 1 >/dev/null 2>&1
expect 3 "another kiosk's key exits 3" -- $k db check --key "$tmp/other/store.key"
has "not the key" "and says it is the wrong key"

# One flipped byte in a stored page's ciphertext, in the file.
python3 - "$dir/queue.db" <<'EOF'
import sqlite3, sys
path = sys.argv[1]
con = sqlite3.connect(path)
blob = con.execute("SELECT sealed FROM pages ORDER BY id LIMIT 1").fetchone()[0]
con.close()
data = bytearray(open(path, "rb").read())
at = data.find(blob[200:264])
assert at >= 0
data[at + 10] ^= 1
open(path, "wb").write(data)
EOF
expect 1 "db check finds the flipped byte" -- $k db check
has "stored page .*fails authentication" "and names the page"

# A database that is not one any more.
printf 'this is not a database at all, this is a note from someone who edited it' | \
  dd of="$dir/queue.db" bs=1 conv=notrunc 2>/dev/null
expect 1 "db check of a damaged file exits 1" -- $k db check
expect 3 "queue list of a damaged file exits 3 (cannot run)" -- $k queue list

# Applications lost with the write-ahead log: 3 in queue.db, 4 more only in queue.db-wal.
lost=$tmp/lost
"$child" wal "$lost" 3 4 >"$tmp/lost-ids" 2>/dev/null || { echo "Bail out! wal failed"; exit 1; }
kl="$ctl --state-dir $lost"
expect 0 "db check with the WAL" -- $kl db check
has "ok: 7 application" "counts all 7"
cp "$lost/queue.db-wal" "$tmp/wal.copy"
rm -f "$lost/queue.db-wal" "$lost/queue.db-shm"
expect 1 "db check after the WAL was deleted exits 1" -- $kl db check
has "hint: do not start the kiosk" "and gives a hint"
lacks "ok: 3 application" "and does not call 3 of 7 ok"
head -c 2000 "$tmp/wal.copy" >"$lost/queue.db-wal"
expect 1 "db check with a truncated WAL exits 1" -- $kl db check
expect 3 "queue list of a store that lost applications exits 3" -- $kl queue list
: >"$lost/queue.db"
rm -f "$lost/queue.db-wal" "$lost/queue.db-shm"
expect 1 "db check of an emptied queue.db next to its key exits 1" -- $kl db check
has "hint: do not start the kiosk" "and gives the hint"
expect 2 "usage error exits 2" -- $k queue frobnicate

exit 0
