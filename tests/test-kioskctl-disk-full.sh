#!/bin/sh
# A kiosk whose disk is full: opening the queue (and kioskctl) says the disk is full, with a
# hint, instead of SQLite's "disk I/O error". Runs on a small tmpfs in a private mount namespace
# (unshare -m); where the test may not mount, it is skipped.
set -u
ctl=$1
child=$2
if [ "${SEWA_DISK_FULL_INNER:-}" != 1 ]; then
  if ! unshare -m true 2>/dev/null; then echo "1..0 # SKIP cannot make a mount namespace"; exit 0; fi
  SEWA_DISK_FULL_INNER=1 exec unshare -m "$0" "$@"
fi
tmp=$(mktemp -d)
out=$(mktemp)
trap 'umount "$tmp" 2>/dev/null; rm -rf "$tmp" "$out"' EXIT
if ! mount -t tmpfs -o size=600k tmpfs "$tmp" 2>/dev/null; then
  echo "1..0 # SKIP cannot mount a tmpfs"; exit 0
fi
echo "1..4"
"$child" populate "$tmp/state" 1 >/dev/null 2>&1 || { echo "Bail out! populate failed"; exit 1; }
dd if=/dev/zero of="$tmp/fill" bs=4k 2>/dev/null
"$child" populate "$tmp/state" 1 >"$out" 2>&1
if [ $? -ne 0 ]; then echo "ok 1 the store cannot open on a full disk"; else echo "not ok 1"; fi
if grep -q "the disk is full" "$out" && ! grep -q "disk I/O error" "$out"; then
  echo "ok 2 and says the disk is full"
else
  echo "not ok 2"; sed 's/^/# /' "$out"
fi
"$ctl" --state-dir "$tmp/state" queue retry PB-LDH01-01-261207-0001-X >"$out" 2>&1
st=$?
if [ $st -eq 3 ]; then echo "ok 3 kioskctl exits 3"; else echo "not ok 3 exit $st"; sed 's/^/# /' "$out"; fi
if grep -q "the disk is full" "$out" && grep -q "^hint: free disk space" "$out"; then
  echo "ok 4 with the reason and a hint"
else
  echo "not ok 4"; sed 's/^/# /' "$out"
fi
