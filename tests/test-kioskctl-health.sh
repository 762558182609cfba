#!/bin/sh
# kioskctl health against a real store populated by test-store-child: each check turns
# "degraded" on its own condition, the exit status is 0 only when nothing is degraded, 1
# when something is, 3 when the queue cannot be opened, and no citizen data is printed.
set -u
ctl=$1
child=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
dir=$tmp/state
n=0

ok () { n=$((n + 1)); echo "ok $n $1"; }
not_ok () { n=$((n + 1)); echo "not ok $n $1"; sed 's/^/# /' "$tmp/out"; }
expect () {
  want=$1; desc=$2; shift 3
  "$@" >"$tmp/out" 2>"$tmp/err"
  got=$?
  if [ "$got" -eq "$want" ]; then ok "$desc"; else not_ok "$desc (exit $got, wanted $want)"; fi
}
# line CHECK STATUS DESCRIPTION: the check's line has that status
line () {
  if grep -Eq "^$1 +$2 " "$tmp/out"; then ok "$3"; else not_ok "$3"; fi
}
has () { if grep -q -- "$1" "$tmp/out"; then ok "$2"; else not_ok "$2"; fi; }
lacks () { if grep -q -- "$1" "$tmp/out"; then not_ok "$2"; else ok "$2"; fi; }

echo "1..29"
"$child" populate "$dir" 4 >"$tmp/ids" 2>/dev/null || { echo "Bail out! populate failed"; exit 1; }
quarantined_id=$(sed -n 2p "$tmp/ids" | cut -d' ' -f1)
k="$ctl --state-dir $dir"

expect 1 "a quarantined application and no enrolment: exit 1" -- $k health --no-devices
line queue degraded "queue degraded by the quarantined application"
has "unsent=2 quarantined=1 awaiting-status=0 rejected=0 acknowledged=1" "queue counts"
line enrolment degraded "not enrolled is degraded"
line version info "version line"
line health degraded "verdict degraded"
lacks "Gurpreet" "no citizen name"
lacks "9876543210" "no citizen mobile"

$k queue retry "$quarantined_id" >/dev/null 2>&1
expect 1 "after the operator's retry" -- $k health --no-devices
line queue ok "queue ok: nothing quarantined, nothing old"
expect 1 "pending applications older than --max-pending-age" -- $k health --no-devices --max-pending-age 0
line queue degraded "queue degraded by age"

# Enrolment and the pause the sync engine records when the portal refuses the device are
# settings in the store (not sealed); write them as the engine would.
sqlite3 "$dir/queue.db" "INSERT INTO settings (name, value, updated_at) VALUES
  ('portal.device_id', 'dev-42', 0)" || echo "Bail out! cannot write settings"
expect 0 "enrolled, nothing quarantined or old: exit 0" -- $k health --no-devices
line health ok "verdict ok"
sqlite3 "$dir/queue.db" "INSERT INTO settings (name, value, updated_at) VALUES
  ('sync.paused_device', 'dev-42', 0), ('sync.pause_reason', 'the portal refused this device (401)', 0)"
expect 1 "a device refused by the portal: exit 1" -- $k health --no-devices
line alert degraded "the pause is the fatal alert"
has "no fatal alert recorded" "no last fatal alert before the engine recorded one"
# The record the sync engine keeps (and the heartbeat reports); a malformed one names nothing.
sqlite3 "$dir/queue.db" "INSERT INTO settings (name, value, updated_at) VALUES
  ('sync.last_fatal_alert', 'tls-untrusted 1765108800', 0)"
expect 1 "with a recorded fatal alert" -- $k health --no-devices
line last-alert info "last fatal alert line"
has "last fatal alert: tls-untrusted at 2025-12-0" "names the alert and its day"
sqlite3 "$dir/queue.db" "UPDATE settings SET value = 'tls untrusted; rm -rf' WHERE name = 'sync.last_fatal_alert'"
expect 1 "with a malformed record" -- $k health --no-devices
has "no fatal alert recorded" "a malformed record names no alert"

expect 1 "less free disk than --min-free-mb" -- $k health --no-devices --min-free-mb 4000000000
line disk degraded "disk degraded"

expect 3 "no queue at all: exit 3" -- $ctl --state-dir "$tmp/missing" health --no-devices

# Devices: a printer nobody answers for and a camera folder that is not there.
printf '[printer]\ndestination=ipp://127.0.0.1:9/ipp/print\n[camera]\nmodel=Directory Browse\nport=disk:%s/no-photos\n' "$tmp" >"$tmp/kiosk.conf"
expect 1 "unreachable printer and missing camera" -- $ctl --config "$tmp/kiosk.conf" --state-dir "$dir" health
line printer degraded "printer degraded"
line camera degraded "camera degraded"

expect 2 "bad option: usage" -- $k health --min-free-mb lots
